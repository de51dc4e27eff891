// WebAssembly 3.0 features through the public API in every tier and bounds mode: tail calls
// (unbounded tail recursion in constant stack, to host functions, across instances, backtraces
// after tail calls), extended constant expressions, and the EngineConfig::features switches
// (relaxed SIMD's results are in relaxed_simd_test.cpp).
#include <gtest/gtest.h>

#include "engine/api/api_test_util.h"
#include "engine/core/test_module_builder.h"

namespace wasmrun {
namespace {

class TailCallTest : public ::testing::TestWithParam<testing::TierCase> {
 protected:
  void SetUp() override {
    engine_ = std::make_unique<Engine>(testing::config_of(GetParam()));
    ASSERT_EQ(engine_->effective_tier(), GetParam().tier) << engine_->jit_unavailable_reason();
    store_ = std::make_unique<Store>(*engine_);
  }

  Instance instantiate(const char* name, std::vector<Extern> imports) {
    auto m = testing::compile(*engine_, name);
    EXPECT_TRUE(m);
    auto inst = Instance::create(*store_, *m, imports);
    EXPECT_TRUE(inst) << inst.error().message;
    return inst.value();
  }

  Instance tail_calls() {
    Func add1 = Func::create(
        *store_, FuncType{{ValType::I64}, {ValType::I64}},
        [](std::span<const Value> args, std::span<Value> results) -> std::optional<Trap> {
          results[0] = Value::i64(args[0].i64() + 1);
          return std::nullopt;
        });
    return instantiate("tail_calls", {add1});
  }

  static int64_t call_i64(const Instance& inst, const char* name, std::vector<Value> args) {
    auto f = inst.get_func(name);
    EXPECT_TRUE(f) << name;
    if (!f) return 0;
    auto r = testing::results_of(f->call(args));
    return r.empty() ? 0 : r[0].i64();
  }

