// Substring search (Boyer-Moore-Horspool) of several patterns in generated text over a small
// alphabet: byte loads, a skip-table lookup per window and short compare loops.
#include "workload.h"

static uint32_t count_occurrences(const uint8_t* text, size_t n, const uint8_t* pat, size_t m) {
  size_t skip[256];
  for (int c = 0; c < 256; ++c) skip[c] = m;
  for (size_t k = 0; k + 1 < m; ++k) skip[pat[k]] = m - 1 - k;
  uint32_t count = 0;
  const uint8_t last = pat[m - 1];
  for (size_t pos = 0; pos + m <= n;) {
    uint8_t c = text[pos + m - 1];
    if (c == last) {
      size_t k = 0;
      while (k + 1 < m && text[pos + k] == pat[k]) ++k;
      count += k + 1 == m;
    }
    pos += skip[c];
  }
  return count;
}

int main(int argc, char** argv) {
  size_t n;
  uint32_t rounds = wl_split_kib(wl_size_arg(argc, argv, 8 * 1024), 4 * 1024, &n);
  uint8_t* text = malloc(n);
  if (!text) return 1;
  wl_rng rng;
  wl_rng_seed(&rng, 0xd7a);
  // Mostly a four-letter alphabet (many partial matches), with some wider stretches.
  for (size_t i = 0; i < n; ++i) {
    uint32_t r = wl_rng_u32(&rng);
    text[i] = (r >> 24) < 240 ? (uint8_t) "ACGT"[r & 3] : (uint8_t)('a' + r % 26);
  }
  uint64_t h = 0;
  uint64_t total = 0;
  for (uint32_t r = 0; r < rounds; ++r) {
    for (uint32_t p = 0; p < 8; ++p) {
      // Patterns are cut from the text (present at least once) and grow with p.
      size_t m = 4 + 3 * p;
      size_t at = (wl_rng_next(&rng) >> 16) % (n - m);
      uint32_t c = count_occurrences(text, n, text + at, m);
      total += c;
      h = wl_mix(h, c);
    }
  }
  free(text);
  printf("%" PRIu32 " rounds over %zu bytes, %" PRIu64 " matches\n", rounds, n, total);
  wl_print_checksum(h);
  return 0;
}
