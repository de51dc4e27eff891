#include "runtime/trap.h"

namespace wasmrun::rt {

const char* trap_message(TrapKind kind) {
  switch (kind) {
    case TrapKind::Unreachable: return "unreachable";
    case TrapKind::MemoryOutOfBounds: return "out of bounds memory access";
    case TrapKind::TableOutOfBounds: return "out of bounds table access";
    case TrapKind::UndefinedElement: return "undefined element";
    case TrapKind::UninitializedElement: return "uninitialized element";
    case TrapKind::IndirectCallTypeMismatch: return "indirect call type mismatch";
    case TrapKind::IntegerDivideByZero: return "integer divide by zero";
    case TrapKind::IntegerOverflow: return "integer overflow";
    case TrapKind::InvalidConversionToInteger: return "invalid conversion to integer";
    case TrapKind::CallStackExhausted: return "call stack exhausted";
    case TrapKind::Interrupted: return "interrupted";
    case TrapKind::Host: return "host error";
    case TrapKind::OutOfFuel: return "all fuel consumed";
  }
  return "trap";
}

void add_backtrace_frame(TrapInfo& trap, TrapFrame frame) {
  auto& frames = trap.backtrace;
  if (frames.size() < 2 * kBacktraceEndFrames) {
    frames.push_back(std::move(frame));
    return;
  }
  // Full: the oldest of the outer half moves into the omitted middle.
  frames.erase(frames.begin() + static_cast<std::ptrdiff_t>(kBacktraceEndFrames));
  frames.push_back(std::move(frame));
  ++trap.frames_omitted;
}

}  // namespace wasmrun::rt
