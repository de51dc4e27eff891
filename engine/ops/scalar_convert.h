// Conversions between the four number types: wrap/extend, trunc (trapping and saturating),
// convert, demote/promote and reinterpret.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "engine/ops/float_bits.h"
#include "runtime/trap.h"

namespace wasmrun::ops {

namespace detail {

// Whether float x, truncated toward zero, fits integer type I. The bounds are compared
// exactly: every bound below is a power of two or one less than a power of two that the float
// type represents exactly, so no comparison is subject to rounding.
template <typename I, typename F>
constexpr bool trunc_in_range(F x) {
  constexpr int kBits = std::numeric_limits<I>::digits;  // 31/63 signed, 32/64 unsigned
  // 2^kBits: the first value whose truncation is too large.
  constexpr F kUpper = static_cast<F>(static_cast<I>(1) << (kBits - 1)) * F{2};
  if constexpr (std::is_unsigned_v<I>) {
    // (-1, 2^N): -0.9 truncates to -0, which converts to 0.
    return x > F{-1} && x < kUpper;
  } else {
    constexpr F kMin = -kUpper;  // -2^(N-1), exact
    // If the float type has a fraction bit at |2^(N-1)|, values in (kMin - 1, kMin) still
    // truncate to kMin (f64 -> i32); otherwise the next float below kMin is already < kMin - 1.
    if constexpr (std::numeric_limits<F>::digits > kBits + 1) {
      return x > kMin - F{1} && x < kUpper;
    } else {
      return x >= kMin && x < kUpper;
    }
  }
}

template <typename I, typename F>
constexpr bool trunc_checked(F x, I& out, rt::TrapKind& trap) {
  if (is_nan(x)) {
    trap = rt::TrapKind::InvalidConversionToInteger;
    return false;
  }
  if (!trunc_in_range<I>(x)) {
    trap = rt::TrapKind::IntegerOverflow;
    return false;
  }
  out = static_cast<I>(x);  // in range, so the C++ conversion (toward zero) is defined
  return true;
}

// Saturating truncation: NaN gives 0, out-of-range values clamp to the type's limits.
template <typename I, typename F>
constexpr I trunc_sat(F x) {
  if (is_nan(x)) return 0;
  if (trunc_in_range<I>(x)) return static_cast<I>(x);
  return x < F{0} ? std::numeric_limits<I>::min() : std::numeric_limits<I>::max();
}

}  // namespace detail

constexpr uint32_t I32WrapI64(uint64_t a) { return static_cast<uint32_t>(a); }
constexpr uint64_t I64ExtendI32S(uint32_t a) {
  return static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(a)));
}
constexpr uint64_t I64ExtendI32U(uint32_t a) { return a; }

// ---- trapping truncation ----
inline bool I32TruncF32S(float a, uint32_t& out, rt::TrapKind& trap) {
  int32_t r;
  if (!detail::trunc_checked(a, r, trap)) return false;
  out = static_cast<uint32_t>(r);
  return true;
}
inline bool I32TruncF32U(float a, uint32_t& out, rt::TrapKind& trap) {
  return detail::trunc_checked(a, out, trap);
}
inline bool I32TruncF64S(double a, uint32_t& out, rt::TrapKind& trap) {
  int32_t r;
  if (!detail::trunc_checked(a, r, trap)) return false;
  out = static_cast<uint32_t>(r);
  return true;
}
inline bool I32TruncF64U(double a, uint32_t& out, rt::TrapKind& trap) {
  return detail::trunc_checked(a, out, trap);
}
inline bool I64TruncF32S(float a, uint64_t& out, rt::TrapKind& trap) {
  int64_t r;
  if (!detail::trunc_checked(a, r, trap)) return false;
  out = static_cast<uint64_t>(r);
  return true;
}
inline bool I64TruncF32U(float a, uint64_t& out, rt::TrapKind& trap) {
  return detail::trunc_checked(a, out, trap);
}
inline bool I64TruncF64S(double a, uint64_t& out, rt::TrapKind& trap) {
  int64_t r;
  if (!detail::trunc_checked(a, r, trap)) return false;
  out = static_cast<uint64_t>(r);
  return true;
}
inline bool I64TruncF64U(double a, uint64_t& out, rt::TrapKind& trap) {
  return detail::trunc_checked(a, out, trap);
}

// ---- saturating truncation ----
inline uint32_t I32TruncSatF32S(float a) {
  return static_cast<uint32_t>(detail::trunc_sat<int32_t>(a));
}
inline uint32_t I32TruncSatF32U(float a) { return detail::trunc_sat<uint32_t>(a); }
inline uint32_t I32TruncSatF64S(double a) {
  return static_cast<uint32_t>(detail::trunc_sat<int32_t>(a));
}
inline uint32_t I32TruncSatF64U(double a) { return detail::trunc_sat<uint32_t>(a); }
inline uint64_t I64TruncSatF32S(float a) {
  return static_cast<uint64_t>(detail::trunc_sat<int64_t>(a));
}
inline uint64_t I64TruncSatF32U(float a) { return detail::trunc_sat<uint64_t>(a); }
inline uint64_t I64TruncSatF64S(double a) {
  return static_cast<uint64_t>(detail::trunc_sat<int64_t>(a));
}
inline uint64_t I64TruncSatF64U(double a) { return detail::trunc_sat<uint64_t>(a); }

// ---- int -> float ----
// Each is a single C++ conversion of the integer itself, which IEEE hosts round once to
// nearest-even. Going through a wider float first (e.g. i64 -> f64 -> f32) would round twice and
// is avoided on purpose; the tests pin the cases where double rounding would differ.
constexpr float F32ConvertI32S(uint32_t a) { return static_cast<float>(static_cast<int32_t>(a)); }
constexpr float F32ConvertI32U(uint32_t a) { return static_cast<float>(a); }
constexpr float F32ConvertI64S(uint64_t a) { return static_cast<float>(static_cast<int64_t>(a)); }
constexpr float F32ConvertI64U(uint64_t a) { return static_cast<float>(a); }
constexpr double F64ConvertI32S(uint32_t a) { return static_cast<double>(static_cast<int32_t>(a)); }
constexpr double F64ConvertI32U(uint32_t a) { return static_cast<double>(a); }
constexpr double F64ConvertI64S(uint64_t a) { return static_cast<double>(static_cast<int64_t>(a)); }
constexpr double F64ConvertI64U(uint64_t a) { return static_cast<double>(a); }

// ---- float <-> float ----
// Demotion rounds to nearest and overflows to infinity; a NaN stays a (quiet) NaN.
constexpr float F32DemoteF64(double a) { return static_cast<float>(a); }
constexpr double F64PromoteF32(float a) { return static_cast<double>(a); }

// ---- reinterpret ----
constexpr uint32_t I32ReinterpretF32(float a) { return std::bit_cast<uint32_t>(a); }
constexpr uint64_t I64ReinterpretF64(double a) { return std::bit_cast<uint64_t>(a); }
constexpr float F32ReinterpretI32(uint32_t a) { return std::bit_cast<float>(a); }
constexpr double F64ReinterpretI64(uint64_t a) { return std::bit_cast<double>(a); }

}  // namespace wasmrun::ops
