#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

#include "engine/ops/numeric.h"
#include "engine/ops/ops_test_util.h"

namespace wasmrun::ops {
namespace {

using testing::bits;
using testing::call;
using testing::f32;
using testing::f64;
using testing::is_arithmetic_nan;

constexpr uint32_t kF32PosZero = 0x0000'0000u;
constexpr uint32_t kF32NegZero = 0x8000'0000u;
constexpr uint64_t kF64NegZero = 0x8000'0000'0000'0000u;
const float kNaN = std::numeric_limits<float>::quiet_NaN();
const double kNaN64 = std::numeric_limits<double>::quiet_NaN();

TEST(ScalarFloat, MinMaxPropagateNaN) {
  EXPECT_TRUE(std::isnan(call(&F32Min, kNaN, 1.0f)));
  EXPECT_TRUE(std::isnan(call(&F32Min, 1.0f, kNaN)));
  EXPECT_TRUE(std::isnan(call(&F32Max, kNaN, -INFINITY)));
  EXPECT_TRUE(std::isnan(call(&F32Max, INFINITY, kNaN)));
  EXPECT_TRUE(std::isnan(call(&F64Min, kNaN64, 0.0)));
  EXPECT_TRUE(std::isnan(call(&F64Max, 0.0, kNaN64)));
  // A signalling NaN operand gives a quiet (arithmetic) NaN.
  EXPECT_TRUE(is_arithmetic_nan(call(&F32Min, f32(0x7fa0'0000u), 1.0f)));
  EXPECT_TRUE(is_arithmetic_nan(call(&F64Max, 1.0, f64(0x7ff4'0000'0000'0000u))));
}

// Which NaN comes out is fixed (the host's min/max instruction's choice, quieted), not left to
// how the compiler orders a sum: the JIT's code has to reproduce it bit for bit.
TEST(ScalarFloat, MinMaxNaNIsTheHostInstructionsChoice) {
  const float qa = f32(0x7fc0'1234u), qb = f32(0xffc0'5678u), sb = f32(0x7f80'5678u);
  EXPECT_EQ(std::bit_cast<uint32_t>(call(&F32Min, qa, qb)), 0x7fc0'1234u);
  EXPECT_EQ(std::bit_cast<uint32_t>(call(&F32Max, qb, qa)), 0xffc0'5678u);
  EXPECT_EQ(std::bit_cast<uint32_t>(call(&F32Min, 1.0f, sb)), 0x7fc0'5678u);
  EXPECT_EQ(std::bit_cast<uint64_t>(call(&F64Max, 2.0, f64(0xfff0'0000'0000'0001u))),
            0xfff8'0000'0000'0001u);
#if defined(__aarch64__)
  // arm64's fmin/fmax pick a signalling NaN before a quiet one.
  EXPECT_EQ(std::bit_cast<uint32_t>(call(&F32Min, qa, sb)), 0x7fc0'5678u);
#else
  // x86 (minps merged with addps) picks the first NaN operand.
  EXPECT_EQ(std::bit_cast<uint32_t>(call(&F32Min, qa, sb)), 0x7fc0'1234u);
#endif
}

TEST(ScalarFloat, MinMaxOrderSignedZeros) {
  EXPECT_EQ(bits(call(&F32Min, 0.0f, -0.0f)), kF32NegZero);
  EXPECT_EQ(bits(call(&F32Min, -0.0f, 0.0f)), kF32NegZero);
  EXPECT_EQ(bits(call(&F32Max, 0.0f, -0.0f)), kF32PosZero);
  EXPECT_EQ(bits(call(&F32Max, -0.0f, 0.0f)), kF32PosZero);
  EXPECT_EQ(bits(call(&F64Min, 0.0, -0.0)), kF64NegZero);
  EXPECT_EQ(bits(call(&F64Max, -0.0, 0.0)), 0u);
  EXPECT_EQ(call(&F32Min, -1.0f, 2.0f), -1.0f);
  EXPECT_EQ(call(&F32Max, -1.0f, 2.0f), 2.0f);
  EXPECT_EQ(call(&F64Min, -INFINITY, 2.0), -INFINITY);
  EXPECT_EQ(call(&F64Max, -INFINITY, 2.0), 2.0);
}

TEST(ScalarFloat, NearestRoundsHalfToEven) {
  EXPECT_EQ(bits(call(&F32Nearest, 0.5f)), kF32PosZero);
  EXPECT_EQ(call(&F32Nearest, 1.5f), 2.0f);
  EXPECT_EQ(call(&F32Nearest, 2.5f), 2.0f);
  EXPECT_EQ(call(&F32Nearest, 3.5f), 4.0f);
  EXPECT_EQ(bits(call(&F32Nearest, -0.5f)), kF32NegZero);
  EXPECT_EQ(call(&F32Nearest, -1.5f), -2.0f);
  EXPECT_EQ(call(&F32Nearest, 4194303.5f), 4194304.0f);
  EXPECT_EQ(call(&F32Nearest, 8388609.0f), 8388609.0f);  // already integral
  EXPECT_EQ(bits(call(&F64Nearest, 0.5)), 0u);
  EXPECT_EQ(call(&F64Nearest, 1.5), 2.0);
  EXPECT_EQ(call(&F64Nearest, 2.5), 2.0);
  EXPECT_EQ(bits(call(&F64Nearest, -0.5)), kF64NegZero);
  EXPECT_EQ(call(&F64Nearest, 4503599627370495.5), 4503599627370496.0);
  EXPECT_EQ(call(&F64Nearest, -INFINITY), -INFINITY);
}

TEST(ScalarFloat, CeilFloorTruncKeepSignOfZero) {
  EXPECT_EQ(bits(call(&F32Ceil, -0.5f)), kF32NegZero);
  EXPECT_EQ(call(&F32Ceil, 1.25f), 2.0f);
  EXPECT_EQ(call(&F32Floor, -0.5f), -1.0f);
  EXPECT_EQ(bits(call(&F32Floor, -0.0f)), kF32NegZero);
  EXPECT_EQ(bits(call(&F32Trunc, -0.75f)), kF32NegZero);
  EXPECT_EQ(call(&F32Trunc, -1.75f), -1.0f);
  EXPECT_EQ(bits(call(&F64Ceil, -0.5)), kF64NegZero);
  EXPECT_EQ(call(&F64Floor, 1.999), 1.0);
  EXPECT_EQ(call(&F64Trunc, -1e300), -1e300);
}

TEST(ScalarFloat, RoundingOpsQuietNaNs) {
  const float snan = f32(0x7fa0'0000u);
  EXPECT_TRUE(is_arithmetic_nan(call(&F32Ceil, snan)));
  EXPECT_TRUE(is_arithmetic_nan(call(&F32Floor, snan)));
  EXPECT_TRUE(is_arithmetic_nan(call(&F32Trunc, snan)));
  EXPECT_TRUE(is_arithmetic_nan(call(&F32Nearest, snan)));
  EXPECT_TRUE(is_arithmetic_nan(call(&F32Sqrt, snan)));
  const double snan64 = f64(0x7ff4'0000'0000'0000u);
  EXPECT_TRUE(is_arithmetic_nan(call(&F64Ceil, snan64)));
  EXPECT_TRUE(is_arithmetic_nan(call(&F64Nearest, snan64)));
  EXPECT_TRUE(std::isnan(call(&F32Sqrt, -1.0f)));
  EXPECT_EQ(bits(call(&F64Sqrt, -0.0)), kF64NegZero);
}

TEST(ScalarFloat, SignOpsAreBitOperations) {
  // Payloads (even of signalling NaNs) survive abs, neg and copysign unchanged.
  EXPECT_EQ(bits(call(&F32Abs, f32(0xffa0'0001u))), 0x7fa0'0001u);
  EXPECT_EQ(bits(call(&F32Neg, f32(0x7fa0'0001u))), 0xffa0'0001u);
  EXPECT_EQ(bits(call(&F32Neg, 0.0f)), kF32NegZero);
  EXPECT_EQ(bits(call(&F64Abs, f64(0xfff0'0000'0000'0001u))), 0x7ff0'0000'0000'0001u);
  EXPECT_EQ(bits(call(&F64Neg, f64(0x7ff0'0000'0000'0001u))), 0xfff0'0000'0000'0001u);
  EXPECT_EQ(bits(call(&F32Copysign, f32(0x7fa0'0001u), -1.0f)), 0xffa0'0001u);
  EXPECT_EQ(call(&F32Copysign, 1.0f, f32(0xffc0'0000u)), -1.0f);
  EXPECT_EQ(call(&F32Copysign, -1.0f, f32(0x7fc0'0000u)), 1.0f);
  EXPECT_EQ(bits(call(&F64Copysign, f64(0x7ff8'0000'0000'0123u), -0.0)), 0xfff8'0000'0000'0123u);
  EXPECT_EQ(call(&F64Copysign, 2.0, f64(0xfff8'0000'0000'0000u)), -2.0);
}

TEST(ScalarFloat, ArithmeticAndComparisons) {
  EXPECT_EQ(call(&F32Add, 0.1f, 0.2f), 0.1f + 0.2f);
  EXPECT_EQ(call(&F32Sub, 1.0f, 1.0f), 0.0f);
  EXPECT_EQ(call(&F32Div, 1.0f, 0.0f), INFINITY);
  EXPECT_TRUE(std::isnan(call(&F32Mul, 0.0f, INFINITY)));
  EXPECT_EQ(call(&F64Div, -1.0, 0.0), -INFINITY);
  EXPECT_EQ(call(&F64Sqrt, 2.0), std::sqrt(2.0));
  EXPECT_EQ(call(&F32Eq, kNaN, kNaN), 0u);
  EXPECT_EQ(call(&F32Ne, kNaN, kNaN), 1u);
  EXPECT_EQ(call(&F32Lt, kNaN, 1.0f), 0u);
  EXPECT_EQ(call(&F32Ge, kNaN, 1.0f), 0u);
  EXPECT_EQ(call(&F32Eq, 0.0f, -0.0f), 1u);
  EXPECT_EQ(call(&F64Le, -0.0, 0.0), 1u);
  EXPECT_EQ(call(&F64Gt, kNaN64, 0.0), 0u);
  EXPECT_EQ(call(&F64Ne, 1.0, 2.0), 1u);
}

}  // namespace
}  // namespace wasmrun::ops
