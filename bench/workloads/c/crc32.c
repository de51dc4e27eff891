// CRC-32 (the reflected 0xEDB88320 polynomial of zlib and Ethernet), one table lookup per
// byte, over a generated buffer several times.
#include "workload.h"

static uint32_t table[256];

static void make_table(void) {
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
}

static uint32_t crc32_update(uint32_t crc, const uint8_t* p, size_t n) {
  crc = ~crc;
  for (size_t i = 0; i < n; ++i) crc = table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
  return ~crc;
}

int main(int argc, char** argv) {
  size_t len;
  uint32_t rounds = wl_split_kib(wl_size_arg(argc, argv, 64 * 1024), 1024, &len);
  uint8_t* buf = malloc(len);
  if (!buf) return 1;
  make_table();
  wl_rng rng;
  wl_rng_seed(&rng, 0xc0ffee);
  for (size_t i = 0; i < len; i += 8) {
    uint64_t v = wl_rng_next(&rng);
    for (int k = 0; k < 8; ++k) buf[i + k] = (uint8_t)(v >> (8 * k));
  }
  // Standard check value: CRC-32 of "123456789" is 0xcbf43926.
  uint32_t check = crc32_update(0, (const uint8_t*)"123456789", 9);
  uint32_t crc = 0;
  uint64_t h = check;
  for (uint32_t r = 0; r < rounds; ++r) {
    crc = crc32_update(crc, buf, len);
    h = wl_mix(h, crc);
    buf[r % len] ^= (uint8_t)crc;  // every round hashes slightly different data
  }
  free(buf);
  printf("crc32 check 0x%08" PRIx32 ", after %" PRIu32 " rounds of %zu bytes: 0x%08" PRIx32 "\n",
         check, rounds, len, crc);
  wl_print_checksum(h);
  return 0;
}
