// Dynamic programming over strings: Levenshtein edit distance (one row of the table kept,
// three-way minimum per cell) and the length of the longest common subsequence, for pairs of
// generated strings over a small alphabet.
#include "workload.h"

static uint32_t edit_distance(const uint8_t* a, uint32_t n, const uint8_t* b, uint32_t m,
                              uint32_t* row) {
  for (uint32_t j = 0; j <= m; ++j) row[j] = j;
  for (uint32_t i = 1; i <= n; ++i) {
    uint32_t diag = row[0];
    row[0] = i;
    uint8_t ca = a[i - 1];
    for (uint32_t j = 1; j <= m; ++j) {
      uint32_t up = row[j];
      uint32_t best = diag + (ca != b[j - 1]);
      if (up + 1 < best) best = up + 1;
      if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
      row[j] = best;
      diag = up;
    }
  }
  return row[m];
}

static uint32_t lcs_length(const uint8_t* a, uint32_t n, const uint8_t* b, uint32_t m,
                           uint16_t* prev, uint16_t* cur) {
  memset(prev, 0, (m + 1) * sizeof *prev);
  for (uint32_t i = 1; i <= n; ++i) {
    cur[0] = 0;
    for (uint32_t j = 1; j <= m; ++j) {
      if (a[i - 1] == b[j - 1]) {
        cur[j] = (uint16_t)(prev[j - 1] + 1);
      } else {
        cur[j] = prev[j] > cur[j - 1] ? prev[j] : cur[j - 1];
      }
    }
    uint16_t* t = prev;
    prev = cur;
    cur = t;
  }
  return prev[m];
}

int main(int argc, char** argv) {
  uint32_t len = wl_size_arg(argc, argv, 2000);  // characters per string
  uint32_t pairs = 8;
  uint8_t* a = malloc(len);
  uint8_t* b = malloc(len);
  uint32_t* row = malloc((len + 1) * sizeof(uint32_t));
  uint16_t* p = malloc((len + 1) * sizeof(uint16_t));
  uint16_t* c = malloc((len + 1) * sizeof(uint16_t));
  if (!a || !b || !row || !p || !c) return 1;
  wl_rng rng;
  wl_rng_seed(&rng, 0xd1ce);
  uint64_t h = len;
  uint32_t total_ed = 0, total_lcs = 0;
  for (uint32_t k = 0; k < pairs; ++k) {
    // b is a mutation of a: similar strings keep the table's values interesting.
    for (uint32_t i = 0; i < len; ++i) a[i] = (uint8_t)('a' + wl_rng_u32(&rng) % 4);
    for (uint32_t i = 0; i < len; ++i) {
      uint32_t r = wl_rng_u32(&rng) % 8;
      b[i] = r == 0 ? (uint8_t)('a' + wl_rng_u32(&rng) % 4) : a[(i + r / 4) % len];
    }
    uint32_t ed = edit_distance(a, len, b, len, row);
    uint32_t l = lcs_length(a, len, b, len, p, c);
    total_ed += ed;
    total_lcs += l;
    h = wl_mix(wl_mix(h, ed), l);
  }
  printf("%" PRIu32 " pairs of %" PRIu32 ": edit distance %" PRIu32 ", lcs %" PRIu32 "\n", pairs,
         len, total_ed, total_lcs);
  free(a);
  free(b);
  free(row);
  free(p);
  free(c);
  wl_print_checksum(h);
  return 0;
}
