// Dense f64 matrix multiply (i-k-j order, row-major): streaming loads and stores with a
// multiply-add per element. Each product is rounded before the add (no fused multiply-add),
// so the bits match on every target.
#include "workload.h"

int main(int argc, char** argv) {
  uint32_t n = wl_size_arg(argc, argv, 600);
  size_t elems = (size_t)n * n;
  double* a = malloc(elems * sizeof(double));
  double* b = malloc(elems * sizeof(double));
  double* c = calloc(elems, sizeof(double));
  if (!a || !b || !c) return 1;
  wl_rng rng;
  wl_rng_seed(&rng, 42);
  for (size_t i = 0; i < elems; ++i) a[i] = wl_rng_unit(&rng) - 0.5;
  for (size_t i = 0; i < elems; ++i) b[i] = wl_rng_unit(&rng) - 0.5;
  for (uint32_t i = 0; i < n; ++i) {
    double* ci = c + (size_t)i * n;
    for (uint32_t k = 0; k < n; ++k) {
      double aik = a[(size_t)i * n + k];
      const double* bk = b + (size_t)k * n;
      for (uint32_t j = 0; j < n; ++j) ci[j] += aik * bk[j];
    }
  }
  uint64_t h = n;
  double trace = 0.0;
  for (uint32_t i = 0; i < n; ++i) trace += c[(size_t)i * n + i];
  for (size_t i = 0; i < elems; ++i) h = wl_mix(h, wl_double_bits(c[i]));
  free(a);
  free(b);
  free(c);
  printf("n %" PRIu32 ", trace bits 0x%016" PRIx64 "\n", n, wl_double_bits(trace));
  wl_print_checksum(h);
  return 0;
}
