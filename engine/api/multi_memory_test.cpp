// Multi-memory through the public API in every tier and bounds mode: each memory instruction on
// memories other than 0 (loads and stores of every width, SIMD, size, grow, fill, copy between
// memories, init), data segments naming a memory, out-of-bounds traps judged by the right
// memory's size, and several memories exported and imported by name.
#include <gtest/gtest.h>

#include <cstring>

#include "engine/api/api_test_util.h"

namespace wasmrun {
namespace {

class MultiMemoryTest : public ::testing::TestWithParam<testing::TierCase> {
 protected:
  void SetUp() override {
    engine_ = std::make_unique<Engine>(testing::config_of(GetParam()));
    ASSERT_EQ(engine_->effective_tier(), GetParam().tier) << engine_->jit_unavailable_reason();
    store_ = std::make_unique<Store>(*engine_);
  }

  std::optional<Instance> instantiate(const char* name, std::vector<Extern> imports = {}) {
    auto m = testing::compile(*engine_, name);
    if (!m) return std::nullopt;
    auto inst = Instance::create(*store_, *m, imports);
    EXPECT_TRUE(inst) << inst.error().message;
    if (!inst) return std::nullopt;
    return inst.value();
  }

  static CallResult call(const Instance& inst, const char* name, std::vector<Value> args) {
    auto f = inst.get_func(name);
    EXPECT_TRUE(f) << name;
    if (!f) return Trap{};
    return f->call(args);
  }
  static uint32_t call_i32(const Instance& inst, const char* name, std::vector<Value> args) {
    auto r = testing::results_of(call(inst, name, std::move(args)));
    return r.empty() ? 0xdeadbeef : static_cast<uint32_t>(r[0].i32());
  }
  static void call_void(const Instance& inst, const char* name, std::vector<Value> args) {
    testing::results_of(call(inst, name, std::move(args)));
  }
  static bool traps_oob(const Instance& inst, const char* name, std::vector<Value> args) {
    return testing::is_memory_oob(call(inst, name, std::move(args)));
  }
  static uint32_t word(const Memory& m, uint32_t at) { return testing::word_at(m, at); }

