// Whole-vector SIMD instructions: splat, lane extract/replace, shuffle, swizzle, bitwise ops.
#pragma once

#include <cstdint>
#include <cstring>

#include "engine/ops/v128_lanes.h"
#include "wasmrun/types.hpp"

namespace wasmrun::ops {

namespace detail {

template <typename T>
inline V128 splat(T x) {
  LaneArray<T> r;
  r.fill(x);
  return pack<T>(r);
}

// Byte-wise a op b on the two 128-bit operands.
template <typename Fn>
inline V128 bytewise(const V128& a, const V128& b, Fn f) {
  V128 r;
  for (int i = 0; i < 16; ++i) r.bytes[i] = static_cast<uint8_t>(f(a.bytes[i], b.bytes[i]));
  return r;
}

}  // namespace detail

// ---- splat ----
inline V128 I8x16Splat(uint32_t x) { return detail::splat(static_cast<uint8_t>(x)); }
inline V128 I16x8Splat(uint32_t x) { return detail::splat(static_cast<uint16_t>(x)); }
inline V128 I32x4Splat(uint32_t x) { return detail::splat(x); }
inline V128 I64x2Splat(uint64_t x) { return detail::splat(x); }
inline V128 F32x4Splat(float x) { return detail::splat(x); }
inline V128 F64x2Splat(double x) { return detail::splat(x); }

// ---- extract_lane / replace_lane (replace keeps the low bits of a wider scalar) ----
inline uint32_t I8x16ExtractLaneS(V128 v, uint8_t lane) {
  return static_cast<uint32_t>(static_cast<int32_t>(detail::get_lane<int8_t>(v, lane)));
}
inline uint32_t I8x16ExtractLaneU(V128 v, uint8_t lane) {
  return detail::get_lane<uint8_t>(v, lane);
}
inline V128 I8x16ReplaceLane(V128 v, uint32_t x, uint8_t lane) {
  return detail::set_lane(v, lane, static_cast<uint8_t>(x));
}
inline uint32_t I16x8ExtractLaneS(V128 v, uint8_t lane) {
  return static_cast<uint32_t>(static_cast<int32_t>(detail::get_lane<int16_t>(v, lane)));
}
inline uint32_t I16x8ExtractLaneU(V128 v, uint8_t lane) {
  return detail::get_lane<uint16_t>(v, lane);
}
inline V128 I16x8ReplaceLane(V128 v, uint32_t x, uint8_t lane) {
  return detail::set_lane(v, lane, static_cast<uint16_t>(x));
}
inline uint32_t I32x4ExtractLane(V128 v, uint8_t lane) {
  return detail::get_lane<uint32_t>(v, lane);
}
inline V128 I32x4ReplaceLane(V128 v, uint32_t x, uint8_t lane) {
  return detail::set_lane(v, lane, x);
}
inline uint64_t I64x2ExtractLane(V128 v, uint8_t lane) {
  return detail::get_lane<uint64_t>(v, lane);
}
inline V128 I64x2ReplaceLane(V128 v, uint64_t x, uint8_t lane) {
  return detail::set_lane(v, lane, x);
}
inline float F32x4ExtractLane(V128 v, uint8_t lane) { return detail::get_lane<float>(v, lane); }
inline V128 F32x4ReplaceLane(V128 v, float x, uint8_t lane) { return detail::set_lane(v, lane, x); }
inline double F64x2ExtractLane(V128 v, uint8_t lane) { return detail::get_lane<double>(v, lane); }
inline V128 F64x2ReplaceLane(V128 v, double x, uint8_t lane) {
  return detail::set_lane(v, lane, x);
}

// ---- byte permutations ----
// Indexes 0-15 select from a, 16-31 from b. The decoder rejects indexes >= 32; masking with 31
// keeps an unvalidated one inside the 32 source bytes.
inline V128 I8x16Shuffle(V128 a, V128 b, const uint8_t* lanes) {
  uint8_t both[32];
  std::memcpy(both, a.bytes, 16);
  std::memcpy(both + 16, b.bytes, 16);
  V128 r;
  for (int i = 0; i < 16; ++i) r.bytes[i] = both[lanes[i] & 31];
  return r;
}

// Unlike shuffle the indexes are runtime values; any index >= 16 selects zero.
inline V128 I8x16Swizzle(V128 a, V128 b) {
  V128 r;
  for (int i = 0; i < 16; ++i) {
    uint8_t idx = b.bytes[i];
    r.bytes[i] = idx < 16 ? a.bytes[idx] : uint8_t{0};
  }
  return r;
}

// ---- bitwise ----
inline V128 V128Not(V128 a) {
  V128 r;
  for (int i = 0; i < 16; ++i) r.bytes[i] = static_cast<uint8_t>(~a.bytes[i]);
  return r;
}
inline V128 V128And(V128 a, V128 b) {
  return detail::bytewise(a, b, [](uint8_t x, uint8_t y) { return x & y; });
}
inline V128 V128AndNot(V128 a, V128 b) {
  return detail::bytewise(a, b, [](uint8_t x, uint8_t y) { return x & ~y; });
}
inline V128 V128Or(V128 a, V128 b) {
  return detail::bytewise(a, b, [](uint8_t x, uint8_t y) { return x | y; });
}
inline V128 V128Xor(V128 a, V128 b) {
  return detail::bytewise(a, b, [](uint8_t x, uint8_t y) { return x ^ y; });
}
// Each result bit comes from a where the mask bit in c is 1, from b where it is 0.
inline V128 V128Bitselect(V128 a, V128 b, V128 c) {
  V128 r;
  for (int i = 0; i < 16; ++i) {
    r.bytes[i] = static_cast<uint8_t>((a.bytes[i] & c.bytes[i]) | (b.bytes[i] & ~c.bytes[i]));
  }
  return r;
}
inline uint32_t V128AnyTrue(V128 a) {
  uint8_t any = 0;
  for (int i = 0; i < 16; ++i) any |= a.bytes[i];
  return any != 0;
}

}  // namespace wasmrun::ops
