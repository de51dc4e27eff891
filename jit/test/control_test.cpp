// Structured control flow, multi-value, traps from unreachable, interrupts.
#include <gtest/gtest.h>

#include <thread>

#include "jit/test/jit_test_util.h"

namespace wasmrun::jit::test {
namespace {

class ControlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    inst_ = Instance::load("control");
    ASSERT_NE(inst_, nullptr);
  }
  uint32_t i32(const std::string& f, std::vector<rt::RawValue> args) {
    CallResult r = inst_->call(f, std::move(args));
    EXPECT_FALSE(r.trap) << f << ": " << (r.trap ? r.trap->message : "");
    return r.results.empty() ? 0 : r.i32();
  }
  std::unique_ptr<Instance> inst_;
};

TEST_F(ControlTest, BlocksAndIfs) {
  EXPECT_EQ(i32("block_result", {I32(4)}), 5u);
  EXPECT_EQ(i32("if_else", {I32(1)}), 10u);
  EXPECT_EQ(i32("if_else", {I32(0)}), 20u);
  EXPECT_EQ(i32("if_no_else", {I32(1)}), 6u);
  EXPECT_EQ(i32("if_no_else", {I32(0)}), 5u);
  EXPECT_EQ(i32("early_return", {I32(1)}), 1u);
  EXPECT_EQ(i32("early_return", {I32(0)}), 0u);
  EXPECT_EQ(i32("nop_drop", {I32(8)}), 8u);
}

TEST_F(ControlTest, Branches) {
  EXPECT_EQ(i32("br_if_value", {I32(1)}), 111u);
  EXPECT_EQ(i32("br_if_value", {I32(0)}), 222u);
  EXPECT_EQ(i32("br_out_of_nested", {I32(1)}), 1u);
  EXPECT_EQ(i32("br_out_of_nested", {I32(0)}), 2u);
  EXPECT_EQ(i32("dead_code", {I32(77)}), 77u);
}

TEST_F(ControlTest, BrTable) {
  EXPECT_EQ(i32("switch", {I32(0)}), 100u);
  EXPECT_EQ(i32("switch", {I32(1)}), 101u);
  EXPECT_EQ(i32("switch", {I32(2)}), 102u);
  EXPECT_EQ(i32("switch", {I32(3)}), 103u);
  EXPECT_EQ(i32("switch", {I32(99)}), 103u);  // out of range: the default
  EXPECT_EQ(i32("br_table_value", {I32(0)}), 7u);
  EXPECT_EQ(i32("br_table_value", {I32(1)}), 1007u);
  EXPECT_EQ(i32("br_table_value", {I32(5)}), 7u);
  const uint32_t wide[] = {200, 201, 202, 203, 202, 205, 206, 200, 299};
  for (uint32_t i = 0; i < 9; ++i) EXPECT_EQ(i32("switch_wide", {I32(i)}), wide[i]) << i;
  EXPECT_EQ(i32("switch_wide", {I32(1000)}), 299u);
  EXPECT_EQ(i32("switch_wide", {I32(-1)}), 299u);  // as unsigned: far out of range
  for (int32_t i = 0; i < 6; ++i) {
    EXPECT_EQ(i32("switch_wide_value", {I32(i)}), i % 2 ? 1007u : 7u) << i;
  }
  EXPECT_EQ(i32("switch_wide_value", {I32(6)}), 7u);  // the default
  EXPECT_EQ(i32("switch_wide_value", {I32(-5)}), 7u);
}

TEST_F(ControlTest, Loops) {
  EXPECT_EQ(i32("loop_sum", {I32(100)}), 5050u);
  EXPECT_EQ(i32("loop_sum", {I32(0)}), 0u);
  CallResult r = inst_->call("fib", {I32(90)});
  ASSERT_FALSE(r.trap);
  EXPECT_EQ(r.i64(), 2880067194370816120ull);
  EXPECT_EQ(i32("loop_params", {I32(5)}), 50u);
  EXPECT_EQ(i32("loop_params", {I32(0)}), 49u);
}

TEST_F(ControlTest, LoopReadingLocalsPastTheTrackedOnes) {
  EXPECT_EQ(i32("loop_many_locals", {I32(100)}), 5050u + 700u);
  EXPECT_EQ(i32("loop_many_locals", {I32(0)}), 0u);
}

TEST_F(ControlTest, MultiValue) {
  CallResult r = inst_->call("multi", {I32(41)});
  ASSERT_FALSE(r.trap);
  ASSERT_EQ(r.results.size(), 2u);
  EXPECT_EQ(r.i32(0), 41u);
  EXPECT_EQ(r.i32(1), 42u);
  EXPECT_EQ(i32("multi_block", {I32(10)}), 7u);
  EXPECT_EQ(i32("block_params", {I32(10)}), 21u);
  r = inst_->call("br_multi", {I32(1)});
  ASSERT_FALSE(r.trap);
  EXPECT_EQ(r.i32(0), 1u);
  EXPECT_EQ(r.i32(1), 2u);
  r = inst_->call("br_multi", {I32(0)});
  ASSERT_FALSE(r.trap);
  EXPECT_EQ(r.i32(0), 3u);
  EXPECT_EQ(r.i32(1), 4u);
}

TEST_F(ControlTest, Select) {
  EXPECT_EQ(i32("select", {I32(1), I32(2), I32(1)}), 1u);
  EXPECT_EQ(i32("select", {I32(1), I32(2), I32(0)}), 2u);
  CallResult r = inst_->call("select_i64", {I64(1ull << 40), I64(3), I32(0)});
  ASSERT_FALSE(r.trap);
  EXPECT_EQ(r.i64(), 3u);
  r = inst_->call("select_i64", {I64(1ull << 40), I64(3), I32(7)});
  EXPECT_EQ(r.i64(), 1ull << 40);
}

TEST_F(ControlTest, UnreachableTrapsAndStoreStaysUsable) {
  CallResult r = inst_->call("unreachable");
  ASSERT_TRUE(r.trap);
  EXPECT_EQ(r.trap->kind, rt::TrapKind::Unreachable);
  EXPECT_EQ(r.trap->message, "unreachable");
  ASSERT_EQ(r.trap->backtrace.size(), 1u);
  EXPECT_EQ(r.trap->backtrace[0].func_name, "unreachable");
  // The thread and instance keep working after the trap.
  EXPECT_EQ(i32("loop_sum", {I32(10)}), 55u);
}

TEST_F(ControlTest, InterruptStopsALoop) {
  inst_->interrupt_flag().store(1);
  CallResult r = inst_->call("spin");
  ASSERT_TRUE(r.trap);
  EXPECT_EQ(r.trap->kind, rt::TrapKind::Interrupted);
  inst_->interrupt_flag().store(0);

  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    inst_->interrupt_flag().store(1);
  });
  r = inst_->call("spin");
  stopper.join();
  ASSERT_TRUE(r.trap);
  EXPECT_EQ(r.trap->kind, rt::TrapKind::Interrupted);
  inst_->interrupt_flag().store(0);
  EXPECT_EQ(i32("loop_sum", {I32(3)}), 6u);
}

}  // namespace
}  // namespace wasmrun::jit::test
