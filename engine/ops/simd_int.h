// Integer lane arithmetic for i8x16, i16x8, i32x4 and i64x2.
//
// Lanes narrower than int are promoted before arithmetic; the helpers widen to an unsigned type
// of at least 32 bits first so that, e.g., 0xffff * 0xffff cannot overflow a signed int.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "engine/ops/v128_lanes.h"
#include "wasmrun/types.hpp"

namespace wasmrun::ops {

namespace detail {

// Unsigned arithmetic type for lane type T: never promoted to a signed int.
template <typename T>
using WrapT = std::conditional_t<(sizeof(T) < 4), uint32_t, std::make_unsigned_t<T>>;

template <typename U>
inline V128 add(const V128& a, const V128& b) {
  return map2<U>(a, b, [](U x, U y) { return static_cast<U>(WrapT<U>{x} + WrapT<U>{y}); });
}
template <typename U>
inline V128 sub(const V128& a, const V128& b) {
  return map2<U>(a, b, [](U x, U y) { return static_cast<U>(WrapT<U>{x} - WrapT<U>{y}); });
}
template <typename U>
inline V128 mul(const V128& a, const V128& b) {
  return map2<U>(a, b, [](U x, U y) { return static_cast<U>(WrapT<U>{x} * WrapT<U>{y}); });
}
template <typename U>
inline V128 neg(const V128& a) {
  return map1<U>(a, [](U x) { return static_cast<U>(WrapT<U>{0} - WrapT<U>{x}); });
}
// abs of the most negative value wraps to itself.
template <typename S>
inline V128 abs(const V128& a) {
  using U = std::make_unsigned_t<S>;
  return map1<S, U>(a, [](S x) {
    auto u = static_cast<WrapT<S>>(static_cast<U>(x));
    return static_cast<U>(x < 0 ? WrapT<S>{0} - u : u);
  });
}

// Saturating add/sub: only used for 8- and 16-bit lanes, whose exact results fit in int32.
template <typename T>
inline T saturate(int32_t x) {
  return static_cast<T>(
      std::clamp<int32_t>(x, std::numeric_limits<T>::min(), std::numeric_limits<T>::max()));
}
template <typename T>
inline V128 add_sat(const V128& a, const V128& b) {
  static_assert(sizeof(T) <= 2);
  return map2<T>(a, b, [](T x, T y) { return saturate<T>(int32_t{x} + int32_t{y}); });
}
template <typename T>
inline V128 sub_sat(const V128& a, const V128& b) {
  static_assert(sizeof(T) <= 2);
  return map2<T>(a, b, [](T x, T y) { return saturate<T>(int32_t{x} - int32_t{y}); });
}

template <typename T>
inline V128 min(const V128& a, const V128& b) {
  return map2<T>(a, b, [](T x, T y) { return x < y ? x : y; });
}
template <typename T>
inline V128 max(const V128& a, const V128& b) {
  return map2<T>(a, b, [](T x, T y) { return x > y ? x : y; });
}

// Rounding average: (x + y + 1) / 2 without overflow (8- and 16-bit lanes only).
template <typename U>
inline V128 avgr_u(const V128& a, const V128& b) {
  static_assert(sizeof(U) <= 2);
  return map2<U>(a, b,
                 [](U x, U y) { return static_cast<U>((uint32_t{x} + uint32_t{y} + 1) >> 1); });
}

// Shift counts are taken modulo the lane width.
template <typename T>
constexpr uint32_t lane_shift(uint32_t count) {
  return count & (sizeof(T) * 8 - 1);
}
template <typename U>
inline V128 shl(const V128& a, uint32_t count) {
  uint32_t s = lane_shift<U>(count);
  return map1<U>(a, [s](U x) { return static_cast<U>(WrapT<U>{x} << s); });
}
// Arithmetic shift of a (promoted) negative value is well defined since C++20.
template <typename S>
inline V128 shr_s(const V128& a, uint32_t count) {
  uint32_t s = lane_shift<S>(count);
  return map1<S>(a, [s](S x) { return static_cast<S>(x >> s); });
}
template <typename U>
inline V128 shr_u(const V128& a, uint32_t count) {
  uint32_t s = lane_shift<U>(count);
  return map1<U>(a, [s](U x) { return static_cast<U>(x >> s); });
}

template <typename U>
inline uint32_t all_true(const V128& a) {
  auto x = unpack<U>(a);
  bool all = true;
  for (size_t i = 0; i < kLanes<U>; ++i) all &= x[i] != 0;
  return all;
}

// Bit i of the result is the sign bit of lane i.
template <typename S>
inline uint32_t bitmask(const V128& a) {
  auto x = unpack<S>(a);
  uint32_t r = 0;
  for (size_t i = 0; i < kLanes<S>; ++i) r |= static_cast<uint32_t>(x[i] < 0) << i;
  return r;
}

// Wide lane i = extend(a[i + offset]) * extend(b[i + offset]), offset selecting the low or
// high half. The exact product of two extended halves always fits the wide lane type.
template <typename Narrow, typename Wide>
inline V128 extmul(const V128& a, const V128& b, bool high) {
  auto x = unpack<Narrow>(a);
  auto y = unpack<Narrow>(b);
  size_t off = high ? kLanes<Wide> : 0;
  using Calc = std::conditional_t<std::is_signed_v<Wide>, int64_t, uint64_t>;
  LaneArray<Wide> r;
  for (size_t i = 0; i < kLanes<Wide>; ++i) {
    r[i] = static_cast<Wide>(Calc{x[i + off]} * Calc{y[i + off]});
  }
  return pack<Wide>(r);
}

// Wide lane i = extend(a[2i]) + extend(a[2i+1]); the sum always fits the wide lane type.
template <typename Narrow, typename Wide>
inline V128 extadd_pairwise(const V128& a) {
  auto x = unpack<Narrow>(a);
  LaneArray<Wide> r;
  for (size_t i = 0; i < kLanes<Wide>; ++i) {
    r[i] = static_cast<Wide>(static_cast<Wide>(x[2 * i]) + static_cast<Wide>(x[2 * i + 1]));
  }
  return pack<Wide>(r);
}

}  // namespace detail

// ---- i8x16 ----
inline V128 I8x16Abs(V128 a) { return detail::abs<int8_t>(a); }
inline V128 I8x16Neg(V128 a) { return detail::neg<uint8_t>(a); }
inline V128 I8x16Popcnt(V128 a) {
  return detail::map1<uint8_t>(a, [](uint8_t x) { return std::popcount(x); });
}
inline uint32_t I8x16AllTrue(V128 a) { return detail::all_true<uint8_t>(a); }
inline uint32_t I8x16Bitmask(V128 a) { return detail::bitmask<int8_t>(a); }
inline V128 I8x16Shl(V128 a, uint32_t n) { return detail::shl<uint8_t>(a, n); }
inline V128 I8x16ShrS(V128 a, uint32_t n) { return detail::shr_s<int8_t>(a, n); }
inline V128 I8x16ShrU(V128 a, uint32_t n) { return detail::shr_u<uint8_t>(a, n); }
inline V128 I8x16Add(V128 a, V128 b) { return detail::add<uint8_t>(a, b); }
inline V128 I8x16AddSatS(V128 a, V128 b) { return detail::add_sat<int8_t>(a, b); }
inline V128 I8x16AddSatU(V128 a, V128 b) { return detail::add_sat<uint8_t>(a, b); }
inline V128 I8x16Sub(V128 a, V128 b) { return detail::sub<uint8_t>(a, b); }
inline V128 I8x16SubSatS(V128 a, V128 b) { return detail::sub_sat<int8_t>(a, b); }
inline V128 I8x16SubSatU(V128 a, V128 b) { return detail::sub_sat<uint8_t>(a, b); }
inline V128 I8x16MinS(V128 a, V128 b) { return detail::min<int8_t>(a, b); }
inline V128 I8x16MinU(V128 a, V128 b) { return detail::min<uint8_t>(a, b); }
inline V128 I8x16MaxS(V128 a, V128 b) { return detail::max<int8_t>(a, b); }
inline V128 I8x16MaxU(V128 a, V128 b) { return detail::max<uint8_t>(a, b); }
inline V128 I8x16AvgrU(V128 a, V128 b) { return detail::avgr_u<uint8_t>(a, b); }

// ---- i16x8 ----
inline V128 I16x8Abs(V128 a) { return detail::abs<int16_t>(a); }
inline V128 I16x8Neg(V128 a) { return detail::neg<uint16_t>(a); }
inline uint32_t I16x8AllTrue(V128 a) { return detail::all_true<uint16_t>(a); }
inline uint32_t I16x8Bitmask(V128 a) { return detail::bitmask<int16_t>(a); }
inline V128 I16x8Shl(V128 a, uint32_t n) { return detail::shl<uint16_t>(a, n); }
inline V128 I16x8ShrS(V128 a, uint32_t n) { return detail::shr_s<int16_t>(a, n); }
inline V128 I16x8ShrU(V128 a, uint32_t n) { return detail::shr_u<uint16_t>(a, n); }
inline V128 I16x8Add(V128 a, V128 b) { return detail::add<uint16_t>(a, b); }
inline V128 I16x8AddSatS(V128 a, V128 b) { return detail::add_sat<int16_t>(a, b); }
inline V128 I16x8AddSatU(V128 a, V128 b) { return detail::add_sat<uint16_t>(a, b); }
inline V128 I16x8Sub(V128 a, V128 b) { return detail::sub<uint16_t>(a, b); }
inline V128 I16x8SubSatS(V128 a, V128 b) { return detail::sub_sat<int16_t>(a, b); }
inline V128 I16x8SubSatU(V128 a, V128 b) { return detail::sub_sat<uint16_t>(a, b); }
inline V128 I16x8Mul(V128 a, V128 b) { return detail::mul<uint16_t>(a, b); }
inline V128 I16x8MinS(V128 a, V128 b) { return detail::min<int16_t>(a, b); }
inline V128 I16x8MinU(V128 a, V128 b) { return detail::min<uint16_t>(a, b); }
inline V128 I16x8MaxS(V128 a, V128 b) { return detail::max<int16_t>(a, b); }
inline V128 I16x8MaxU(V128 a, V128 b) { return detail::max<uint16_t>(a, b); }
inline V128 I16x8AvgrU(V128 a, V128 b) { return detail::avgr_u<uint16_t>(a, b); }
// Fixed-point Q15 multiply rounding to nearest: (a * b + 2^14) >> 15, saturated. Only
// -32768 * -32768 exceeds the i16 range (it gives 32768, saturated to 32767).
inline V128 I16x8Q15mulrSatS(V128 a, V128 b) {
  return detail::map2<int16_t>(a, b, [](int16_t x, int16_t y) {
    return detail::saturate<int16_t>((int32_t{x} * int32_t{y} + 0x4000) >> 15);
  });
}
inline V128 I16x8ExtaddPairwiseI8x16S(V128 a) {
  return detail::extadd_pairwise<int8_t, int16_t>(a);
}
inline V128 I16x8ExtaddPairwiseI8x16U(V128 a) {
  return detail::extadd_pairwise<uint8_t, uint16_t>(a);
}
inline V128 I16x8ExtmulLowI8x16S(V128 a, V128 b) {
  return detail::extmul<int8_t, int16_t>(a, b, false);
}
inline V128 I16x8ExtmulHighI8x16S(V128 a, V128 b) {
  return detail::extmul<int8_t, int16_t>(a, b, true);
}
inline V128 I16x8ExtmulLowI8x16U(V128 a, V128 b) {
  return detail::extmul<uint8_t, uint16_t>(a, b, false);
}
inline V128 I16x8ExtmulHighI8x16U(V128 a, V128 b) {
  return detail::extmul<uint8_t, uint16_t>(a, b, true);
}

// ---- i32x4 ----
inline V128 I32x4Abs(V128 a) { return detail::abs<int32_t>(a); }
inline V128 I32x4Neg(V128 a) { return detail::neg<uint32_t>(a); }
inline uint32_t I32x4AllTrue(V128 a) { return detail::all_true<uint32_t>(a); }
inline uint32_t I32x4Bitmask(V128 a) { return detail::bitmask<int32_t>(a); }
inline V128 I32x4Shl(V128 a, uint32_t n) { return detail::shl<uint32_t>(a, n); }
inline V128 I32x4ShrS(V128 a, uint32_t n) { return detail::shr_s<int32_t>(a, n); }
inline V128 I32x4ShrU(V128 a, uint32_t n) { return detail::shr_u<uint32_t>(a, n); }
inline V128 I32x4Add(V128 a, V128 b) { return detail::add<uint32_t>(a, b); }
inline V128 I32x4Sub(V128 a, V128 b) { return detail::sub<uint32_t>(a, b); }
inline V128 I32x4Mul(V128 a, V128 b) { return detail::mul<uint32_t>(a, b); }
inline V128 I32x4MinS(V128 a, V128 b) { return detail::min<int32_t>(a, b); }
inline V128 I32x4MinU(V128 a, V128 b) { return detail::min<uint32_t>(a, b); }
inline V128 I32x4MaxS(V128 a, V128 b) { return detail::max<int32_t>(a, b); }
inline V128 I32x4MaxU(V128 a, V128 b) { return detail::max<uint32_t>(a, b); }
// Lane i = a[2i]*b[2i] + a[2i+1]*b[2i+1]. Each product fits i32, but the sum of two
// (-32768)^2 products is 2^31, which wraps to INT32_MIN; the sum is therefore done unsigned.
inline V128 I32x4DotI16x8S(V128 a, V128 b) {
  auto x = detail::unpack<int16_t>(a);
  auto y = detail::unpack<int16_t>(b);
  detail::LaneArray<uint32_t> r;
  for (size_t i = 0; i < 4; ++i) {
    auto p0 = static_cast<uint32_t>(int32_t{x[2 * i]} * int32_t{y[2 * i]});
    auto p1 = static_cast<uint32_t>(int32_t{x[2 * i + 1]} * int32_t{y[2 * i + 1]});
    r[i] = p0 + p1;
  }
  return detail::pack<uint32_t>(r);
}
inline V128 I32x4ExtaddPairwiseI16x8S(V128 a) {
  return detail::extadd_pairwise<int16_t, int32_t>(a);
}
inline V128 I32x4ExtaddPairwiseI16x8U(V128 a) {
  return detail::extadd_pairwise<uint16_t, uint32_t>(a);
}
inline V128 I32x4ExtmulLowI16x8S(V128 a, V128 b) {
  return detail::extmul<int16_t, int32_t>(a, b, false);
}
inline V128 I32x4ExtmulHighI16x8S(V128 a, V128 b) {
  return detail::extmul<int16_t, int32_t>(a, b, true);
}
inline V128 I32x4ExtmulLowI16x8U(V128 a, V128 b) {
  return detail::extmul<uint16_t, uint32_t>(a, b, false);
}
inline V128 I32x4ExtmulHighI16x8U(V128 a, V128 b) {
  return detail::extmul<uint16_t, uint32_t>(a, b, true);
}

// ---- i64x2 ----
inline V128 I64x2Abs(V128 a) { return detail::abs<int64_t>(a); }
inline V128 I64x2Neg(V128 a) { return detail::neg<uint64_t>(a); }
inline uint32_t I64x2AllTrue(V128 a) { return detail::all_true<uint64_t>(a); }
inline uint32_t I64x2Bitmask(V128 a) { return detail::bitmask<int64_t>(a); }
inline V128 I64x2Shl(V128 a, uint32_t n) { return detail::shl<uint64_t>(a, n); }
inline V128 I64x2ShrS(V128 a, uint32_t n) { return detail::shr_s<int64_t>(a, n); }
inline V128 I64x2ShrU(V128 a, uint32_t n) { return detail::shr_u<uint64_t>(a, n); }
inline V128 I64x2Add(V128 a, V128 b) { return detail::add<uint64_t>(a, b); }
inline V128 I64x2Sub(V128 a, V128 b) { return detail::sub<uint64_t>(a, b); }
inline V128 I64x2Mul(V128 a, V128 b) { return detail::mul<uint64_t>(a, b); }
inline V128 I64x2ExtmulLowI32x4S(V128 a, V128 b) {
  return detail::extmul<int32_t, int64_t>(a, b, false);
}
inline V128 I64x2ExtmulHighI32x4S(V128 a, V128 b) {
  return detail::extmul<int32_t, int64_t>(a, b, true);
}
inline V128 I64x2ExtmulLowI32x4U(V128 a, V128 b) {
  return detail::extmul<uint32_t, uint64_t>(a, b, false);
}
inline V128 I64x2ExtmulHighI32x4U(V128 a, V128 b) {
  return detail::extmul<uint32_t, uint64_t>(a, b, true);
}

}  // namespace wasmrun::ops
