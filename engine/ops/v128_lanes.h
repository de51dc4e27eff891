// Lane-wise views of a V128: unpack into an array of lanes, operate, pack back.
//
// Working on a plain array keeps every SIMD operation a simple loop over lanes, which compilers
// vectorize; the byte order conversion is a no-op on little-endian hosts.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "engine/ops/le_bytes.h"
#include "wasmrun/types.hpp"

namespace wasmrun::ops::detail {

template <size_t N>
struct UintOfSizeT;
template <>
struct UintOfSizeT<1> {
  using type = uint8_t;
};
template <>
struct UintOfSizeT<2> {
  using type = uint16_t;
};
template <>
struct UintOfSizeT<4> {
  using type = uint32_t;
};
template <>
struct UintOfSizeT<8> {
  using type = uint64_t;
};
// The unsigned integer type with the same width as a lane.
template <size_t N>
using UintOfSize = typename UintOfSizeT<N>::type;

template <typename T>
constexpr size_t kLanes = 16 / sizeof(T);

template <typename T>
using LaneArray = std::array<T, kLanes<T>>;

template <typename T>
inline LaneArray<T> unpack(const V128& v) {
  LaneArray<T> r;
  for (size_t i = 0; i < kLanes<T>; ++i) r[i] = load_le<T>(v.bytes + i * sizeof(T));
  return r;
}

template <typename T>
inline V128 pack(const LaneArray<T>& lanes) {
  V128 r;
  for (size_t i = 0; i < kLanes<T>; ++i) store_le<T>(r.bytes + i * sizeof(T), lanes[i]);
  return r;
}

// Lane index immediates are validated before execution; masking keeps an invalid one from
// reaching outside the 16 bytes anyway.
template <typename T>
inline T get_lane(const V128& v, uint8_t lane) {
  return load_le<T>(v.bytes + (lane & (kLanes<T> - 1)) * sizeof(T));
}

template <typename T>
inline V128 set_lane(V128 v, uint8_t lane, T x) {
  store_le<T>(v.bytes + (lane & (kLanes<T> - 1)) * sizeof(T), x);
  return v;
}

// r[i] = f(a[i])
template <typename T, typename R = T, typename Fn>
inline V128 map1(const V128& a, Fn f) {
  static_assert(sizeof(T) == sizeof(R));
  auto x = unpack<T>(a);
  LaneArray<R> r;
  for (size_t i = 0; i < kLanes<T>; ++i) r[i] = static_cast<R>(f(x[i]));
  return pack<R>(r);
}

// r[i] = f(a[i], b[i])
template <typename T, typename R = T, typename Fn>
inline V128 map2(const V128& a, const V128& b, Fn f) {
  static_assert(sizeof(T) == sizeof(R));
  auto x = unpack<T>(a);
  auto y = unpack<T>(b);
  LaneArray<R> r;
  for (size_t i = 0; i < kLanes<T>; ++i) r[i] = static_cast<R>(f(x[i], y[i]));
  return pack<R>(r);
}

// Comparison results: all ones in a lane where the predicate holds, zero elsewhere.
template <typename T, typename Pred>
inline V128 compare(const V128& a, const V128& b, Pred p) {
  using U = UintOfSize<sizeof(T)>;
  return map2<T, U>(a, b, [p](T x, T y) { return p(x, y) ? static_cast<U>(~U{0}) : U{0}; });
}

}  // namespace wasmrun::ops::detail
