// Byte-at-a-time checksums over a generated buffer: Adler-32 (two running sums with a modulo
// every 5552 bytes, as zlib does) and 32-bit FNV-1a (xor and multiply per byte).
#include "workload.h"

static uint32_t adler32(uint32_t adler, const uint8_t* p, size_t n) {
  uint32_t a = adler & 0xffff, b = adler >> 16;
  while (n > 0) {
    size_t chunk = n < 5552 ? n : 5552;  // the most bytes before b can overflow 32 bits
    n -= chunk;
    for (size_t i = 0; i < chunk; ++i) {
      a += p[i];
      b += a;
    }
    p += chunk;
    a %= 65521;
    b %= 65521;
  }
  return (b << 16) | a;
}

static uint32_t fnv1a(uint32_t h, const uint8_t* p, size_t n) {
  for (size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 16777619u;
  return h;
}

int main(int argc, char** argv) {
  size_t len;
  uint32_t rounds = wl_split_kib(wl_size_arg(argc, argv, 48 * 1024), 1024, &len);
  uint8_t* buf = malloc(len);
  if (!buf) return 1;
  wl_rng rng;
  wl_rng_seed(&rng, 0xfeed);
  for (size_t i = 0; i < len; i += 8) {
    uint64_t v = wl_rng_next(&rng);
    for (int k = 0; k < 8; ++k) buf[i + k] = (uint8_t)(v >> (8 * k));
  }
  // Standard check values: Adler-32 of "Wikipedia" is 0x11e60398, FNV-1a of "a" 0xe40c292c.
  uint32_t check_adler = adler32(1, (const uint8_t*)"Wikipedia", 9);
  uint32_t check_fnv = fnv1a(2166136261u, (const uint8_t*)"a", 1);
  uint32_t ad = 1, fn = 2166136261u;
  uint64_t h = wl_mix(check_adler, check_fnv);
  for (uint32_t r = 0; r < rounds; ++r) {
    ad = adler32(ad, buf, len);
    fn = fnv1a(fn, buf, len);
    h = wl_mix(wl_mix(h, ad), fn);
    buf[r % len] ^= (uint8_t)fn;  // every round sees slightly different data
  }
  free(buf);
  printf("check adler32 0x%08" PRIx32 " fnv1a 0x%08" PRIx32 "; after %" PRIu32
         " rounds of %zu bytes: 0x%08" PRIx32 " 0x%08" PRIx32 "\n",
         check_adler, check_fnv, rounds, len, ad, fn);
  wl_print_checksum(h);
  return 0;
}
