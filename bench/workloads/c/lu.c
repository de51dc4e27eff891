// Dense LU factorization with partial pivoting (Doolittle, row-major, in place) of a random
// matrix, then a forward and backward solve: f64 division, multiply-subtract row updates and a
// pivot search per column. Products are rounded before the subtraction (no fused
// multiply-add), so the bits match on every target.
#include "workload.h"

static double fabs_exact(double x) { return x < 0 ? -x : x; }

int main(int argc, char** argv) {
  uint32_t n = wl_size_arg(argc, argv, 600);
  size_t elems = (size_t)n * n;
  double* a = malloc(elems * sizeof(double));
  double* b = malloc(n * sizeof(double));
  uint32_t* perm = malloc(n * sizeof(uint32_t));
  if (!a || !b || !perm) return 1;
  wl_rng rng;
  wl_rng_seed(&rng, 7);
  for (size_t i = 0; i < elems; ++i) a[i] = wl_rng_unit(&rng) - 0.5;
  for (uint32_t i = 0; i < n; ++i) b[i] = wl_rng_unit(&rng);
  uint32_t swaps = 0;
  for (uint32_t k = 0; k < n; ++k) {
    // Pivot: the largest magnitude in column k at or below the diagonal.
    uint32_t p = k;
    double best = fabs_exact(a[(size_t)k * n + k]);
    for (uint32_t i = k + 1; i < n; ++i) {
      double v = fabs_exact(a[(size_t)i * n + k]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    perm[k] = p;
    if (p != k) {
      ++swaps;
      double* rk = a + (size_t)k * n;
      double* rp = a + (size_t)p * n;
      for (uint32_t j = 0; j < n; ++j) {
        double t = rk[j];
        rk[j] = rp[j];
        rp[j] = t;
      }
    }
    const double* rk = a + (size_t)k * n;
    double inv = 1.0 / rk[k];
    for (uint32_t i = k + 1; i < n; ++i) {
      double* ri = a + (size_t)i * n;
      double l = ri[k] * inv;
      ri[k] = l;
      for (uint32_t j = k + 1; j < n; ++j) ri[j] -= l * rk[j];
    }
  }
  // Solve L U x = P b.
  for (uint32_t k = 0; k < n; ++k) {
    double t = b[k];
    b[k] = b[perm[k]];
    b[perm[k]] = t;
  }
  for (uint32_t i = 0; i < n; ++i) {
    double s = b[i];
    for (uint32_t j = 0; j < i; ++j) s -= a[(size_t)i * n + j] * b[j];
    b[i] = s;
  }
  for (uint32_t i = n; i-- > 0;) {
    double s = b[i];
    for (uint32_t j = i + 1; j < n; ++j) s -= a[(size_t)i * n + j] * b[j];
    b[i] = s / a[(size_t)i * n + i];
  }
  uint64_t h = n;
  for (size_t i = 0; i < elems; ++i) h = wl_mix(h, wl_double_bits(a[i]));
  for (uint32_t i = 0; i < n; ++i) h = wl_mix(h, wl_double_bits(b[i]));
  printf("n %" PRIu32 ", %" PRIu32 " row swaps, x[0] bits 0x%016" PRIx64 "\n", n, swaps,
         wl_double_bits(b[0]));
  free(a);
  free(b);
  free(perm);
  wl_print_checksum(h);
  return 0;
}
