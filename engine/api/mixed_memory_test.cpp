// A 32-bit and a 64-bit memory in one module (multi-memory with memory64), in both orders
// (memory 0 32-bit and memory 1 64-bit, and the reverse), in every tier and bounds mode: each
// instruction takes the address type of the memory it names, the 64-bit memory is checked
// explicitly at either index (in guard-page mode too, and through the JIT's memory table when it
// is not memory 0), memory.grow and memory.size answer in each memory's type, and memory.copy
// between the two takes each address in its memory's type and an i32 length.
#include <gtest/gtest.h>

#include <cstring>

#include "engine/api/api_test_util.h"

namespace wasmrun {
namespace {

constexpr int64_t k4G = int64_t{1} << 32;
constexpr int64_t kPage = 65536;

struct MixedCase {
  testing::TierCase tier;
  const char* module;  // testdata name: the two memories in one order or the other
};

std::vector<MixedCase> mixed_cases() {
  std::vector<MixedCase> cases;
  for (const testing::TierCase& t : testing::tier_cases()) {
    cases.push_back({t, "mixed_memory_32_64"});
    cases.push_back({t, "mixed_memory_64_32"});
  }
  return cases;
}

class MixedMemoryTest : public ::testing::TestWithParam<MixedCase> {
 protected:
  void SetUp() override {
    engine_ = std::make_unique<Engine>(testing::config_of(GetParam().tier));
    ASSERT_EQ(engine_->effective_tier(), GetParam().tier.tier) << engine_->jit_unavailable_reason();
    store_ = std::make_unique<Store>(*engine_);
    auto m = testing::compile(*engine_, GetParam().module);
    ASSERT_TRUE(m);
    auto inst = Instance::create(*store_, *m, {});
    ASSERT_TRUE(inst) << inst.error().message;
    inst_ = inst.value();
    auto m32 = inst_->get_memory("m32"), m64 = inst_->get_memory("m64");
    ASSERT_TRUE(m32 && m64);
    ASSERT_FALSE(m32->type().is64);
    ASSERT_TRUE(m64->type().is64);
    m32_ = *m32;
    m64_ = *m64;
  }

  CallResult call(const char* name, std::vector<Value> args) {
    auto f = inst_->get_func(name);
    EXPECT_TRUE(f) << name;
    if (!f) return Trap{};
    return f->call(args);
  }
  Value result(const char* name, std::vector<Value> args) {
    auto r = testing::results_of(call(name, std::move(args)));
    return r.empty() ? Value::i32(0x0badf00d) : r[0];
  }
  bool runs(const char* name, std::vector<Value> args) {
    return !testing::trap_of(call(name, std::move(args)));
  }
  bool traps_oob(const char* name, std::vector<Value> args) {
    return testing::is_memory_oob(call(name, std::move(args)));
  }
  static uint32_t word(const Memory& m, uint64_t at) { return testing::word_at(m, at); }

