#include <gtest/gtest.h>

#include <cstring>

#include "engine/api/api_test_util.h"

namespace wasmrun {
namespace {

class InstantiateTest : public ::testing::Test {
 protected:
  Engine engine_;
  Store store_{engine_};
};

TEST_F(InstantiateTest, FailedElemSegmentKeepsEarlierWrites) {
  auto m = testing::compile(engine_, "elem_oob");
  ASSERT_TRUE(m);
  Table table = Table::create(store_, TableType{ValType::FuncRef, {10, std::nullopt}},
                              Value::null_ref(ValType::FuncRef))
                    .value();
  Memory mem = Memory::create(store_, MemoryType{{1, std::nullopt}}).value();
  std::vector<Extern> imports = {table, mem};
  std::optional<Trap> trap;
  auto inst = Instance::create(store_, *m, imports, &trap);
  ASSERT_FALSE(inst);
  EXPECT_EQ(inst.error().kind, Error::Kind::Instantiate);
  EXPECT_EQ(inst.error().message, "out of bounds table access");
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->kind, TrapKind::TableOutOfBounds);

  // The first segment landed, and its function (of the failed instance) still runs.
  auto ref = table.get(7);
  ASSERT_TRUE(ref);
  auto f = ref->funcref();
  ASSERT_TRUE(f);
  auto r = testing::results_of(f->call({}));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].i32(), 42);
  EXPECT_TRUE(table.get(8)->is_null());
  // Data segments come after element segments, so none was written.
  EXPECT_EQ(mem.data()[0], 0);
}

TEST_F(InstantiateTest, FailedDataSegmentKeepsEarlierWrites) {
  auto m = testing::compile(engine_, "data_oob");
  ASSERT_TRUE(m);
  Memory mem = Memory::create(store_, MemoryType{{1, std::nullopt}}).value();
  std::vector<Extern> imports = {mem};
  std::optional<Trap> trap;
  auto inst = Instance::create(store_, *m, imports, &trap);
  ASSERT_FALSE(inst);
  EXPECT_EQ(inst.error().kind, Error::Kind::Instantiate);
  EXPECT_EQ(inst.error().message, "out of bounds memory access");
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->kind, TrapKind::MemoryOutOfBounds);
  EXPECT_EQ(std::memcmp(mem.data(), "hello", 5), 0);
  EXPECT_EQ(mem.data()[65534], 0);
}

TEST_F(InstantiateTest, StartTrapFailsAfterSegments) {
  auto m = testing::compile(engine_, "start_trap");
  ASSERT_TRUE(m);
  Memory mem = Memory::create(store_, MemoryType{{1, std::nullopt}}).value();
  std::vector<Extern> imports = {mem};
  std::optional<Trap> trap;
  auto inst = Instance::create(store_, *m, imports, &trap);
  ASSERT_FALSE(inst);
  EXPECT_EQ(inst.error().kind, Error::Kind::Instantiate);
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->kind, TrapKind::Unreachable);
  EXPECT_EQ(std::memcmp(mem.data() + 16, "written", 7), 0);
}

TEST_F(InstantiateTest, DefinedObjectsAndSegments) {
  auto m = testing::compile(engine_, "exporter");
  ASSERT_TRUE(m);
  auto inst = Instance::create(store_, *m, {});
  ASSERT_TRUE(inst) << inst.error().message;

  auto mem = inst->get_memory("mem");
  ASSERT_TRUE(mem);
  EXPECT_EQ(mem->pages(), 1u);
  EXPECT_EQ(mem->data()[100], 1);
  EXPECT_EQ(mem->data()[103], 4);

  auto tab = std::get<Table>(*inst->get_export("tab"));
  EXPECT_EQ(tab.size(), 10u);
  EXPECT_TRUE(tab.get(4)->is_null());
  auto doubled = tab.get(5)->funcref();
  ASSERT_TRUE(doubled);
  auto r = testing::results_of(doubled->call(std::vector<Value>{Value::i32(21)}));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].i32(), 42);
  // The export and the table entry are the same function instance.
  EXPECT_EQ(doubled->raw(), inst->get_func("double")->raw());

  auto fref = std::get<Global>(*inst->get_export("fref"));
  ASSERT_TRUE(fref.get().funcref());
  EXPECT_EQ(fref.get().funcref()->raw(), doubled->raw());
  EXPECT_EQ(std::get<Global>(*inst->get_export("const")).get().i64(), -5);

  EXPECT_EQ(inst->exports().size(), 8u);
  EXPECT_FALSE(inst->get_export("nope"));
  EXPECT_FALSE(inst->get_func("mem"));
  EXPECT_FALSE(inst->get_memory("double"));
}

