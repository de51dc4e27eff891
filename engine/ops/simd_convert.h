// SIMD lane-shape conversions: narrow, extend, int<->float convert, trunc_sat, demote/promote.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>

#include "engine/ops/scalar_convert.h"
#include "engine/ops/v128_lanes.h"
#include "wasmrun/types.hpp"

namespace wasmrun::ops {

namespace detail {

// Lanes 0..n-1 come from a and n..2n-1 from b, each signed wide lane saturated to Narrow
// (for the _u forms Narrow is unsigned, so negative inputs become 0).
template <typename Wide, typename Narrow>
inline V128 narrow(const V128& a, const V128& b) {
  auto x = unpack<Wide>(a);
  auto y = unpack<Wide>(b);
  constexpr size_t n = kLanes<Wide>;
  constexpr Wide lo = static_cast<Wide>(std::numeric_limits<Narrow>::min());
  constexpr Wide hi = static_cast<Wide>(std::numeric_limits<Narrow>::max());
  LaneArray<Narrow> r;
  for (size_t i = 0; i < n; ++i) {
    r[i] = static_cast<Narrow>(std::clamp(x[i], lo, hi));
    r[i + n] = static_cast<Narrow>(std::clamp(y[i], lo, hi));
  }
  return pack<Narrow>(r);
}

// Extends the low or high half of the narrow lanes; the signedness of Narrow decides sign or
// zero extension.
template <typename Narrow, typename Wide>
inline V128 extend(const V128& a, bool high) {
  auto x = unpack<Narrow>(a);
  size_t off = high ? kLanes<Wide> : 0;
  LaneArray<Wide> r;
  for (size_t i = 0; i < kLanes<Wide>; ++i) r[i] = static_cast<Wide>(x[i + off]);
  return pack<Wide>(r);
}

}  // namespace detail

// ---- narrow ----
inline V128 I8x16NarrowI16x8S(V128 a, V128 b) { return detail::narrow<int16_t, int8_t>(a, b); }
inline V128 I8x16NarrowI16x8U(V128 a, V128 b) { return detail::narrow<int16_t, uint8_t>(a, b); }
inline V128 I16x8NarrowI32x4S(V128 a, V128 b) { return detail::narrow<int32_t, int16_t>(a, b); }
inline V128 I16x8NarrowI32x4U(V128 a, V128 b) { return detail::narrow<int32_t, uint16_t>(a, b); }

// ---- extend ----
inline V128 I16x8ExtendLowI8x16S(V128 a) { return detail::extend<int8_t, int16_t>(a, false); }
inline V128 I16x8ExtendHighI8x16S(V128 a) { return detail::extend<int8_t, int16_t>(a, true); }
inline V128 I16x8ExtendLowI8x16U(V128 a) { return detail::extend<uint8_t, uint16_t>(a, false); }
inline V128 I16x8ExtendHighI8x16U(V128 a) { return detail::extend<uint8_t, uint16_t>(a, true); }
inline V128 I32x4ExtendLowI16x8S(V128 a) { return detail::extend<int16_t, int32_t>(a, false); }
inline V128 I32x4ExtendHighI16x8S(V128 a) { return detail::extend<int16_t, int32_t>(a, true); }
inline V128 I32x4ExtendLowI16x8U(V128 a) { return detail::extend<uint16_t, uint32_t>(a, false); }
inline V128 I32x4ExtendHighI16x8U(V128 a) { return detail::extend<uint16_t, uint32_t>(a, true); }
inline V128 I64x2ExtendLowI32x4S(V128 a) { return detail::extend<int32_t, int64_t>(a, false); }
inline V128 I64x2ExtendHighI32x4S(V128 a) { return detail::extend<int32_t, int64_t>(a, true); }
inline V128 I64x2ExtendLowI32x4U(V128 a) { return detail::extend<uint32_t, uint64_t>(a, false); }
inline V128 I64x2ExtendHighI32x4U(V128 a) { return detail::extend<uint32_t, uint64_t>(a, true); }

// ---- float -> int (saturating, NaN -> 0) ----
inline V128 I32x4TruncSatF32x4S(V128 a) {
  return detail::map1<float, int32_t>(a, detail::trunc_sat<int32_t, float>);
}
inline V128 I32x4TruncSatF32x4U(V128 a) {
  return detail::map1<float, uint32_t>(a, detail::trunc_sat<uint32_t, float>);
}
// The two f64 lanes become i32 lanes 0 and 1; lanes 2 and 3 are zero.
inline V128 I32x4TruncSatF64x2SZero(V128 a) {
  auto x = detail::unpack<double>(a);
  return detail::pack<int32_t>(
      {detail::trunc_sat<int32_t>(x[0]), detail::trunc_sat<int32_t>(x[1]), 0, 0});
}
inline V128 I32x4TruncSatF64x2UZero(V128 a) {
  auto x = detail::unpack<double>(a);
  return detail::pack<uint32_t>(
      {detail::trunc_sat<uint32_t>(x[0]), detail::trunc_sat<uint32_t>(x[1]), 0, 0});
}

// ---- int -> float (each a single, round-to-nearest conversion) ----
inline V128 F32x4ConvertI32x4S(V128 a) {
  return detail::map1<int32_t, float>(a, [](int32_t x) { return static_cast<float>(x); });
}
inline V128 F32x4ConvertI32x4U(V128 a) {
  return detail::map1<uint32_t, float>(a, [](uint32_t x) { return static_cast<float>(x); });
}
// Exact: every i32 is a double.
inline V128 F64x2ConvertLowI32x4S(V128 a) {
  auto x = detail::unpack<int32_t>(a);
  return detail::pack<double>({static_cast<double>(x[0]), static_cast<double>(x[1])});
}
inline V128 F64x2ConvertLowI32x4U(V128 a) {
  auto x = detail::unpack<uint32_t>(a);
  return detail::pack<double>({static_cast<double>(x[0]), static_cast<double>(x[1])});
}

// ---- float <-> float ----
inline V128 F32x4DemoteF64x2Zero(V128 a) {
  auto x = detail::unpack<double>(a);
  return detail::pack<float>({static_cast<float>(x[0]), static_cast<float>(x[1]), 0.0f, 0.0f});
}
inline V128 F64x2PromoteLowF32x4(V128 a) {
  auto x = detail::unpack<float>(a);
  return detail::pack<double>({static_cast<double>(x[0]), static_cast<double>(x[1])});
}

}  // namespace wasmrun::ops
