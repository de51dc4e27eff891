// 128-bit vector kernels written with the GCC/clang vector extensions (vector_size(16)), so one
// source builds natively (SSE/NEON) and to wasm SIMD (-msimd128, set for this program only):
// an 8-bit alpha blend of two images with 16-bit intermediate lanes, an i32 clamp-and-select
// pass, and an f32 saxpy plus dot product with four-lane accumulators. Float results are
// checksummed by their bits after lane-wise + and * only, which IEEE 754 rounds exactly.
#include "workload.h"

typedef uint8_t u8x8 __attribute__((vector_size(8)));
typedef uint8_t u8x16 __attribute__((vector_size(16)));
typedef uint16_t u16x8 __attribute__((vector_size(16)));
typedef int32_t i32x4 __attribute__((vector_size(16)));
typedef uint32_t u32x4 __attribute__((vector_size(16)));
typedef float f32x4 __attribute__((vector_size(16)));

// Unaligned 16-byte loads and stores through memcpy (one v128.load/store each).
#define LOAD(T, p) \
  ({                         \
    T v_;                    \
    memcpy(&v_, (p), 16);    \
    v_;                      \
  })
#define STORE(p, v)                \
  do {                             \
    __typeof__(v) v_ = (v);        \
    memcpy((p), &v_, 16);          \
  } while (0)

// out = (a * alpha + b * (256 - alpha)) >> 8 per byte, 16 pixels per step.
static void blend(uint8_t* out, const uint8_t* a, const uint8_t* b, const uint8_t* alpha,
                  size_t n) {
  for (size_t i = 0; i < n; i += 16) {
    u8x16 va = LOAD(u8x16, a + i), vb = LOAD(u8x16, b + i), vw = LOAD(u8x16, alpha + i);
    u8x16 r;
    for (int h = 0; h < 2; ++h) {
      u8x8 a8, b8, w8;
      memcpy(&a8, (uint8_t*)&va + 8 * h, 8);
      memcpy(&b8, (uint8_t*)&vb + 8 * h, 8);
      memcpy(&w8, (uint8_t*)&vw + 8 * h, 8);
      u16x8 wa = __builtin_convertvector(a8, u16x8), wb = __builtin_convertvector(b8, u16x8);
      u16x8 w = __builtin_convertvector(w8, u16x8);
      u16x8 mixed = (wa * w + wb * ((u16x8){256, 256, 256, 256, 256, 256, 256, 256} - w)) >> 8;
      u8x8 narrow = __builtin_convertvector(mixed, u8x8);
      memcpy((uint8_t*)&r + 8 * h, &narrow, 8);
    }
    STORE(out + i, r);
  }
}

// Each lane: the larger of x and y when x is even, the smaller otherwise, clamped to
// [-1000000, 1000000], then mixed with a rotate.
static void clamp_select(int32_t* out, const int32_t* x, const int32_t* y, size_t n) {
  const i32x4 lo = {-1000000, -1000000, -1000000, -1000000};
  const i32x4 hi = {1000000, 1000000, 1000000, 1000000};
  for (size_t i = 0; i < n; i += 4) {
    i32x4 vx = LOAD(i32x4, x + i), vy = LOAD(i32x4, y + i);
    i32x4 gt = vx > vy;
    i32x4 mx = (gt & vx) | (~gt & vy), mn = (gt & vy) | (~gt & vx);
    i32x4 even = (vx & 1) == 0;
    i32x4 v = (even & mx) | (~even & mn);
    i32x4 below = v < lo, above = v > hi;
    v = (below & lo) | (~below & v);
    v = (above & hi) | (~above & v);
    u32x4 u = (u32x4)v;
    STORE(out + i, (i32x4)((u << 7) | (u >> 25)) ^ vx);
  }
}

// y = a * x + y (no fused multiply-add), and the dot product of x and y in four lanes.
static f32x4 saxpy_dot(float* y, const float* x, float a, size_t n) {
  const f32x4 va = {a, a, a, a};
  f32x4 acc = {0, 0, 0, 0};
  for (size_t i = 0; i < n; i += 4) {
    f32x4 vx = LOAD(f32x4, x + i), vy = LOAD(f32x4, y + i);
    f32x4 prod = va * vx;
    vy = prod + vy;
    STORE(y + i, vy);
    f32x4 xy = vx * vy;
    acc = acc + xy;
  }
  return acc;
}

int main(int argc, char** argv) {
  uint32_t rounds = wl_size_arg(argc, argv, 1000);
  const size_t n = 1 << 16;  // elements per array
  uint8_t* a = malloc(n);
  uint8_t* b = malloc(n);
  uint8_t* w = malloc(n);
  uint8_t* img = malloc(n);
  int32_t* x = malloc(n * sizeof(int32_t));
  int32_t* y = malloc(n * sizeof(int32_t));
  int32_t* z = malloc(n * sizeof(int32_t));
  float* fx = malloc(n * sizeof(float));
  float* fy = malloc(n * sizeof(float));
  if (!a || !b || !w || !img || !x || !y || !z || !fx || !fy) return 1;
  wl_rng rng;
  wl_rng_seed(&rng, 7);
  for (size_t i = 0; i < n; ++i) {
    a[i] = (uint8_t)wl_rng_u32(&rng);
    b[i] = (uint8_t)wl_rng_u32(&rng);
    w[i] = (uint8_t)wl_rng_u32(&rng);
    x[i] = (int32_t)wl_rng_u32(&rng) >> 8;
    y[i] = (int32_t)wl_rng_u32(&rng) >> 8;
    fx[i] = (float)(wl_rng_unit(&rng) - 0.5);
    fy[i] = (float)(wl_rng_unit(&rng) - 0.5);
  }
  uint64_t h = rounds;
  for (uint32_t r = 0; r < rounds; ++r) {
    blend(img, a, b, w, n);
    blend(a, img, b, a, n);  // feeds back, so rounds differ
    clamp_select(z, x, y, n);
    clamp_select(x, z, y, n);
    f32x4 dot = saxpy_dot(fy, fx, 0.25f, n);
    // Keep y bounded: scale it back down each round (exact: a power of two).
    for (size_t i = 0; i < n; i += 4) STORE(fy + i, LOAD(f32x4, fy + i) * 0.5f);
    for (int k = 0; k < 4; ++k) {
      float lane = dot[k];
      uint32_t bits;
      memcpy(&bits, &lane, 4);
      h = wl_mix(h, bits);
    }
    h = wl_mix(h, a[r % n]);
    h = wl_mix(h, (uint32_t)x[(r * 7) % n]);
  }
  for (size_t i = 0; i < n; i += 64) h = wl_mix(h, a[i] | ((uint64_t)(uint32_t)x[i] << 8));
  printf("rounds %" PRIu32 "\n", rounds);
  wl_print_checksum(h);
  return 0;
}
