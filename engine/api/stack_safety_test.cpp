// Stack safety on any thread: unbounded recursion, wasm -> host -> wasm re-entry and functions
// with frames larger than the whole stack, called from threads with stacks of 64 KiB to 8 MiB,
// in every tier and bounds mode. Each must end in a "call stack exhausted" trap that leaves the
// store usable; none may overflow the thread's stack (which would kill the test process).
#include <gtest/gtest.h>
#include <pthread.h>

#include <algorithm>
#include <climits>
#include <functional>

#include "engine/api/api_test_util.h"
#include "engine/core/test_module_builder.h"

namespace wasmrun {
namespace {

using Config = testing::TierCase;

constexpr size_t kStackSizes[] = {64 << 10, 256 << 10, 512 << 10, 1 << 20, 2 << 20, 8 << 20};
constexpr size_t kRoomyStack = 512 << 10;

// Runs `body` on a new thread with a stack of `bytes` (at least the system's minimum; arm64
// Linux does not create threads below 128 KiB).
void run_on_thread(size_t bytes, const std::function<void()>& body) {
  pthread_attr_t attr;
  ASSERT_EQ(pthread_attr_init(&attr), 0);
  ASSERT_EQ(pthread_attr_setstacksize(&attr, std::max<size_t>(bytes, PTHREAD_STACK_MIN)), 0);
  pthread_t thread;
  auto entry = [](void* p) -> void* {
    (*static_cast<const std::function<void()>*>(p))();
    return nullptr;
  };
  ASSERT_EQ(pthread_create(&thread, &attr, entry, const_cast<std::function<void()>*>(&body)), 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);
}

// A function whose frame holds `values` operands live across a call to itself: a frame of
// several MiB in the JIT (16 bytes a value) and in the interpreter (8 bytes a value).
std::vector<uint8_t> huge_frame_module(uint32_t values) {
  using namespace wasmrun::testing;
  Bytes code;
  code.reserve(values * 3 + 8);
  for (uint32_t i = 0; i < values; ++i) code.insert(code.end(), {0x41, 0x00});  // i32.const 0
  code.insert(code.end(), {0x10, 0x00});                                        // call 0
  for (uint32_t i = 0; i < values; ++i) code.push_back(0x1a);                   // drop
  code.push_back(0x0b);
  Bytes exports = section(7, vec({cat({name("huge"), {0x00}, u32(0)})}));
  return module_with_funcs({func_type({}, {})}, {{0, {0x00}, code}}, {exports});
}

// stack.wat in `store`, its `reenter` import returning its argument (no re-entry).
std::optional<Instance> instantiate_with_identity_import(const Engine& engine, Store& store) {
  auto m = testing::compile(engine, "stack");
  if (!m) return std::nullopt;
  FuncType unary{{ValType::I32}, {ValType::I32}};
  Func identity = Func::create(store, unary, [](std::span<const Value> a, std::span<Value> r) {
    r[0] = a[0];
    return std::optional<Trap>();
  });
  std::vector<Extern> imports = {identity};
  auto inst = Instance::create(store, m.value(), imports);
  EXPECT_TRUE(inst) << inst.error().message;
  if (!inst) return std::nullopt;
  return inst.value();
}

class StackSafetyTest : public ::testing::TestWithParam<std::tuple<Config, size_t>> {
 protected:
  void SetUp() override {
    const Config& c = std::get<0>(GetParam());
    EngineConfig config;
    config.tier = c.tier;
    config.bounds_checks = c.bounds;
    engine_ = std::make_unique<Engine>(config);
    ASSERT_EQ(engine_->effective_tier(), c.tier) << engine_->jit_unavailable_reason();
    store_ = std::make_unique<Store>(*engine_);
    auto m = testing::compile(*engine_, "stack");
    ASSERT_TRUE(m);
    FuncType unary{{ValType::I32}, {ValType::I32}};
    // Host re-entry without end: the import calls the `enter` export again, one deeper.
    Func reenter =
        Func::create(*store_, unary, [this](std::span<const Value> args, std::span<Value> res) {
          ++reentries_;
          auto r = instance_->get_func("enter")->call(args);
          if (auto* t = std::get_if<Trap>(&r)) return std::optional<Trap>(*t);
          res[0] = std::get<std::vector<Value>>(r)[0];
          return std::optional<Trap>();
        });
    std::vector<Extern> imports = {reenter};
    auto inst = Instance::create(*store_, *m, imports);
    ASSERT_TRUE(inst) << inst.error().message;
    instance_ = inst.value();
  }

  size_t stack_bytes() const { return std::get<1>(GetParam()); }

  // On a thread of the parameter's stack size: `name(args)` ends in "call stack exhausted", and
  // the store then still answers, on the main thread and, when the thread's stack is well above
  // the reserve the engine keeps for traps and host calls, on that thread.
  void expect_exhausted(const Instance& instance, const char* name, std::vector<Value> args) {
    run_on_thread(stack_bytes(), [&] {
      auto r = instance.get_func(name)->call(args);
      auto trap = testing::trap_of(r);
      ASSERT_TRUE(trap) << name << " returned normally";
      EXPECT_EQ(trap->kind, TrapKind::CallStackExhausted) << trap->to_string();
      if (stack_bytes() >= kRoomyStack) {
        auto again = testing::results_of(instance_->get_func("answer")->call({}));
        ASSERT_EQ(again.size(), 1u);
        EXPECT_EQ(again[0].i32(), 42);
      }
    });
    auto again = testing::results_of(instance_->get_func("answer")->call({}));
    ASSERT_EQ(again.size(), 1u);
    EXPECT_EQ(again[0].i32(), 42);
  }

