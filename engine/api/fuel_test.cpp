// Fuel metering (EngineConfig::fuel): one unit per function entry and per loop header reached,
// the same in every tier; running out is an OutOfFuel trap; the host reads and adds fuel.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "engine/api/api_test_util.h"

namespace wasmrun {
namespace {

constexpr uint64_t kStart = 1'000'000;

// fuel.wat in one store, with fuel on unless `fuel` is false.
struct FuelRun {
  explicit FuelRun(const testing::TierCase& tc, bool fuel = true) {
    EngineConfig config;
    config.tier = tc.tier;
    config.bounds_checks = tc.bounds;
    config.fuel = fuel;
    engine = std::make_unique<Engine>(config);
    EXPECT_EQ(engine->effective_tier(), tc.tier) << engine->jit_unavailable_reason();
    store = std::make_unique<Store>(*engine);
    auto m = testing::compile(*engine, "fuel");
    if (!m) return;
    Store* s = store.get();
    Func ping =
        Func::create(*store, FuncType{}, [this, s](std::span<const Value>, std::span<Value>) {
          pings.push_back(s->fuel().value_or(UINT64_MAX));
          return std::optional<Trap>();
        });
    Func reenter = Func::create(*store, FuncType{{ValType::I32}, {}},
                                [this](std::span<const Value> args, std::span<Value>) {
                                  auto r = instance->get_func("count")->call(args);
                                  return testing::trap_of(r);
                                });
    Func refuel = Func::create(*store, FuncType{}, [s](std::span<const Value>, std::span<Value>) {
      s->add_fuel(1000);
      return std::optional<Trap>();
    });
    std::vector<Extern> imports = {ping, reenter, refuel};
    auto inst = Instance::create(*store, *m, imports);
    EXPECT_TRUE(inst) << inst.error().message;
    if (inst) instance = inst.value();
  }

  CallResult call(const char* name, std::vector<Value> args = {}) {
    auto f = instance->get_func(name);
    EXPECT_TRUE(f) << name;
    if (!f) return Trap{};
    return f->call(args);
  }

  std::unique_ptr<Engine> engine;
  std::unique_ptr<Store> store;
  std::optional<Instance> instance;
  std::vector<uint64_t> pings;  // fuel left each time wasm called the host's ping
};

class FuelTest : public ::testing::TestWithParam<testing::TierCase> {};

// Fuel each program consumes, measured in the interpreter once for all tiers.
struct Program {
  const char* name;
  std::vector<Value> args;
};
const std::vector<Program>& programs() {
  static const std::vector<Program> p = {
      {"count", {Value::i32(1000)}},
      {"fib", {Value::i32(15)}},
      {"nested", {Value::i32(7), Value::i32(9)}},
      {"table", {Value::i32(200)}},
      {"reenter", {Value::i32(5), Value::i32(30)}},
      {"refuel_then_count", {Value::i32(50)}},
  };
  return p;
}

struct Consumption {
  std::vector<uint64_t> left;   // per program: fuel left after it
  std::vector<uint64_t> pings;  // fuel left at each host call
};

Consumption consume(const testing::TierCase& tc) {
  Consumption c;
  for (const Program& p : programs()) {
    FuelRun run(tc);
    if (!run.instance) return c;
    EXPECT_TRUE(run.store->set_fuel(kStart));
    testing::results_of(run.call(p.name, p.args));
    c.left.push_back(*run.store->fuel());
    c.pings.insert(c.pings.end(), run.pings.begin(), run.pings.end());
  }
  return c;
}

TEST_P(FuelTest, EveryTierConsumesTheSame) {
  Consumption interp = consume(testing::tier_cases()[0]);
  Consumption here = consume(GetParam());
  ASSERT_EQ(here.left.size(), programs().size());
  for (size_t i = 0; i < programs().size(); ++i) {
    EXPECT_EQ(here.left[i], interp.left[i]) << programs()[i].name;
    EXPECT_NE(here.left[i], kStart) << programs()[i].name;  // some fuel was used
  }
  EXPECT_EQ(here.pings, interp.pings);
  EXPECT_FALSE(here.pings.empty());
}

TEST_P(FuelTest, FollowsTheDocumentedRule) {
  FuelRun run(GetParam());
  ASSERT_TRUE(run.instance);
  // count(n): its entry and n loop headers.
  ASSERT_TRUE(run.store->set_fuel(kStart));
  testing::results_of(run.call("count", {Value::i32(1000)}));
  EXPECT_EQ(*run.store->fuel(), kStart - 1001);
  // fib(15): one unit per call, 1973 calls.
  ASSERT_TRUE(run.store->set_fuel(kStart));
  testing::results_of(run.call("fib", {Value::i32(15)}));
  EXPECT_EQ(*run.store->fuel(), kStart - 1973);
  // reenter(5, 30): its entry, 5 loop headers, and 5 calls of count(30) from the host.
  ASSERT_TRUE(run.store->set_fuel(kStart));
  testing::results_of(run.call("reenter", {Value::i32(5), Value::i32(30)}));
  EXPECT_EQ(*run.store->fuel(), kStart - 1 - 5 - 5 * 31);
}

TEST_P(FuelTest, ExactlyEnoughFuelAndOneUnitLess) {
  FuelRun run(GetParam());
  ASSERT_TRUE(run.instance);
  ASSERT_TRUE(run.store->set_fuel(101));
  auto r = testing::results_of(run.call("count", {Value::i32(100)}));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].i32(), 100);
  EXPECT_EQ(*run.store->fuel(), 0u);

