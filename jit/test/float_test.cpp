// f32/f64 arithmetic, comparisons and conversions (inline and through the numeric helper).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "jit/test/jit_test_util.h"

namespace wasmrun::jit::test {
namespace {

uint32_t bits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, 4);
  return b;
}
uint64_t bits(double d) {
  uint64_t b;
  std::memcpy(&b, &d, 8);
  return b;
}

class FloatTest : public ::testing::Test {
 protected:
  void SetUp() override {
    inst_ = Instance::load("float");
    ASSERT_NE(inst_, nullptr);
  }
  CallResult ok(const std::string& f, std::vector<rt::RawValue> args = {}) {
    CallResult r = inst_->call(f, std::move(args));
    EXPECT_FALSE(r.trap) << f << ": " << (r.trap ? r.trap->message : "");
    return r;
  }
  float f32(const std::string& f, std::vector<rt::RawValue> args) { return ok(f, args).f32(); }
  double f64(const std::string& f, std::vector<rt::RawValue> args) { return ok(f, args).f64(); }
  std::unique_ptr<Instance> inst_;
};

constexpr float kNaNf = std::numeric_limits<float>::quiet_NaN();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST_F(FloatTest, F32Arithmetic) {
  EXPECT_EQ(f32("f32_add", {F32(1.5f), F32(2.25f)}), 3.75f);
  EXPECT_EQ(f32("f32_sub", {F32(1.5f), F32(2.25f)}), -0.75f);
  EXPECT_EQ(f32("f32_mul", {F32(1.5f), F32(-2)}), -3.0f);
  EXPECT_EQ(f32("f32_div", {F32(1), F32(4)}), 0.25f);
  EXPECT_EQ(f32("f32_sqrt", {F32(16)}), 4.0f);
  EXPECT_EQ(f32("f32_const", {}), 1.25f);
  EXPECT_EQ(bits(f32("f32_abs", {F32(-0.0f)})), 0u);
  EXPECT_EQ(bits(f32("f32_neg", {F32(0.0f)})), 0x80000000u);
  EXPECT_EQ(f32("f32_copysign", {F32(3), F32(-0.0f)}), -3.0f);
}

TEST_F(FloatTest, MinMaxFollowWasmRules) {
  EXPECT_EQ(f32("f32_min", {F32(1), F32(2)}), 1.0f);
  EXPECT_EQ(f32("f32_max", {F32(1), F32(2)}), 2.0f);
  EXPECT_EQ(bits(f32("f32_min", {F32(0.0f), F32(-0.0f)})), 0x80000000u);
  EXPECT_EQ(bits(f32("f32_max", {F32(-0.0f), F32(0.0f)})), 0u);
  EXPECT_TRUE(std::isnan(f32("f32_min", {F32(kNaNf), F32(1)})));
  EXPECT_TRUE(std::isnan(f32("f32_max", {F32(1), F32(kNaNf)})));
  EXPECT_EQ(bits(f64("f64_min", {F64(-0.0), F64(0.0)})), 0x8000000000000000ull);
  EXPECT_EQ(bits(f64("f64_max", {F64(-0.0), F64(0.0)})), 0u);
  EXPECT_TRUE(std::isnan(f64("f64_max", {F64(kNaN), F64(1)})));
  EXPECT_EQ(f64("f64_min", {F64(-5), F64(3)}), -5.0);
}

TEST_F(FloatTest, Rounding) {
  EXPECT_EQ(f32("f32_ceil", {F32(1.1f)}), 2.0f);
  EXPECT_EQ(f32("f32_floor", {F32(-1.1f)}), -2.0f);
  EXPECT_EQ(f32("f32_trunc", {F32(-1.9f)}), -1.0f);
  EXPECT_EQ(f32("f32_nearest", {F32(2.5f)}), 2.0f);
  EXPECT_EQ(f32("f32_nearest", {F32(3.5f)}), 4.0f);
  EXPECT_EQ(bits(f32("f32_ceil", {F32(-0.5f)})), 0x80000000u);
  EXPECT_EQ(f64("f64_nearest", {F64(-2.5)}), -2.0);
  EXPECT_EQ(f64("f64_floor", {F64(7.9)}), 7.0);
}

