// Float lane arithmetic for f32x4 and f64x2, lane by lane with the scalar semantics.
#pragma once

#include <cmath>
#include <cstdint>

#include "engine/ops/float_bits.h"
#include "engine/ops/scalar_float.h"
#include "engine/ops/v128_lanes.h"
#include "wasmrun/types.hpp"

namespace wasmrun::ops {

namespace detail {

// Pseudo-min/max are defined as plain comparisons (matching C's `b < a ? b : a`): with a NaN or
// two zeros the first operand is returned, unlike min/max.
template <typename F>
constexpr F pmin(F a, F b) {
  return b < a ? b : a;
}
template <typename F>
constexpr F pmax(F a, F b) {
  return a < b ? b : a;
}

}  // namespace detail

// ---- f32x4 ----
// abs/neg work on the integer lane bits, so no NaN ever passes through a float register.
inline V128 F32x4Abs(V128 a) {
  return detail::map1<uint32_t>(a, [](uint32_t x) { return x & 0x7fff'ffffu; });
}
inline V128 F32x4Neg(V128 a) {
  return detail::map1<uint32_t>(a, [](uint32_t x) { return x ^ 0x8000'0000u; });
}
inline V128 F32x4Sqrt(V128 a) {
  return detail::map1<float>(a, [](float x) { return std::sqrt(x); });
}
inline V128 F32x4Ceil(V128 a) { return detail::map1<float>(a, detail::fceil<float>); }
inline V128 F32x4Floor(V128 a) { return detail::map1<float>(a, detail::ffloor<float>); }
inline V128 F32x4Trunc(V128 a) { return detail::map1<float>(a, detail::ftrunc<float>); }
inline V128 F32x4Nearest(V128 a) { return detail::map1<float>(a, detail::fnearest<float>); }
inline V128 F32x4Add(V128 a, V128 b) { return detail::map2<float>(a, b, detail::fadd<float>); }
inline V128 F32x4Sub(V128 a, V128 b) {
  return detail::map2<float>(a, b, [](float x, float y) { return x - y; });
}
inline V128 F32x4Mul(V128 a, V128 b) { return detail::map2<float>(a, b, detail::fmul<float>); }
inline V128 F32x4Div(V128 a, V128 b) {
  return detail::map2<float>(a, b, [](float x, float y) { return x / y; });
}
inline V128 F32x4Min(V128 a, V128 b) { return detail::map2<float>(a, b, detail::fmin_wasm<float>); }
inline V128 F32x4Max(V128 a, V128 b) { return detail::map2<float>(a, b, detail::fmax_wasm<float>); }
inline V128 F32x4Pmin(V128 a, V128 b) { return detail::map2<float>(a, b, detail::pmin<float>); }
inline V128 F32x4Pmax(V128 a, V128 b) { return detail::map2<float>(a, b, detail::pmax<float>); }

// ---- f64x2 ----
inline V128 F64x2Abs(V128 a) {
  return detail::map1<uint64_t>(a, [](uint64_t x) { return x & 0x7fff'ffff'ffff'ffffu; });
}
inline V128 F64x2Neg(V128 a) {
  return detail::map1<uint64_t>(a, [](uint64_t x) { return x ^ 0x8000'0000'0000'0000u; });
}
inline V128 F64x2Sqrt(V128 a) {
  return detail::map1<double>(a, [](double x) { return std::sqrt(x); });
}
inline V128 F64x2Ceil(V128 a) { return detail::map1<double>(a, detail::fceil<double>); }
inline V128 F64x2Floor(V128 a) { return detail::map1<double>(a, detail::ffloor<double>); }
inline V128 F64x2Trunc(V128 a) { return detail::map1<double>(a, detail::ftrunc<double>); }
inline V128 F64x2Nearest(V128 a) { return detail::map1<double>(a, detail::fnearest<double>); }
inline V128 F64x2Add(V128 a, V128 b) { return detail::map2<double>(a, b, detail::fadd<double>); }
inline V128 F64x2Sub(V128 a, V128 b) {
  return detail::map2<double>(a, b, [](double x, double y) { return x - y; });
}
inline V128 F64x2Mul(V128 a, V128 b) { return detail::map2<double>(a, b, detail::fmul<double>); }
inline V128 F64x2Div(V128 a, V128 b) {
  return detail::map2<double>(a, b, [](double x, double y) { return x / y; });
}
inline V128 F64x2Min(V128 a, V128 b) {
  return detail::map2<double>(a, b, detail::fmin_wasm<double>);
}
inline V128 F64x2Max(V128 a, V128 b) {
  return detail::map2<double>(a, b, detail::fmax_wasm<double>);
}
inline V128 F64x2Pmin(V128 a, V128 b) { return detail::map2<double>(a, b, detail::pmin<double>); }
inline V128 F64x2Pmax(V128 a, V128 b) { return detail::map2<double>(a, b, detail::pmax<double>); }

}  // namespace wasmrun::ops
