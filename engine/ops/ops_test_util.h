// Test helpers: build V128 values from lane lists and read lanes back, bit patterns of floats.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <type_traits>

#include "wasmrun/types.hpp"

namespace wasmrun::ops::testing {

// Lanes in order 0..n-1; the tests run on little-endian hosts, like linear memory.
template <typename T>
V128 make(std::initializer_list<T> lanes) {
  V128 v;
  size_t i = 0;
  for (T x : lanes) std::memcpy(v.bytes + sizeof(T) * i++, &x, sizeof(T));
  return v;
}

template <typename T>
std::array<T, 16 / sizeof(T)> lanes(const V128& v) {
  std::array<T, 16 / sizeof(T)> r;
  std::memcpy(r.data(), v.bytes, 16);
  return r;
}

// Hides a value from the optimizer (GCC and Clang), so that a test exercises the code that runs
// and not the compiler's constant folding, which rounds and quiets NaNs by its own rules.
template <typename T>
T opaque(T x) {
  asm volatile("" : "+m"(x));
  return x;
}

// Calls an op with every argument passed through opaque().
template <typename R, typename... P>
R call(R (*fn)(P...), std::type_identity_t<P>... args) {
  return fn(opaque<P>(args)...);
}

inline float f32(uint32_t bits) { return std::bit_cast<float>(bits); }
inline double f64(uint64_t bits) { return std::bit_cast<double>(bits); }
inline uint32_t bits(float x) { return std::bit_cast<uint32_t>(x); }
inline uint64_t bits(double x) { return std::bit_cast<uint64_t>(x); }

// A quiet NaN has the most significant fraction bit set: what the specification calls an
// arithmetic NaN.
inline bool is_arithmetic_nan(float x) { return x != x && (bits(x) & 0x0040'0000u) != 0; }
inline bool is_arithmetic_nan(double x) {
  return x != x && (bits(x) & 0x0008'0000'0000'0000u) != 0;
}

}  // namespace wasmrun::ops::testing
