// f32 and f64 instructions: comparisons and arithmetic.
//
// add/sub/mul/div/sqrt use the host's IEEE 754 arithmetic, which already returns the
// specification's results (any NaN it produces is a canonical or arithmetic NaN). abs, neg and
// copysign only touch the sign bit, so NaN payloads pass through them unchanged.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>

#include "engine/ops/float_bits.h"

namespace wasmrun::ops {

namespace detail {

// The NaN result of min/max (and of the SIMD lane add/mul) when an operand is a NaN: the one the
// host's own instructions produce, quieted, so that JIT code using them matches bit for bit. x86
// (minps merged with addps) takes the first NaN operand; arm64 (fmin/fmax) the first signalling
// one, else the first quiet one. Doubling quiets a NaN, as any arithmetic does, and keeps a
// canonical NaN canonical, as the specification requires. Not `a + b`: the compiler may commute
// that sum, and which NaN came out would then depend on its code generation.
template <typename F>
constexpr F min_max_nan(F a, F b) {
#if defined(__aarch64__)
  using U = typename FloatBits<F>::U;
  constexpr U kQuiet = FloatBits<F>::kSign >> (sizeof(F) == 4 ? 9 : 12);  // top mantissa bit
  auto signalling = [](F x) { return is_nan(x) && !(std::bit_cast<U>(x) & kQuiet); };
  if (!is_nan(a) || (signalling(b) && !signalling(a))) return b + b;
  return a + a;
#else
  return is_nan(a) ? a + a : b + b;
#endif
}

// Add and mul with the NaN of two NaN operands fixed (the host instructions' choice,
// min_max_nan), scalar and lane alike: `x + y` alone is commutative, so the compiler may swap the
// operands and which NaN comes out would depend on its code generation, in each place the
// operation is compiled (the interpreter's handler, the JIT's helper), while the JIT's own
// instruction keeps the wasm operand order.
// The common path tests only the result, so that the interpreter's float handlers stay short.
template <typename F>
constexpr F fadd(F a, F b) {
  F r = a + b;
  return is_nan(r) && is_nan(a) && is_nan(b) ? min_max_nan(a, b) : r;
}
template <typename F>
constexpr F fmul(F a, F b) {
  F r = a * b;
  return is_nan(r) && is_nan(a) && is_nan(b) ? min_max_nan(a, b) : r;
}

// wasm min/max differ from std::fmin/fmax: a NaN operand makes the result NaN, and -0 < +0.
template <typename F>
constexpr F fmin_wasm(F a, F b) {
  if (is_nan(a) || is_nan(b)) return min_max_nan(a, b);
  if (a == b) {
    // Equal values only differ in bits for +0 and -0; OR-ing the sign picks -0.
    using U = typename FloatBits<F>::U;
    return std::bit_cast<F>(std::bit_cast<U>(a) | std::bit_cast<U>(b));
  }
  return a < b ? a : b;
}

template <typename F>
constexpr F fmax_wasm(F a, F b) {
  if (is_nan(a) || is_nan(b)) return min_max_nan(a, b);
  if (a == b) {
    using U = typename FloatBits<F>::U;
    return std::bit_cast<F>(std::bit_cast<U>(a) & std::bit_cast<U>(b));
  }
  return a > b ? a : b;
}

// The rounding functions must turn a signalling NaN into a quiet one, as for arithmetic; the
// library versions may return the input unchanged (GCC inlines them as bit manipulation), so
// NaNs take the arithmetic path.
template <typename F>
inline F fceil(F a) {
  return is_nan(a) ? a + a : std::ceil(a);
}
template <typename F>
inline F ffloor(F a) {
  return is_nan(a) ? a + a : std::floor(a);
}
template <typename F>
inline F ftrunc(F a) {
  return is_nan(a) ? a + a : std::trunc(a);
}
// Round half to even. nearbyint follows the current rounding mode, which the engine never
// changes from the default round-to-nearest-even; unlike rint it raises no inexact exception.
template <typename F>
inline F fnearest(F a) {
  return is_nan(a) ? a + a : std::nearbyint(a);
}

}  // namespace detail

// ---- comparisons (an unordered comparison is false, except ne which is true) ----
constexpr uint32_t F32Eq(float a, float b) { return a == b; }
constexpr uint32_t F32Ne(float a, float b) { return a != b; }
constexpr uint32_t F32Lt(float a, float b) { return a < b; }
constexpr uint32_t F32Gt(float a, float b) { return a > b; }
constexpr uint32_t F32Le(float a, float b) { return a <= b; }
constexpr uint32_t F32Ge(float a, float b) { return a >= b; }
constexpr uint32_t F64Eq(double a, double b) { return a == b; }
constexpr uint32_t F64Ne(double a, double b) { return a != b; }
constexpr uint32_t F64Lt(double a, double b) { return a < b; }
constexpr uint32_t F64Gt(double a, double b) { return a > b; }
constexpr uint32_t F64Le(double a, double b) { return a <= b; }
constexpr uint32_t F64Ge(double a, double b) { return a >= b; }

// ---- f32 arithmetic ----
constexpr float F32Abs(float a) { return detail::fabs_bits(a); }
constexpr float F32Neg(float a) { return detail::fneg_bits(a); }
inline float F32Ceil(float a) { return detail::fceil(a); }
inline float F32Floor(float a) { return detail::ffloor(a); }
inline float F32Trunc(float a) { return detail::ftrunc(a); }
inline float F32Nearest(float a) { return detail::fnearest(a); }
inline float F32Sqrt(float a) { return std::sqrt(a); }
constexpr float F32Add(float a, float b) { return detail::fadd(a, b); }
constexpr float F32Sub(float a, float b) { return a - b; }
constexpr float F32Mul(float a, float b) { return detail::fmul(a, b); }
constexpr float F32Div(float a, float b) { return a / b; }
constexpr float F32Min(float a, float b) { return detail::fmin_wasm(a, b); }
constexpr float F32Max(float a, float b) { return detail::fmax_wasm(a, b); }
constexpr float F32Copysign(float a, float b) { return detail::fcopysign_bits(a, b); }

// ---- f64 arithmetic ----
constexpr double F64Abs(double a) { return detail::fabs_bits(a); }
constexpr double F64Neg(double a) { return detail::fneg_bits(a); }
inline double F64Ceil(double a) { return detail::fceil(a); }
inline double F64Floor(double a) { return detail::ffloor(a); }
inline double F64Trunc(double a) { return detail::ftrunc(a); }
inline double F64Nearest(double a) { return detail::fnearest(a); }
inline double F64Sqrt(double a) { return std::sqrt(a); }
constexpr double F64Add(double a, double b) { return detail::fadd(a, b); }
constexpr double F64Sub(double a, double b) { return a - b; }
constexpr double F64Mul(double a, double b) { return detail::fmul(a, b); }
constexpr double F64Div(double a, double b) { return a / b; }
constexpr double F64Min(double a, double b) { return detail::fmin_wasm(a, b); }
constexpr double F64Max(double a, double b) { return detail::fmax_wasm(a, b); }
constexpr double F64Copysign(double a, double b) { return detail::fcopysign_bits(a, b); }

}  // namespace wasmrun::ops
