// Direct calls, multi-value results, host imports (with traps and re-entry), call_indirect and
// its traps, stack exhaustion and backtraces.
#include <gtest/gtest.h>

#include "jit/test/jit_test_util.h"

namespace wasmrun::jit::test {
namespace {

class CallTest : public ::testing::Test {
 protected:
  void SetUp() override {
    HostImports imports;
    imports["host.add3"] = [](rt::HostCallContext& ctx, const rt::RawValue* a,
                              rt::RawValue* r) -> std::optional<rt::TrapInfo> {
      EXPECT_NE(ctx.caller, nullptr);
      r[0].i32 = a[0].i32 + a[1].i32 + a[2].i32;
      return std::nullopt;
    };
    imports["host.fail"] = [](rt::HostCallContext&, const rt::RawValue*,
                              rt::RawValue*) -> std::optional<rt::TrapInfo> {
      return rt::TrapInfo{rt::TrapKind::Host, "host said no", {}};
    };
    imports["host.reenter"] = [this](rt::HostCallContext&, const rt::RawValue* a,
                                     rt::RawValue* r) -> std::optional<rt::TrapInfo> {
      // Calls back into wasm on the same thread.
      rt::RawValue arg = I64(a[0].i32);
      rt::RawValue res = rt::raw_zero();
      auto trap = invoke(inst_->thread(), inst_->func("fac"), &arg, &res);
      if (trap) return trap;
      r[0].i32 = static_cast<uint32_t>(res.i64);
      return std::nullopt;
    };
    inst_ = Instance::load("calls", imports);
    ASSERT_NE(inst_, nullptr);
  }
  std::unique_ptr<Instance> inst_;
};

TEST_F(CallTest, DirectAndRecursive) {
  CallResult r = inst_->call("fac", {I64(20)});
  ASSERT_FALSE(r.trap);
  EXPECT_EQ(r.i64(), 2432902008176640000ull);
  r = inst_->call("call_keeps_stack", {I32(5)});
  ASSERT_FALSE(r.trap);
  EXPECT_EQ(r.i32(), 105u + 10u + 5u);
}

TEST_F(CallTest, MultiValueResults) {
  CallResult r = inst_->call("call_multi", {I32(5), I64(100)});
  ASSERT_FALSE(r.trap);
  EXPECT_EQ(r.i64(), 95u);
}

TEST_F(CallTest, HostImports) {
  CallResult r = inst_->call("host_add", {I32(1)});
  ASSERT_FALSE(r.trap);
  EXPECT_EQ(r.i32(), 321u);

  r = inst_->call("host_fail");
  ASSERT_TRUE(r.trap);
  EXPECT_EQ(r.trap->kind, rt::TrapKind::Host);
  EXPECT_EQ(r.trap->message, "host said no");
  ASSERT_EQ(r.trap->backtrace.size(), 1u);
  EXPECT_EQ(r.trap->backtrace[0].func_name, "host_fail");

  r = inst_->call("host_reenter", {I32(5)});
  ASSERT_FALSE(r.trap);
  EXPECT_EQ(r.i32(), 121u);
}

TEST_F(CallTest, CallIndirect) {
  CallResult r = inst_->call("indirect", {I32(21), I32(0)});
  ASSERT_FALSE(r.trap);
  EXPECT_EQ(r.i32(), 42u);
  r = inst_->call("indirect", {I32(21), I32(1)});
  ASSERT_FALSE(r.trap);
  EXPECT_EQ(r.i32(), 63u);

  r = inst_->call("indirect", {I32(1), I32(2)});
  ASSERT_TRUE(r.trap);
  EXPECT_EQ(r.trap->message, "indirect call type mismatch");
  r = inst_->call("indirect", {I32(1), I32(3)});
  ASSERT_TRUE(r.trap);
  EXPECT_EQ(r.trap->message, "uninitialized element");
  r = inst_->call("indirect", {I32(1), I32(4)});
  ASSERT_TRUE(r.trap);
  EXPECT_EQ(r.trap->message, "undefined element");
}

TEST_F(CallTest, StackExhaustionTrapsAndRecovers) {
  for (int i = 0; i < 3; ++i) {
    CallResult r = inst_->call("recurse", {I32(0)});
    ASSERT_TRUE(r.trap);
    EXPECT_EQ(r.trap->kind, rt::TrapKind::CallStackExhausted);
    EXPECT_EQ(r.trap->message, "call stack exhausted");
    // Both ends of the deep backtrace are kept, the middle counted (rt::add_backtrace_frame).
    EXPECT_EQ(r.trap->backtrace.size(), 2 * rt::kBacktraceEndFrames);
    EXPECT_GT(r.trap->backtrace.size() + r.trap->frames_omitted, 100u);
  }
  CallResult r = inst_->call("fac", {I64(5)});
  ASSERT_FALSE(r.trap);
  EXPECT_EQ(r.i64(), 120u);
}

TEST_F(CallTest, BacktraceListsWasmFrames) {
  CallResult r = inst_->call("nested_trap");
  ASSERT_TRUE(r.trap);
  EXPECT_EQ(r.trap->kind, rt::TrapKind::Unreachable);
  ASSERT_EQ(r.trap->backtrace.size(), 3u);
  // innermost first: $inner (index 15), $middle (16), the export (17)
  EXPECT_EQ(r.trap->backtrace[0].func_index, 15u);
  EXPECT_EQ(r.trap->backtrace[1].func_index, 16u);
  EXPECT_EQ(r.trap->backtrace[2].func_index, 17u);
  EXPECT_EQ(r.trap->backtrace[2].func_name, "nested_trap");
}

}  // namespace
}  // namespace wasmrun::jit::test
