// Numeric instructions, locals, globals and constants through the interpreter.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>

#include "engine/interp/test_instance.h"

namespace wasmrun::interp::testing {
namespace {

class ArithTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    inst_ = std::make_unique<TestInstance>(load_test_wasm("arith"), std::vector<rt::HostCallback>{},
                                           &error);
    ASSERT_EQ(error, "");
  }
  rt::RawValue run(const std::string& name, std::vector<rt::RawValue> args) {
    std::vector<rt::RawValue> out;
    auto trap = inst_->call(thread_, name, args, &out);
    EXPECT_FALSE(trap.has_value()) << (trap ? trap->message : "");
    return out.empty() ? rt::raw_zero() : out[0];
  }
  rt::RawValue f64v(double d) {
    rt::RawValue r = rt::raw_zero();
    r.f64 = d;
    return r;
  }
  rt::RawValue f32v(float f) {
    rt::RawValue r = rt::raw_zero();
    r.f32 = f;
    return r;
  }
  Thread thread_{1000};
  std::unique_ptr<TestInstance> inst_;
};

TEST_F(ArithTest, IntegerArithmetic) {
  EXPECT_EQ(run("add", {i32(2), i32(40)}).i32, 42u);
  EXPECT_EQ(run("add", {i32(0xffffffff), i32(1)}).i32, 0u);
  EXPECT_EQ(run("sub_const", {i32(10)}).i32, 3u);
  EXPECT_EQ(run("div_s", {i32(static_cast<uint32_t>(-7)), i32(2)}).i32, static_cast<uint32_t>(-3));
  EXPECT_EQ(run("rem_u64", {i64(100), i64(7)}).i64, 2u);
  EXPECT_EQ(run("mul64", {i64(1ull << 40), i64(3)}).i64, 3ull << 40);
}

TEST_F(ArithTest, TrappingDivisionCarriesKindAndMessage) {
  auto trap = inst_->call(thread_, "div_s", {i32(1), i32(0)});
  ASSERT_TRUE(trap.has_value());
  EXPECT_EQ(trap->kind, rt::TrapKind::IntegerDivideByZero);
  EXPECT_EQ(trap->message, "integer divide by zero");
  ASSERT_EQ(trap->backtrace.size(), 1u);
  EXPECT_EQ(trap->backtrace[0].func_index, 2u);
  EXPECT_EQ(trap->backtrace[0].func_name, "div_s");
  trap = inst_->call(thread_, "div_s", {i32(0x80000000u), i32(static_cast<uint32_t>(-1))});
  ASSERT_TRUE(trap.has_value());
  EXPECT_EQ(trap->kind, rt::TrapKind::IntegerOverflow);
  // The thread is usable after a trap.
  EXPECT_EQ(run("add", {i32(1), i32(2)}).i32, 3u);
}

TEST_F(ArithTest, Floats) {
  EXPECT_EQ(run("fmadd", {f64v(1.5), f64v(2), f64v(0.25)}).f64, 3.25);
  EXPECT_EQ(run("trunc", {f32v(-3.9f)}).i32, static_cast<uint32_t>(-3));
  auto trap = inst_->call(thread_, "trunc", {f32v(NAN)});
  ASSERT_TRUE(trap.has_value());
  EXPECT_EQ(trap->kind, rt::TrapKind::InvalidConversionToInteger);
  EXPECT_EQ(run("trunc_sat", {f32v(1e20f)}).i32, 0x7fffffffu);
  uint32_t bits = run("f32_min_nan", {}).i32;
  EXPECT_TRUE(std::isnan(std::bit_cast<float>(bits)));
}

TEST_F(ArithTest, SelectAndLocals) {
  EXPECT_EQ(run("select", {i32(1), i64(5), i64(6)}).i64, 5u);
  EXPECT_EQ(run("select", {i32(0), i64(5), i64(6)}).i64, 6u);
  // The first operand was read before local 0 changed.
  EXPECT_EQ(run("swap_sub", {i32(10), i32(3)}).i32, 7u);
  // x * (x + 10) with x on the stack before the tee.
  EXPECT_EQ(run("tee", {i32(3)}).i32, 39u);
  EXPECT_EQ(run("locals_zeroed", {i32(0)}).i64, 0u);
  EXPECT_EQ(run("locals_zeroed", {i32(1)}).i64, 5u);
  EXPECT_EQ(run("locals_zeroed", {i32(0)}).i64, 0u);
}

TEST_F(ArithTest, GlobalsAndConstants) {
  EXPECT_EQ(run("globals", {}).i64, 39u);
  EXPECT_EQ(run("globals", {}).i64, 41u);
  EXPECT_EQ(run("many_consts", {}).i64, 10u);
  // The sum of i * 0x9E3779B97F4A7C15 for i in 1..80, wrapping.
  EXPECT_EQ(run("pool_overflow", {}).i64, 0x6e1c93b306b269c8ull);
}

}  // namespace
}  // namespace wasmrun::interp::testing