TEST_F(FloatTest, Comparisons) {
  EXPECT_EQ(ok("f32_lt", {F32(1), F32(2)}).i32(), 1u);
  EXPECT_EQ(ok("f32_lt", {F32(2), F32(1)}).i32(), 0u);
  EXPECT_EQ(ok("f32_lt", {F32(kNaNf), F32(1)}).i32(), 0u);
  EXPECT_EQ(ok("f32_eq", {F32(kNaNf), F32(kNaNf)}).i32(), 0u);
  EXPECT_EQ(ok("f32_eq", {F32(0.0f), F32(-0.0f)}).i32(), 1u);
  EXPECT_EQ(ok("f32_ne", {F32(kNaNf), F32(kNaNf)}).i32(), 1u);
  EXPECT_EQ(ok("f32_ge", {F32(2), F32(2)}).i32(), 1u);
  EXPECT_EQ(ok("f64_le", {F64(kNaN), F64(1)}).i32(), 0u);
  EXPECT_EQ(ok("f64_le", {F64(1), F64(1)}).i32(), 1u);
  EXPECT_EQ(ok("f64_gt", {F64(3), F64(1)}).i32(), 1u);
}

TEST_F(FloatTest, Conversions) {
  EXPECT_EQ(f64("f64_const", {}), -3.0);
  EXPECT_EQ(f64("f64_add", {F64(0.5), F64(0.25)}), 0.75);
  EXPECT_EQ(f64("f64_div", {F64(1), F64(0)}), std::numeric_limits<double>::infinity());
  EXPECT_EQ(f64("f64_neg", {F64(2)}), -2.0);
  EXPECT_EQ(f64("f64_copysign", {F64(2), F64(-1)}), -2.0);
  EXPECT_EQ(f64("convert_s", {I32(-3)}), -3.0);
  EXPECT_EQ(f32("convert_u", {I32(0xffffffff)}), 4294967296.0f);
  EXPECT_EQ(f64("convert64_s", {I64(static_cast<uint64_t>(-5))}), -5.0);
  EXPECT_EQ(f64("convert64_u", {I64(~0ull)}), 18446744073709551616.0);
  EXPECT_EQ(f32("demote", {F64(0.5)}), 0.5f);
  EXPECT_EQ(f64("promote", {F32(0.25f)}), 0.25);
  EXPECT_EQ(ok("reinterpret", {F32(1.0f)}).i32(), 0x3f800000u);
  EXPECT_EQ(f64("reinterpret64", {I64(0x4000000000000000ull)}), 2.0);
  EXPECT_EQ(f64("select_f", {F64(1), F64(2), I32(0)}), 2.0);
  EXPECT_EQ(f64("select_f", {F64(1), F64(2), I32(1)}), 1.0);
  EXPECT_EQ(f64("mixed", {F32(0.5f), F64(0.25), I32(2)}), 2.75);
}

TEST_F(FloatTest, TruncationTrapsThroughTheHelper) {
  EXPECT_EQ(ok("trunc_s", {F64(-7.9)}).i32(), static_cast<uint32_t>(-7));
  EXPECT_EQ(ok("trunc_u64", {F32(3e9f)}).i64(), 3000000000ull);
  CallResult r = inst_->call("trunc_s", {F64(3e9)});
  ASSERT_TRUE(r.trap);
  EXPECT_EQ(r.trap->message, "integer overflow");
  r = inst_->call("trunc_s", {F64(kNaN)});
  ASSERT_TRUE(r.trap);
  EXPECT_EQ(r.trap->message, "invalid conversion to integer");
  ASSERT_EQ(r.trap->backtrace.size(), 1u);
  EXPECT_EQ(r.trap->backtrace[0].func_name, "trunc_s");
  EXPECT_EQ(ok("trunc_sat", {F64(3e9)}).i32(), 0x7fffffffu);
  EXPECT_EQ(ok("trunc_sat", {F64(kNaN)}).i32(), 0u);
}

}  // namespace
}  // namespace wasmrun::jit::test
