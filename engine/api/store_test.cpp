#include <gtest/gtest.h>

#include "engine/api/api_test_util.h"

namespace wasmrun {
namespace {

// Under LeakSanitizer these also prove that a store frees everything created in it.
TEST(StoreTest, TeardownWithManyObjects) {
  Engine engine;
  auto exporter = testing::compile(engine, "exporter");
  auto elem_oob = testing::compile(engine, "elem_oob");
  ASSERT_TRUE(exporter && elem_oob);
  {
    Store store(engine);
    for (int i = 0; i < 20; ++i) {
      auto inst = Instance::create(store, *exporter, {});
      ASSERT_TRUE(inst);
      auto r =
          testing::results_of(inst->get_func("double")->call(std::vector<Value>{Value::i32(i)}));
      ASSERT_EQ(r.size(), 1u);
      EXPECT_EQ(r[0].i32(), 2 * i);
    }
    // Failed instantiations leave objects in the store too.
    Table t = Table::create(store, TableType{ValType::FuncRef, {10, std::nullopt}},
                            Value::null_ref(ValType::FuncRef))
                  .value();
    Memory m = Memory::create(store, MemoryType{{1, std::nullopt}}).value();
    std::vector<Extern> imports = {t, m};
    EXPECT_FALSE(Instance::create(store, *elem_oob, imports));
    testing::nop_func(store);
  }
}

TEST(StoreTest, ModuleOutlivesItsHandleInInstances) {
  Engine engine;
  Store store(engine);
  std::optional<Instance> inst;
  {
    auto m = testing::compile(engine, "exporter");
    ASSERT_TRUE(m);
    auto created = Instance::create(store, *m, {});
    ASSERT_TRUE(created);
    inst = created.value();
  }
  // The module handle is gone; the instance keeps its code and data alive.
  auto r = testing::results_of(inst->get_func("double")->call(std::vector<Value>{Value::i32(4)}));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].i32(), 8);
}

TEST(StoreTest, MoveKeepsHandlesValid) {
  Engine engine;
  Store a(engine);
  auto g = Global::create(a, GlobalType{ValType::I32, true}, Value::i32(3)).value();
  Func f = testing::nop_func(a);
  Store b(std::move(a));
  EXPECT_EQ(g.get().i32(), 3);
  EXPECT_TRUE(testing::results_of(f.call({})).empty());
}

TEST(StoreTest, OneModuleManyStores) {
  Engine engine;
  auto m = testing::compile(engine, "exporter");
  ASSERT_TRUE(m);
  Store s1(engine), s2(engine);
  auto i1 = Instance::create(s1, *m, {});
  auto i2 = Instance::create(s2, *m, {});
  ASSERT_TRUE(i1 && i2);
  testing::results_of(i1->get_func("bump")->call({}));
  testing::results_of(i1->get_func("bump")->call({}));
  auto r = testing::results_of(i2->get_func("bump")->call({}));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].i32(), 1);  // each instance has its own globals
}

TEST(StoreTest, ForeignFunctionImportIsLinkError) {
  Engine engine;
  Store s1(engine), s2(engine);
  auto m = testing::compile(engine, "host");
  ASSERT_TRUE(m);
  FuncType binary{{ValType::I32, ValType::I32}, {ValType::I32}};
  FuncType unary{{ValType::I32}, {ValType::I32}};
  auto fn = [](std::span<const Value>, std::span<Value> res) {
    res[0] = Value::i32(0);
    return std::optional<Trap>();
  };
  std::vector<Extern> imports = {Func::create(s2, binary, fn), Func::create(s1, unary, fn)};
  auto inst = Instance::create(s1, *m, imports);
  ASSERT_FALSE(inst);
  EXPECT_EQ(inst.error().kind, Error::Kind::Link);
}

}  // namespace
}  // namespace wasmrun
