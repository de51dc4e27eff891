// The per-store execution state JIT code runs against (pinned in a register while wasm runs):
// the native stack limit, where to unwind to on a trap, the helper table, and the trap that is
// being raised. The first fields are read by generated code at fixed offsets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "jit/masm.h"
#include "runtime/trap.h"

namespace wasmrun::jit {

struct ExecState {
  // ---- read and written by generated code ----
  uintptr_t stack_limit = 0;  // prologues trap when the new frame would reach below this
  uintptr_t entry_sp = 0;     // the entry trampoline's stack pointer after saving registers
  uintptr_t entry_fp = 0;     // the entry trampoline's frame pointer (ends backtraces)
  const void* helpers[static_cast<size_t>(Helper::Count)] = {};

  // ---- C++ only ----
  size_t max_stack_bytes = 0;        // embedder's bound below the outermost entry (0: none)
  std::optional<rt::TrapInfo> trap;  // set by helpers and stubs, taken by invoke()
};

inline constexpr int32_t kStackLimitOffset = static_cast<int32_t>(offsetof(ExecState, stack_limit));
inline constexpr int32_t kEntrySpOffset = static_cast<int32_t>(offsetof(ExecState, entry_sp));
inline constexpr int32_t kEntryFpOffset = static_cast<int32_t>(offsetof(ExecState, entry_fp));
inline constexpr int32_t helper_offset(Helper h) {
  return static_cast<int32_t>(offsetof(ExecState, helpers) +
                              sizeof(void*) * static_cast<size_t>(h));
}

}  // namespace wasmrun::jit
