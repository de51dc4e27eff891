// Mandelbrot set escape times on a grid: tight f64 loops with a data-dependent exit.
#include "workload.h"

int main(int argc, char** argv) {
  uint32_t width = wl_size_arg(argc, argv, 800);
  uint32_t height = width * 3 / 4;
  const uint32_t max_iter = 256;
  const double x_min = -2.25, x_max = 0.75, y_min = -1.125, y_max = 1.125;
  const double dx = (x_max - x_min) / width, dy = (y_max - y_min) / height;
  uint64_t h = width;
  uint64_t total = 0;
  uint32_t inside = 0;
  for (uint32_t py = 0; py < height; ++py) {
    double ci = y_min + py * dy;
    uint32_t row = 0;
    for (uint32_t px = 0; px < width; ++px) {
      double cr = x_min + px * dx;
      double zr = 0.0, zi = 0.0, zr2 = 0.0, zi2 = 0.0;
      uint32_t it = 0;
      while (it < max_iter && zr2 + zi2 <= 4.0) {
        zi = 2.0 * zr * zi + ci;
        zr = zr2 - zi2 + cr;
        zr2 = zr * zr;
        zi2 = zi * zi;
        ++it;
      }
      inside += it == max_iter;
      row = row * 31 + it;
    }
    total += row;
    h = wl_mix(h, row);
  }
  printf("%" PRIu32 "x%" PRIu32 ": %" PRIu32 " points inside, row sum %" PRIu64 "\n", width, height,
         inside, total);
  wl_print_checksum(h);
  return 0;
}
