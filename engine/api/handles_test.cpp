#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>

#include "engine/api/api_test_util.h"

namespace wasmrun {
namespace {

class HandlesTest : public ::testing::Test {
 protected:
  Engine engine_;
  Store store_{engine_};
};

TEST_F(HandlesTest, MemoryCreateGrow) {
  auto m = Memory::create(store_, MemoryType{{1, 2}});
  ASSERT_TRUE(m);
  EXPECT_EQ(m->pages(), 1u);
  EXPECT_EQ(m->size_bytes(), kPageSize);
  EXPECT_EQ(m->type().limits, (Limits{1, 2}));
  m->data()[kPageSize - 1] = 5;
  EXPECT_EQ(m->grow(1), 1u);
  EXPECT_EQ(m->pages(), 2u);
  EXPECT_EQ(m->data()[kPageSize - 1], 5);
  EXPECT_EQ(m->data()[2 * kPageSize - 1], 0);
  EXPECT_FALSE(m->grow(1));
  EXPECT_FALSE(Memory::create(store_, MemoryType{{2, 1}}));
  EXPECT_FALSE(Memory::create(store_, MemoryType{{0, kMaxPages + 1}}));
}

TEST_F(HandlesTest, TableCreateGetSetGrow) {
  auto t = Table::create(store_, TableType{ValType::FuncRef, {10, 20}},
                         Value::null_ref(ValType::FuncRef));
  ASSERT_TRUE(t);
  EXPECT_EQ(t->size(), 10u);
  EXPECT_EQ(t->type().limits, (Limits{10, 20}));
  Func f = testing::nop_func(store_);
  EXPECT_TRUE(t->set(3, Value::funcref(f)));
  auto v = t->get(3);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->type(), ValType::FuncRef);
  ASSERT_TRUE(v->funcref());
  EXPECT_EQ(v->funcref()->raw(), f.raw());
  EXPECT_FALSE(t->get(10));
  EXPECT_FALSE(t->set(10, Value::funcref(f)));
  EXPECT_FALSE(t->set(0, Value::externref(nullptr)));  // wrong element type
  EXPECT_EQ(t->grow(5, Value::funcref(f)), 10u);
  EXPECT_EQ(t->get(14)->funcref()->raw(), f.raw());
  EXPECT_FALSE(t->grow(6, Value::null_ref(ValType::FuncRef)));
  EXPECT_FALSE(Table::create(store_, TableType{ValType::FuncRef, {1, 2}}, Value::i32(0)));
}

TEST_F(HandlesTest, ExternrefTable) {
  int host_object = 0;
  auto t = Table::create(store_, TableType{ValType::ExternRef, {2, std::nullopt}},
                         Value::externref(&host_object));
  ASSERT_TRUE(t);
  EXPECT_EQ(t->get(1)->externref(), &host_object);
  EXPECT_TRUE(t->set(0, Value::null_ref(ValType::ExternRef)));
  EXPECT_TRUE(t->get(0)->is_null());
}

TEST_F(HandlesTest, FuncrefFromOtherStoreRejected) {
  Store other(engine_);
  Func foreign = testing::nop_func(other);
  auto t = Table::create(store_, TableType{ValType::FuncRef, {1, std::nullopt}},
                         Value::null_ref(ValType::FuncRef));
  ASSERT_TRUE(t);
  EXPECT_FALSE(t->set(0, Value::funcref(foreign)));
  auto g =
      Global::create(store_, GlobalType{ValType::FuncRef, true}, Value::null_ref(ValType::FuncRef));
  ASSERT_TRUE(g);
  EXPECT_FALSE(g->set(Value::funcref(foreign)));
  EXPECT_TRUE(g->set(Value::funcref(testing::nop_func(store_))));
}

TEST_F(HandlesTest, GlobalCreateGetSet) {
  auto g = Global::create(store_, GlobalType{ValType::I64, true}, Value::i64(-1));
  ASSERT_TRUE(g);
  EXPECT_EQ(g->get().i64(), -1);
  EXPECT_TRUE(g->set(Value::i64(9)));
  EXPECT_EQ(g->get().i64(), 9);
  EXPECT_FALSE(g->set(Value::i32(9)));
  auto c = Global::create(store_, GlobalType{ValType::F32, false}, Value::f32(1.5f));
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->set(Value::f32(2.0f)));
  EXPECT_EQ(c->get().f32(), 1.5f);
  EXPECT_FALSE(Global::create(store_, GlobalType{ValType::I32, false}, Value::i64(0)));
}

