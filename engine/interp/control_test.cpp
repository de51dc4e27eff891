// Blocks, loops, branches (with values), calls, call_indirect and their traps.
#include <gtest/gtest.h>

#include "engine/interp/test_instance.h"

namespace wasmrun::interp::testing {
namespace {

class Fixture {
 public:
  explicit Fixture(const std::string& name) {
    std::string error;
    inst = std::make_unique<TestInstance>(load_test_wasm(name), std::vector<rt::HostCallback>{},
                                          &error);
    EXPECT_EQ(error, "");
  }
  std::vector<rt::RawValue> run(const std::string& name, std::vector<rt::RawValue> args) {
    std::vector<rt::RawValue> out;
    auto trap = inst->call(thread, name, args, &out);
    EXPECT_FALSE(trap.has_value()) << name << ": " << (trap ? trap->message : "");
    return out;
  }
  uint32_t run32(const std::string& name, std::vector<rt::RawValue> args) {
    auto out = run(name, args);
    return out.empty() ? 0xdeadbeef : out[0].i32;
  }
  Thread thread{10000};
  std::unique_ptr<TestInstance> inst;
};

TEST(ControlTest, LoopsAndBranches) {
  Fixture f("control");
  EXPECT_EQ(f.run32("sum_to", {i32(100)}), 5050u);
  EXPECT_EQ(f.run32("sum_to", {i32(0)}), 0u);
  EXPECT_EQ(f.run32("br_if_value", {i32(1)}), 7u);
  EXPECT_EQ(f.run32("br_if_value", {i32(0)}), 8u);
  EXPECT_EQ(f.run32("dead_code", {i32(0)}), 3u);
  EXPECT_EQ(f.run32("loop_params", {i32(5)}), 0u);
  EXPECT_EQ(f.run32("nested_return", {i32(0)}), 10u);
  EXPECT_EQ(f.run32("nested_return", {i32(1)}), 11u);
  EXPECT_EQ(f.run32("nested_return", {i32(2)}), 12u);
}

TEST(ControlTest, BrTableWithMultipleValues) {
  Fixture f("control");
  auto r = f.run("switch", {i32(0)});
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].i32, 21u);  // 20 + 1, the 10 below is dropped by the return
  EXPECT_EQ(r[1].i32, 0u);
  r = f.run("switch", {i32(1)});
  EXPECT_EQ(r[0].i32, 2u);
  EXPECT_EQ(r[1].i32, 2u);
  for (uint32_t i : {2u, 3u, 1000u}) {
    r = f.run("switch", {i32(i)});
    EXPECT_EQ(r[0].i32, 10u);
    EXPECT_EQ(r[1].i32, 63u);  // 20 * 3 + 3
  }
  EXPECT_EQ(f.run32("br_table_default", {i32(0)}), 100u);
  EXPECT_EQ(f.run32("br_table_default", {i32(1)}), 101u);
  EXPECT_EQ(f.run32("br_table_default", {i32(2)}), 102u);
  EXPECT_EQ(f.run32("br_table_default", {i32(7)}), 102u);
}

TEST(ControlTest, IfElse) {
  Fixture f("control");
  EXPECT_EQ(f.run32("if_params", {i32(1), i32(5)}), 105u);
  EXPECT_EQ(f.run32("if_params", {i32(0), i32(5)}), static_cast<uint32_t>(-195));
  EXPECT_EQ(f.run32("if_no_else", {i32(0)}), 1u);
  EXPECT_EQ(f.run32("if_no_else", {i32(9)}), 2u);
}

// The expected bit mask of compare.wat for operands a and b.
uint32_t compare_bits(uint32_t a, uint32_t b) {
  int32_t sa = static_cast<int32_t>(a), sb = static_cast<int32_t>(b);
  bool holds[] = {a == b, a != b, sa<sb, a<b, sa> sb, a> b, sa <= sb, a <= b, sa >= sb,
                  a >= b, a == 0};
  uint32_t bits = 0;
  for (uint32_t i = 0; i < 11; ++i) bits |= holds[i] ? 1u << i : 0u;
  return bits;
}

