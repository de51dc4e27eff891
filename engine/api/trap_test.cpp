#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "engine/api/api_test_util.h"

namespace wasmrun {
namespace {

// One instance of traps.wat with host imports: `tick` interrupts the store, `fail` traps.
class TrapTest : public ::testing::TestWithParam<testing::TierCase> {
 protected:
  void SetUp() override {
    EngineConfig config;
    config.max_call_depth = 500;
    config.tier = GetParam().tier;
    config.bounds_checks = GetParam().bounds;
    engine_ = std::make_unique<Engine>(config);
    ASSERT_EQ(engine_->effective_tier(), GetParam().tier) << engine_->jit_unavailable_reason();
    store_ = std::make_unique<Store>(*engine_);
    auto m = testing::compile(*engine_, "traps");
    ASSERT_TRUE(m);
    Store* store = store_.get();
    Func tick =
        Func::create(*store_, FuncType{},
                     [store](std::span<const Value>, std::span<Value>) -> std::optional<Trap> {
                       store->interrupt();
                       return std::nullopt;
                     });
    Func fail = Func::create(*store_, FuncType{},
                             [](std::span<const Value>, std::span<Value>) -> std::optional<Trap> {
                               return Trap{TrapKind::Host, "the host says no", {}};
                             });
    std::vector<Extern> imports = {tick, fail};
    auto inst = Instance::create(*store_, *m, imports);
    ASSERT_TRUE(inst) << inst.error().message;
    instance_ = inst.value();
  }

  Trap trap_from(const char* name, std::vector<Value> args = {}) {
    auto f = instance_->get_func(name);
    EXPECT_TRUE(f) << name;
    if (!f) return {};
    auto trap = testing::trap_of(f->call(args));
    EXPECT_TRUE(trap) << name << " did not trap";
    return trap.value_or(Trap{});
  }

