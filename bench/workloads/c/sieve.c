// Sieve of Eratosthenes over a byte array: integer loops with strided stores to memory.
#include "workload.h"

int main(int argc, char** argv) {
  uint32_t limit = wl_size_arg(argc, argv, 20000000);
  uint8_t* composite = calloc((size_t)limit + 1, 1);
  if (!composite) return 1;
  for (uint32_t i = 2; (uint64_t)i * i <= limit; ++i) {
    if (composite[i]) continue;
    for (uint32_t j = i * i; j <= limit; j += i) composite[j] = 1;
  }
  uint32_t count = 0, sum = 0;  // sum wraps modulo 2^32
  uint32_t last = 0;
  for (uint32_t i = 2; i <= limit; ++i) {
    if (!composite[i]) {
      ++count;
      sum += i;
      last = i;
    }
  }
  free(composite);
  printf("primes up to %" PRIu32 ": %" PRIu32 ", largest %" PRIu32 "\n", limit, count, last);
  wl_print_checksum(wl_mix(wl_mix(count, sum), last));
  return 0;
}
