// The native stack of the calling thread, and how far below the current position wasm code may
// use it. Both tiers take their limit from here on every entry from the host, so a call made
// from any thread (a worker with a 512 KiB stack, the main thread under `ulimit -s 256`) ends
// in a "call stack exhausted" trap instead of running off the end of that thread's stack.
#pragma once

#include <cstddef>
#include <cstdint>

namespace wasmrun::rt {

// The current thread's stack, [low, high). Known exactly on Linux (pthread_getattr_np) and macOS
// (pthread_get_stackaddr_np); elsewhere, or if the system cannot say, a conservative 512 KiB
// below the first position seen on the thread. Cached per thread.
struct StackBounds {
  uintptr_t low = 0;
  uintptr_t high = 0;
};
StackBounds current_thread_stack();

// Bytes kept unused above the end of the stack: the deepest path that may run below a wasm
// frame sitting right at the limit — a trap being recorded, the guard-page signal handler and
// the kernel's signal frame, a host function's call chain up to the next entry check.
size_t stack_reserve();

// An address in the caller's frame; the stack pointer for limit checks.
[[gnu::always_inline]] inline uintptr_t current_stack_position() {
  return reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
}

// The lowest address wasm frames may reach for a call entering wasm at `position` on this
// thread. `outer_limit` is the limit of the entry this one is nested in (0 when outermost):
// it is kept while it belongs to this thread's stack, so the embedder's bound counts from the
// outermost entry. `max_bytes` is the embedder's bound on stack use below the outermost entry
// (0: the whole stack less the reserve).
uintptr_t stack_limit_for_entry(uintptr_t position, uintptr_t outer_limit, size_t max_bytes);

}  // namespace wasmrun::rt
