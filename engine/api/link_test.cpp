#include <gtest/gtest.h>

#include "engine/api/api_test_util.h"

namespace wasmrun {
namespace {

// imports.wat wants: f: [i32] -> [i32], t: table 2..4 funcref, m: memory 1..2, g: mut i32.
class LinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto m = testing::compile(engine_, "imports");
    ASSERT_TRUE(m);
    module_ = *m;
  }

  Func make_f(FuncType type = FuncType{{ValType::I32}, {ValType::I32}}) {
    return Func::create(store_, type, [](std::span<const Value> args, std::span<Value> results) {
      if (!results.empty()) results[0] = Value::i32(args[0].i32() + 100);
      return std::optional<Trap>();
    });
  }
  Table make_table(Limits limits, ValType elem = ValType::FuncRef) {
    return Table::create(store_, TableType{elem, limits}, Value::null_ref(elem)).value();
  }
  Memory make_memory(Limits limits) { return Memory::create(store_, MemoryType{limits}).value(); }
  Global make_global(GlobalType type, Value v) { return Global::create(store_, type, v).value(); }

  std::vector<Extern> good_imports() {
    return {make_f(), make_table({2, 4}), make_memory({1, 2}),
            make_global({ValType::I32, true}, Value::i32(7))};
  }

  Error link_error(std::vector<Extern> imports) {
    auto inst = Instance::create(store_, *module_, imports);
    EXPECT_FALSE(inst);
    if (inst) return {};
    EXPECT_EQ(inst.error().kind, Error::Kind::Link) << inst.error().message;
    return inst.error();
  }

  Engine engine_;
  Store store_{engine_};
  std::optional<Module> module_;
};

TEST_F(LinkTest, MatchingImportsWork) {
  auto imports = good_imports();
  auto inst = Instance::create(store_, *module_, imports);
  ASSERT_TRUE(inst) << inst.error().message;
  auto r = testing::results_of(inst->get_func("call_f")->call(std::vector<Value>{Value::i32(1)}));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].i32(), 101);
  r = testing::results_of(inst->get_func("get_g")->call({}));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].i32(), 7);
}

TEST_F(LinkTest, MissingImportIsUnknown) {
  auto imports = good_imports();
  imports.pop_back();
  EXPECT_EQ(link_error(imports).message.rfind("unknown import", 0), 0u);
}

TEST_F(LinkTest, WrongKind) {
  auto imports = good_imports();
  imports[0] = make_memory({1, 2});
  EXPECT_EQ(link_error(imports).message.rfind("incompatible import type", 0), 0u);
}

TEST_F(LinkTest, WrongFunctionType) {
  auto imports = good_imports();
  imports[0] = make_f(FuncType{{ValType::I64}, {ValType::I32}});
  EXPECT_EQ(link_error(imports).message.rfind("incompatible import type", 0), 0u);
  imports[0] = make_f(FuncType{{ValType::I32}, {}});
  link_error(imports);
}

TEST_F(LinkTest, TableLimits) {
  auto imports = good_imports();
  imports[1] = make_table({1, 4});  // min too small
  link_error(imports);
  imports[1] = make_table({2, std::nullopt});  // no max where one is declared
  link_error(imports);
  imports[1] = make_table({2, 5});  // max too large
  link_error(imports);
  imports[1] = make_table({2, 4}, ValType::ExternRef);  // element type
  link_error(imports);
  imports[1] = make_table({3, 3});  // tighter is fine
  EXPECT_TRUE(Instance::create(store_, *module_, imports));
}

TEST_F(LinkTest, GrownTableMeetsLargerMinimum) {
  auto imports = good_imports();
  Table t = make_table({1, 4});
  imports[1] = t;
  link_error(imports);
  ASSERT_EQ(t.grow(1, Value::null_ref(ValType::FuncRef)), 1u);
  EXPECT_TRUE(Instance::create(store_, *module_, imports));
}

TEST_F(LinkTest, MemoryLimits) {
  auto imports = good_imports();
  imports[2] = make_memory({0, 2});
  link_error(imports);
  imports[2] = make_memory({1, std::nullopt});
  link_error(imports);
  imports[2] = make_memory({1, 3});
  link_error(imports);
  imports[2] = make_memory({2, 2});
  EXPECT_TRUE(Instance::create(store_, *module_, imports));
}

TEST_F(LinkTest, GlobalTypeAndMutability) {
  auto imports = good_imports();
  imports[3] = make_global({ValType::I32, false}, Value::i32(1));
  link_error(imports);
  imports[3] = make_global({ValType::I64, true}, Value::i64(1));
  link_error(imports);
}

TEST_F(LinkTest, ImportedObjectsAreShared) {
  auto imports = good_imports();
  Memory mem = std::get<Memory>(imports[2]);
  Global g = std::get<Global>(imports[3]);
  auto inst = Instance::create(store_, *module_, imports);
  ASSERT_TRUE(inst);
  mem.data()[8] = 0x2a;
  auto r = testing::results_of(inst->get_func("load")->call(std::vector<Value>{Value::i32(8)}));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].i32(), 0x2a);
  testing::results_of(inst->get_func("set_g")->call(std::vector<Value>{Value::i32(-3)}));
  EXPECT_EQ(g.get().i32(), -3);
  ASSERT_TRUE(mem.grow(1));
  r = testing::results_of(inst->get_func("size")->call({}));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].i32(), 2);
}

}  // namespace
}  // namespace wasmrun
