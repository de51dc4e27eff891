// Traps: what went wrong, a message, and where in wasm it happened.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace wasmrun::rt {

enum class TrapKind : uint8_t {
  Unreachable,
  MemoryOutOfBounds,
  TableOutOfBounds,
  UndefinedElement,
  UninitializedElement,
  IndirectCallTypeMismatch,
  IntegerDivideByZero,
  IntegerOverflow,
  InvalidConversionToInteger,
  CallStackExhausted,
  Interrupted,  // the host raised the interrupt flag
  Host,         // a host function reported an error
  OutOfFuel,    // fuel metering is on and the store's fuel ran out (see InstanceContext::fuel)
};
inline constexpr size_t kTrapKindCount = static_cast<size_t>(TrapKind::OutOfFuel) + 1;

// The specification's wording, which the spec testsuite matches against. Kind names for people
// are the public API's to_string(wasmrun::TrapKind).
const char* trap_message(TrapKind kind);

struct TrapFrame {
  uint32_t func_index = 0;
  std::string func_name;  // from the name section when present
  // Where in the module binary the frame stands: the trapping instruction (innermost frame) or
  // the call (outer frames); `func_offset` counts from the start of the function's body (its
  // locals declarations, just after the body's size), as the C API and wasmtime report it.
  uint32_t module_offset = 0;
  uint32_t func_offset = 0;
};

// Frames a backtrace keeps at each end; a deep recursion's middle is counted, not listed.
inline constexpr size_t kBacktraceEndFrames = 16;

struct TrapInfo {
  TrapKind kind = TrapKind::Unreachable;
  std::string message;
  // Innermost frame first: at most kBacktraceEndFrames innermost frames, then as many outermost
  // ones; `frames_omitted` more sat between the two halves.
  std::vector<TrapFrame> backtrace;
  uint64_t frames_omitted = 0;
};

// Adds the next frame outwards, keeping both ends of the backtrace (both tiers record through
// this, so they cut alike).
void add_backtrace_frame(TrapInfo& trap, TrapFrame frame);

}  // namespace wasmrun::rt
