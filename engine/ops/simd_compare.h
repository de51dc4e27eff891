// Lane-wise comparisons: each result lane is all ones where the comparison holds, else zero.
// Float lanes compare as IEEE 754 does (NaN is unordered: only ne holds).
#pragma once

#include <cstdint>

#include "engine/ops/v128_lanes.h"
#include "wasmrun/types.hpp"

namespace wasmrun::ops {

namespace detail {

template <typename T>
inline V128 cmp_eq(const V128& a, const V128& b) {
  return compare<T>(a, b, [](T x, T y) { return x == y; });
}
template <typename T>
inline V128 cmp_ne(const V128& a, const V128& b) {
  return compare<T>(a, b, [](T x, T y) { return x != y; });
}
template <typename T>
inline V128 cmp_lt(const V128& a, const V128& b) {
  return compare<T>(a, b, [](T x, T y) { return x < y; });
}
template <typename T>
inline V128 cmp_gt(const V128& a, const V128& b) {
  return compare<T>(a, b, [](T x, T y) { return x > y; });
}
template <typename T>
inline V128 cmp_le(const V128& a, const V128& b) {
  return compare<T>(a, b, [](T x, T y) { return x <= y; });
}
template <typename T>
inline V128 cmp_ge(const V128& a, const V128& b) {
  return compare<T>(a, b, [](T x, T y) { return x >= y; });
}

}  // namespace detail

// ---- i8x16 ----
inline V128 I8x16Eq(V128 a, V128 b) { return detail::cmp_eq<uint8_t>(a, b); }
inline V128 I8x16Ne(V128 a, V128 b) { return detail::cmp_ne<uint8_t>(a, b); }
inline V128 I8x16LtS(V128 a, V128 b) { return detail::cmp_lt<int8_t>(a, b); }
inline V128 I8x16LtU(V128 a, V128 b) { return detail::cmp_lt<uint8_t>(a, b); }
inline V128 I8x16GtS(V128 a, V128 b) { return detail::cmp_gt<int8_t>(a, b); }
inline V128 I8x16GtU(V128 a, V128 b) { return detail::cmp_gt<uint8_t>(a, b); }
inline V128 I8x16LeS(V128 a, V128 b) { return detail::cmp_le<int8_t>(a, b); }
inline V128 I8x16LeU(V128 a, V128 b) { return detail::cmp_le<uint8_t>(a, b); }
inline V128 I8x16GeS(V128 a, V128 b) { return detail::cmp_ge<int8_t>(a, b); }
inline V128 I8x16GeU(V128 a, V128 b) { return detail::cmp_ge<uint8_t>(a, b); }

// ---- i16x8 ----
inline V128 I16x8Eq(V128 a, V128 b) { return detail::cmp_eq<uint16_t>(a, b); }
inline V128 I16x8Ne(V128 a, V128 b) { return detail::cmp_ne<uint16_t>(a, b); }
inline V128 I16x8LtS(V128 a, V128 b) { return detail::cmp_lt<int16_t>(a, b); }
inline V128 I16x8LtU(V128 a, V128 b) { return detail::cmp_lt<uint16_t>(a, b); }
inline V128 I16x8GtS(V128 a, V128 b) { return detail::cmp_gt<int16_t>(a, b); }
inline V128 I16x8GtU(V128 a, V128 b) { return detail::cmp_gt<uint16_t>(a, b); }
inline V128 I16x8LeS(V128 a, V128 b) { return detail::cmp_le<int16_t>(a, b); }
inline V128 I16x8LeU(V128 a, V128 b) { return detail::cmp_le<uint16_t>(a, b); }
inline V128 I16x8GeS(V128 a, V128 b) { return detail::cmp_ge<int16_t>(a, b); }
inline V128 I16x8GeU(V128 a, V128 b) { return detail::cmp_ge<uint16_t>(a, b); }

// ---- i32x4 ----
inline V128 I32x4Eq(V128 a, V128 b) { return detail::cmp_eq<uint32_t>(a, b); }
inline V128 I32x4Ne(V128 a, V128 b) { return detail::cmp_ne<uint32_t>(a, b); }
inline V128 I32x4LtS(V128 a, V128 b) { return detail::cmp_lt<int32_t>(a, b); }
inline V128 I32x4LtU(V128 a, V128 b) { return detail::cmp_lt<uint32_t>(a, b); }
inline V128 I32x4GtS(V128 a, V128 b) { return detail::cmp_gt<int32_t>(a, b); }
inline V128 I32x4GtU(V128 a, V128 b) { return detail::cmp_gt<uint32_t>(a, b); }
inline V128 I32x4LeS(V128 a, V128 b) { return detail::cmp_le<int32_t>(a, b); }
inline V128 I32x4LeU(V128 a, V128 b) { return detail::cmp_le<uint32_t>(a, b); }
inline V128 I32x4GeS(V128 a, V128 b) { return detail::cmp_ge<int32_t>(a, b); }
inline V128 I32x4GeU(V128 a, V128 b) { return detail::cmp_ge<uint32_t>(a, b); }

// ---- i64x2 (signed only; there are no unsigned i64x2 comparisons) ----
inline V128 I64x2Eq(V128 a, V128 b) { return detail::cmp_eq<uint64_t>(a, b); }
inline V128 I64x2Ne(V128 a, V128 b) { return detail::cmp_ne<uint64_t>(a, b); }
inline V128 I64x2LtS(V128 a, V128 b) { return detail::cmp_lt<int64_t>(a, b); }
inline V128 I64x2GtS(V128 a, V128 b) { return detail::cmp_gt<int64_t>(a, b); }
inline V128 I64x2LeS(V128 a, V128 b) { return detail::cmp_le<int64_t>(a, b); }
inline V128 I64x2GeS(V128 a, V128 b) { return detail::cmp_ge<int64_t>(a, b); }

// ---- f32x4 ----
inline V128 F32x4Eq(V128 a, V128 b) { return detail::cmp_eq<float>(a, b); }
inline V128 F32x4Ne(V128 a, V128 b) { return detail::cmp_ne<float>(a, b); }
inline V128 F32x4Lt(V128 a, V128 b) { return detail::cmp_lt<float>(a, b); }
inline V128 F32x4Gt(V128 a, V128 b) { return detail::cmp_gt<float>(a, b); }
inline V128 F32x4Le(V128 a, V128 b) { return detail::cmp_le<float>(a, b); }
inline V128 F32x4Ge(V128 a, V128 b) { return detail::cmp_ge<float>(a, b); }

// ---- f64x2 ----
inline V128 F64x2Eq(V128 a, V128 b) { return detail::cmp_eq<double>(a, b); }
inline V128 F64x2Ne(V128 a, V128 b) { return detail::cmp_ne<double>(a, b); }
inline V128 F64x2Lt(V128 a, V128 b) { return detail::cmp_lt<double>(a, b); }
inline V128 F64x2Gt(V128 a, V128 b) { return detail::cmp_gt<double>(a, b); }
inline V128 F64x2Le(V128 a, V128 b) { return detail::cmp_le<double>(a, b); }
inline V128 F64x2Ge(V128 a, V128 b) { return detail::cmp_ge<double>(a, b); }

}  // namespace wasmrun::ops
