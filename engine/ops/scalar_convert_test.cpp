#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "engine/ops/numeric.h"
#include "engine/ops/ops_test_util.h"
#include "runtime/trap.h"

namespace wasmrun::ops {
namespace {

using rt::TrapKind;
using testing::bits;
using testing::call;
using testing::f32;
using testing::f64;
using testing::is_arithmetic_nan;

const float kNaN = std::numeric_limits<float>::quiet_NaN();
const double kNaN64 = std::numeric_limits<double>::quiet_NaN();

// Runs a trapping truncation; returns the result or records the trap.
template <typename Out, typename In>
struct Trunc {
  bool ok;
  Out value;
  TrapKind trap;
};
template <typename Out, typename In>
Trunc<Out, In> run(bool (*fn)(In, Out&, TrapKind&), std::type_identity_t<In> x) {
  Trunc<Out, In> r{false, Out{0x5a}, TrapKind::Unreachable};
  r.ok = fn(testing::opaque(x), r.value, r.trap);
  return r;
}

#define EXPECT_TRUNC(fn, x, expected)                \
  do {                                               \
    auto r_ = run(fn, x);                            \
    EXPECT_TRUE(r_.ok) << #fn "(" #x ")";            \
    EXPECT_EQ(r_.value, expected) << #fn "(" #x ")"; \
  } while (0)
#define EXPECT_TRUNC_TRAP(fn, x, kind)          \
  do {                                          \
    auto r_ = run(fn, x);                       \
    EXPECT_FALSE(r_.ok) << #fn "(" #x ")";      \
    EXPECT_EQ(r_.trap, kind) << #fn "(" #x ")"; \
  } while (0)

TEST(ScalarConvert, I32TruncF32Bounds) {
  EXPECT_TRUNC(I32TruncF32S, -2147483648.0f, 0x8000'0000u);
  EXPECT_TRUNC(I32TruncF32S, 2147483520.0f, 0x7fff'ff80u);  // largest f32 below 2^31
  EXPECT_TRUNC(I32TruncF32S, -1.9f, static_cast<uint32_t>(-1));
  EXPECT_TRUNC(I32TruncF32S, -0.9f, 0u);
  EXPECT_TRUNC_TRAP(I32TruncF32S, 2147483648.0f, TrapKind::IntegerOverflow);
  EXPECT_TRUNC_TRAP(I32TruncF32S, -2147483904.0f, TrapKind::IntegerOverflow);
  EXPECT_TRUNC_TRAP(I32TruncF32S, INFINITY, TrapKind::IntegerOverflow);
  EXPECT_TRUNC_TRAP(I32TruncF32S, kNaN, TrapKind::InvalidConversionToInteger);
  EXPECT_TRUNC_TRAP(I32TruncF32S, f32(0xffa0'0000u), TrapKind::InvalidConversionToInteger);

  EXPECT_TRUNC(I32TruncF32U, -0.9f, 0u);
  EXPECT_TRUNC(I32TruncF32U, 4294967040.0f, 0xffff'ff00u);  // largest f32 below 2^32
  EXPECT_TRUNC(I32TruncF32U, 2147483648.0f, 0x8000'0000u);
  EXPECT_TRUNC_TRAP(I32TruncF32U, -1.0f, TrapKind::IntegerOverflow);
  EXPECT_TRUNC_TRAP(I32TruncF32U, 4294967296.0f, TrapKind::IntegerOverflow);
  EXPECT_TRUNC_TRAP(I32TruncF32U, -INFINITY, TrapKind::IntegerOverflow);
  EXPECT_TRUNC_TRAP(I32TruncF32U, kNaN, TrapKind::InvalidConversionToInteger);
}

TEST(ScalarConvert, I32TruncF64Bounds) {
  // f64 has fractions near 2^31, so values just below -2^31 still truncate into range.
  EXPECT_TRUNC(I32TruncF64S, -2147483648.9, 0x8000'0000u);
  EXPECT_TRUNC(I32TruncF64S, 2147483647.9, 0x7fff'ffffu);
  EXPECT_TRUNC_TRAP(I32TruncF64S, -2147483649.0, TrapKind::IntegerOverflow);
  EXPECT_TRUNC_TRAP(I32TruncF64S, 2147483648.0, TrapKind::IntegerOverflow);
  EXPECT_TRUNC_TRAP(I32TruncF64S, kNaN64, TrapKind::InvalidConversionToInteger);

  EXPECT_TRUNC(I32TruncF64U, 4294967295.9, 0xffff'ffffu);
  EXPECT_TRUNC(I32TruncF64U, -0.999999, 0u);
  EXPECT_TRUNC_TRAP(I32TruncF64U, 4294967296.0, TrapKind::IntegerOverflow);
  EXPECT_TRUNC_TRAP(I32TruncF64U, -1.0, TrapKind::IntegerOverflow);
  EXPECT_TRUNC_TRAP(I32TruncF64U, kNaN64, TrapKind::InvalidConversionToInteger);
}

TEST(ScalarConvert, I64TruncBounds) {
  EXPECT_TRUNC(I64TruncF32S, -9223372036854775808.0f, 0x8000'0000'0000'0000u);
  EXPECT_TRUNC(I64TruncF32S, 9223371487098961920.0f, 0x7fff'ff80'0000'0000u);
  EXPECT_TRUNC_TRAP(I64TruncF32S, 9223372036854775808.0f, TrapKind::IntegerOverflow);
  EXPECT_TRUNC_TRAP(I64TruncF32S, -9223373136366403584.0f, TrapKind::IntegerOverflow);
  EXPECT_TRUNC_TRAP(I64TruncF32S, kNaN, TrapKind::InvalidConversionToInteger);

  EXPECT_TRUNC(I64TruncF64S, -9223372036854775808.0, 0x8000'0000'0000'0000u);
  EXPECT_TRUNC(I64TruncF64S, 9223372036854774784.0, 0x7fff'ffff'ffff'fc00u);
  EXPECT_TRUNC_TRAP(I64TruncF64S, 9223372036854775808.0, TrapKind::IntegerOverflow);
  EXPECT_TRUNC_TRAP(I64TruncF64S, -9223372036854777856.0, TrapKind::IntegerOverflow);

  EXPECT_TRUNC(I64TruncF32U, 18446742974197923840.0f, 0xffff'ff00'0000'0000u);
  EXPECT_TRUNC(I64TruncF32U, -0.9f, 0u);
  EXPECT_TRUNC_TRAP(I64TruncF32U, 18446744073709551616.0f, TrapKind::IntegerOverflow);
  EXPECT_TRUNC_TRAP(I64TruncF32U, -1.0f, TrapKind::IntegerOverflow);

  EXPECT_TRUNC(I64TruncF64U, 18446744073709549568.0, 0xffff'ffff'ffff'f800u);
  EXPECT_TRUNC(I64TruncF64U, 9223372036854775808.0, 0x8000'0000'0000'0000u);
  EXPECT_TRUNC(I64TruncF64U, -0.9, 0u);
  EXPECT_TRUNC_TRAP(I64TruncF64U, 18446744073709551616.0, TrapKind::IntegerOverflow);
  EXPECT_TRUNC_TRAP(I64TruncF64U, -1.0, TrapKind::IntegerOverflow);
  EXPECT_TRUNC_TRAP(I64TruncF64U, INFINITY, TrapKind::IntegerOverflow);
  EXPECT_TRUNC_TRAP(I64TruncF64U, kNaN64, TrapKind::InvalidConversionToInteger);
}

TEST(ScalarConvert, TruncSatSaturatesAndMapsNaNToZero) {
  EXPECT_EQ(call(&I32TruncSatF32S, kNaN), 0u);
  EXPECT_EQ(call(&I32TruncSatF32S, 2147483648.0f), 0x7fff'ffffu);
  EXPECT_EQ(call(&I32TruncSatF32S, -INFINITY), 0x8000'0000u);
  EXPECT_EQ(call(&I32TruncSatF32S, -2147483648.0f), 0x8000'0000u);
  EXPECT_EQ(call(&I32TruncSatF32S, -1.5f), static_cast<uint32_t>(-1));
  EXPECT_EQ(call(&I32TruncSatF32U, -1.0f), 0u);
  EXPECT_EQ(call(&I32TruncSatF32U, 4294967296.0f), 0xffff'ffffu);
  EXPECT_EQ(call(&I32TruncSatF32U, kNaN), 0u);
  EXPECT_EQ(call(&I32TruncSatF64S, -2147483649.0), 0x8000'0000u);
  EXPECT_EQ(call(&I32TruncSatF64S, -2147483648.9), 0x8000'0000u);
  EXPECT_EQ(call(&I32TruncSatF64S, 1e100), 0x7fff'ffffu);
  EXPECT_EQ(call(&I32TruncSatF64U, 4294967295.9), 0xffff'ffffu);
  EXPECT_EQ(call(&I32TruncSatF64U, -1e100), 0u);
  EXPECT_EQ(call(&I64TruncSatF32S, 9223372036854775808.0f), 0x7fff'ffff'ffff'ffffu);
  EXPECT_EQ(call(&I64TruncSatF32S, -INFINITY), 0x8000'0000'0000'0000u);
  EXPECT_EQ(call(&I64TruncSatF32U, 18446744073709551616.0f), ~0ull);
  EXPECT_EQ(call(&I64TruncSatF32U, f32(0xffc0'0000u)), 0u);
  EXPECT_EQ(call(&I64TruncSatF64S, -9223372036854777856.0), 0x8000'0000'0000'0000u);
  EXPECT_EQ(call(&I64TruncSatF64S, kNaN64), 0u);
  EXPECT_EQ(call(&I64TruncSatF64U, 18446744073709549568.0), 0xffff'ffff'ffff'f800u);
  EXPECT_EQ(call(&I64TruncSatF64U, INFINITY), ~0ull);
  EXPECT_EQ(call(&I64TruncSatF64U, -0.5), 0u);
}

TEST(ScalarConvert, IntToFloatRoundsOnce) {
  // 2^63 - 1 rounds up to 2^63.
  EXPECT_EQ(bits(call(&F32ConvertI64U, 0x7fff'ffff'ffff'ffffu)), 0x5f00'0000u);
  // 2^63 + 2^39 + 1 lies just above the halfway point between two floats: it rounds up. Going
  // through f64 first would drop the +1, land exactly halfway and round down to even.
  EXPECT_EQ(bits(call(&F32ConvertI64U, 0x8000'0080'0000'0001u)), 0x5f00'0001u);
  EXPECT_EQ(bits(call(&F32ConvertI64U, 0x8000'0080'0000'0000u)), 0x5f00'0000u);  // tie: even
  EXPECT_EQ(bits(call(&F32ConvertI64U, ~0ull)), 0x5f80'0000u);
  EXPECT_EQ(bits(call(&F32ConvertI64S, 0x4000'0040'0000'0001u)), 0x5e80'0001u);
  EXPECT_EQ(bits(call(&F32ConvertI64S, static_cast<uint64_t>(-0x4000'0040'0000'0001))),
            0xde80'0001u);
  EXPECT_EQ(bits(call(&F32ConvertI64S, 0x8000'0000'0000'0000u)), 0xdf00'0000u);
  EXPECT_EQ(bits(call(&F64ConvertI64U, 0x8000'0000'0000'0401u)), 0x43e0'0000'0000'0001u);
  EXPECT_EQ(bits(call(&F64ConvertI64U, 0x8000'0000'0000'0400u)), 0x43e0'0000'0000'0000u);
  EXPECT_EQ(bits(call(&F64ConvertI64U, ~0ull)), 0x43f0'0000'0000'0000u);
  EXPECT_EQ(call(&F64ConvertI64S, ~0ull), -1.0);
  EXPECT_EQ(call(&F32ConvertI32S, 0x8000'0000u), -2147483648.0f);
  EXPECT_EQ(call(&F32ConvertI32S, 16777217), 16777216.0f);
  EXPECT_EQ(call(&F32ConvertI32U, 0xffff'ffffu), 4294967296.0f);
  EXPECT_EQ(bits(call(&F32ConvertI32U, 0x8000'0081u)), 0x4f00'0001u);
  EXPECT_EQ(call(&F64ConvertI32S, 0xffff'ffffu), -1.0);
  EXPECT_EQ(call(&F64ConvertI32U, 0xffff'ffffu), 4294967295.0);
}

TEST(ScalarConvert, DemotePromote) {
  EXPECT_EQ(call(&F32DemoteF64, 1e300), INFINITY);
  EXPECT_EQ(call(&F32DemoteF64, -1e300), -INFINITY);
  EXPECT_EQ(bits(call(&F32DemoteF64, -0.0)), 0x8000'0000u);
  // Rounds to nearest even: 1 + 2^-24 is halfway between 1 and the next float.
  EXPECT_EQ(call(&F32DemoteF64, 1.0 + std::ldexp(1.0, -24)), 1.0f);
  EXPECT_EQ(bits(call(&F32DemoteF64, 1.0 + std::ldexp(1.0, -24) + std::ldexp(1.0, -50))),
            0x3f80'0001u);
  EXPECT_EQ(bits(call(&F32DemoteF64, std::ldexp(1.0, -149))), 1u);  // smallest subnormal
  EXPECT_TRUE(is_arithmetic_nan(call(&F32DemoteF64, kNaN64)));
  EXPECT_TRUE(is_arithmetic_nan(call(&F32DemoteF64, f64(0x7ff4'0000'0000'0000u))));
  EXPECT_EQ(call(&F64PromoteF32, std::numeric_limits<float>::max()),
            static_cast<double>(std::numeric_limits<float>::max()));
  EXPECT_EQ(bits(call(&F64PromoteF32, f32(1u))), bits(std::ldexp(1.0, -149)));
  EXPECT_TRUE(is_arithmetic_nan(call(&F64PromoteF32, f32(0x7fa0'0000u))));
}

TEST(ScalarConvert, ReinterpretKeepsBits) {
  EXPECT_EQ(call(&I32ReinterpretF32, call(&F32ReinterpretI32, 0x7fa0'0001u)), 0x7fa0'0001u);
  EXPECT_EQ(call(&I64ReinterpretF64, call(&F64ReinterpretI64, 0xfff4'0000'0000'0001u)),
            0xfff4'0000'0000'0001u);
  EXPECT_EQ(call(&I32ReinterpretF32, -0.0f), 0x8000'0000u);
  EXPECT_EQ(call(&F64ReinterpretI64, 0x3ff0'0000'0000'0000u), 1.0);
}

}  // namespace
}  // namespace wasmrun::ops
