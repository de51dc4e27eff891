// Constants, immediates, memory offsets and frame sizes at the edges of single-instruction
// encodings (jit/testdata/encodings.wat), where a back end switches to a longer sequence.
#include <gtest/gtest.h>

#include "jit/test/jit_test_util.h"

namespace wasmrun::jit::test {
namespace {

class EncodingTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    CompileOptions options;
    options.guard_pages = GetParam();
    inst_ = Instance::load("encodings", {}, options);
    ASSERT_NE(inst_, nullptr);
  }
  CallResult call(const std::string& f, std::vector<rt::RawValue> args = {}) {
    CallResult r = inst_->call(f, std::move(args));
    EXPECT_FALSE(r.trap) << f << ": " << (r.trap ? r.trap->message : "");
    return r;
  }
  std::string trap(const std::string& f, std::vector<rt::RawValue> args) {
    CallResult r = inst_->call(f, std::move(args));
    return r.trap ? r.trap->message : "no trap";
  }
  std::unique_ptr<Instance> inst_;
};

TEST_P(EncodingTest, Constants) {
  const uint64_t c64[] = {0x5555555555555555ull, 0xffffffff00000000ull, 0x0000ffff0000ffffull,
                          0x8000000000000000ull, 0xfffffffffffffffeull, 0x123456789abcdef0ull,
                          0xfffe1234ffffffffull, 0xffffffffffffffffull};
  for (uint32_t i = 0; i < 8; ++i) EXPECT_EQ(call("const64", {I32(i)}).i64(), c64[i]) << i;
  const uint32_t c32[] = {0xffff0000u, 0x12345678u, 0x00ff00ffu, 0xfffe0001u};
  for (uint32_t i = 0; i < 4; ++i) EXPECT_EQ(call("const32", {I32(i)}).i32(), c32[i]) << i;
  EXPECT_EQ(call("f64_const").f64(), -0x1.23456789abcdfp+100);
  EXPECT_EQ(call("f32_const").f32(), 0x1.5p-3f);
}

TEST_P(EncodingTest, Immediates) {
  EXPECT_EQ(call("add_imm", {I32(5)}).i32(), 5u + 0x1000u + 0xfff001u - 4097u);
  EXPECT_EQ(call("sub_imm64", {I64(1)}).i64(), 1ull + 5 - 0x123456789ull);
  EXPECT_EQ(call("logic_imm", {I32(0xffff)}).i32(), ~((0xffffu & 0x123u) | 0x00ff00ffu));
  EXPECT_EQ(call("logic_imm64", {I64(~0ull)}).i64(), 0xf0f0f0f0f0f0f0f0ull ^ 0x1234ull);
  EXPECT_EQ(call("mul_imm64", {I64(3)}).i64(), 0x300000003ull);
  EXPECT_EQ(call("lt_imm", {I32(static_cast<uint32_t>(-4098))}).i32(), 1u);
  EXPECT_EQ(call("lt_imm", {I32(static_cast<uint32_t>(-4097))}).i32(), 0u);
  EXPECT_EQ(call("eq_imm", {I32(4096)}).i32(), 1u);
  EXPECT_EQ(call("eq_imm", {I32(4097)}).i32(), 0u);
  EXPECT_EQ(call("gtu_imm64", {I64(~0ull)}).i32(), 1u);
  EXPECT_EQ(call("gtu_imm64", {I64(~0ull - 2)}).i32(), 0u);
  uint32_t x = 0x80000001u;
  EXPECT_EQ(call("rot_imm", {I32(x)}).i32(), ((x << 1) | (x >> 31)) ^ ((x >> 4) | (x << 28)));
  uint64_t y = 0x8000000000000011ull;
  EXPECT_EQ(call("rotl_imm64", {I64(y)}).i64(), (y << 60) | (y >> 4));
  EXPECT_EQ(call("shift_imm0", {I32(7)}).i32(), 7u);
}

TEST_P(EncodingTest, MemoryOffsets) {
  // The 16-bit store overlaps the i64's lowest byte.
  EXPECT_EQ(call("far_offsets", {I32(8)}).i64(), 0x11223344556677abull + 0xabcdull);
  EXPECT_EQ(trap("huge_offset", {I32(0)}), "out of bounds memory access");
  EXPECT_EQ(trap("max_offset", {I32(0)}), "out of bounds memory access");
  EXPECT_EQ(trap("far_offsets", {I32(65536 - 4096 - 4)}), "out of bounds memory access");
}

TEST_P(EncodingTest, FrameLargerThanImmediateOffsets) {
  EXPECT_EQ(call("big_frame", {I64(10)}).i64(), 34u);
  // A second call sees freshly zeroed locals again.
  EXPECT_EQ(call("big_frame", {I64(100)}).i64(), 304u);
}

INSTANTIATE_TEST_SUITE_P(BoundsModes, EncodingTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Guard" : "Explicit"; });

}  // namespace
}  // namespace wasmrun::jit::test
