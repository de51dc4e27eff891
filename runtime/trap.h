// Traps: what went wrong, a message, and where in wasm it happened.
#pragma once

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
};

// The specification's wording, which the spec testsuite matches against. Kind names for people
// are the public API's to_string(wasmrun::TrapKind).
const char* trap_message(TrapKind kind);

struct TrapFrame {
  uint32_t func_index = 0;
  std::string func_name;  // from the name section when present
};

struct TrapInfo {
  TrapKind kind = TrapKind::Unreachable;
  std::string message;
  std::vector<TrapFrame> backtrace;  // innermost frame first
};

}  // namespace wasmrun::rt
