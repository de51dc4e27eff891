// Recursive Fibonacci: dominated by calls and returns with almost no work per call.
#include "workload.h"

static uint32_t fib(uint32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int main(int argc, char** argv) {
  uint32_t n = wl_size_arg(argc, argv, 38);
  uint32_t r = fib(n);
  printf("fib(%" PRIu32 ") = %" PRIu32 "\n", n, r);
  wl_print_checksum(wl_mix(n, r));
  return 0;
}
