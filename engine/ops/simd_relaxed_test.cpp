// The one result wasmrun gives for each relaxed SIMD instruction (simd_relaxed.h): equal to the
// non-relaxed twin where there is one, unfused madd/nmadd, wrapping i8 dot products.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <random>

#include "engine/ops/ops_test_util.h"
#include "engine/ops/simd.h"

namespace wasmrun::ops {
namespace {

using testing::bits;
using testing::call;
using testing::f32;
using testing::f64;
using testing::lanes;
using testing::make;

// Random vectors with NaNs, -0 and out-of-range floats mixed in.
std::vector<V128> sample_vectors() {
  std::vector<V128> out;
  std::mt19937_64 rng(11);
  const uint32_t special[] = {0x7fc00000u, 0xffc00001u, 0x7fa00001u, 0x80000000u, 0u,
                              0x4f000000u, 0xcf000001u, 0x7f800000u, 0x00ff00ffu, 0x10111213u};
  for (int i = 0; i < 200; ++i) {
    uint32_t l[4];
    for (uint32_t& x : l) x = rng() % 2 ? special[rng() % 10] : static_cast<uint32_t>(rng());
    out.push_back(make<uint32_t>({l[0], l[1], l[2], l[3]}));
  }
  return out;
}

TEST(SimdRelaxed, TwinsGiveTheNonRelaxedResult) {
  auto v = sample_vectors();
  for (size_t i = 0; i + 2 < v.size(); ++i) {
    const V128 a = v[i], b = v[i + 1], c = v[i + 2];
    EXPECT_EQ(call(&I8x16RelaxedSwizzle, a, b), call(&I8x16Swizzle, a, b));
    EXPECT_EQ(call(&I32x4RelaxedTruncF32x4S, a), call(&I32x4TruncSatF32x4S, a));
    EXPECT_EQ(call(&I32x4RelaxedTruncF32x4U, a), call(&I32x4TruncSatF32x4U, a));
    EXPECT_EQ(call(&I32x4RelaxedTruncF64x2SZero, a), call(&I32x4TruncSatF64x2SZero, a));
    EXPECT_EQ(call(&I32x4RelaxedTruncF64x2UZero, a), call(&I32x4TruncSatF64x2UZero, a));
    EXPECT_EQ(call(&F32x4RelaxedMin, a, b), call(&F32x4Min, a, b));
    EXPECT_EQ(call(&F32x4RelaxedMax, a, b), call(&F32x4Max, a, b));
    EXPECT_EQ(call(&F64x2RelaxedMin, a, b), call(&F64x2Min, a, b));
    EXPECT_EQ(call(&F64x2RelaxedMax, a, b), call(&F64x2Max, a, b));
    EXPECT_EQ(call(&I16x8RelaxedQ15mulrS, a, b), call(&I16x8Q15mulrSatS, a, b));
    for (auto* select : {&I8x16RelaxedLaneselect, &I16x8RelaxedLaneselect, &I32x4RelaxedLaneselect,
                         &I64x2RelaxedLaneselect}) {
      EXPECT_EQ(call(select, a, b, c), call(&V128Bitselect, a, b, c));
    }
    // Unfused: the product as f32x4.mul/f64x2.mul gives it, then the add or subtract.
    EXPECT_EQ(call(&F32x4RelaxedMadd, a, b, c), call(&F32x4Add, F32x4Mul(a, b), c));
    EXPECT_EQ(call(&F32x4RelaxedNmadd, a, b, c), call(&F32x4Sub, c, F32x4Mul(a, b)));
    EXPECT_EQ(call(&F64x2RelaxedMadd, a, b, c), call(&F64x2Add, F64x2Mul(a, b), c));
    EXPECT_EQ(call(&F64x2RelaxedNmadd, a, b, c), call(&F64x2Sub, c, F64x2Mul(a, b)));
  }
}

// 1 + 2^-12 squared is 1 + 2^-11 + 2^-24; rounded first, minus 1 + 2^-11 it is 0 (fused: 2^-24).
TEST(SimdRelaxed, MaddRoundsTheProduct) {
  const float x = f32(0x3f800800u), y = f32(0x3f801000u);
  V128 a = make<float>({x, x, x, 2.0f});
  V128 c = make<float>({-y, -y, -y, 1.0f});
  EXPECT_EQ(lanes<uint32_t>(call(&F32x4RelaxedMadd, a, a, c)),
            (std::array<uint32_t, 4>{0, 0, 0, bits(5.0f)}));
  V128 nc = make<float>({y, y, y, 1.0f});
  EXPECT_EQ(lanes<uint32_t>(call(&F32x4RelaxedNmadd, a, a, nc)),
            (std::array<uint32_t, 4>{0, 0, 0, bits(-3.0f)}));
  // f64: (1 + 2^-27)^2 = 1 + 2^-26 + 2^-54 rounds to 1 + 2^-26.
  const double p = f64(0x3ff0000002000000ull), q = f64(0x3ff0000004000000ull);
  V128 d = make<double>({p, 3.0});
  EXPECT_EQ(lanes<uint64_t>(call(&F64x2RelaxedMadd, d, d, make<double>({-q, -1.0}))),
            (std::array<uint64_t, 2>{0, bits(8.0)}));
  EXPECT_EQ(lanes<uint64_t>(call(&F64x2RelaxedNmadd, d, d, make<double>({q, 1.0}))),
            (std::array<uint64_t, 2>{0, bits(-8.0)}));
}

// The spec script's values (relaxed_dot_product.wast, which wast2json 1.0.32 cannot convert),
// and the wrap of (-128)(-128) * 2 = 32768 that no script checks.
TEST(SimdRelaxed, DotProducts) {
  V128 a = make<int8_t>({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
  EXPECT_EQ(lanes<int16_t>(call(&I16x8RelaxedDotI8x16I7x16S, a, a)),
            (std::array<int16_t, 8>{1, 13, 41, 85, 145, 221, 313, 421}));
  EXPECT_EQ(lanes<int32_t>(call(&I32x4RelaxedDotI8x16I7x16AddS, a, a, make<int32_t>({0, 1, 2, 3}))),
            (std::array<int32_t, 4>{14, 127, 368, 737}));
  V128 m = make<int8_t>({-128, -128, 127, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  V128 n = make<int8_t>({127, 127, 127, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  EXPECT_EQ(lanes<int16_t>(call(&I16x8RelaxedDotI8x16I7x16S, m, n)),
            (std::array<int16_t, 8>{-32512, 32258, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(lanes<int32_t>(call(&I32x4RelaxedDotI8x16I7x16AddS, m, n, make<int32_t>({1, 2, 3, 4}))),
            (std::array<int32_t, 4>{-254 + 1, 2, 3, 4}));
  V128 low = make<int8_t>({-128, -128, -128, -128, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  EXPECT_EQ(lanes<int16_t>(call(&I16x8RelaxedDotI8x16I7x16S, low, low)),
            (std::array<int16_t, 8>{-32768, -32768, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(
      lanes<int32_t>(call(&I32x4RelaxedDotI8x16I7x16AddS, low, low, make<int32_t>({0, 0, 0, 0}))),
      (std::array<int32_t, 4>{-65536, 0, 0, 0}));
}

}  // namespace
}  // namespace wasmrun::ops