TEST_F(InstantiateTest, CallIndirectAcrossInstancesUsesCanonicalTypes) {
  // imports.wat's call_table(i) calls table[i](5) with its own type index for [i32] -> [i32].
  auto exporter = testing::compile(engine_, "exporter");
  auto importer = testing::compile(engine_, "imports");
  ASSERT_TRUE(exporter && importer);
  auto a = Instance::create(store_, *exporter, {});
  ASSERT_TRUE(a);
  Table table =
      Table::create(store_, TableType{ValType::FuncRef, {4, 4}}, Value::null_ref(ValType::FuncRef))
          .value();
  Func host = Func::create(store_, FuncType{{ValType::I32}, {ValType::I32}},
                           [](std::span<const Value> args, std::span<Value> res) {
                             res[0] = Value::i32(args[0].i32() * 100);
                             return std::optional<Trap>();
                           });
  ASSERT_TRUE(table.set(1, Value::funcref(*a->get_func("double"))));
  ASSERT_TRUE(table.set(2, Value::funcref(host)));
  ASSERT_TRUE(table.set(3, Value::funcref(testing::nop_func(store_))));
  Memory mem = Memory::create(store_, MemoryType{{1, 2}}).value();
  Global g = Global::create(store_, GlobalType{ValType::I32, true}, Value::i32(0)).value();
  std::vector<Extern> imports = {host, table, mem, g};
  auto b = Instance::create(store_, *importer, imports);
  ASSERT_TRUE(b) << b.error().message;
  Func call = *b->get_func("call_table");

  auto r = testing::results_of(call.call(std::vector<Value>{Value::i32(1)}));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].i32(), 10);
  r = testing::results_of(call.call(std::vector<Value>{Value::i32(2)}));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].i32(), 500);
  auto trap = testing::trap_of(call.call(std::vector<Value>{Value::i32(3)}));
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->kind, TrapKind::IndirectCallTypeMismatch);
  trap = testing::trap_of(call.call(std::vector<Value>{Value::i32(0)}));
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->kind, TrapKind::UninitializedElement);
  trap = testing::trap_of(call.call(std::vector<Value>{Value::i32(4)}));
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->kind, TrapKind::UndefinedElement);
}

TEST_F(InstantiateTest, EngineMemoryLimit) {
  EngineConfig config;
  config.max_memory_pages = 1;
  Engine small(config);
  Store store(small);
  auto m = testing::compile(small, "exporter");
  ASSERT_TRUE(m);
  auto inst = Instance::create(store, *m, {});
  ASSERT_TRUE(inst);
  auto grow = inst->get_func("grow");
  auto r = testing::results_of(grow->call(std::vector<Value>{Value::i32(1)}));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].i32(), -1);
  EXPECT_FALSE(Memory::create(store, MemoryType{{2, std::nullopt}}));
}

TEST_F(InstantiateTest, GuardPageMemories) {
  EngineConfig config;
  config.bounds_checks = BoundsChecks::GuardPages;
  Engine guarded(config);
  Store store(guarded);
  auto m = testing::compile(guarded, "exporter");
  ASSERT_TRUE(m);
  auto inst = Instance::create(store, *m, {});
  ASSERT_TRUE(inst);
  auto mem = inst->get_memory("mem");
  ASSERT_TRUE(mem);
  uint8_t* base = mem->data();
  auto r = testing::results_of(inst->get_func("grow")->call(std::vector<Value>{Value::i32(2)}));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].i32(), 1);
  EXPECT_EQ(mem->data(), base);
  EXPECT_EQ(mem->pages(), 3u);
  base[3 * kPageSize - 1] = 9;
  r = testing::results_of(inst->get_func("grow")->call(std::vector<Value>{Value::i32(1)}));
  EXPECT_EQ(r[0].i32(), -1);
}

}  // namespace
}  // namespace wasmrun