TEST(ControlTest, FusedComparisonsBranchLikeTheComparisons) {
  Fixture f("compare");
  const uint32_t values[] = {0, 1, 2, 0x7fffffff, 0x80000000, 0xffffffff};
  for (uint32_t a : values) {
    for (uint32_t b : values) {
      EXPECT_EQ(f.run32("cmp_if", {i32(a), i32(b)}), compare_bits(a, b)) << a << " " << b;
      EXPECT_EQ(f.run32("cmp_br_if", {i32(a), i32(b)}), compare_bits(a, b)) << a << " " << b;
    }
  }
}

TEST(ControlTest, Unreachable) {
  Fixture f("control");
  auto trap = f.inst->call(f.thread, "unreachable", {});
  ASSERT_TRUE(trap.has_value());
  EXPECT_EQ(trap->kind, rt::TrapKind::Unreachable);
  EXPECT_EQ(trap->message, "unreachable");
}

TEST(CallTest, RecursionAndMultiValue) {
  Fixture f("calls");
  EXPECT_EQ(f.run32("fib", {i32(0)}), 0u);
  EXPECT_EQ(f.run32("fib", {i32(1)}), 1u);
  EXPECT_EQ(f.run32("fib", {i32(20)}), 6765u);
  EXPECT_EQ(f.run("call_multi", {i32(5)})[0].i64, 1015u);
  EXPECT_EQ(f.run("call_multi2", {i32(5)})[0].i64, 5u);
  EXPECT_EQ(f.run32("deep", {i32(5000)}), 5000u);
  EXPECT_EQ(f.run32("call_v128", {}), 40u);  // lane 3 of ([1 2 3 4] + 1) * [5 6 7 8]
}

TEST(CallTest, CallIndirect) {
  Fixture f("calls");
  EXPECT_EQ(f.run32("indirect", {i32(0), i32(21)}), 42u);
  EXPECT_EQ(f.run32("indirect", {i32(1), i32(9)}), 81u);
  auto trap = f.inst->call(f.thread, "indirect", {i32(2), i32(1)});
  ASSERT_TRUE(trap.has_value());
  EXPECT_EQ(trap->kind, rt::TrapKind::IndirectCallTypeMismatch);
  EXPECT_EQ(trap->message, "indirect call type mismatch");
  trap = f.inst->call(f.thread, "indirect", {i32(3), i32(1)});
  ASSERT_TRUE(trap.has_value());
  EXPECT_EQ(trap->message, "uninitialized element");
  trap = f.inst->call(f.thread, "indirect", {i32(4), i32(1)});
  ASSERT_TRUE(trap.has_value());
  EXPECT_EQ(trap->message, "undefined element");
}

TEST(CallTest, InfiniteRecursionExhaustsTheStack) {
  Fixture f("calls");
  auto trap = f.inst->call(f.thread, "forever", {i32(0)});
  ASSERT_TRUE(trap.has_value());
  EXPECT_EQ(trap->kind, rt::TrapKind::CallStackExhausted);
  EXPECT_EQ(trap->message, "call stack exhausted");
  ASSERT_FALSE(trap->backtrace.empty());
  EXPECT_EQ(trap->backtrace[0].func_name, "forever");
  // A small value stack runs out before the depth limit does.
  Thread small(1'000'000, 64 * 1024);
  trap = f.inst->call(small, "forever", {i32(0)});
  ASSERT_TRUE(trap.has_value());
  EXPECT_EQ(trap->kind, rt::TrapKind::CallStackExhausted);
  // A frame without any slot: only the depth limit stops it, even an absurdly high one.
  Thread unlimited(UINT32_MAX, 1 << 20);
  trap = f.inst->call(unlimited, "tiny_forever", {});
  ASSERT_TRUE(trap.has_value());
  EXPECT_EQ(trap->kind, rt::TrapKind::CallStackExhausted);
  trap = f.inst->call(f.thread, "tiny_forever", {});
  ASSERT_TRUE(trap.has_value());
  EXPECT_EQ(trap->kind, rt::TrapKind::CallStackExhausted);
  // Both threads still work.
  EXPECT_EQ(f.run32("fib", {i32(10)}), 55u);
  std::vector<rt::RawValue> out;
  EXPECT_FALSE(f.inst->call(small, "fib", {i32(10)}, &out).has_value());
  EXPECT_EQ(out[0].i32, 55u);
}

}  // namespace
}  // namespace wasmrun::interp::testing
