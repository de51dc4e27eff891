// Shared helpers of the workload programs: the size argument, a fixed-seed PRNG and the
// checksum line. Every workload prints only values that native and wasm builds compute
// identically (integers, or the bits of IEEE-exact floating-point results), so the test can
// compare whole outputs.
#ifndef WASMRUN_BENCH_WORKLOAD_H
#define WASMRUN_BENCH_WORKLOAD_H

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// argv[1] overrides the problem size (the tests run small sizes, the benchmark the default).
static inline uint32_t wl_size_arg(int argc, char** argv, uint32_t default_size) {
  if (argc < 2) return default_size;
  char* end = NULL;
  unsigned long v = strtoul(argv[1], &end, 10);
  if (end == argv[1] || *end != '\0' || v == 0 || v > 0xffffffffUL) {
    fprintf(stderr, "bad size argument: %s\n", argv[1]);
    exit(2);
  }
  return (uint32_t)v;
}

// Buffer workloads take the total amount of data in KiB and process it as rounds over one
// buffer of at most max_kib KiB, so that a small size (the tests) also shrinks the buffer.
static inline uint32_t wl_split_kib(uint32_t total_kib, uint32_t max_kib, size_t* buffer_bytes) {
  uint32_t kib = total_kib < max_kib ? total_kib : max_kib;
  *buffer_bytes = (size_t)kib * 1024;
  return total_kib / kib;
}

// xorshift64*: tiny, fast and the same on every target because it only uses unsigned 64-bit
// arithmetic.
typedef struct {
  uint64_t s;
} wl_rng;

static inline void wl_rng_seed(wl_rng* r, uint64_t seed) {
  r->s = seed ? seed : 0x9e3779b97f4a7c15u;
}

static inline uint64_t wl_rng_next(wl_rng* r) {
  r->s ^= r->s >> 12;
  r->s ^= r->s << 25;
  r->s ^= r->s >> 27;
  return r->s * 0x2545f4914f6cdd1du;
}

static inline uint32_t wl_rng_u32(wl_rng* r) { return (uint32_t)(wl_rng_next(r) >> 32); }

// Uniform in [0, 1): the top 53 bits scaled by 2^-53, exact in binary64.
static inline double wl_rng_unit(wl_rng* r) {
  return (double)(wl_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

// Order-dependent mixing of 64-bit values into a 32-bit checksum.
static inline uint64_t wl_mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15u + (h << 6) + (h >> 2);
  h *= 0xff51afd7ed558ccdu;
  return h ^ (h >> 33);
}

static inline uint64_t wl_double_bits(double d) {
  uint64_t b;
  memcpy(&b, &d, sizeof b);
  return b;
}

static inline void wl_print_checksum(uint64_t h) {
  printf("checksum: 0x%08" PRIx32 "\n", (uint32_t)(h ^ (h >> 32)));
}

#endif
