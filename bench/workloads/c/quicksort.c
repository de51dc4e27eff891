// Quicksort of a pseudo-random array: data-dependent branches, swaps and recursive calls.
#include "workload.h"

static void insertion_sort(uint32_t* a, size_t n) {
  for (size_t i = 1; i < n; ++i) {
    uint32_t v = a[i];
    size_t j = i;
    while (j > 0 && a[j - 1] > v) {
      a[j] = a[j - 1];
      --j;
    }
    a[j] = v;
  }
}

static inline void swap(uint32_t* a, uint32_t* b) {
  uint32_t t = *a;
  *a = *b;
  *b = t;
}

// Median-of-three pivot and Hoare partitioning; recursing into the smaller side and looping
// on the larger keeps the stack depth logarithmic (the wasm stack is small).
static void quicksort(uint32_t* a, size_t n) {
  while (n > 16) {
    size_t mid = n / 2;
    if (a[mid] < a[0]) swap(&a[mid], &a[0]);
    if (a[n - 1] < a[0]) swap(&a[n - 1], &a[0]);
    if (a[n - 1] < a[mid]) swap(&a[n - 1], &a[mid]);
    uint32_t pivot = a[mid];
    size_t i = 0, j = n - 1;
    for (;;) {
      while (a[i] < pivot) ++i;
      while (a[j] > pivot) --j;
      if (i >= j) break;
      swap(&a[i], &a[j]);
      ++i;
      --j;
    }
    size_t left = j + 1;  // a[0..j] <= pivot <= a[j+1..n)
    if (left < n - left) {
      quicksort(a, left);
      a += left;
      n -= left;
    } else {
      quicksort(a + left, n - left);
      n = left;
    }
  }
  insertion_sort(a, n);
}

int main(int argc, char** argv) {
  uint32_t n = wl_size_arg(argc, argv, 2000000);
  uint32_t* a = malloc((size_t)n * sizeof(uint32_t));
  if (!a) return 1;
  wl_rng rng;
  wl_rng_seed(&rng, 7);
  // A narrow value range for part of the array gives many equal keys.
  for (uint32_t i = 0; i < n; ++i) a[i] = (i & 3) ? wl_rng_u32(&rng) : wl_rng_u32(&rng) % 1000;
  quicksort(a, n);
  uint32_t sorted = 1;
  uint64_t h = n;
  for (uint32_t i = 1; i < n; ++i) sorted &= a[i - 1] <= a[i];
  for (uint32_t i = 0; i < n; i += 97) h = wl_mix(h, a[i]);
  h = wl_mix(h, a[n - 1]);
  free(a);
  printf("sorted %" PRIu32 " keys: %s\n", n, sorted ? "yes" : "NO");
  wl_print_checksum(h);
  return sorted ? 0 : 1;
}
