#include "engine/api/convert.h"

#include <cstring>

namespace wasmrun {

// The two enums list the same kinds in the same order; these checks keep them in step.
static_assert(static_cast<int>(TrapKind::Unreachable) ==
              static_cast<int>(rt::TrapKind::Unreachable));
static_assert(static_cast<int>(TrapKind::IndirectCallTypeMismatch) ==
              static_cast<int>(rt::TrapKind::IndirectCallTypeMismatch));
static_assert(static_cast<int>(TrapKind::CallStackExhausted) ==
              static_cast<int>(rt::TrapKind::CallStackExhausted));
static_assert(static_cast<int>(TrapKind::Host) == static_cast<int>(rt::TrapKind::Host));
static_assert(static_cast<int>(TrapKind::OutOfFuel) == static_cast<int>(rt::TrapKind::OutOfFuel));

rt::RawValue to_raw(const Value& v) {
  rt::RawValue r = rt::raw_zero();
  switch (v.type()) {
    case ValType::I32:
    case ValType::F32: r.i32 = static_cast<uint32_t>(v.raw_lo()); break;
    case ValType::I64:
    case ValType::F64: r.i64 = v.raw_lo(); break;
    case ValType::V128: {
      uint64_t lo = v.raw_lo(), hi = v.raw_hi();
      std::memcpy(r.v128, &lo, 8);
      std::memcpy(r.v128 + 8, &hi, 8);
      break;
    }
    case ValType::FuncRef:
    case ValType::ExternRef:
      r.ref = reinterpret_cast<rt::Ref>(static_cast<uintptr_t>(v.raw_lo()));
      break;
  }
  return r;
}

Value from_raw(ValType type, const rt::RawValue& r) {
  switch (type) {
    case ValType::I32:
    case ValType::F32: return Value::from_raw(type, r.i32);
    case ValType::I64:
    case ValType::F64: return Value::from_raw(type, r.i64);
    case ValType::V128: {
      uint64_t lo, hi;
      std::memcpy(&lo, r.v128, 8);
      std::memcpy(&hi, r.v128 + 8, 8);
      return Value::from_raw(type, lo, hi);
    }
    case ValType::FuncRef:
    case ValType::ExternRef:
      return Value::from_raw(type, static_cast<uint64_t>(reinterpret_cast<uintptr_t>(r.ref)));
  }
  return Value();
}

Trap to_trap(rt::TrapInfo info) {
  Trap t;
  t.kind = static_cast<TrapKind>(info.kind);
  t.message = std::move(info.message);
  t.backtrace.reserve(info.backtrace.size());
  for (auto& f : info.backtrace) {
    t.backtrace.push_back(
        Frame{f.func_index, std::move(f.func_name), f.func_offset, f.module_offset});
  }
  t.frames_omitted = info.frames_omitted;
  return t;
}

rt::TrapInfo to_trap_info(Trap trap) {
  rt::TrapInfo info;
  info.kind = static_cast<rt::TrapKind>(trap.kind);
  info.message = std::move(trap.message);
  for (auto& f : trap.backtrace) {
    info.backtrace.push_back(
        {f.func_index, std::move(f.func_name), f.module_offset, f.func_offset});
  }
  info.frames_omitted = trap.frames_omitted;
  return info;
}

rt::TrapInfo host_trap(std::string message) {
  rt::TrapInfo info;
  info.kind = rt::TrapKind::Host;
  info.message = std::move(message);
  return info;
}

}  // namespace wasmrun
