// Bit-level views of f32/f64 shared by the scalar and SIMD float operations.
#pragma once

#include <bit>
#include <cstdint>

namespace wasmrun::ops::detail {

template <typename F>
struct FloatBits;
template <>
struct FloatBits<float> {
  using U = uint32_t;
  static constexpr U kSign = 0x8000'0000u;
};
template <>
struct FloatBits<double> {
  using U = uint64_t;
  static constexpr U kSign = 0x8000'0000'0000'0000u;
};

template <typename F>
constexpr F fabs_bits(F a) {
  using B = FloatBits<F>;
  return std::bit_cast<F>(std::bit_cast<typename B::U>(a) & ~B::kSign);
}

template <typename F>
constexpr F fneg_bits(F a) {
  using B = FloatBits<F>;
  return std::bit_cast<F>(std::bit_cast<typename B::U>(a) ^ B::kSign);
}

template <typename F>
constexpr F fcopysign_bits(F a, F b) {
  using B = FloatBits<F>;
  auto ua = std::bit_cast<typename B::U>(a);
  auto ub = std::bit_cast<typename B::U>(b);
  return std::bit_cast<F>((ua & ~B::kSign) | (ub & B::kSign));
}

// A NaN is the only value unequal to itself; unlike std::isnan this is usable in constexpr.
template <typename F>
constexpr bool is_nan(F x) {
  return x != x;
}

}  // namespace wasmrun::ops::detail
