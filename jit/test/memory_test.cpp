// Loads and stores with explicit bounds checks, memory.size/grow, bulk memory, v128 memory.
#include <gtest/gtest.h>

#include <cstring>

#include "jit/test/jit_test_util.h"

namespace wasmrun::jit::test {
namespace {

constexpr uint32_t kPage = 65536;

class MemoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    inst_ = Instance::load("memory");
    ASSERT_NE(inst_, nullptr);
  }
  CallResult ok(const std::string& f, std::vector<rt::RawValue> args = {}) {
    CallResult r = inst_->call(f, std::move(args));
    EXPECT_FALSE(r.trap) << f << ": " << (r.trap ? r.trap->message : "");
    return r;
  }
  std::string trap(const std::string& f, std::vector<rt::RawValue> args) {
    CallResult r = inst_->call(f, std::move(args));
    return r.trap ? r.trap->message : "no trap";
  }
  uint8_t* mem() { return inst_->memory()->base; }
  std::unique_ptr<Instance> inst_;
};

TEST_F(MemoryTest, Loads) {
  EXPECT_EQ(ok("load32", {I32(16)}).i32(), 0x04030201u);
  EXPECT_EQ(ok("load32_off", {I32(16)}).i32(), 0x08070605u);
  EXPECT_EQ(ok("load64", {I32(16)}).i64(), 0x0807060504030201ull);
  EXPECT_EQ(ok("load8_s", {I32(24)}).i32(), 0xffffffffu);
  EXPECT_EQ(ok("load8_u", {I32(24)}).i32(), 0xffu);
  EXPECT_EQ(ok("load16_s", {I32(24)}).i32(), 0xfffffeffu);
  EXPECT_EQ(ok("load16_u", {I32(24)}).i32(), 0xfeffu);
  EXPECT_EQ(ok("load64_8_s", {I32(25)}).i64(), 0xfffffffffffffffeull);
  EXPECT_EQ(ok("load64_16_u", {I32(24)}).i64(), 0xfeffull);
  EXPECT_EQ(ok("load64_32_s", {I32(22)}).i64(), 0xfffffeff0807ull | 0xffff000000000000ull);
  EXPECT_EQ(ok("load64_32_u", {I32(22)}).i64(), 0xfeff0807ull);
}

TEST_F(MemoryTest, Stores) {
  ok("store32", {I32(100), I32(0xdeadbeef)});
  uint32_t v;
  std::memcpy(&v, mem() + 100, 4);
  EXPECT_EQ(v, 0xdeadbeefu);
  ok("store8", {I32(200), I32(0x1ff)});
  EXPECT_EQ(mem()[200], 0xff);
  EXPECT_EQ(mem()[201], 0);
  ok("store16", {I32(300), I32(0xabcd)});
  EXPECT_EQ(mem()[302], 0xcd);
  EXPECT_EQ(mem()[303], 0xab);
  ok("store64", {I32(400), I64(0x1122334455667788ull)});
  EXPECT_EQ(ok("load64", {I32(400)}).i64(), 0x1122334455667788ull);
  ok("store64_32", {I32(500), I64(0x1122334455667788ull)});
  EXPECT_EQ(ok("load64", {I32(500)}).i64(), 0x55667788ull);
  ok("store_const", {I32(600)});
  EXPECT_EQ(ok("load32", {I32(600)}).i32(), 0x12345678u);
  EXPECT_EQ(ok("f32_roundtrip", {I32(700), F32(1.5f)}).f32(), 1.5f);
  EXPECT_EQ(ok("f64_roundtrip", {I32(800), F64(-2.25)}).f64(), -2.25);
}

TEST_F(MemoryTest, BoundsChecks) {
  EXPECT_EQ(ok("load32", {I32(kPage - 4)}).i32(), 0u);
  EXPECT_EQ(trap("load32", {I32(kPage - 3)}), "out of bounds memory access");
  EXPECT_EQ(trap("load32", {I32(0xffffffff)}), "out of bounds memory access");
  EXPECT_EQ(trap("load32_off", {I32(kPage - 4)}), "out of bounds memory access");
  EXPECT_EQ(trap("load_big_offset", {I32(0x20)}), "out of bounds memory access");
  EXPECT_EQ(trap("load64", {I32(kPage - 7)}), "out of bounds memory access");
  EXPECT_EQ(trap("store8", {I32(kPage), I32(1)}), "out of bounds memory access");
  EXPECT_EQ(trap("store16", {I32(kPage - 3), I32(1)}), "out of bounds memory access");
  EXPECT_FALSE(inst_->call("store8", {I32(kPage - 1), I32(1)}).trap);
}

