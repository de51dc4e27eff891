// Value helpers, Trap::to_string, to_string(TrapKind) and kind_of.
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "engine/api/api_internal.h"

namespace wasmrun {
namespace {

std::string hex(uint64_t v, int digits) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%0*llx", digits, static_cast<unsigned long long>(v));
  return buf;
}

// Shortest text that reads back to the same number; NaNs show their payload, which the
// decimal form would lose.
template <class F, class Bits>
std::string float_text(F f, Bits bits, Bits payload_mask) {
  if (std::isnan(f)) {
    return std::string(std::signbit(f) ? "-" : "") + "nan:" + hex(bits & payload_mask, 0);
  }
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, f);
  return std::string(buf, res.ptr);
}

}  // namespace

Value Value::f32(float f) { return f32_bits(std::bit_cast<uint32_t>(f)); }
Value Value::f64(double d) { return f64_bits(std::bit_cast<uint64_t>(d)); }
float Value::f32() const { return std::bit_cast<float>(f32_bits()); }
double Value::f64() const { return std::bit_cast<double>(f64_bits()); }

Value Value::v128(const V128& v) {
  uint64_t lo, hi;
  std::memcpy(&lo, v.bytes, 8);
  std::memcpy(&hi, v.bytes + 8, 8);
  return from_raw(ValType::V128, lo, hi);
}

V128 Value::v128() const {
  V128 v;
  std::memcpy(v.bytes, &lo_, 8);
  std::memcpy(v.bytes + 8, &hi_, 8);
  return v;
}

Value Value::null_ref(ValType ref_type) { return from_raw(ref_type, 0); }

Value Value::funcref(const Func& f) {
  return from_raw(ValType::FuncRef, static_cast<uint64_t>(reinterpret_cast<uintptr_t>(f.raw())));
}

Value Value::externref(void* p) {
  return from_raw(ValType::ExternRef, static_cast<uint64_t>(reinterpret_cast<uintptr_t>(p)));
}

std::optional<Func> Value::funcref() const {
  if (type_ != ValType::FuncRef || lo_ == 0) return std::nullopt;
  auto* f = reinterpret_cast<rt::FuncInst*>(static_cast<uintptr_t>(lo_));
  return Func(api_store(rt::store_of(f)), f);
}

std::string Value::to_string() const {
  std::string s = std::string(wasmrun::to_string(type_)) + ":";
  switch (type_) {
    case ValType::I32: return s + std::to_string(i32());
    case ValType::I64: return s + std::to_string(i64());
    case ValType::F32: return s + float_text(f32(), f32_bits(), uint32_t{0x7fffff});
    case ValType::F64: return s + float_text(f64(), f64_bits(), uint64_t{0xfffffffffffff});
    case ValType::V128: return s + hex(hi_, 16) + hex(lo_, 16).substr(2);
    case ValType::FuncRef:
    case ValType::ExternRef: return s + (lo_ == 0 ? std::string("null") : hex(lo_, 0));
  }
  return s;
}

const char* to_string(TrapKind kind) {
  switch (kind) {
    case TrapKind::Unreachable: return "unreachable";
    case TrapKind::MemoryOutOfBounds: return "memory out of bounds";
    case TrapKind::TableOutOfBounds: return "table out of bounds";
    case TrapKind::UndefinedElement: return "undefined element";
    case TrapKind::UninitializedElement: return "uninitialized element";
    case TrapKind::IndirectCallTypeMismatch: return "indirect call type mismatch";
    case TrapKind::IntegerDivideByZero: return "integer divide by zero";
    case TrapKind::IntegerOverflow: return "integer overflow";
    case TrapKind::InvalidConversionToInteger: return "invalid conversion to integer";
    case TrapKind::CallStackExhausted: return "call stack exhausted";
    case TrapKind::Interrupted: return "interrupted";
    case TrapKind::Host: return "host";
    case TrapKind::OutOfFuel: return "out of fuel";
  }
  return "trap";
}

std::string Trap::to_string() const {
  std::string s = message;
  for (size_t i = 0; i < backtrace.size(); ++i) {
    if (frames_omitted > 0 && i == backtrace.size() / 2) {
      s += "\n  ... " + std::to_string(frames_omitted) + " frames omitted";
    }
    const Frame& f = backtrace[i];
    char offset[16];
    std::snprintf(offset, sizeof offset, "+0x%x", static_cast<unsigned>(f.func_offset));
    s += "\n  at func[" + std::to_string(f.func_index) + "] ";
    if (!f.func_name.empty()) s += f.func_name + " ";
    s += offset;
  }
  return s;
}

ExternKind kind_of(const Extern& e) {
  // The variant lists Func, Table, Memory, Global in ExternKind's order.
  return static_cast<ExternKind>(e.index());
}

}  // namespace wasmrun
