// The macOS code-memory backends as logic over the system seam (apple_jit_sys.h). Compiled on
// every platform: macOS gives them the real calls, Linux tests give them the model of Apple's
// rules.
#pragma once

#include <memory>

#include "runtime/code/apple_jit_sys.h"
#include "runtime/code/code_memory.h"

namespace wasmrun::rt {

// The address space the Apple silicon backend reserves once (pages are committed by use).
inline constexpr size_t kAppleJitRegionSize = size_t{512} << 20;

// Apple silicon: one MAP_JIT region, first-fit page ranges, madvise reuse, per-thread write
// windows (pthread_jit_write_with_callback_np with wasmrun_jit_write_callback, or the toggle
// before macOS 11.4), cache invalidation after every write. `region_size` is for tests.
std::shared_ptr<SystemCodeAllocator> make_apple_region_allocator(
    std::shared_ptr<apple::System> sys, size_t region_size = kAppleJitRegionSize);

// Intel Macs: a MAP_JIT mapping per reservation, written read-write, mprotect to read-execute.
std::shared_ptr<SystemCodeAllocator> make_apple_mprotect_allocator(
    std::shared_ptr<apple::System> sys);

// The variant for the seam's CPU.
std::shared_ptr<SystemCodeAllocator> make_apple_allocator_for(std::shared_ptr<apple::System> sys);

}  // namespace wasmrun::rt

// The one function that writes JIT memory on Apple silicon: the allow-listed callback of
// pthread_jit_write_with_callback_np. Declared publicly in wasmrun/code_allocator.hpp on macOS.
extern "C" int wasmrun_jit_write_callback(void* ctx);
