#include <gtest/gtest.h>

#include <stdexcept>

#include "engine/api/api_test_util.h"

namespace wasmrun {
namespace {

class HostTest : public ::testing::Test {
 protected:
  // host.wat imports add: [i32 i32] -> [i32] and reenter: [i32] -> [i32].
  std::optional<Instance> instantiate(HostFunction add) {
    auto m = testing::compile(engine_, "host");
    if (!m) return std::nullopt;
    FuncType binary{{ValType::I32, ValType::I32}, {ValType::I32}};
    FuncType unary{{ValType::I32}, {ValType::I32}};
    Func add_f = Func::create(store_, binary, std::move(add));
    // Calls back into the instance's `square` export: wasm -> host -> wasm.
    Func reenter =
        Func::create(store_, unary, [this](std::span<const Value> args, std::span<Value> res) {
          auto r = instance_->get_func("square")->call(args);
          if (auto* t = std::get_if<Trap>(&r)) return std::optional<Trap>(*t);
          res[0] = Value::i32(std::get<std::vector<Value>>(r)[0].i32() + 1);
          return std::optional<Trap>();
        });
    std::vector<Extern> imports = {add_f, reenter};
    auto inst = Instance::create(store_, *m, imports);
    EXPECT_TRUE(inst) << inst.error().message;
    if (!inst) return std::nullopt;
    instance_ = inst.value();
    return instance_;
  }

  Engine engine_;
  Store store_{engine_};
  std::optional<Instance> instance_;
};

TEST_F(HostTest, CalledFromWasmWithArguments) {
  std::vector<int32_t> seen;
  auto inst = instantiate([&seen](std::span<const Value> args, std::span<Value> res) {
    EXPECT_EQ(args.size(), 2u);
    EXPECT_EQ(res.size(), 1u);
    EXPECT_EQ(res[0].type(), ValType::I32);
    seen.push_back(args[0].i32());
    seen.push_back(args[1].i32());
    res[0] = Value::i32(args[0].i32() + args[1].i32());
    return std::optional<Trap>();
  });
  ASSERT_TRUE(inst);
  auto r = testing::results_of(
      inst->get_func("add")->call(std::vector<Value>{Value::i32(40), Value::i32(2)}));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].i32(), 42);
  EXPECT_EQ(seen, (std::vector<int32_t>{40, 2}));
}

TEST_F(HostTest, TrapFromHostUnwindsWasm) {
  auto inst = instantiate([](std::span<const Value>, std::span<Value>) {
    return std::optional<Trap>(Trap{TrapKind::Host, "refused", {}});
  });
  ASSERT_TRUE(inst);
  auto trap = testing::trap_of(
      inst->get_func("add")->call(std::vector<Value>{Value::i32(1), Value::i32(2)}));
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->kind, TrapKind::Host);
  EXPECT_EQ(trap->message, "refused");
  // The store still works.
  auto r = testing::results_of(inst->get_func("square")->call(std::vector<Value>{Value::i32(3)}));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].i32(), 9);
}

TEST_F(HostTest, WrongResultTypeIsHostTrap) {
  auto inst = instantiate([](std::span<const Value>, std::span<Value> res) {
    res[0] = Value::i64(1);
    return std::optional<Trap>();
  });
  ASSERT_TRUE(inst);
  auto trap = testing::trap_of(
      inst->get_func("add")->call(std::vector<Value>{Value::i32(1), Value::i32(2)}));
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->kind, TrapKind::Host);
}

TEST_F(HostTest, ExceptionBecomesHostTrap) {
  auto inst = instantiate([](std::span<const Value>, std::span<Value>) -> std::optional<Trap> {
    throw std::runtime_error("boom");
  });
  ASSERT_TRUE(inst);
  auto trap = testing::trap_of(
      inst->get_func("add")->call(std::vector<Value>{Value::i32(1), Value::i32(2)}));
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->kind, TrapKind::Host);
  EXPECT_NE(trap->message.find("boom"), std::string::npos);
}

TEST_F(HostTest, ReentrantCall) {
  auto inst = instantiate([](std::span<const Value>, std::span<Value> res) {
    res[0] = Value::i32(0);
    return std::optional<Trap>();
  });
  ASSERT_TRUE(inst);
  auto r = testing::results_of(inst->get_func("reenter")->call(std::vector<Value>{Value::i32(7)}));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].i32(), 50);
}

TEST_F(HostTest, HostFuncCalledDirectly) {
  FuncType t{{ValType::F64}, {ValType::F64, ValType::I32}};
  Func f = Func::create(store_, t, [](std::span<const Value> args, std::span<Value> res) {
    res[0] = Value::f64(args[0].f64() * 2);
    res[1] = Value::i32(1);
    return std::optional<Trap>();
  });
  EXPECT_EQ(f.type(), t);
  auto r = testing::results_of(f.call(std::vector<Value>{Value::f64(1.25)}));
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].f64(), 2.5);
  EXPECT_EQ(r[1].i32(), 1);
  auto trap = testing::trap_of(f.call(std::vector<Value>{Value::f32(1.25f)}));
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->kind, TrapKind::Host);
}

}  // namespace
}  // namespace wasmrun
