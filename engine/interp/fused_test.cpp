// The fused instruction forms (code.h, Variant): results and traps, and that the translator
// really emits them.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "engine/interp/code.h"
#include "engine/interp/module_fixture.h"

namespace wasmrun::interp::testing {
namespace {

class FusedTest : public ModuleFixture {
 protected:
  FusedTest() : ModuleFixture("fused") {}
  std::string trap_of(const std::string& name, std::vector<rt::RawValue> args) {
    auto trap = inst_->call(thread_, name, args);
    return trap ? trap->message : "no trap";
  }
  // Whether the export's internal code contains an instruction of `op`'s variant `v`.
  bool emits(const std::string& name, Op op, Variant v) { return emits(name, variant(op, v)); }
  bool emits(const std::string& name, IOp op) {
    const auto* fn = static_cast<const FuncCode*>(inst_->export_func(name)->interp_code);
    Handler h = handler_table()[static_cast<size_t>(op)];
    for (size_t i = 0; i < fn->code_words; ++i) {
      if (fn->code[i] == h) return true;
    }
    return false;
  }
  static rt::RawValue f64(double d) {
    rt::RawValue v{};
    std::memcpy(&v, &d, sizeof d);
    return v;
  }
  static rt::RawValue f32(float f) {
    rt::RawValue v{};
    std::memcpy(&v, &f, sizeof f);
    return v;
  }
};

TEST_F(FusedTest, ConstantOperands) {
  EXPECT_TRUE(emits("rotl5", Op::I32Rotl, Variant::Imm));
  EXPECT_TRUE(emits("shr_s_i64", Op::I64ShrS, Variant::Imm));
  EXPECT_TRUE(emits("div_s_minus1", Op::I32DivS, Variant::Imm));
  EXPECT_TRUE(emits("quarter", Op::F64Mul, Variant::Imm));
  EXPECT_EQ(run("rotl5", {i32(0x80000001u)}).i32, 0x30u);
  EXPECT_EQ(run("shr_s_i64", {i64(0x8000000000000000u)}).i64, ~uint64_t{7});
  EXPECT_EQ(run("div_s_minus1", {i32(7)}).i32, static_cast<uint32_t>(-7));
  EXPECT_EQ(trap_of("div_s_minus1", {i32(0x80000000u)}), "integer overflow");
  EXPECT_EQ(run("quarter", {f64(10.0)}).f64, 2.5);
}

TEST_F(FusedTest, ConstantsBeyondThePool) {
  EXPECT_TRUE(emits("many_const_adds", Op::I32Add, Variant::Imm));
  EXPECT_FALSE(emits("many_const_adds", IOp::XConst8));
  // 70 * 1000 + (0 + ... + 69)
  EXPECT_EQ(run("many_const_adds", {i32(5)}).i32, 5u + 70000u + 2415u);
  EXPECT_TRUE(emits("many_const_selects", IOp::XConst8));
  EXPECT_EQ(run("many_const_selects", {i32(1)}).i32, 40u * 2000u + 780u);
  EXPECT_EQ(run("many_const_selects", {i32(0)}).i32, 40u * 3000u + 780u);
}

TEST_F(FusedTest, FloatCompareAndBranch) {
  EXPECT_TRUE(emits("f64_lt_if", Op::F64Lt, Variant::BrF));
  EXPECT_TRUE(emits("f64_ge_br_if", Op::F64Ge, Variant::BrT));
  EXPECT_TRUE(emits("f32_gt_const_if", Op::F32Gt, Variant::BrFImm));
  EXPECT_TRUE(emits("f64_ne_const_br_if", Op::F64Ne, Variant::BrTImm));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(run("f64_lt_if", {f64(1), f64(2)}).i32, 1u);
  EXPECT_EQ(run("f64_lt_if", {f64(2), f64(1)}).i32, 0u);
  EXPECT_EQ(run("f64_lt_if", {f64(nan), f64(1)}).i32, 0u);
  EXPECT_EQ(run("f64_ge_br_if", {f64(2), f64(2)}).i32, 1u);
  EXPECT_EQ(run("f64_ge_br_if", {f64(1), f64(2)}).i32, 0u);
  EXPECT_EQ(run("f64_ge_br_if", {f64(1), f64(nan)}).i32, 0u);
  EXPECT_EQ(run("f32_gt_const_if", {f32(1.75f)}).i32, 1u);
  EXPECT_EQ(run("f32_gt_const_if", {f32(1.5f)}).i32, 0u);
  EXPECT_EQ(run("f32_gt_const_if", {f32(std::nanf(""))}).i32, 0u);
  EXPECT_EQ(run("f64_ne_const_br_if", {f64(2)}).i32, 0u);
  EXPECT_EQ(run("f64_ne_const_br_if", {f64(nan)}).i32, 1u);
}

TEST_F(FusedTest, IntegerCompareAndBranchWithConstant) {
  EXPECT_TRUE(emits("i64_lt_u_const_loop", Op::I64Add, Variant::Imm));
  EXPECT_TRUE(emits("i64_lt_u_const_loop", Op::I64LtU, Variant::BrT));
  EXPECT_EQ(run("i64_lt_u_const_loop", {i64(1000)}).i64, 1000u);
  EXPECT_EQ(run("i64_lt_u_const_loop", {i64(0)}).i64, 1u);
}

TEST_F(FusedTest, IndexedLoadsAndStores) {
  EXPECT_TRUE(emits("load_sum", Op::I32Load, Variant::Indexed));
  EXPECT_TRUE(emits("store_sum", Op::I32Store8, Variant::Indexed));
  uint8_t* mem = inst_->memory->base;
  const uint8_t bytes[] = {1, 2, 3, 4};
  std::memcpy(mem + 0x14, bytes, 4);
  EXPECT_EQ(run("load_sum", {i32(0x10), i32(0)}).i32, 0x04030201u);
  EXPECT_EQ(run("load_sum", {i32(0xfffffff0u), i32(0x20)}).i32, 0x04030201u);  // wraps
  EXPECT_EQ(trap_of("load_sum", {i32(65530), i32(0)}), "out of bounds memory access");
  EXPECT_EQ(trap_of("load_sum", {i32(0xffffffffu), i32(0xffffffffu)}),
            "out of bounds memory access");  // 0xfffffffe + 4
  run("store_sum", {i32(0xffffffffu), i32(0x31), i32(0x1ab)});
  EXPECT_EQ(mem[0x31], 0xab);
  EXPECT_EQ(trap_of("store_sum", {i32(65534), i32(1), i32(0)}), "out of bounds memory access");
}

TEST_F(FusedTest, ConstantAddendAddresses) {
  EXPECT_TRUE(emits("load_plus_const", Op::I32Load, Variant::IndexedImm));
  EXPECT_TRUE(emits("load_minus_8", Op::I32Load16U, Variant::IndexedImm));
  EXPECT_TRUE(emits("store_plus_const", Op::I64Store32, Variant::IndexedImm));
  EXPECT_FALSE(emits("load_plus_const", Op::I32Add, Variant::Imm));
  uint8_t* mem = inst_->memory->base;
  const uint8_t bytes[] = {1, 2, 3, 4};
  std::memcpy(mem + 0x24, bytes, 4);
  EXPECT_EQ(run("load_plus_const", {i32(0x10)}).i32, 0x04030201u);
  EXPECT_EQ(run("load_plus_const", {i32(0xfffffffeu)}).i32, 0u);  // wraps to 0x0e, + 4
  EXPECT_EQ(run("load_minus_8", {i32(0x2c)}).i32, 0x0201u);
  EXPECT_EQ(trap_of("load_minus_8", {i32(2)}), "out of bounds memory access");
  EXPECT_EQ(trap_of("load_plus_const", {i32(65520)}), "out of bounds memory access");
  run("store_plus_const", {i32(0x10), i64(0x1122334455667788u)});
  EXPECT_EQ(mem[0x112], 0x88);
  EXPECT_EQ(mem[0x115], 0x55);
  EXPECT_EQ(mem[0x116], 0x00);
  EXPECT_EQ(trap_of("store_plus_const", {i32(65535 - 0x100), i64(0)}),
            "out of bounds memory access");
}

TEST_F(FusedTest, ScaledIndexAddresses) {
  EXPECT_TRUE(emits("load_scaled", Op::I32Load, Variant::Scaled));
  EXPECT_TRUE(emits("load_scaled_i64", Op::I64Load, Variant::Scaled));
  EXPECT_TRUE(emits("store_scaled", Op::F64Store, Variant::Scaled));
  EXPECT_TRUE(emits("store_scaled_const", Op::I32Store, Variant::Scaled));
  EXPECT_FALSE(emits("load_scaled", Op::I32Shl, Variant::Imm));
  uint8_t* mem = inst_->memory->base;
  const uint8_t bytes[] = {1, 2, 3, 4, 5, 6, 7, 8};
  std::memcpy(mem + 0x40, bytes, 8);
  EXPECT_EQ(run("load_scaled", {i32(0x30), i32(3)}).i32, 0x04030201u);            // 0x30 + 12 + 4
  EXPECT_EQ(run("load_scaled", {i32(0x48), i32(0xfffffffdu)}).i32, 0x04030201u);  // wraps
  EXPECT_EQ(trap_of("load_scaled", {i32(0), i32(0x4000)}), "out of bounds memory access");
  EXPECT_EQ(run("load_scaled_i64", {i32(0x38), i32(1)}).i64, 0x0807060504030201u);  // << 3
  run("store_scaled", {i32(0x100), i32(2), f64(1.5)});
  double d = 0;
  std::memcpy(&d, mem + 0x118, 8);
  EXPECT_EQ(d, 1.5);
  EXPECT_EQ(trap_of("store_scaled", {i32(65528 - 8), i32(1), f64(0)}),
            "out of bounds memory access");
  run("store_scaled_const", {i32(0x200), i32(5)});
  EXPECT_EQ(mem[0x214], 0x5a);
  EXPECT_EQ(mem[0x215], 0x5a);
}

TEST_F(FusedTest, Chains) {
  EXPECT_TRUE(emits("add3", IOp::ChainI32AddRegI32AddReg));
  EXPECT_TRUE(emits("add3_second", IOp::ChainI32AddRegI32AddReg));
  EXPECT_TRUE(emits("bit_field", IOp::ChainI32ShrUImmI32AndImm));
  EXPECT_TRUE(emits("fnv_step", IOp::ChainI32XorRegI32MulImm));
  EXPECT_TRUE(emits("mul_hi", IOp::ChainI64MulImmI64ShrUImm));
  EXPECT_TRUE(emits("shl_add", IOp::ChainI32ShlImmI32AddReg));
  EXPECT_FALSE(emits("shl_by_xor", IOp::ChainI32XorRegI32ShlImm));
  EXPECT_EQ(run("add3", {i32(1), i32(0xfffffffeu), i32(7)}).i32, 6u);
  EXPECT_EQ(run("add3_second", {i32(10), i32(20), i32(30)}).i32, 60u);
  EXPECT_EQ(run("bit_field", {i32(0xabcd1234u)}).i32, (0xabcd1234u >> 7) & 0x1f);  // 39 mod 32
  EXPECT_EQ(run("fnv_step", {i32(0x811c9dc5u), i32('a')}).i32,
            (0x811c9dc5u ^ uint32_t{'a'}) * 16777619u);
  const uint64_t x = 0x0123456789abcdefu;
  EXPECT_EQ(run("mul_hi", {i64(x)}).i64, (x * 0x9e3779b97f4a7c15u) >> 32);
  EXPECT_EQ(run("shl_add", {i32(0x20000001u), i32(5)}).i32, 13u);
  EXPECT_EQ(run("shl_by_xor", {i32(1), i32(6), i32(3)}).i32, 32u);
}

TEST_F(FusedTest, I64EqzBranches) {
  EXPECT_TRUE(emits("i64_eqz_if", IOp::XBrIfI64Nez));
  EXPECT_TRUE(emits("i64_eqz_br_if", IOp::XBrIfI64Eqz));
  EXPECT_FALSE(emits("i64_eqz_if", Op::I64Eqz, Variant::Imm));
  EXPECT_EQ(run("i64_eqz_if", {i64(0)}).i32, 7u);
  EXPECT_EQ(run("i64_eqz_if", {i64(uint64_t{1} << 40)}).i32, 9u);  // only the high half set
  EXPECT_EQ(run("i64_eqz_br_if", {i64(0)}).i32, 2u);
  EXPECT_EQ(run("i64_eqz_br_if", {i64(uint64_t{1} << 63)}).i32, 1u);
}

TEST_F(FusedTest, SubtractedConstantAddress) {
  EXPECT_TRUE(emits("load_minus_4", Op::I32Load, Variant::IndexedImm));
  uint8_t* mem = inst_->memory->base;
  const uint8_t bytes[] = {1, 2, 3, 4};
  std::memcpy(mem + 0x20, bytes, 4);
  EXPECT_EQ(run("load_minus_4", {i32(0x24)}).i32, 0x04030201u);
  EXPECT_EQ(run("load_minus_4", {i32(4)}).i32, 0u);
  EXPECT_EQ(trap_of("load_minus_4", {i32(2)}), "out of bounds memory access");  // wraps high
}

TEST_F(FusedTest, ResultWrittenByItsProducer) {
  EXPECT_TRUE(emits("sub_return", IOp::XReturn));
  EXPECT_FALSE(emits("sub_return", IOp::XReturn8));
  EXPECT_EQ(run("sub_return", {i32(3), i32(10)}).i32, 7u);  // reads slot 0, then writes it
  EXPECT_EQ(run("early_return", {i64(5), i64(0)}).i64, 0u);
  EXPECT_EQ(run("early_return", {i64(5), i64(12)}).i64, 7u);
}

TEST_F(FusedTest, MultiplyAddRoundsTwice) {
  EXPECT_TRUE(emits("mul_sub", IOp::XF64MulSub));
  EXPECT_TRUE(emits("add_mul_f32", IOp::XF32AddMul));
  // x*x = 1 + 2^-29 + 2^-60 rounds to 1 + 2^-29; a fused multiply-add would keep the 2^-60.
  const double x = 1.0 + std::ldexp(1.0, -30);
  EXPECT_EQ(run("mul_sub", {f64(x), f64(x), f64(1.0)}).f64, std::ldexp(1.0, -29));
  const float y = 1.0f + std::ldexp(1.0f, -12);
  EXPECT_EQ(run("add_mul_f32", {f32(y), f32(y), f32(-1.0f)}).f32, std::ldexp(1.0f, -11));
}

}  // namespace
}  // namespace wasmrun::interp::testing
