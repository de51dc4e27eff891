// Relaxed SIMD (WebAssembly 3.0): the one result wasmrun gives for each relaxed instruction.
// The proposal lets an engine pick among several results (whatever the host's instruction
// computes); wasmrun picks one per operation, and every tier on every architecture computes
// exactly that, so interpreter and JIT agree bit for bit (the differential test compares them).
// Where a non-relaxed instruction with an allowed result exists, its semantics are the choice:
//
//   i8x16.relaxed_swizzle            = i8x16.swizzle (an index >= 16 selects 0)
//   i32x4.relaxed_trunc_*            = i32x4.trunc_sat_* (saturating, NaN -> 0)
//   f32x4/f64x2.relaxed_min/max      = f32x4/f64x2.min/max
//   i16x8.relaxed_q15mulr_s          = i16x8.q15mulr_sat_s
//   *.relaxed_laneselect             = v128.bitselect (bit by bit, whatever the mask lanes hold)
//   f32x4/f64x2.relaxed_madd         = a * b + c, not fused: the product is rounded, then the sum
//   f32x4/f64x2.relaxed_nmadd        = c - a * b, not fused
//   i16x8.relaxed_dot_i8x16_i7x16_s  = both operands read as signed i8; each lane the sum of two
//                                      adjacent products, wrapped to 16 bits
//   i32x4.relaxed_dot_i8x16_i7x16_add_s
//                                    = that i16x8 dot product, adjacent lanes summed to i32
//                                      (i32x4.extadd_pairwise_i16x8_s), plus c (wrapping)
//
// Unfused madd needs no FMA unit (x64 without FMA3 emits it inline). The products and sums use
// detail::fmul/fadd (scalar_float.h), whose NaN choice is fixed, so the compiler's operand order
// cannot change which NaN comes out; c - p is not commutative and needs no such care.
#pragma once

#include <cstdint>

#include "engine/ops/simd_basic.h"
#include "engine/ops/simd_convert.h"
#include "engine/ops/simd_float.h"
#include "engine/ops/simd_int.h"
#include "engine/ops/v128_lanes.h"
#include "wasmrun/types.hpp"

namespace wasmrun::ops {

namespace detail {

// Two roundings, never contracted into one: the product is a separate call's result.
template <typename F>
F madd_lane(F a, F b, F c) {
  return fadd(fmul(a, b), c);
}
template <typename F>
F nmadd_lane(F a, F b, F c) {
  const F p = fmul(a, b);
  return c - p;
}

template <typename F, typename Fn>
V128 map3(const V128& a, const V128& b, const V128& c, Fn f) {
  auto x = unpack<F>(a);
  auto y = unpack<F>(b);
  auto z = unpack<F>(c);
  LaneArray<F> r;
  for (size_t i = 0; i < kLanes<F>; ++i) r[i] = f(x[i], y[i], z[i]);
  return pack<F>(r);
}

}  // namespace detail

inline V128 I8x16RelaxedSwizzle(V128 a, V128 b) { return I8x16Swizzle(a, b); }

inline V128 I32x4RelaxedTruncF32x4S(V128 a) { return I32x4TruncSatF32x4S(a); }
inline V128 I32x4RelaxedTruncF32x4U(V128 a) { return I32x4TruncSatF32x4U(a); }
inline V128 I32x4RelaxedTruncF64x2SZero(V128 a) { return I32x4TruncSatF64x2SZero(a); }
inline V128 I32x4RelaxedTruncF64x2UZero(V128 a) { return I32x4TruncSatF64x2UZero(a); }

inline V128 F32x4RelaxedMadd(V128 a, V128 b, V128 c) {
  return detail::map3<float>(a, b, c, detail::madd_lane<float>);
}
inline V128 F32x4RelaxedNmadd(V128 a, V128 b, V128 c) {
  return detail::map3<float>(a, b, c, detail::nmadd_lane<float>);
}
inline V128 F64x2RelaxedMadd(V128 a, V128 b, V128 c) {
  return detail::map3<double>(a, b, c, detail::madd_lane<double>);
}
inline V128 F64x2RelaxedNmadd(V128 a, V128 b, V128 c) {
  return detail::map3<double>(a, b, c, detail::nmadd_lane<double>);
}

inline V128 I8x16RelaxedLaneselect(V128 a, V128 b, V128 c) { return V128Bitselect(a, b, c); }
inline V128 I16x8RelaxedLaneselect(V128 a, V128 b, V128 c) { return V128Bitselect(a, b, c); }
inline V128 I32x4RelaxedLaneselect(V128 a, V128 b, V128 c) { return V128Bitselect(a, b, c); }
inline V128 I64x2RelaxedLaneselect(V128 a, V128 b, V128 c) { return V128Bitselect(a, b, c); }

inline V128 F32x4RelaxedMin(V128 a, V128 b) { return F32x4Min(a, b); }
inline V128 F32x4RelaxedMax(V128 a, V128 b) { return F32x4Max(a, b); }
inline V128 F64x2RelaxedMin(V128 a, V128 b) { return F64x2Min(a, b); }
inline V128 F64x2RelaxedMax(V128 a, V128 b) { return F64x2Max(a, b); }

inline V128 I16x8RelaxedQ15mulrS(V128 a, V128 b) { return I16x8Q15mulrSatS(a, b); }

inline V128 I16x8RelaxedDotI8x16I7x16S(V128 a, V128 b) {
  auto x = detail::unpack<int8_t>(a);
  auto y = detail::unpack<int8_t>(b);
  detail::LaneArray<int16_t> r;
  for (size_t i = 0; i < 8; ++i) {
    const int32_t sum = x[2 * i] * y[2 * i] + x[2 * i + 1] * y[2 * i + 1];  // up to 2^15
    r[i] = static_cast<int16_t>(static_cast<uint16_t>(sum));
  }
  return detail::pack<int16_t>(r);
}
inline V128 I32x4RelaxedDotI8x16I7x16AddS(V128 a, V128 b, V128 c) {
  return I32x4Add(I32x4ExtaddPairwiseI16x8S(I16x8RelaxedDotI8x16I7x16S(a, b)), c);
}

}  // namespace wasmrun::ops