  std::unique_ptr<Engine> engine_;
  std::unique_ptr<Store> store_;
  std::optional<Instance> instance_;
  int reentries_ = 0;
};

TEST_P(StackSafetyTest, Recursion) { expect_exhausted(*instance_, "recurse", {Value::i32(0)}); }

TEST_P(StackSafetyTest, RecursionWithLargeFrames) {
  expect_exhausted(*instance_, "recurse_fat", {Value::f64(1.0)});
}

TEST_P(StackSafetyTest, HostReentry) {
  expect_exhausted(*instance_, "enter", {Value::i32(0)});
  // A stack no larger than the engine's reserve (64 KiB under AddressSanitizer, whose frames
  // need a larger reserve) traps before wasm runs at all; any roomier one re-enters.
  if (stack_bytes() >= kRoomyStack) {
    EXPECT_GT(reentries_, 0);
  }
}

// 700,000 operands: an 11 MiB JIT frame (5.6 MiB in the interpreter, whose second frame does not
// fit its 8 MiB value stack), more than any of the threads' stacks.
TEST_P(StackSafetyTest, HugeFrame) {
  static const std::vector<uint8_t> bytes = huge_frame_module(700'000);
  auto m = Module::compile(*engine_, bytes);
  ASSERT_TRUE(m) << m.error().message;
  auto inst = Instance::create(*store_, m.value(), {});
  ASSERT_TRUE(inst) << inst.error().message;
  expect_exhausted(inst.value(), "huge", {});
}

// A call-depth setting far beyond what the stack holds changes nothing: the stack still ends the
// recursion with a trap (the JIT's frames are bounded by stack bytes only, the interpreter's
// live on its own value stack).
TEST_P(StackSafetyTest, LargeCallDepthSetting) {
  EngineConfig config = engine_->config();
  config.max_call_depth = 100'000;
  Engine deep(config);
  Store store(deep);
  auto inst = instantiate_with_identity_import(deep, store);
  ASSERT_TRUE(inst);
  run_on_thread(stack_bytes(), [&] {
    auto trap = testing::trap_of(inst->get_func("recurse")->call({{Value::i32(0)}}));
    ASSERT_TRUE(trap);
    EXPECT_EQ(trap->kind, TrapKind::CallStackExhausted);
  });
}

INSTANTIATE_TEST_SUITE_P(Threads, StackSafetyTest,
                         ::testing::Combine(::testing::ValuesIn(testing::tier_cases()),
                                            ::testing::ValuesIn(kStackSizes)),
                         [](const ::testing::TestParamInfo<std::tuple<Config, size_t>>& info) {
                           return std::string(std::get<0>(info.param).name) + "_" +
                                  std::to_string(std::get<1>(info.param) >> 10) + "KiB";
                         });

// Tests that need one thread size only, once per tier and bounds mode.
class StackSafetyConfigTest : public ::testing::TestWithParam<Config> {
 protected:
  EngineConfig config() const {
    EngineConfig c;
    c.tier = GetParam().tier;
    c.bounds_checks = GetParam().bounds;
    return c;
  }
};

// On the process's main thread, whose stack has unmapped space below it, a frame reserved before
// it is checked faults at once.
TEST_P(StackSafetyConfigTest, HugeFrameOnMainThread) {
  Engine engine(config());
  Store store(engine);
  static const std::vector<uint8_t> bytes = huge_frame_module(700'000);
  auto m = Module::compile(engine, bytes);
  ASSERT_TRUE(m) << m.error().message;
  auto inst = Instance::create(store, m.value(), {});
  ASSERT_TRUE(inst) << inst.error().message;
  auto trap = testing::trap_of(inst.value().get_func("huge")->call({}));
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->kind, TrapKind::CallStackExhausted);
}

// The embedder's bound: with 64 KiB allowed, recursion on an 8 MiB thread stops far earlier than
// the thread's stack would.
TEST_P(StackSafetyConfigTest, EmbedderBound) {
  EngineConfig c = config();
  c.max_stack_bytes = 64 << 10;
  Engine bounded(c);
  Store store(bounded);
  auto inst = instantiate_with_identity_import(bounded, store);
  ASSERT_TRUE(inst);
  run_on_thread(8 << 20, [&] {
    auto trap = testing::trap_of(inst->get_func("recurse")->call({{Value::i32(0)}}));
    ASSERT_TRUE(trap);
    EXPECT_EQ(trap->kind, TrapKind::CallStackExhausted);
    // A frame of `recurse` is at least 16 bytes, so 64 KiB holds at most 4096 of them; the
    // interpreter stops at max_call_depth first.
    EXPECT_LE(trap->backtrace.size(), 4096u + 1);
  });
}

INSTANTIATE_TEST_SUITE_P(Tiers, StackSafetyConfigTest, ::testing::ValuesIn(testing::tier_cases()),
                         [](const ::testing::TestParamInfo<Config>& info) {
                           return std::string(info.param.name);
                         });

}  // namespace
}  // namespace wasmrun
