// Linear memory. Its base address never moves: the whole possible range is reserved up front and
// pages are committed as the memory grows, so compiled code may keep `base` in a register.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "wasmrun/types.hpp"

namespace wasmrun::rt {

enum class BoundsMode : uint8_t {
  // Reserve 4 GiB plus a guard; out-of-bounds accesses fault and become traps. A 64-bit memory
  // (memory64) cannot be covered by any reservation: it reserves as in Explicit mode and every
  // access to it is compared with `size`, in both modes.
  GuardPages,
  Explicit,  // every access is compared with `size`; no signal handler is involved
};

// Whether [at, at + n) lies inside [0, size), for any 64-bit `at` and `n` (no wrapping): the
// range check of bulk memory operations on 64-bit memories.
inline bool range_in(uint64_t at, uint64_t n, uint64_t size) {
  return at <= size && n <= size - at;
}

struct LinearMemory {
  // Fields read directly by the interpreter and by JIT code: keep them first and plain.
  uint8_t* base = nullptr;
  uint64_t size = 0;  // in bytes, always pages * kPageSize
  uint64_t pages = 0;
  uint64_t max_pages = kMaxPages;  // the type's max, or the engine's limit, whichever is lower
  MemoryType type;
  BoundsMode mode = BoundsMode::Explicit;
  uint64_t reserved = 0;  // bytes of address space reserved at `base`

  // Nullptr with `error` set when the reservation fails.
  static std::unique_ptr<LinearMemory> create(const MemoryType& type, BoundsMode mode,
                                              uint32_t page_limit, std::string* error);
  ~LinearMemory();
  LinearMemory(const LinearMemory&) = delete;
  LinearMemory& operator=(const LinearMemory&) = delete;

  // memory.grow: the old size in pages, or -1 when the memory cannot grow by `delta`.
  int64_t grow(uint64_t delta);

 private:
  LinearMemory() = default;
};

}  // namespace wasmrun::rt
