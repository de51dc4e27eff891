// 2-D heat equation by Jacobi iteration: a five-point stencil over a square f64 grid, two
// buffers swapped every step, fixed hot and cold edges. Streaming loads from three rows and
// one store per point.
#include "workload.h"

int main(int argc, char** argv) {
  uint32_t n = wl_size_arg(argc, argv, 400);  // interior points per side
  uint32_t steps = 400;
  uint32_t w = n + 2;
  size_t cells = (size_t)w * w;
  double* u = calloc(cells, sizeof(double));
  double* v = calloc(cells, sizeof(double));
  if (!u || !v) return 1;
  // Boundary: the top edge hot, the left edge warm, the rest cold; a few random hot spots.
  for (uint32_t j = 0; j < w; ++j) u[j] = v[j] = 100.0;
  for (uint32_t i = 1; i < w; ++i) u[(size_t)i * w] = v[(size_t)i * w] = 25.0;
  wl_rng rng;
  wl_rng_seed(&rng, 11);
  for (int k = 0; k < 16; ++k) {
    uint32_t i = 1 + wl_rng_u32(&rng) % n, j = 1 + wl_rng_u32(&rng) % n;
    u[(size_t)i * w + j] = 500.0;
  }
  for (uint32_t s = 0; s < steps; ++s) {
    for (uint32_t i = 1; i <= n; ++i) {
      const double* up = u + (size_t)(i - 1) * w;
      const double* mid = u + (size_t)i * w;
      const double* dn = u + (size_t)(i + 1) * w;
      double* out = v + (size_t)i * w;
      for (uint32_t j = 1; j <= n; ++j) {
        out[j] = 0.25 * (up[j] + dn[j] + mid[j - 1] + mid[j + 1]);
      }
    }
    double* t = u;
    u = v;
    v = t;
  }
  uint64_t h = n;
  double total = 0.0;
  for (size_t i = 0; i < cells; ++i) {
    total += u[i];
    h = wl_mix(h, wl_double_bits(u[i]));
  }
  printf("n %" PRIu32 ", %" PRIu32 " steps, total bits 0x%016" PRIx64 "\n", n, steps,
         wl_double_bits(total));
  free(u);
  free(v);
  wl_print_checksum(h);
  return 0;
}