TEST_F(MemoryTest, SizeAndGrow) {
  EXPECT_EQ(ok("size").i32(), 1u);
  EXPECT_EQ(trap("load32", {I32(kPage)}), "out of bounds memory access");
  EXPECT_EQ(ok("grow", {I32(1)}).i32(), 1u);
  EXPECT_EQ(ok("size").i32(), 2u);
  EXPECT_EQ(ok("load32", {I32(kPage)}).i32(), 0u);     // newly accessible
  EXPECT_EQ(ok("grow", {I32(5)}).i32(), 0xffffffffu);  // beyond the max of 3
  EXPECT_EQ(ok("size").i32(), 2u);
}

TEST_F(MemoryTest, BulkMemory) {
  ok("fill", {I32(1000), I32(0xaa), I32(8)});
  EXPECT_EQ(ok("load64", {I32(1000)}).i64(), 0xaaaaaaaaaaaaaaaaull);
  ok("copy", {I32(1002), I32(16), I32(4)});
  EXPECT_EQ(ok("load64", {I32(1000)}).i64(), 0xaaaa04030201aaaaull);
  ok("init", {I32(2000), I32(1), I32(3)});
  EXPECT_EQ(std::memcmp(mem() + 2000, "ell", 3), 0);
  EXPECT_EQ(trap("init", {I32(2000), I32(3), I32(3)}), "out of bounds memory access");
  EXPECT_EQ(trap("fill", {I32(kPage - 1), I32(0), I32(2)}), "out of bounds memory access");
  EXPECT_EQ(trap("copy", {I32(0), I32(kPage - 1), I32(2)}), "out of bounds memory access");
  ok("drop");
  EXPECT_EQ(trap("init", {I32(2000), I32(0), I32(1)}), "out of bounds memory access");
  ok("init", {I32(2000), I32(0), I32(0)});
}

TEST_F(MemoryTest, V128LoadStoreAndHelperArithmetic) {
  ok("v128_copy", {I32(3000), I32(16)});
  EXPECT_EQ(std::memcmp(mem() + 3000, mem() + 16, 16), 0);
  std::memset(mem() + 4000, 0, 16);
  ok("v128_add", {I32(4000)});
  uint32_t lanes[4];
  std::memcpy(lanes, mem() + 4000, 16);
  EXPECT_EQ(lanes[0], 1u);
  EXPECT_EQ(lanes[3], 4u);
  EXPECT_EQ(trap("v128_copy", {I32(kPage - 15), I32(0)}), "out of bounds memory access");
}

TEST_F(MemoryTest, SimdLaneShuffleAndExtendingLoadsThroughHelpers) {
  for (int i = 0; i < 16; ++i) mem()[5000 + i] = static_cast<uint8_t>(i);
  EXPECT_EQ(ok("extract_lane", {I32(5000)}).i32(), 0x0b0a0908u);
  ok("replace_lane", {I32(5000), I64(0x1122334455667788ull)});
  EXPECT_EQ(ok("load64", {I32(5008)}).i64(), 0x1122334455667788ull);
  for (int i = 0; i < 16; ++i) mem()[6000 + i] = static_cast<uint8_t>(i);
  ok("shuffle", {I32(6000)});
  EXPECT_EQ(mem()[6000], 15);
  EXPECT_EQ(mem()[6015], 0);
  mem()[7008] = 0x80;
  EXPECT_EQ(ok("load8x8_s", {I32(7000)}).i32(), 0xffffff80u);
  ok("store32", {I32(7100), I32(0xcafe)});
  EXPECT_EQ(ok("load32_splat", {I32(7100)}).i32(), 0xcafeu);
  ok("store64", {I32(7200), I64(99)});
  EXPECT_EQ(ok("load_lane", {I32(7200), I32(0)}).i64(), 99u);
  ok("store_lane", {I32(7300)});
  EXPECT_EQ(ok("load32", {I32(7300)}).i32(), 0x55667788u);
  ok("store32", {I32(7400), I32(0x12345678)});
  EXPECT_EQ(ok("bitselect", {I32(7400)}).i32(), 0x1234a987u);  // (v1 & c) | (v2 & ~c)
  EXPECT_EQ(trap("load8x8_s", {I32(kPage - 15)}), "out of bounds memory access");
  EXPECT_EQ(trap("store_lane", {I32(kPage - 3)}), "out of bounds memory access");
}

}  // namespace
}  // namespace wasmrun::jit::test
