#include "runtime/native_stack.h"

#include <pthread.h>

#include <algorithm>

namespace wasmrun::rt {

namespace {

// What a thread whose stack cannot be queried is assumed to have below the first position seen:
// macOS gives secondary threads 512 KiB.
constexpr size_t kFallbackStack = size_t{512} << 10;

#if defined(__SANITIZE_ADDRESS__)
#define WASMRUN_STACK_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WASMRUN_STACK_SANITIZED 1
#endif
#endif

// Measured need of the deepest path (a host function re-entering, a trap with its backtrace, a
// signal delivered to the guard-page handler) is a few KiB; AddressSanitizer's redzones make
// every C++ frame several times larger.
#ifdef WASMRUN_STACK_SANITIZED
constexpr size_t kReserve = size_t{128} << 10;
#else
constexpr size_t kReserve = size_t{32} << 10;
#endif

StackBounds query_bounds() {
  StackBounds b;
#if defined(__APPLE__)
  pthread_t self = pthread_self();
  b.high = reinterpret_cast<uintptr_t>(pthread_get_stackaddr_np(self));
  b.low = b.high - pthread_get_stacksize_np(self);
#elif defined(__linux__)
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    void* addr = nullptr;
    size_t size = 0;
    if (pthread_attr_getstack(&attr, &addr, &size) == 0) {
      b.low = reinterpret_cast<uintptr_t>(addr);
      b.high = b.low + size;
    }
    pthread_attr_destroy(&attr);
  }
#endif
  uintptr_t here = current_stack_position();
  if (b.high == 0 || here < b.low || here >= b.high) {
    b.high = here;
    b.low = here > kFallbackStack ? here - kFallbackStack : 0;
  }
  return b;
}

}  // namespace

StackBounds current_thread_stack() {
  // The main thread's bounds come from /proc/self/maps on Linux: far too slow for every call.
  thread_local StackBounds cached = query_bounds();
  return cached;
}

size_t stack_reserve() { return kReserve; }

uintptr_t stack_limit_for_entry(uintptr_t position, uintptr_t outer_limit, size_t max_bytes) {
  StackBounds b = current_thread_stack();
  if (position < b.low || position >= b.high) {
    // Not the stack this thread started on (a coroutine or fiber stack): its size is unknown,
    // so assume the smallest stack a host commonly gives a thread.
    b.high = position;
    b.low = position > kFallbackStack ? position - kFallbackStack : 0;
  }
  if (outer_limit != 0 && outer_limit >= b.low && outer_limit < b.high) return outer_limit;
  uintptr_t limit = b.low + kReserve;
  if (max_bytes != 0 && position > max_bytes) limit = std::max(limit, position - max_bytes);
  return limit;
}

}  // namespace wasmrun::rt
