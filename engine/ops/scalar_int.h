// i32 and i64 instructions: comparisons, arithmetic, bit counting, shifts, sign extension.
//
// Values are carried as unsigned integers so that add/sub/mul wrap without undefined behaviour;
// signed interpretations are taken only where the specification asks for them.
#pragma once

#include <bit>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "runtime/trap.h"

namespace wasmrun::ops {

namespace detail {

template <typename U>
using Signed = std::make_signed_t<U>;

// Division and remainder shared by both widths; the trap rules are the same.
template <typename U>
constexpr bool div_s(U a, U b, U& out, rt::TrapKind& trap) {
  using S = Signed<U>;
  if (b == 0) {
    trap = rt::TrapKind::IntegerDivideByZero;
    return false;
  }
  // The one quotient that does not fit: INT_MIN / -1.
  if (static_cast<S>(a) == std::numeric_limits<S>::min() && static_cast<S>(b) == -1) {
    trap = rt::TrapKind::IntegerOverflow;
    return false;
  }
  out = static_cast<U>(static_cast<S>(a) / static_cast<S>(b));
  return true;
}

template <typename U>
constexpr bool div_u(U a, U b, U& out, rt::TrapKind& trap) {
  if (b == 0) {
    trap = rt::TrapKind::IntegerDivideByZero;
    return false;
  }
  out = a / b;
  return true;
}

template <typename U>
constexpr bool rem_s(U a, U b, U& out, rt::TrapKind& trap) {
  using S = Signed<U>;
  if (b == 0) {
    trap = rt::TrapKind::IntegerDivideByZero;
    return false;
  }
  // Any x % -1 is 0; computing INT_MIN % -1 in C++ is undefined, so it never reaches '%'.
  out = static_cast<S>(b) == -1 ? U{0} : static_cast<U>(static_cast<S>(a) % static_cast<S>(b));
  return true;
}

template <typename U>
constexpr bool rem_u(U a, U b, U& out, rt::TrapKind& trap) {
  if (b == 0) {
    trap = rt::TrapKind::IntegerDivideByZero;
    return false;
  }
  out = a % b;
  return true;
}

// Shift counts are taken modulo the bit width.
template <typename U>
constexpr U shift_count(U b) {
  return b & (sizeof(U) * 8 - 1);
}

}  // namespace detail

// No operation; listed so every non-special op of the table has a function.
constexpr void Nop() {}

// ---- i32 comparisons ----
constexpr uint32_t I32Eqz(uint32_t a) { return a == 0; }
constexpr uint32_t I32Eq(uint32_t a, uint32_t b) { return a == b; }
constexpr uint32_t I32Ne(uint32_t a, uint32_t b) { return a != b; }
constexpr uint32_t I32LtS(uint32_t a, uint32_t b) {
  return static_cast<int32_t>(a) < static_cast<int32_t>(b);
}
constexpr uint32_t I32LtU(uint32_t a, uint32_t b) { return a < b; }
constexpr uint32_t I32GtS(uint32_t a, uint32_t b) {
  return static_cast<int32_t>(a) > static_cast<int32_t>(b);
}
constexpr uint32_t I32GtU(uint32_t a, uint32_t b) { return a > b; }
constexpr uint32_t I32LeS(uint32_t a, uint32_t b) {
  return static_cast<int32_t>(a) <= static_cast<int32_t>(b);
}
constexpr uint32_t I32LeU(uint32_t a, uint32_t b) { return a <= b; }
constexpr uint32_t I32GeS(uint32_t a, uint32_t b) {
  return static_cast<int32_t>(a) >= static_cast<int32_t>(b);
}
constexpr uint32_t I32GeU(uint32_t a, uint32_t b) { return a >= b; }

// ---- i64 comparisons (results are i32) ----
constexpr uint32_t I64Eqz(uint64_t a) { return a == 0; }
constexpr uint32_t I64Eq(uint64_t a, uint64_t b) { return a == b; }
constexpr uint32_t I64Ne(uint64_t a, uint64_t b) { return a != b; }
constexpr uint32_t I64LtS(uint64_t a, uint64_t b) {
  return static_cast<int64_t>(a) < static_cast<int64_t>(b);
}
constexpr uint32_t I64LtU(uint64_t a, uint64_t b) { return a < b; }
constexpr uint32_t I64GtS(uint64_t a, uint64_t b) {
  return static_cast<int64_t>(a) > static_cast<int64_t>(b);
}
constexpr uint32_t I64GtU(uint64_t a, uint64_t b) { return a > b; }
constexpr uint32_t I64LeS(uint64_t a, uint64_t b) {
  return static_cast<int64_t>(a) <= static_cast<int64_t>(b);
}
constexpr uint32_t I64LeU(uint64_t a, uint64_t b) { return a <= b; }
constexpr uint32_t I64GeS(uint64_t a, uint64_t b) {
  return static_cast<int64_t>(a) >= static_cast<int64_t>(b);
}
constexpr uint32_t I64GeU(uint64_t a, uint64_t b) { return a >= b; }

// ---- i32 arithmetic ----
// std::countl_zero and friends are defined for 0 (they return the width), as wasm requires.
constexpr uint32_t I32Clz(uint32_t a) { return static_cast<uint32_t>(std::countl_zero(a)); }
constexpr uint32_t I32Ctz(uint32_t a) { return static_cast<uint32_t>(std::countr_zero(a)); }
constexpr uint32_t I32Popcnt(uint32_t a) { return static_cast<uint32_t>(std::popcount(a)); }
constexpr uint32_t I32Add(uint32_t a, uint32_t b) { return a + b; }
constexpr uint32_t I32Sub(uint32_t a, uint32_t b) { return a - b; }
constexpr uint32_t I32Mul(uint32_t a, uint32_t b) { return a * b; }
constexpr bool I32DivS(uint32_t a, uint32_t b, uint32_t& out, rt::TrapKind& trap) {
  return detail::div_s(a, b, out, trap);
}
constexpr bool I32DivU(uint32_t a, uint32_t b, uint32_t& out, rt::TrapKind& trap) {
  return detail::div_u(a, b, out, trap);
}
constexpr bool I32RemS(uint32_t a, uint32_t b, uint32_t& out, rt::TrapKind& trap) {
  return detail::rem_s(a, b, out, trap);
}
constexpr bool I32RemU(uint32_t a, uint32_t b, uint32_t& out, rt::TrapKind& trap) {
  return detail::rem_u(a, b, out, trap);
}
constexpr uint32_t I32And(uint32_t a, uint32_t b) { return a & b; }
constexpr uint32_t I32Or(uint32_t a, uint32_t b) { return a | b; }
constexpr uint32_t I32Xor(uint32_t a, uint32_t b) { return a ^ b; }
constexpr uint32_t I32Shl(uint32_t a, uint32_t b) { return a << detail::shift_count(b); }
// Right shift of a negative value is arithmetic since C++20.
constexpr uint32_t I32ShrS(uint32_t a, uint32_t b) {
  return static_cast<uint32_t>(static_cast<int32_t>(a) >> detail::shift_count(b));
}
constexpr uint32_t I32ShrU(uint32_t a, uint32_t b) { return a >> detail::shift_count(b); }
constexpr uint32_t I32Rotl(uint32_t a, uint32_t b) {
  return std::rotl(a, static_cast<int>(detail::shift_count(b)));
}
constexpr uint32_t I32Rotr(uint32_t a, uint32_t b) {
  return std::rotr(a, static_cast<int>(detail::shift_count(b)));
}

// ---- i64 arithmetic ----
constexpr uint64_t I64Clz(uint64_t a) { return static_cast<uint64_t>(std::countl_zero(a)); }
constexpr uint64_t I64Ctz(uint64_t a) { return static_cast<uint64_t>(std::countr_zero(a)); }
constexpr uint64_t I64Popcnt(uint64_t a) { return static_cast<uint64_t>(std::popcount(a)); }
constexpr uint64_t I64Add(uint64_t a, uint64_t b) { return a + b; }
constexpr uint64_t I64Sub(uint64_t a, uint64_t b) { return a - b; }
constexpr uint64_t I64Mul(uint64_t a, uint64_t b) { return a * b; }
constexpr bool I64DivS(uint64_t a, uint64_t b, uint64_t& out, rt::TrapKind& trap) {
  return detail::div_s(a, b, out, trap);
}
constexpr bool I64DivU(uint64_t a, uint64_t b, uint64_t& out, rt::TrapKind& trap) {
  return detail::div_u(a, b, out, trap);
}
constexpr bool I64RemS(uint64_t a, uint64_t b, uint64_t& out, rt::TrapKind& trap) {
  return detail::rem_s(a, b, out, trap);
}
constexpr bool I64RemU(uint64_t a, uint64_t b, uint64_t& out, rt::TrapKind& trap) {
  return detail::rem_u(a, b, out, trap);
}
constexpr uint64_t I64And(uint64_t a, uint64_t b) { return a & b; }
constexpr uint64_t I64Or(uint64_t a, uint64_t b) { return a | b; }
constexpr uint64_t I64Xor(uint64_t a, uint64_t b) { return a ^ b; }
constexpr uint64_t I64Shl(uint64_t a, uint64_t b) { return a << detail::shift_count(b); }
constexpr uint64_t I64ShrS(uint64_t a, uint64_t b) {
  return static_cast<uint64_t>(static_cast<int64_t>(a) >> detail::shift_count(b));
}
constexpr uint64_t I64ShrU(uint64_t a, uint64_t b) { return a >> detail::shift_count(b); }
constexpr uint64_t I64Rotl(uint64_t a, uint64_t b) {
  return std::rotl(a, static_cast<int>(detail::shift_count(b)));
}
constexpr uint64_t I64Rotr(uint64_t a, uint64_t b) {
  return std::rotr(a, static_cast<int>(detail::shift_count(b)));
}

// ---- sign extension (conversions to a narrower signed type wrap modulo 2^N in C++20) ----
constexpr uint32_t I32Extend8S(uint32_t a) {
  return static_cast<uint32_t>(static_cast<int32_t>(static_cast<int8_t>(a)));
}
constexpr uint32_t I32Extend16S(uint32_t a) {
  return static_cast<uint32_t>(static_cast<int32_t>(static_cast<int16_t>(a)));
}
constexpr uint64_t I64Extend8S(uint64_t a) {
  return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int8_t>(a)));
}
constexpr uint64_t I64Extend16S(uint64_t a) {
  return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int16_t>(a)));
}
constexpr uint64_t I64Extend32S(uint64_t a) {
  return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(a)));
}

}  // namespace wasmrun::ops
