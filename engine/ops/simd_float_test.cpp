#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>

#include "engine/ops/ops_test_util.h"
#include "engine/ops/simd.h"

namespace wasmrun::ops {
namespace {

using testing::bits;
using testing::call;
using testing::f32;
using testing::f64;
using testing::is_arithmetic_nan;
using testing::lanes;
using testing::make;

using U32s = std::array<uint32_t, 4>;
using U64s = std::array<uint64_t, 2>;
using F32s = std::array<float, 4>;
using F64s = std::array<double, 2>;

const float kNaN = std::numeric_limits<float>::quiet_NaN();
const double kNaN64 = std::numeric_limits<double>::quiet_NaN();

TEST(SimdFloat, MinMaxPropagateNaNAndOrderZeros) {
  V128 a = make<float>({kNaN, 1.0f, 0.0f, -0.0f});
  V128 b = make<float>({1.0f, kNaN, -0.0f, 0.0f});
  auto mn = lanes<float>(call(&F32x4Min, a, b));
  auto mx = lanes<float>(call(&F32x4Max, a, b));
  EXPECT_TRUE(std::isnan(mn[0]));
  EXPECT_TRUE(std::isnan(mn[1]));
  EXPECT_EQ(bits(mn[2]), 0x8000'0000u);
  EXPECT_EQ(bits(mn[3]), 0x8000'0000u);
  EXPECT_TRUE(std::isnan(mx[0]));
  EXPECT_TRUE(std::isnan(mx[1]));
  EXPECT_EQ(bits(mx[2]), 0u);
  EXPECT_EQ(bits(mx[3]), 0u);
  EXPECT_TRUE(
      is_arithmetic_nan(lanes<float>(call(&F32x4Min, make<float>({f32(0x7f80'0001u)}), a))[0]));

  V128 c = make<double>({kNaN64, -0.0});
  V128 d = make<double>({-1.0, 0.0});
  auto dmn = lanes<double>(call(&F64x2Min, c, d));
  auto dmx = lanes<double>(call(&F64x2Max, d, c));
  EXPECT_TRUE(std::isnan(dmn[0]));
  EXPECT_EQ(bits(dmn[1]), 0x8000'0000'0000'0000u);
  EXPECT_TRUE(std::isnan(dmx[0]));
  EXPECT_EQ(bits(dmx[1]), 0u);
  EXPECT_EQ(lanes<double>(call(&F64x2Min, make<double>({1.0, 2.0}), make<double>({3.0, -2.0}))),
            (F64s{1.0, -2.0}));
}

TEST(SimdFloat, PseudoMinMaxAreComparisons) {
  // pmin(a, b) = b < a ? b : a: a NaN or equal operands give the first operand.
  V128 a = make<float>({kNaN, 1.0f, 0.0f, -0.0f});
  V128 b = make<float>({1.0f, kNaN, -0.0f, 0.0f});
  auto mn = lanes<float>(call(&F32x4Pmin, a, b));
  EXPECT_TRUE(std::isnan(mn[0]));
  EXPECT_EQ(mn[1], 1.0f);
  EXPECT_EQ(bits(mn[2]), 0u);
  EXPECT_EQ(bits(mn[3]), 0x8000'0000u);
  auto mx = lanes<float>(call(&F32x4Pmax, a, b));
  EXPECT_TRUE(std::isnan(mx[0]));
  EXPECT_EQ(mx[1], 1.0f);
  EXPECT_EQ(bits(mx[2]), 0u);
  EXPECT_EQ(bits(mx[3]), 0x8000'0000u);
  EXPECT_EQ(lanes<float>(call(&F32x4Pmin, make<float>({3, 1, 2, 2}), make<float>({1, 3, 2, -2}))),
            (F32s{1, 1, 2, -2}));
  EXPECT_EQ(lanes<float>(call(&F32x4Pmax, make<float>({3, 1, 2, 2}), make<float>({1, 3, 2, -2}))),
            (F32s{3, 3, 2, 2}));
  auto dmn =
      lanes<double>(call(&F64x2Pmin, make<double>({1.0, kNaN64}), make<double>({kNaN64, -1.0})));
  EXPECT_EQ(dmn[0], 1.0);
  EXPECT_TRUE(std::isnan(dmn[1]));
  auto dmx = lanes<double>(call(&F64x2Pmax, make<double>({-0.0, 1.0}), make<double>({0.0, 2.0})));
  EXPECT_EQ(bits(dmx[0]), 0x8000'0000'0000'0000u);
  EXPECT_EQ(dmx[1], 2.0);
}

TEST(SimdFloat, Rounding) {
  V128 v = make<float>({0.5f, 1.5f, 2.5f, -0.5f});
  auto n = lanes<float>(call(&F32x4Nearest, v));
  EXPECT_EQ(bits(n[0]), 0u);
  EXPECT_EQ(n[1], 2.0f);
  EXPECT_EQ(n[2], 2.0f);
  EXPECT_EQ(bits(n[3]), 0x8000'0000u);
  EXPECT_EQ(lanes<float>(call(&F32x4Ceil, v)), (F32s{1.0f, 2.0f, 3.0f, -0.0f}));
  EXPECT_EQ(bits(lanes<float>(call(&F32x4Ceil, v))[3]), 0x8000'0000u);
  EXPECT_EQ(lanes<float>(call(&F32x4Floor, v)), (F32s{0.0f, 1.0f, 2.0f, -1.0f}));
  EXPECT_EQ(lanes<float>(call(&F32x4Trunc, make<float>({-1.7f, 1.7f, 0, 0}))), (F32s{-1, 1, 0, 0}));
  EXPECT_TRUE(
      is_arithmetic_nan(lanes<float>(call(&F32x4Ceil, make<float>({f32(0x7f80'0001u)})))[0]));
  V128 d = make<double>({2.5, -3.5});
  EXPECT_EQ(lanes<double>(call(&F64x2Nearest, d)), (F64s{2.0, -4.0}));
  EXPECT_EQ(lanes<double>(call(&F64x2Ceil, d)), (F64s{3.0, -3.0}));
  EXPECT_EQ(lanes<double>(call(&F64x2Floor, d)), (F64s{2.0, -4.0}));
  EXPECT_EQ(lanes<double>(call(&F64x2Trunc, d)), (F64s{2.0, -3.0}));
  EXPECT_TRUE(is_arithmetic_nan(
      lanes<double>(call(&F64x2Floor, make<double>({f64(0x7ff0'0000'0000'0001u)})))[0]));
}

TEST(SimdFloat, ArithmeticAndSignOps) {
  V128 a = make<float>({1.0f, -2.0f, 3.0f, f32(0x7fa0'0001u)});
  V128 b = make<float>({0.5f, 4.0f, 0.0f, 1.0f});
  EXPECT_EQ(lanes<float>(call(&F32x4Add, a, b))[0], 1.5f);
  EXPECT_EQ(lanes<float>(call(&F32x4Sub, a, b))[1], -6.0f);
  EXPECT_EQ(lanes<float>(call(&F32x4Mul, a, b))[1], -8.0f);
  EXPECT_EQ(lanes<float>(call(&F32x4Div, a, b))[2], INFINITY);
  EXPECT_EQ(lanes<float>(call(&F32x4Sqrt, make<float>({4.0f, 9.0f, 0, 0})))[1], 3.0f);
  EXPECT_TRUE(is_arithmetic_nan(lanes<float>(call(&F32x4Add, a, b))[3]));
  // abs/neg keep signalling NaN payloads.
  EXPECT_EQ(lanes<uint32_t>(call(&F32x4Abs, a)),
            (U32s{0x3f80'0000u, 0x4000'0000u, 0x4040'0000u, 0x7fa0'0001u}));
  EXPECT_EQ(lanes<uint32_t>(call(&F32x4Neg, a)),
            (U32s{0xbf80'0000u, 0x4000'0000u, 0xc040'0000u, 0xffa0'0001u}));
  V128 c = make<double>({f64(0xfff0'0000'0000'0001u), -0.0});
  EXPECT_EQ(lanes<uint64_t>(call(&F64x2Abs, c)), (U64s{0x7ff0'0000'0000'0001u, 0}));
  EXPECT_EQ(lanes<uint64_t>(call(&F64x2Neg, c)), (U64s{0x7ff0'0000'0000'0001u, 0}));
  V128 d = make<double>({9.0, -1.0});
  V128 e = make<double>({3.0, 4.0});
  EXPECT_EQ(lanes<double>(call(&F64x2Add, d, e)), (F64s{12.0, 3.0}));
  EXPECT_EQ(lanes<double>(call(&F64x2Sub, d, e)), (F64s{6.0, -5.0}));
  EXPECT_EQ(lanes<double>(call(&F64x2Mul, d, e)), (F64s{27.0, -4.0}));
  EXPECT_EQ(lanes<double>(call(&F64x2Div, d, e)), (F64s{3.0, -0.25}));
  EXPECT_EQ(lanes<double>(call(&F64x2Sqrt, d))[0], 3.0);
  EXPECT_TRUE(std::isnan(lanes<double>(call(&F64x2Sqrt, d))[1]));
}

TEST(SimdFloat, Comparisons) {
  V128 a = make<float>({kNaN, 1.0f, -0.0f, 2.0f});
  V128 b = make<float>({kNaN, 2.0f, 0.0f, 1.0f});
  EXPECT_EQ(lanes<uint32_t>(call(&F32x4Eq, a, b)), (U32s{0, 0, ~0u, 0}));
  EXPECT_EQ(lanes<uint32_t>(call(&F32x4Ne, a, b)), (U32s{~0u, ~0u, 0, ~0u}));
  EXPECT_EQ(lanes<uint32_t>(call(&F32x4Lt, a, b)), (U32s{0, ~0u, 0, 0}));
  EXPECT_EQ(lanes<uint32_t>(call(&F32x4Gt, a, b)), (U32s{0, 0, 0, ~0u}));
  EXPECT_EQ(lanes<uint32_t>(call(&F32x4Le, a, b)), (U32s{0, ~0u, ~0u, 0}));
  EXPECT_EQ(lanes<uint32_t>(call(&F32x4Ge, a, b)), (U32s{0, 0, ~0u, ~0u}));
  V128 c = make<double>({kNaN64, 1.0});
  V128 d = make<double>({1.0, 1.0});
  EXPECT_EQ(lanes<uint64_t>(call(&F64x2Eq, c, d)), (U64s{0, ~0ull}));
  EXPECT_EQ(lanes<uint64_t>(call(&F64x2Ne, c, d)), (U64s{~0ull, 0}));
  EXPECT_EQ(lanes<uint64_t>(call(&F64x2Lt, c, d)), (U64s{0, 0}));
  EXPECT_EQ(lanes<uint64_t>(call(&F64x2Gt, c, d)), (U64s{0, 0}));
  EXPECT_EQ(lanes<uint64_t>(call(&F64x2Le, c, d)), (U64s{0, ~0ull}));
  EXPECT_EQ(lanes<uint64_t>(call(&F64x2Ge, c, d)), (U64s{0, ~0ull}));
}

TEST(SimdConvert, TruncSatLanes) {
  V128 f = make<float>({kNaN, 3e9f, -3e9f, -1.9f});
  EXPECT_EQ(lanes<uint32_t>(call(&I32x4TruncSatF32x4S, f)),
            (U32s{0, 0x7fff'ffffu, 0x8000'0000u, 0xffff'ffffu}));
  EXPECT_EQ(lanes<uint32_t>(call(&I32x4TruncSatF32x4U, f)), (U32s{0, 3'000'000'000u, 0, 0}));
  EXPECT_EQ(
      lanes<uint32_t>(call(&I32x4TruncSatF32x4U, make<float>({5e9f, 4294967040.0f, 0.9f, 1.1f}))),
      (U32s{0xffff'ffffu, 0xffff'ff00u, 0, 1}));
  V128 d = make<double>({-2147483648.9, kNaN64});
  EXPECT_EQ(lanes<uint32_t>(call(&I32x4TruncSatF64x2SZero, d)), (U32s{0x8000'0000u, 0, 0, 0}));
  EXPECT_EQ(lanes<uint32_t>(call(&I32x4TruncSatF64x2SZero, make<double>({1e10, -7.5}))),
            (U32s{0x7fff'ffffu, static_cast<uint32_t>(-7), 0, 0}));
  EXPECT_EQ(lanes<uint32_t>(call(&I32x4TruncSatF64x2UZero, make<double>({4294967295.9, -0.5}))),
            (U32s{0xffff'ffffu, 0, 0, 0}));
  EXPECT_EQ(lanes<uint32_t>(call(&I32x4TruncSatF64x2UZero, make<double>({1e10, -2.0}))),
            (U32s{0xffff'ffffu, 0, 0, 0}));
}

TEST(SimdConvert, IntToFloatLanes) {
  V128 i = make<uint32_t>({0x8000'0000u, 0xffff'ffffu, 16777217, 0x8000'0081u});
  EXPECT_EQ(lanes<float>(call(&F32x4ConvertI32x4S, i)),
            (F32s{-2147483648.0f, -1.0f, 16777216.0f, -2147483520.0f}));
  auto u = lanes<uint32_t>(call(&F32x4ConvertI32x4U, i));
  EXPECT_EQ(u, (U32s{0x4f00'0000u, 0x4f80'0000u, 0x4b80'0000u, 0x4f00'0001u}));
  EXPECT_EQ(lanes<double>(call(&F64x2ConvertLowI32x4S, i)), (F64s{-2147483648.0, -1.0}));
  EXPECT_EQ(lanes<double>(call(&F64x2ConvertLowI32x4U, i)), (F64s{2147483648.0, 4294967295.0}));
}

TEST(SimdConvert, DemotePromoteLanes) {
  V128 d = make<double>({1e300, 1.0 + std::ldexp(1.0, -24) + std::ldexp(1.0, -50)});
  EXPECT_EQ(lanes<uint32_t>(call(&F32x4DemoteF64x2Zero, d)),
            (U32s{0x7f80'0000u, 0x3f80'0001u, 0, 0}));
  EXPECT_TRUE(
      is_arithmetic_nan(lanes<float>(call(&F32x4DemoteF64x2Zero, make<double>({kNaN64, 0})))[0]));
  V128 f = make<float>({-1.5f, f32(1u), 99.0f, 100.0f});
  EXPECT_EQ(lanes<double>(call(&F64x2PromoteLowF32x4, f)), (F64s{-1.5, std::ldexp(1.0, -149)}));
}

}  // namespace
}  // namespace wasmrun::ops