TEST_F(HandlesTest, ExportedGlobalsAreLive) {
  auto m = testing::compile(engine_, "exporter");
  ASSERT_TRUE(m);
  auto inst = Instance::create(store_, *m, {});
  ASSERT_TRUE(inst);
  Global counter = std::get<Global>(*inst->get_export("counter"));
  EXPECT_TRUE(counter.type().is_mutable);
  ASSERT_TRUE(counter.set(Value::i32(10)));
  auto r = testing::results_of(inst->get_func("bump")->call({}));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].i32(), 11);
  EXPECT_EQ(counter.get().i32(), 11);
  EXPECT_EQ(kind_of(*inst->get_export("counter")), ExternKind::Global);
  EXPECT_EQ(kind_of(*inst->get_export("tab")), ExternKind::Table);
  EXPECT_EQ(kind_of(*inst->get_export("mem")), ExternKind::Memory);
  EXPECT_EQ(kind_of(*inst->get_export("double")), ExternKind::Func);
}

TEST_F(HandlesTest, ValuesRoundTripThroughWasm) {
  auto m = testing::compile(engine_, "values");
  ASSERT_TRUE(m);
  Global base = Global::create(store_, GlobalType{ValType::I32, false}, Value::i32(77)).value();
  std::vector<Extern> imports = {base};
  auto inst = Instance::create(store_, *m, imports);
  ASSERT_TRUE(inst) << inst.error().message;

  auto one = [&](const char* name, Value v) {
    auto r = testing::results_of(inst->get_func(name)->call(std::vector<Value>{v}));
    EXPECT_EQ(r.size(), 1u);
    return r.empty() ? Value() : r[0];
  };
  // A signalling NaN with a payload must come back bit for bit.
  EXPECT_EQ(one("id_f32", Value::f32_bits(0x7fa00001)).f32_bits(), 0x7fa00001u);
  EXPECT_EQ(one("id_f64", Value::f64_bits(0xfff0000000000abcull)).f64_bits(),
            0xfff0000000000abcull);
  EXPECT_EQ(one("id_i64", Value::i64(INT64_MIN)).i64(), INT64_MIN);
  int token = 0;
  EXPECT_EQ(one("id_extern", Value::externref(&token)).externref(), &token);
  EXPECT_TRUE(one("id_extern", Value::null_ref(ValType::ExternRef)).is_null());
  V128 v;
  for (int i = 0; i < 16; ++i) v.bytes[i] = static_cast<uint8_t>(i * 17);
  EXPECT_EQ(one("id_v128", Value::v128(v)).v128(), v);

  auto r = testing::results_of(inst->get_func("derived")->call({}));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].i32(), 77);
  r = testing::results_of(inst->get_func("multi")->call({}));
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].type(), ValType::I32);
  EXPECT_EQ(r[1].type(), ValType::I64);
  EXPECT_EQ(r[1].i64(), 2);
}

TEST(Value, Helpers) {
  EXPECT_EQ(Value::f32(1.5f).f32(), 1.5f);
  EXPECT_EQ(Value::f64(-0.0).f64_bits(), 0x8000000000000000ull);
  EXPECT_EQ(Value::i32(-7).to_string(), "i32:-7");
  EXPECT_EQ(Value::i64(5).to_string(), "i64:5");
  EXPECT_EQ(Value::f32(0.1f).to_string(), "f32:0.1");
  EXPECT_EQ(Value::f64(2.5).to_string(), "f64:2.5");
  EXPECT_EQ(Value::f32_bits(0x7fc00001).to_string(), "f32:nan:0x400001");
  EXPECT_EQ(Value::null_ref(ValType::FuncRef).to_string(), "funcref:null");
  EXPECT_TRUE(Value::null_ref(ValType::ExternRef).is_null());
  EXPECT_FALSE(Value::null_ref(ValType::FuncRef).funcref());
  EXPECT_FALSE(Value::i32(1).funcref());
}

TEST(TrapText, KindNames) {
  EXPECT_STREQ(to_string(TrapKind::Unreachable), "unreachable");
  EXPECT_STREQ(to_string(TrapKind::MemoryOutOfBounds), "memory out of bounds");
  EXPECT_STREQ(to_string(TrapKind::IntegerDivideByZero), "integer divide by zero");
  EXPECT_STREQ(to_string(TrapKind::Host), "host");
  EXPECT_STREQ(to_string(static_cast<TrapKind>(200)), "trap");
  // Every kind has a name of its own.
  std::set<std::string> names;
  for (int k = 0; k <= static_cast<int>(TrapKind::Host); ++k) {
    std::string name = to_string(static_cast<TrapKind>(k));
    EXPECT_NE(name, "trap") << k;
    names.insert(name);
  }
  EXPECT_EQ(names.size(), static_cast<size_t>(TrapKind::Host) + 1);
}

TEST(TrapText, MessageThenFrames) {
  Trap t{TrapKind::Unreachable, "unreachable", {{3, "f", 0x1a, 0x80}, {1, "", 2, 0x40}}};
  EXPECT_EQ(t.to_string(), "unreachable\n  at func[3] f +0x1a\n  at func[1] +0x2");
}

}  // namespace
}  // namespace wasmrun