  ASSERT_TRUE(run.store->set_fuel(100));
  auto trap = testing::trap_of(run.call("count", {Value::i32(100)}));
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->kind, TrapKind::OutOfFuel);
  EXPECT_EQ(*run.store->fuel(), 0u);
}

TEST_P(FuelTest, RunawayLoopEndsWithTheFuelTrap) {
  FuelRun run(GetParam());
  ASSERT_TRUE(run.instance);
  for (const char* name : {"spin", "spin_calls"}) {
    ASSERT_TRUE(run.store->set_fuel(100'000));
    auto trap = testing::trap_of(run.call(name));
    ASSERT_TRUE(trap) << name;
    EXPECT_EQ(trap->kind, TrapKind::OutOfFuel) << name;
    EXPECT_EQ(trap->message, "all fuel consumed");
    EXPECT_STREQ(to_string(trap->kind), "out of fuel");
    ASSERT_FALSE(trap->backtrace.empty());
    EXPECT_EQ(trap->backtrace.back().func_name, name);
    EXPECT_EQ(*run.store->fuel(), 0u);
  }
}

TEST_P(FuelTest, ConsumedFuelStaysConsumedAndMoreCanBeAdded) {
  FuelRun run(GetParam());
  ASSERT_TRUE(run.instance);
  // A store starts empty: the first function entry traps.
  EXPECT_EQ(*run.store->fuel(), 0u);
  auto trap = testing::trap_of(run.call("count", {Value::i32(10)}));
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->kind, TrapKind::OutOfFuel);

  ASSERT_TRUE(run.store->add_fuel(25));
  testing::results_of(run.call("count", {Value::i32(10)}));
  EXPECT_EQ(*run.store->fuel(), 14u);
  testing::results_of(run.call("count", {Value::i32(10)}));
  EXPECT_EQ(*run.store->fuel(), 3u);
  ASSERT_TRUE(testing::trap_of(run.call("count", {Value::i32(10)})));
  ASSERT_TRUE(run.store->add_fuel(11));
  testing::results_of(run.call("count", {Value::i32(10)}));
  EXPECT_EQ(*run.store->fuel(), 0u);

  // A host function called from wasm adds fuel the rest of the call uses.
  ASSERT_TRUE(run.store->set_fuel(1));
  testing::results_of(run.call("refuel_then_count", {Value::i32(300)}));
  EXPECT_EQ(*run.store->fuel(), 1u + 1000 - 1 - 301);

  // Amounts beyond what a store holds are clamped, never wrapped.
  ASSERT_TRUE(run.store->set_fuel(UINT64_MAX));
  EXPECT_EQ(*run.store->fuel(), uint64_t{INT64_MAX});
  ASSERT_TRUE(run.store->add_fuel(UINT64_MAX));
  EXPECT_EQ(*run.store->fuel(), uint64_t{INT64_MAX});
}

TEST_P(FuelTest, OffMeansNoMeteringAndNoTrap) {
  FuelRun run(GetParam(), /*fuel=*/false);
  ASSERT_TRUE(run.instance);
  EXPECT_FALSE(run.store->fuel());
  EXPECT_FALSE(run.store->set_fuel(10));
  EXPECT_FALSE(run.store->add_fuel(10));
  auto r = testing::results_of(run.call("count", {Value::i32(100'000)}));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].i32(), 100'000);
  EXPECT_FALSE(run.store->fuel());
}

TEST_P(FuelTest, StartFunctionConsumesFuel) {
  EngineConfig config;
  config.tier = GetParam().tier;
  config.bounds_checks = GetParam().bounds;
  config.fuel = true;
  Engine engine(config);
  auto m = testing::compile(engine, "fuel_start");
  ASSERT_TRUE(m);
  Store store(engine);
  std::optional<Trap> trap;
  auto inst = Instance::create(store, *m, {}, &trap);
  ASSERT_FALSE(inst);
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->kind, TrapKind::OutOfFuel);
  ASSERT_TRUE(store.set_fuel(10));
  inst = Instance::create(store, *m, {}, &trap);
  ASSERT_FALSE(inst);
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->kind, TrapKind::Unreachable);
}

INSTANTIATE_TEST_SUITE_P(Tiers, FuelTest, ::testing::ValuesIn(testing::tier_cases()),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace wasmrun
