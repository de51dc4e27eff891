// Integer arithmetic, comparisons, conversions, locals and globals.
#include <gtest/gtest.h>

#include "jit/test/jit_test_util.h"

namespace wasmrun::jit::test {
namespace {

class ArithTest : public ::testing::Test {
 protected:
  void SetUp() override {
    inst_ = Instance::load("arith");
    ASSERT_NE(inst_, nullptr);
  }
  uint32_t i32(const std::string& f, std::vector<rt::RawValue> args) {
    CallResult r = inst_->call(f, std::move(args));
    EXPECT_FALSE(r.trap) << f << ": " << (r.trap ? r.trap->message : "");
    return r.results.empty() ? 0 : r.i32();
  }
  uint64_t i64(const std::string& f, std::vector<rt::RawValue> args) {
    CallResult r = inst_->call(f, std::move(args));
    EXPECT_FALSE(r.trap) << f << ": " << (r.trap ? r.trap->message : "");
    return r.results.empty() ? 0 : r.i64();
  }
  std::string trap(const std::string& f, std::vector<rt::RawValue> args) {
    CallResult r = inst_->call(f, std::move(args));
    return r.trap ? r.trap->message : "no trap";
  }
  std::unique_ptr<Instance> inst_;
};

TEST_F(ArithTest, I32Binary) {
  EXPECT_EQ(i32("add", {I32(2), I32(40)}), 42u);
  EXPECT_EQ(i32("add", {I32(0xffffffff), I32(1)}), 0u);
  EXPECT_EQ(i32("sub", {I32(2), I32(5)}), 0xfffffffdu);
  EXPECT_EQ(i32("sub_rev", {I32(2), I32(5)}), 3u);
  EXPECT_EQ(i32("mul_imm", {I32(7)}), static_cast<uint32_t>(-21));
  EXPECT_EQ(i32("const_lhs", {I32(1)}), 99u);
  EXPECT_EQ(i32("and_or_xor", {I32(0xf0), I32(0x3c), I32(0x100)}), 0x1cfu);
  EXPECT_EQ(i32("shl", {I32(1), I32(33)}), 2u);
  EXPECT_EQ(i32("shr_s", {I32(0x80000000), I32(4)}), 0xf8000000u);
  EXPECT_EQ(i32("shr_u", {I32(0x80000000), I32(4)}), 0x08000000u);
  EXPECT_EQ(i32("shr_u_imm", {I32(0x80000000)}), 0x40000000u);
  EXPECT_EQ(i32("rotl", {I32(0x80000001), I32(1)}), 3u);
  EXPECT_EQ(i32("rotr", {I32(3), I32(1)}), 0x80000001u);
}

TEST_F(ArithTest, I32Division) {
  EXPECT_EQ(i32("div_s", {I32(-7), I32(2)}), static_cast<uint32_t>(-3));
  EXPECT_EQ(i32("div_u", {I32(-7), I32(2)}), 0x7ffffffcu);
  EXPECT_EQ(i32("rem_s", {I32(-7), I32(2)}), static_cast<uint32_t>(-1));
  EXPECT_EQ(i32("rem_u", {I32(7), I32(4)}), 3u);
  EXPECT_EQ(i32("rem_s", {I32(0x80000000), I32(-1)}), 0u);
  EXPECT_EQ(trap("div_s", {I32(1), I32(0)}), "integer divide by zero");
  EXPECT_EQ(trap("div_u", {I32(1), I32(0)}), "integer divide by zero");
  EXPECT_EQ(trap("rem_s", {I32(1), I32(0)}), "integer divide by zero");
  EXPECT_EQ(trap("rem_u", {I32(1), I32(0)}), "integer divide by zero");
  EXPECT_EQ(trap("div_s", {I32(0x80000000), I32(-1)}), "integer overflow");
}

TEST_F(ArithTest, I32Unary) {
  EXPECT_EQ(i32("clz", {I32(1)}), 31u);
  EXPECT_EQ(i32("clz", {I32(0)}), 32u);
  EXPECT_EQ(i32("ctz", {I32(0x80)}), 7u);
  EXPECT_EQ(i32("ctz", {I32(0)}), 32u);
  EXPECT_EQ(i32("popcnt", {I32(0xf0f0)}), 8u);
  EXPECT_EQ(i32("eqz", {I32(0)}), 1u);
  EXPECT_EQ(i32("eqz", {I32(9)}), 0u);
  EXPECT_EQ(i32("extend8_s", {I32(0x80)}), 0xffffff80u);
  EXPECT_EQ(i32("extend16_s", {I32(0x7fff)}), 0x7fffu);
}

TEST_F(ArithTest, I32Compare) {
  EXPECT_EQ(i32("lt_s", {I32(-1), I32(0)}), 1u);
  EXPECT_EQ(i32("lt_u", {I32(-1), I32(0)}), 0u);
  EXPECT_EQ(i32("ge_s_imm", {I32(-5)}), 1u);
  EXPECT_EQ(i32("ge_s_imm", {I32(-6)}), 0u);
  EXPECT_EQ(i32("ne", {I32(3), I32(3)}), 0u);
}

TEST_F(ArithTest, I64) {
  EXPECT_EQ(i64("add64", {I64(1ull << 40), I64(5)}), (1ull << 40) + 5);
  EXPECT_EQ(i64("add64_big_imm", {I64(1)}), 0x12345678aull);
  EXPECT_EQ(i64("sub64", {I64(0), I64(1)}), ~0ull);
  EXPECT_EQ(i64("mul64", {I64(0x100000000ull), I64(3)}), 0x300000000ull);
  EXPECT_EQ(i64("div64_s", {I64(-9), I64(2)}), static_cast<uint64_t>(-4));
  EXPECT_EQ(i64("div64_u", {I64(-9), I64(2)}), 0x7ffffffffffffffbull);
  EXPECT_EQ(i64("rem64_s", {I64(0x8000000000000000ull), I64(-1)}), 0u);
  EXPECT_EQ(i64("rem64_u", {I64(10), I64(4)}), 2u);
  EXPECT_EQ(trap("div64_s", {I64(0x8000000000000000ull), I64(-1)}), "integer overflow");
  EXPECT_EQ(trap("rem64_u", {I64(1), I64(0)}), "integer divide by zero");
  EXPECT_EQ(i64("shl64", {I64(1), I64(65)}), 2u);
  EXPECT_EQ(i64("shr64_s", {I64(0x8000000000000000ull), I64(63)}), ~0ull);
  EXPECT_EQ(i64("rotl64", {I64(0x8000000000000000ull), I64(1)}), 1u);
  EXPECT_EQ(i64("clz64", {I64(1)}), 63u);
  EXPECT_EQ(i64("clz64", {I64(0)}), 64u);
  EXPECT_EQ(i64("ctz64", {I64(0)}), 64u);
  EXPECT_EQ(i64("popcnt64", {I64(~0ull)}), 64u);
  EXPECT_EQ(i32("eqz64", {I64(1ull << 40)}), 0u);
  EXPECT_EQ(i32("lt64_u", {I64(1), I64(~0ull)}), 1u);
  EXPECT_EQ(i32("gt64_s_big", {I64(0x100000001ull)}), 1u);
  EXPECT_EQ(i32("gt64_s_big", {I64(0x100000000ull)}), 0u);
  EXPECT_EQ(i64("extend32_s", {I64(0x80000000ull)}), 0xffffffff80000000ull);
  EXPECT_EQ(i64("extend_i32_s", {I32(-2)}), static_cast<uint64_t>(-2));
  EXPECT_EQ(i64("extend_i32_u", {I32(-2)}), 0xfffffffeull);
  EXPECT_EQ(i32("wrap", {I64(0x1234567800000009ull)}), 9u);
}

TEST_F(ArithTest, RegisterPressureSpills) {
  // x * (1 + 2 + ... + 11)
  EXPECT_EQ(i32("pressure", {I32(3)}), 3u * 66);
  // x - 11 x
  EXPECT_EQ(i32("deep", {I32(5)}), static_cast<uint32_t>(-50));
}

TEST_F(ArithTest, LocalsAndGlobals) {
  EXPECT_EQ(i32("locals", {I32(4)}), 15u);
  EXPECT_EQ(i64("globals", {I32(3)}), 8u);  // g = 10, 10 + -2
  EXPECT_EQ(i64("globals", {I32(1)}), 9u);  // g = 11: the store persisted
}

}  // namespace
}  // namespace wasmrun::jit::test