  std::unique_ptr<Engine> engine_;
  std::unique_ptr<Store> store_;
};

Value i32(int32_t v) { return Value::i32(v); }

TEST_P(MultiMemoryTest, StoresReachOnlyTheirMemory) {
  auto inst = instantiate("multi_memory");
  ASSERT_TRUE(inst);
  auto m0 = inst->get_memory("mem0"), m1 = inst->get_memory("mem1"), m2 = inst->get_memory("mem2");
  ASSERT_TRUE(m0 && m1 && m2);
  call_void(*inst, "store1", {i32(64), i32(0x11223344)});
  EXPECT_EQ(word(*m1, 64), 0x11223344u);
  EXPECT_EQ(word(*m0, 64), 0u);
  EXPECT_EQ(word(*m2, 64), 0u);
  call_void(*inst, "store0", {i32(64), i32(7)});
  EXPECT_EQ(call_i32(*inst, "load1", {i32(64)}), 0x11223344u);
  EXPECT_EQ(call_i32(*inst, "load0", {i32(64)}), 7u);
  call_void(*inst, "store2_8", {i32(9), i32(0x1ff)});  // offset=1: byte 10
  EXPECT_EQ(m2->data()[10], 0xff);
  EXPECT_EQ(m0->data()[10], 0);
  EXPECT_EQ(call_i32(*inst, "load2_16s", {i32(7)}), 0xffffff00u);  // bytes 9, 10 of memory 2

  call_void(*inst, "store1_i64", {i32(0), Value::i64(-5)});
  EXPECT_EQ(testing::results_of(call(*inst, "load1_i64", {i32(0)}))[0].i64(), -5);
  EXPECT_EQ(word(*m0, 8), 0u);
}

TEST_P(MultiMemoryTest, DataSegmentNamesItsMemory) {
  auto inst = instantiate("multi_memory");
  ASSERT_TRUE(inst);
  EXPECT_EQ(call_i32(*inst, "load1", {i32(16)}), 0x04030201u);
  EXPECT_EQ(call_i32(*inst, "load0", {i32(16)}), 0u);
}

TEST_P(MultiMemoryTest, SimdAccessesOtherMemories) {
  auto inst = instantiate("multi_memory");
  ASSERT_TRUE(inst);
  auto m1 = inst->get_memory("mem1"), m2 = inst->get_memory("mem2");
  for (uint32_t i = 0; i < 16; ++i) m1->data()[32 + i] = static_cast<uint8_t>(i + 1);
  call_void(*inst, "v128_copy_1_to_2", {i32(32), i32(48)});
  EXPECT_EQ(std::memcmp(m1->data() + 32, m2->data() + 48, 16), 0);
  EXPECT_EQ(call_i32(*inst, "splat1_lane3", {i32(32)}), 0x04030201u);
  EXPECT_TRUE(traps_oob(*inst, "splat1_lane3", {i32(65536 - 2)}));
}

TEST_P(MultiMemoryTest, GrowAndSizeArePerMemory) {
  auto inst = instantiate("multi_memory");
  ASSERT_TRUE(inst);
  EXPECT_EQ(call_i32(*inst, "size0", {}), 1u);
  EXPECT_EQ(call_i32(*inst, "size1", {}), 1u);
  EXPECT_EQ(call_i32(*inst, "size2", {}), 2u);
  EXPECT_TRUE(traps_oob(*inst, "load1", {i32(65536)}));
  EXPECT_EQ(call_i32(*inst, "grow1", {i32(2)}), 1u);
  EXPECT_EQ(call_i32(*inst, "grow1", {i32(1)}), 0xffffffffu);  // past its maximum of 3
  EXPECT_EQ(call_i32(*inst, "size1", {}), 3u);
  EXPECT_EQ(call_i32(*inst, "size0", {}), 1u);
  EXPECT_EQ(inst->get_memory("mem1")->pages(), 3u);
  EXPECT_EQ(inst->get_memory("mem0")->pages(), 1u);
  // Memory 1 now reaches 3 pages, memory 0 still one.
  call_void(*inst, "store1", {i32(3 * 65536 - 4), i32(5)});
  EXPECT_EQ(call_i32(*inst, "load1", {i32(3 * 65536 - 4)}), 5u);
  EXPECT_TRUE(traps_oob(*inst, "load0", {i32(65536)}));
  EXPECT_TRUE(traps_oob(*inst, "load1", {i32(3 * 65536 - 3)}));
  EXPECT_EQ(call_i32(*inst, "grow2", {i32(1)}), 2u);
  EXPECT_EQ(call_i32(*inst, "size2", {}), 3u);
}

TEST_P(MultiMemoryTest, OutOfBoundsUsesTheAccessedMemorysSize) {
  auto inst = instantiate("multi_memory");
  ASSERT_TRUE(inst);
  // Memory 2 has two pages, memory 1 one: an address valid in one traps in the other.
  call_void(*inst, "store2_8", {i32(65536 + 10), i32(3)});
  EXPECT_EQ(inst->get_memory("mem2")->data()[65536 + 11], 3);
  EXPECT_TRUE(traps_oob(*inst, "store1", {i32(65536 + 10), i32(3)}));
  EXPECT_TRUE(traps_oob(*inst, "store2_8", {i32(2 * 65536 - 1), i32(3)}));
  EXPECT_TRUE(traps_oob(*inst, "load1_f64", {i32(65536 - 7)}));
}

TEST_P(MultiMemoryTest, BulkOperationsBetweenMemories) {
  auto inst = instantiate("multi_memory");
  ASSERT_TRUE(inst);
  auto m0 = inst->get_memory("mem0"), m1 = inst->get_memory("mem1"), m2 = inst->get_memory("mem2");
  std::memcpy(m0->data() + 100, "multi", 5);
  call_void(*inst, "copy_0_to_1", {i32(200), i32(100), i32(5)});
  EXPECT_EQ(std::memcmp(m1->data() + 200, "multi", 5), 0);
  EXPECT_EQ(m0->data()[200], 0);

  call_void(*inst, "fill2", {i32(70000), i32(0x5a), i32(3)});
  EXPECT_EQ(m2->data()[70000], 0x5a);
  EXPECT_EQ(m2->data()[70002], 0x5a);
  EXPECT_EQ(m2->data()[70003], 0);
  call_void(*inst, "copy_2_to_0", {i32(10), i32(70000), i32(3)});
  EXPECT_EQ(m0->data()[12], 0x5a);

  call_void(*inst, "init1", {i32(300), i32(1), i32(2)});
  EXPECT_EQ(m1->data()[300], 0xbb);
  EXPECT_EQ(m1->data()[301], 0xcc);
  EXPECT_EQ(m0->data()[300], 0);

  // Bounds of each side against its own memory: memory 2 is larger than memory 0.
  EXPECT_TRUE(traps_oob(*inst, "copy_2_to_0", {i32(65536 - 2), i32(70000), i32(3)}));
  EXPECT_TRUE(traps_oob(*inst, "copy_0_to_1", {i32(0), i32(65536 - 2), i32(3)}));
  EXPECT_TRUE(traps_oob(*inst, "fill2", {i32(2 * 65536 - 2), i32(1), i32(3)}));
  EXPECT_TRUE(traps_oob(*inst, "init1", {i32(65535), i32(0), i32(2)}));
}

TEST_P(MultiMemoryTest, ImportsSeveralMemoriesByName) {
  auto a = Memory::create(*store_, MemoryType{Limits{1, std::nullopt}});
  auto b = Memory::create(*store_, MemoryType{Limits{1, 4}});
  ASSERT_TRUE(a && b);
  auto inst = instantiate("multi_memory_import", {a.value(), b.value()});
  ASSERT_TRUE(inst);
  EXPECT_EQ(b->data()[100], 0x2a);  // the active segment naming memory 1 (import "b")
  EXPECT_EQ(a->data()[100], 0);
  std::memcpy(a->data() + 5, "wasm", 4);
  call_void(*inst, "copy_a_to_b", {i32(1000), i32(5), i32(4)});
  EXPECT_EQ(std::memcmp(b->data() + 1000, "wasm", 4), 0);
  EXPECT_EQ(call_i32(*inst, "load_b", {i32(1001)}), static_cast<uint32_t>('a'));
  call_void(*inst, "store_own", {i32(1001), i32(9)});
  EXPECT_EQ(inst->get_memory("own")->data()[1001], 9);
  EXPECT_EQ(b->data()[1001], 'a');
  EXPECT_EQ(call_i32(*inst, "grow_b", {i32(2)}), 1u);
  EXPECT_EQ(b->pages(), 3u);
  EXPECT_EQ(a->pages(), 1u);
  // The host grows memory "b" too; the instance sees it.
  ASSERT_TRUE(b->grow(1));
  EXPECT_EQ(call_i32(*inst, "load_b", {i32(4 * 65536 - 1)}), 0u);
  EXPECT_TRUE(traps_oob(*inst, "load_b", {i32(4 * 65536)}));
}

INSTANTIATE_TEST_SUITE_P(Tiers, MultiMemoryTest, ::testing::ValuesIn(testing::tier_cases()),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace wasmrun