  std::unique_ptr<Engine> engine_;
  std::unique_ptr<Store> store_;
  std::optional<Instance> instance_;
};

TEST_P(TrapTest, Unreachable) {
  Trap t = trap_from("unreachable");
  EXPECT_EQ(t.kind, TrapKind::Unreachable);
  EXPECT_EQ(t.message, "unreachable");
}

TEST_P(TrapTest, MemoryOutOfBounds) {
  Trap t = trap_from("memory_oob");
  EXPECT_EQ(t.kind, TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(t.message, "out of bounds memory access");
}

TEST_P(TrapTest, TableOutOfBounds) {
  Trap t = trap_from("table_oob");
  EXPECT_EQ(t.kind, TrapKind::TableOutOfBounds);
  EXPECT_EQ(t.message, "out of bounds table access");
}

TEST_P(TrapTest, UndefinedElement) {
  Trap t = trap_from("undefined_element");
  EXPECT_EQ(t.kind, TrapKind::UndefinedElement);
  EXPECT_EQ(t.message, "undefined element");
}

TEST_P(TrapTest, UninitializedElement) {
  Trap t = trap_from("uninitialized_element");
  EXPECT_EQ(t.kind, TrapKind::UninitializedElement);
  EXPECT_EQ(t.message, "uninitialized element");
}

TEST_P(TrapTest, IndirectCallTypeMismatch) {
  Trap t = trap_from("indirect_mismatch");
  EXPECT_EQ(t.kind, TrapKind::IndirectCallTypeMismatch);
  EXPECT_EQ(t.message, "indirect call type mismatch");
}

TEST_P(TrapTest, IntegerDivideByZero) {
  Trap t = trap_from("div_zero", {Value::i32(0)});
  EXPECT_EQ(t.kind, TrapKind::IntegerDivideByZero);
  EXPECT_EQ(t.message, "integer divide by zero");
}

TEST_P(TrapTest, IntegerOverflow) {
  Trap t = trap_from("overflow");
  EXPECT_EQ(t.kind, TrapKind::IntegerOverflow);
  EXPECT_EQ(t.message, "integer overflow");
}

TEST_P(TrapTest, InvalidConversionToInteger) {
  Trap t = trap_from("bad_conversion");
  EXPECT_EQ(t.kind, TrapKind::InvalidConversionToInteger);
  EXPECT_EQ(t.message, "invalid conversion to integer");
}

TEST_P(TrapTest, CallStackExhausted) {
  Trap t = trap_from("recurse");
  EXPECT_EQ(t.kind, TrapKind::CallStackExhausted);
  EXPECT_EQ(t.message, "call stack exhausted");
}

// Both tiers cut a deep backtrace alike: its innermost and outermost frames, and a count.
TEST_P(TrapTest, DeepBacktraceKeepsBothEnds) {
  Trap t = trap_from("recurse");
  ASSERT_EQ(t.kind, TrapKind::CallStackExhausted);
  EXPECT_EQ(t.backtrace.size(), 32u);
  EXPECT_GT(t.frames_omitted, 0u);
  for (const Frame& f : t.backtrace) EXPECT_EQ(f.func_name, "recurse");
  std::string text = t.to_string();
  EXPECT_NE(text.find("\n  ... " + std::to_string(t.frames_omitted) + " frames omitted\n"),
            std::string::npos)
      << text;
  // A short one is listed whole.
  Trap shallow = trap_from("outer");
  EXPECT_EQ(shallow.frames_omitted, 0u);
  EXPECT_EQ(shallow.to_string().find("omitted"), std::string::npos);
}

TEST_P(TrapTest, Interrupted) {
  Trap t = trap_from("spin");
  EXPECT_EQ(t.kind, TrapKind::Interrupted);
}

TEST_P(TrapTest, HostTrapPropagates) {
  Trap t = trap_from("host_fail");
  EXPECT_EQ(t.kind, TrapKind::Host);
  EXPECT_EQ(t.message, "the host says no");
}

TEST_P(TrapTest, StoreUsableAfterTraps) {
  trap_from("recurse");
  trap_from("unreachable");
  auto f = instance_->get_func("div_zero");
  ASSERT_TRUE(f);
  auto r = testing::results_of(f->call(std::vector<Value>{Value::i32(1)}));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].i32(), 1);
}

TEST_P(TrapTest, InterruptBeforeCallIsCleared) {
  // The flag only stops code that is running when it is raised (or raised later).
  store_->interrupt();
  auto f = instance_->get_func("div_zero");
  ASSERT_TRUE(f);
  auto r = testing::results_of(f->call(std::vector<Value>{Value::i32(1)}));
  EXPECT_EQ(r.size(), 1u);
}

TEST_P(TrapTest, BacktraceInnermostFirstWithNames) {
  Trap t = trap_from("outer");
  EXPECT_EQ(t.kind, TrapKind::Unreachable);
  ASSERT_GE(t.backtrace.size(), 3u);
  // Function indexes: 2 imports, then $unreachable=2, $one=3, ..., $inner, $middle, outer last.
  uint32_t inner = t.backtrace[0].func_index;
  EXPECT_EQ(t.backtrace[1].func_index, inner + 1);
  EXPECT_EQ(t.backtrace[2].func_index, inner + 2);
  EXPECT_EQ(t.backtrace[0].func_index, 15u);
  EXPECT_EQ(t.backtrace[0].func_name, "inner");
  EXPECT_EQ(t.backtrace[1].func_name, "middle");
  std::string text = t.to_string();
  EXPECT_NE(text.find("unreachable"), std::string::npos);
  EXPECT_NE(text.find("inner"), std::string::npos);
  EXPECT_LT(text.find("inner"), text.find("middle"));
}

TEST_P(TrapTest, ArgumentMismatchIsHostTrap) {
  auto f = instance_->get_func("div_zero");
  ASSERT_TRUE(f);
  auto none = testing::trap_of(f->call({}));
  ASSERT_TRUE(none);
  EXPECT_EQ(none->kind, TrapKind::Host);
  auto wrong = testing::trap_of(f->call(std::vector<Value>{Value::i64(1)}));
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->kind, TrapKind::Host);
}

// Store::interrupt() from another thread stops code that never calls out of wasm (a bare loop
// polls the flag at its header). The bound is generous for loaded machines; the time is printed.
TEST_P(TrapTest, InterruptFromAnotherThreadStopsLoop) {
  auto f = instance_->get_func("loop_forever");
  ASSERT_TRUE(f);
  using Clock = std::chrono::steady_clock;
  Clock::time_point raised{};
  std::thread interrupter([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    raised = Clock::now();
    store_->interrupt();
  });
  auto trap = testing::trap_of(f->call({}));
  Clock::time_point stopped = Clock::now();
  interrupter.join();
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->kind, TrapKind::Interrupted);
  auto latency = std::chrono::duration_cast<std::chrono::microseconds>(stopped - raised);
  std::printf("[%s] interrupt latency: %lld us\n", GetParam().name,
              static_cast<long long>(latency.count()));
  EXPECT_LT(latency, std::chrono::seconds(1));
}

INSTANTIATE_TEST_SUITE_P(Tiers, TrapTest, ::testing::ValuesIn(testing::tier_cases()),
                         [](const ::testing::TestParamInfo<testing::TierCase>& info) {
                           return std::string(info.param.name);
                         });

}  // namespace
}  // namespace wasmrun