  std::unique_ptr<Engine> engine_;
  std::unique_ptr<Store> store_;
  std::optional<Instance> inst_;
  std::optional<Memory> m32_, m64_;
};

Value i32(int32_t v) { return Value::i32(v); }
Value i64(int64_t v) { return Value::i64(v); }

TEST_P(MixedMemoryTest, LoadsAndStoresReachTheirMemory) {
  ASSERT_TRUE(runs("store32", {i32(100), i32(0x11223344)}));  // offset=4
  ASSERT_TRUE(runs("store64", {i64(100), i32(0x55667788)}));
  EXPECT_EQ(word(*m32_, 104), 0x11223344u);
  EXPECT_EQ(word(*m64_, 104), 0x55667788u);
  EXPECT_EQ(static_cast<uint32_t>(result("load32", {i32(100)}).i32()), 0x11223344u);
  EXPECT_EQ(static_cast<uint32_t>(result("load64", {i64(100)}).i32()), 0x55667788u);
  // The active data segment with an i64 offset went to the 64-bit memory only.
  EXPECT_EQ(m64_->data()[8], 0x2a);
  EXPECT_EQ(m32_->data()[8], 0);
  EXPECT_EQ(result("load64_i64", {i64(8)}).i64(), 0x2a);
  EXPECT_EQ(result("load64_8x8", {i64(8)}).i64(), 0x2a);  // SIMD load through a helper
}

TEST_P(MixedMemoryTest, EachMemoryIsCheckedWithItsAddressType) {
  EXPECT_TRUE(runs("load64", {i64(kPage - 8)}));  // offset 4 + 4 bytes end at the last byte
  EXPECT_TRUE(traps_oob("load64", {i64(kPage - 7)}));
  EXPECT_TRUE(traps_oob("load64", {i64(k4G)}));  // not wrapped to 0
  EXPECT_TRUE(traps_oob("load64", {i64(k4G + 100)}));
  EXPECT_TRUE(traps_oob("load64", {i64(-1)}));  // address + offset carries out of 64 bits
  EXPECT_TRUE(runs("load64_i64", {i64(kPage - 8)}));
  EXPECT_TRUE(traps_oob("load64_i64", {i64(kPage - 7)}));
  EXPECT_TRUE(traps_oob("load64_8x8", {i64(kPage - 7)}));
  EXPECT_TRUE(traps_oob("load64_8x8", {i64(k4G)}));
  EXPECT_TRUE(traps_oob("store64", {i64(k4G), i32(9)}));
  EXPECT_EQ(word(*m64_, 4), 0u);
  EXPECT_TRUE(runs("load32", {i32(kPage - 8)}));
  EXPECT_TRUE(traps_oob("load32", {i32(kPage - 7)}));
  EXPECT_TRUE(traps_oob("load32", {i32(-1)}));
}

TEST_P(MixedMemoryTest, SizeAndGrowAnswerInEachMemorysType) {
  EXPECT_EQ(result("size32", {}).i32(), 1);
  EXPECT_EQ(result("size64", {}).i64(), 1);
  EXPECT_TRUE(traps_oob("load64", {i64(kPage)}));
  EXPECT_EQ(result("grow64", {i64(1)}).i64(), 1);
  EXPECT_EQ(result("size64", {}).i64(), 2);
  EXPECT_EQ(result("size32", {}).i32(), 1);
  EXPECT_TRUE(runs("store64", {i64(kPage), i32(77)}));
  EXPECT_EQ(static_cast<uint32_t>(result("load64", {i64(kPage)}).i32()), 77u);
  EXPECT_TRUE(traps_oob("load32", {i32(kPage)}));     // memory 32 did not grow
  EXPECT_EQ(result("grow64", {i64(5)}).i64(), -1);    // past the maximum (3)
  EXPECT_EQ(result("grow64", {i64(k4G)}).i64(), -1);  // a delta that is no i32
  EXPECT_EQ(result("grow32", {i32(2)}).i32(), 1);
  EXPECT_EQ(result("grow32", {i32(1)}).i32(), -1);
  EXPECT_EQ(m32_->pages(), 3u);
  EXPECT_EQ(m64_->pages(), 2u);
  EXPECT_TRUE(runs("load32", {i32(3 * kPage - 8)}));
  EXPECT_TRUE(traps_oob("load64", {i64(2 * kPage - 7)}));
}

TEST_P(MixedMemoryTest, BulkOperationsTakeEachMemorysTypes) {
  ASSERT_TRUE(runs("fill64", {i64(16), i32(0xab), i64(4)}));
  EXPECT_EQ(word(*m64_, 16), 0xababababu);
  EXPECT_EQ(word(*m32_, 16), 0u);
  EXPECT_TRUE(traps_oob("fill64", {i64(kPage - 2), i32(1), i64(3)}));
  EXPECT_TRUE(traps_oob("fill64", {i64(k4G), i32(1), i64(0)}));
  EXPECT_TRUE(traps_oob("fill64", {i64(0), i32(1), i64(k4G)}));
  ASSERT_TRUE(runs("fill32", {i32(16), i32(0xcd), i32(2)}));
  EXPECT_EQ(word(*m32_, 16), 0xcdcdu);

  ASSERT_TRUE(runs("init64", {i64(32), i32(0), i32(6)}));
  EXPECT_EQ(std::memcmp(m64_->data() + 32, "wasm64", 6), 0);
  EXPECT_TRUE(traps_oob("init64", {i64(k4G + 32), i32(0), i32(1)}));

  // Between the memories: each address in its memory's type, the length an i32.
  ASSERT_TRUE(runs("copy_64_to_32", {i32(300), i64(32), i32(6)}));
  EXPECT_EQ(std::memcmp(m32_->data() + 300, "wasm64", 6), 0);
  ASSERT_TRUE(runs("copy_32_to_64", {i64(200), i32(300), i32(4)}));
  EXPECT_EQ(std::memcmp(m64_->data() + 200, "wasm", 4), 0);
  EXPECT_TRUE(traps_oob("copy_64_to_32", {i32(0), i64(k4G), i32(1)}));
  EXPECT_TRUE(traps_oob("copy_32_to_64", {i64(k4G), i32(0), i32(1)}));
  EXPECT_TRUE(traps_oob("copy_32_to_64", {i64(0), i32(0), i32(-1)}));  // 2^32 - 1 bytes
  EXPECT_TRUE(traps_oob("copy_64_to_32", {i32(kPage - 2), i64(0), i32(3)}));
  EXPECT_TRUE(traps_oob("copy_32_to_64", {i64(kPage - 2), i32(0), i32(3)}));
  ASSERT_TRUE(runs("copy_64_to_64", {i64(40), i64(32), i64(6)}));
  EXPECT_EQ(std::memcmp(m64_->data() + 40, "wasm64", 6), 0);
  EXPECT_TRUE(traps_oob("copy_64_to_64", {i64(0), i64(0), i64(k4G)}));
}

INSTANTIATE_TEST_SUITE_P(Tiers, MixedMemoryTest, ::testing::ValuesIn(mixed_cases()),
                         [](const auto& info) {
                           return std::string(info.param.tier.name) + "_" + info.param.module;
                         });

}  // namespace
}  // namespace wasmrun
