// Memory and table instructions, bulk operations and their bounds rules.
#include <gtest/gtest.h>

#include <cstring>

#include "engine/interp/test_instance.h"

namespace wasmrun::interp::testing {
namespace {

class MemoryTest : public ::testing::Test {
 protected:
  void load(const std::string& name) {
    std::string error;
    inst_ = std::make_unique<TestInstance>(load_test_wasm(name), std::vector<rt::HostCallback>{},
                                           &error);
    ASSERT_EQ(error, "");
  }
  uint32_t run32(const std::string& name, std::vector<rt::RawValue> args) {
    std::vector<rt::RawValue> out;
    auto trap = inst_->call(thread_, name, args, &out);
    EXPECT_FALSE(trap.has_value()) << name << ": " << (trap ? trap->message : "");
    return out.empty() ? 0 : out[0].i32;
  }
  std::string trap_of(const std::string& name, std::vector<rt::RawValue> args) {
    auto trap = inst_->call(thread_, name, args);
    return trap ? trap->message : "no trap";
  }
  uint8_t* mem() { return inst_->memory->base; }
  Thread thread_{1000};
  std::unique_ptr<TestInstance> inst_;
};

TEST_F(MemoryTest, LoadsStoresAndBounds) {
  load("memory");
  EXPECT_EQ(run32("load8", {i32(17)}), 2u);
  EXPECT_EQ(run32("load32", {i32(12)}), 0x04030201u);
  std::vector<rt::RawValue> out;
  ASSERT_FALSE(inst_->call(thread_, "store_load64", {i32(100), i64(0x1122334455667788)}, &out));
  EXPECT_EQ(out[0].i64, 0x1122334455667788u);
  EXPECT_EQ(mem()[100], 0x88);
  EXPECT_EQ(run32("load8", {i32(65535)}), 0u);
  EXPECT_EQ(trap_of("load8", {i32(65536)}), "out of bounds memory access");
  EXPECT_EQ(trap_of("load32", {i32(65532)}), "out of bounds memory access");  // offset 4
  EXPECT_EQ(trap_of("load32", {i32(0xfffffffc)}), "out of bounds memory access");
  EXPECT_EQ(trap_of("store_load64", {i32(65529), i64(1)}), "out of bounds memory access");
}

TEST_F(MemoryTest, SizeAndGrow) {
  load("memory");
  EXPECT_EQ(run32("size", {}), 1u);
  EXPECT_EQ(run32("grow", {i32(1)}), 1u);
  EXPECT_EQ(run32("size", {}), 2u);
  EXPECT_EQ(run32("load8", {i32(65536 + 10)}), 0u);  // the new page is addressable
  EXPECT_EQ(run32("grow", {i32(5)}), 0xffffffffu);   // beyond the maximum
  EXPECT_EQ(run32("size", {}), 2u);
}

TEST_F(MemoryTest, BulkMemory) {
  load("memory");
  EXPECT_FALSE(inst_->call(thread_, "init", {i32(200), i32(1), i32(4)}));
  EXPECT_EQ(std::memcmp(mem() + 200, "ello", 4), 0);
  // Zero-length at the exact end is fine; one past it traps, and nothing is written.
  EXPECT_FALSE(inst_->call(thread_, "init", {i32(65536), i32(5), i32(0)}));
  EXPECT_EQ(trap_of("init", {i32(65536), i32(6), i32(0)}), "out of bounds memory access");
  EXPECT_EQ(trap_of("init", {i32(300), i32(2), i32(4)}), "out of bounds memory access");
  EXPECT_EQ(mem()[300], 0);
  EXPECT_FALSE(inst_->call(thread_, "drop", {}));
  EXPECT_EQ(trap_of("init", {i32(200), i32(0), i32(1)}), "out of bounds memory access");
  EXPECT_FALSE(inst_->call(thread_, "init", {i32(200), i32(0), i32(0)}));

  EXPECT_FALSE(inst_->call(thread_, "fill", {i32(400), i32(0x1ab), i32(8)}));
  EXPECT_EQ(mem()[400], 0xab);
  EXPECT_EQ(mem()[407], 0xab);
  EXPECT_EQ(mem()[408], 0);
  EXPECT_EQ(trap_of("fill", {i32(65530), i32(1), i32(7)}), "out of bounds memory access");
  EXPECT_EQ(mem()[65530], 0);

  // Overlapping copy forwards.
  EXPECT_FALSE(inst_->call(thread_, "copy", {i32(402), i32(400), i32(8)}));
  EXPECT_EQ(mem()[409], 0xab);
  EXPECT_EQ(mem()[410], 0);
  EXPECT_EQ(trap_of("copy", {i32(0), i32(65535), i32(2)}), "out of bounds memory access");
  EXPECT_FALSE(inst_->call(thread_, "copy", {i32(65536), i32(0), i32(0)}));
}

TEST_F(MemoryTest, SimdThroughMemory) {
  load("memory");
  EXPECT_EQ(run32("v128_rt", {i32(16)}), 5u);  // byte 19 was 4
  EXPECT_EQ(mem()[16], 2);
  EXPECT_EQ(mem()[31], 1);
  EXPECT_EQ(trap_of("v128_rt", {i32(65521)}), "out of bounds memory access");
}

TEST_F(MemoryTest, Tables) {
  load("tables");
  EXPECT_EQ(run32("size", {}), 2u);
  EXPECT_EQ(trap_of("call", {i32(0)}), "uninitialized element");
  EXPECT_FALSE(inst_->call(thread_, "init", {i32(0), i32(0), i32(2)}));
  EXPECT_EQ(run32("call", {i32(0)}), 1u);
  EXPECT_EQ(run32("call", {i32(1)}), 2u);
  EXPECT_EQ(trap_of("init", {i32(1), i32(0), i32(2)}), "out of bounds table access");
  EXPECT_EQ(run32("grow", {i32(3)}), 2u);
  EXPECT_EQ(run32("size", {}), 5u);
  EXPECT_EQ(run32("call", {i32(4)}), 2u);
  EXPECT_EQ(run32("grow", {i32(100)}), 0xffffffffu);
  EXPECT_FALSE(inst_->call(thread_, "copy", {i32(2), i32(0), i32(2)}));
  EXPECT_EQ(run32("call", {i32(2)}), 1u);
  EXPECT_EQ(trap_of("copy", {i32(4), i32(0), i32(2)}), "out of bounds table access");
  EXPECT_FALSE(inst_->call(thread_, "fill", {i32(1), i32(2)}));
  EXPECT_EQ(run32("is_null", {i32(1)}), 1u);
  EXPECT_EQ(run32("is_null", {i32(0)}), 0u);
  EXPECT_EQ(trap_of("is_null", {i32(5)}), "out of bounds table access");
  EXPECT_EQ(trap_of("fill", {i32(4), i32(2)}), "out of bounds table access");
  EXPECT_EQ(run32("is_null", {i32(4)}), 0u);  // nothing written before the trap
  EXPECT_EQ(trap_of("call", {i32(5)}), "undefined element");
  EXPECT_FALSE(inst_->call(thread_, "drop", {}));
  EXPECT_EQ(trap_of("init", {i32(0), i32(0), i32(1)}), "out of bounds table access");
  EXPECT_FALSE(inst_->call(thread_, "set_ext", {i32(2)}));
  EXPECT_EQ(trap_of("set_ext", {i32(3)}), "out of bounds table access");
}

}  // namespace
}  // namespace wasmrun::interp::testing