  std::unique_ptr<Engine> engine_;
  std::unique_ptr<Store> store_;
};

// Ten million self tail calls, direct and through a table, with the default stack limits: a
// call per step would exhaust the native stack (JIT) or the call depth (interpreter).
TEST_P(TailCallTest, SelfRecursionRunsInConstantStack) {
  Instance inst = tail_calls();
  EXPECT_EQ(call_i64(inst, "count", {Value::i64(10'000'000), Value::i64(5)}), 10'000'005);
  EXPECT_EQ(call_i64(inst, "count_indirect", {Value::i64(10'000'000), Value::i64(0)}), 10'000'000);
}

// Mutual recursion between a 2-parameter and a 20-parameter function: the larger one needs more
// argument area than the smaller one's callers reserve.
TEST_P(TailCallTest, MutualRecursionWithDifferentParameterCounts) {
  Instance inst = tail_calls();
  const int64_t n = 10'000'001;
  int64_t expected = 0;
  for (int64_t k = 0; k < n; ++k) expected += k % 2 == 0 ? 1 : 19;
  EXPECT_EQ(call_i64(inst, "small", {Value::i64(n), Value::i64(0)}), expected);
}

TEST_P(TailCallTest, TailCallToHostFunction) {
  Instance inst = tail_calls();
  EXPECT_EQ(call_i64(inst, "to_host", {Value::i64(41)}), 42);
}

// relay (instance X) tail-calls its import, bounce of instance Y, which tail-calls X's relay
// through a table: every step changes instances.
TEST_P(TailCallTest, MutualRecursionAcrossInstances) {
  auto table = Table::create(*store_, TableType{ValType::FuncRef, {1, std::nullopt}},
                             Value::null_ref(ValType::FuncRef));
  ASSERT_TRUE(table) << table.error().message;
  Func never = Func::create(*store_, FuncType{{ValType::I64, ValType::I64}, {ValType::I64}},
                            [](std::span<const Value>, std::span<Value>) -> std::optional<Trap> {
                              return Trap{TrapKind::Host, "not reached", {}};
                            });
  Instance y = instantiate("tail_peer", {table.value(), never});
  auto bounce = y.get_func("bounce");
  ASSERT_TRUE(bounce);
  Instance x = instantiate("tail_peer", {table.value(), *bounce});
  auto relay = x.get_func("relay");
  ASSERT_TRUE(relay);
  ASSERT_TRUE(table.value().set(0, Value::funcref(*relay)));
  const int64_t n = 3'000'000;
  int64_t expected = 0;
  for (int64_t k = 0; k < n; ++k) expected += k % 2 == 0 ? 2 : 1;
  EXPECT_EQ(call_i64(x, "relay", {Value::i64(n), Value::i64(0)}), expected);
}

// outer calls middle, which tail-calls inner, which traps: middle's frame is gone. The same with
// a callee whose arguments need an adapter frame, which the backtrace skips as well.
TEST_P(TailCallTest, BacktraceShowsLiveFramesOnly) {
  Instance inst = tail_calls();
  for (auto [outer, inner, outer_index] : {std::tuple{"outer", 6u, 8u}, {"outer_big", 9u, 11u}}) {
    auto f = inst.get_func(outer);
    ASSERT_TRUE(f);
    auto trap = testing::trap_of(f->call({}));
    ASSERT_TRUE(trap) << outer;
    EXPECT_EQ(trap->kind, TrapKind::Unreachable);
    ASSERT_EQ(trap->backtrace.size(), 2u) << outer << ": " << trap->to_string();
    EXPECT_EQ(trap->backtrace[0].func_index, inner) << outer;
    EXPECT_EQ(trap->backtrace[1].func_index, outer_index) << outer;
  }
}

TEST_P(TailCallTest, ExtendedConstantExpressions) {
  auto base = Global::create(*store_, GlobalType{ValType::I32, false}, Value::i32(100));
  auto base64 =
      Global::create(*store_, GlobalType{ValType::I64, false}, Value::i64(int64_t{1} << 40));
  ASSERT_TRUE(base && base64);
  Instance inst = instantiate("extended_const", {base.value(), base64.value()});
  auto g = inst.get_export("g");
  auto h = inst.get_export("h");
  ASSERT_TRUE(g && h);
  EXPECT_EQ(std::get<Global>(*g).get().i32(), 112);
  EXPECT_EQ(std::get<Global>(*h).get().i64(), (int64_t{1} << 41) - 10);
  auto load = inst.get_func("load");
  ASSERT_TRUE(load);
  EXPECT_EQ(testing::results_of(load->call(std::vector<Value>{Value::i32(101)}))[0].i32(), 42);
  auto call_at = inst.get_func("call_at");
  ASSERT_TRUE(call_at);
  EXPECT_EQ(testing::results_of(call_at->call(std::vector<Value>{Value::i32(1)}))[0].i32(), 7);
}

// 3.0's rule: a global's initialiser reads defined globals before it, a segment offset any global
// (wabt's text format refuses both, so the module is built here): global 0 is 5, global 1
// (exported "k") is global 0 + 1, and the data segment puts 42 at address global 1.
TEST_P(TailCallTest, ConstantExpressionsReadDefinedGlobals) {
  using namespace testing;
  const Bytes memory = section(5, vec({{0x00, 0x01}}));
  const Bytes globals = section(
      6, vec({{0x7f, 0x00, 0x41, 0x05, 0x0b}, {0x7f, 0x00, 0x23, 0x00, 0x41, 0x01, 0x6a, 0x0b}}));
  const Bytes exports =
      section(7, vec({cat({name("k"), {0x03}, u32(1)}), cat({name("load"), {0x00}, u32(0)})}));
  const Bytes data = section(11, vec({cat({{0x00, 0x23, 0x01, 0x0b}, vec({{0x2a}})})}));
  const Bytes bytes =
      cat({module_with_funcs({func_type({0x7f}, {0x7f})},
                             {testing::Func{0, {0x00}, {0x20, 0x00, 0x2d, 0x00, 0x00, 0x0b}}},
                             {memory, globals, exports}),
           data});
  auto m = Module::compile(*engine_, bytes);
  ASSERT_TRUE(m) << m.error().message;
  auto inst = Instance::create(*store_, m.value(), {});
  ASSERT_TRUE(inst) << inst.error().message;
  auto k = inst.value().get_export("k");
  ASSERT_TRUE(k);
  EXPECT_EQ(std::get<Global>(*k).get().i32(), 6);
  auto load = inst.value().get_func("load");
  ASSERT_TRUE(load);
  EXPECT_EQ(testing::results_of(load->call(std::vector<Value>{Value::i32(6)}))[0].i32(), 42);
}

INSTANTIATE_TEST_SUITE_P(Tiers, TailCallTest, ::testing::ValuesIn(testing::tier_cases()),
                         [](const auto& info) { return std::string(info.param.name); });

// A module using a feature that is switched off is invalid, with the feature named.
TEST(FeatureSwitches, DisabledFeatureFailsValidation) {
  struct Case {
    const char* module;
    const char* feature;
    const char* message;
  };
  for (const Case& c :
       {Case{"tail_calls", "tail-call", "tail calls are disabled (feature tail-call)"},
        Case{"extended_const", "extended-const",
             "extended constant expressions are disabled (feature extended-const)"},
        Case{"relaxed_simd", "relaxed-simd",
             "i8x16.relaxed_swizzle is disabled (feature relaxed-simd)"},
        Case{"multi_memory", "multi-memory",
             "multiple memories are disabled (feature multi-memory)"}}) {
    auto bytes = testing::wasm_bytes(c.module);
    EXPECT_FALSE(Module::validate(bytes)) << c.module;
    Features off;
    ASSERT_TRUE(set_feature(off, c.feature, false));
    auto err = Module::validate(bytes, kDefaultMaxModuleBytes, off);
    ASSERT_TRUE(err) << c.module;
    EXPECT_EQ(err->kind, Error::Kind::Invalid);
    EXPECT_NE(err->message.find(c.message), std::string::npos) << err->message;

    for (Tier tier : {Tier::Interp, Tier::Auto}) {
      EngineConfig config;
      config.tier = tier;
      config.features = off;
      Engine engine(config);
      auto m = Module::compile(engine, bytes);
      ASSERT_FALSE(m) << c.module;
      EXPECT_EQ(m.error().kind, Error::Kind::Invalid);
      EXPECT_NE(m.error().message.find(c.message), std::string::npos) << m.error().message;
    }
  }
}

TEST(FeatureSwitches, Names) {
  Features f;
  std::string unknown;
  EXPECT_TRUE(set_features(f, "tail-call,,extended-const,relaxed-simd", false, &unknown));
  EXPECT_FALSE(f.tail_call);
  EXPECT_FALSE(f.extended_const);
  EXPECT_FALSE(f.relaxed_simd);
  EXPECT_TRUE(set_features(f, kFeatureNames, true, &unknown));
  EXPECT_TRUE(f.tail_call && f.extended_const && f.relaxed_simd && f.multi_memory);
  EXPECT_TRUE(set_features(f, "multi-memory", false, &unknown));
  EXPECT_FALSE(f.multi_memory);
  EXPECT_FALSE(set_features(f, "tail-call,simd", false, &unknown));
  EXPECT_EQ(unknown, "simd");
}

}  // namespace
}  // namespace wasmrun
