// Globals, tables, memories and externs, made by the host and exported by instances.
#include "engine/capi/test/capi_test_util.h"

namespace wasmrun::capi_test {
namespace {

using CApiExternsTest = TierTest;

TEST_P(CApiExternsTest, Globals) {
  wasm_globaltype_t* t = wasm_globaltype_new(wasm_valtype_new_f64(), WASM_VAR);
  wasm_val_t init = WASM_F64_VAL(2.5);
  wasm_global_t* g = wasm_global_new(store_, t, &init);
  wasm_globaltype_delete(t);
  ASSERT_NE(g, nullptr);
  wasm_globaltype_t* got_type = wasm_global_type(g);
  EXPECT_EQ(wasm_valtype_kind(wasm_globaltype_content(got_type)), WASM_F64);
  EXPECT_EQ(wasm_globaltype_mutability(got_type), WASM_VAR);
  wasm_globaltype_delete(got_type);
  wasm_val_t v;
  wasm_global_get(g, &v);
  EXPECT_EQ(v.kind, WASM_F64);
  EXPECT_EQ(v.of.f64, 2.5);
  wasm_val_t next = WASM_F64_VAL(-1.0);
  wasm_global_set(g, &next);
  EXPECT_STREQ(wasmrun_last_error(), "");
  wasm_global_get(g, &v);
  EXPECT_EQ(v.of.f64, -1.0);
  wasm_val_t wrong = WASM_I32_VAL(1);
  wasm_global_set(g, &wrong);  // ignored, with a reason
  EXPECT_STRNE(wasmrun_last_error(), "");
  wasm_global_get(g, &v);
  EXPECT_EQ(v.of.f64, -1.0);
  wasm_global_delete(g);

  // Immutable, and of a reference type.
  wasm_foreign_t* foreign = wasm_foreign_new(store_);
  wasm_globaltype_t* rt = wasm_globaltype_new(wasm_valtype_new_externref(), WASM_CONST);
  wasm_val_t rinit = WASM_REF_VAL(wasm_foreign_as_ref(foreign));
  wasm_global_t* rg = wasm_global_new(store_, rt, &rinit);
  wasm_globaltype_delete(rt);
  ASSERT_NE(rg, nullptr);
  wasm_val_t nothing = WASM_REF_VAL(nullptr);
  wasm_global_set(rg, &nothing);
  EXPECT_STRNE(wasmrun_last_error(), "");  // immutable
  wasm_val_t got;
  wasm_global_get(rg, &got);
  EXPECT_TRUE(wasm_ref_same(got.of.ref, wasm_foreign_as_ref(foreign)));
  wasm_val_delete(&got);
  wasm_global_delete(rg);
  wasm_foreign_delete(foreign);
}

TEST_P(CApiExternsTest, Tables) {
  wasm_functype_t* ft = wasm_functype_new_0_0();
  wasm_func_t* f = wasm_func_new_with_env(store_, ft, nop_callback, nullptr, nullptr);
  wasm_functype_delete(ft);
  wasm_limits_t lim = {2, 5};
  wasm_tabletype_t* tt = wasm_tabletype_new(wasm_valtype_new_funcref(), &lim);
  wasm_table_t* t = wasm_table_new(store_, tt, wasm_func_as_ref(f));
  wasm_tabletype_delete(tt);
  ASSERT_NE(t, nullptr);
  wasm_tabletype_t* got_type = wasm_table_type(t);
  EXPECT_EQ(wasm_tabletype_limits(got_type)->max, 5u);
  wasm_tabletype_delete(got_type);
  EXPECT_EQ(wasm_table_size(t), 2u);
  wasm_ref_t* r = wasm_table_get(t, 1);
  ASSERT_NE(r, nullptr);
  EXPECT_TRUE(wasm_func_same(wasm_ref_as_func(r), f));
  wasm_ref_delete(r);
  EXPECT_TRUE(wasm_table_set(t, 1, nullptr));
  EXPECT_EQ(wasm_table_get(t, 1), nullptr);
  EXPECT_EQ(wasm_table_get(t, 7), nullptr);  // out of bounds
  EXPECT_FALSE(wasm_table_set(t, 7, nullptr));
  EXPECT_TRUE(wasm_table_grow(t, 3, wasm_func_as_ref(f)));
  EXPECT_EQ(wasm_table_size(t), 5u);
  EXPECT_FALSE(wasm_table_grow(t, 1, nullptr));  // past the maximum
  // A foreign object is not a function.
  wasm_foreign_t* foreign = wasm_foreign_new(store_);
  EXPECT_FALSE(wasm_table_set(t, 0, wasm_foreign_as_ref(foreign)));
  wasm_table_delete(t);

  // An externref table holds any reference.
  wasm_tabletype_t* et = wasm_tabletype_new(wasm_valtype_new_externref(), &lim);
  wasm_table_t* ext = wasm_table_new(store_, et, nullptr);
  wasm_tabletype_delete(et);
  EXPECT_TRUE(wasm_table_set(ext, 0, wasm_foreign_as_ref(foreign)));
  wasm_ref_t* back = wasm_table_get(ext, 0);
  EXPECT_TRUE(wasm_ref_same(back, wasm_foreign_as_ref(foreign)));
  wasm_ref_delete(back);
  wasm_table_delete(ext);
  wasm_foreign_delete(foreign);
  wasm_func_delete(f);
}

TEST_P(CApiExternsTest, MemorySharedWithWasm) {
  wasm_module_t* m = load("host");
  {
    HostInstance hi(store_, m, nop_callback, nop_callback, nullptr);
    Exports ex(m, hi.instance);
    wasm_memory_t* mem = hi.memory;
    EXPECT_EQ(wasm_memory_size(mem), 1u);
    EXPECT_EQ(wasm_memory_data_size(mem), MEMORY_PAGE_SIZE);
    wasm_memorytype_t* mt = wasm_memory_type(mem);
    EXPECT_EQ(wasm_memorytype_limits(mt)->min, 1u);
    wasm_memorytype_delete(mt);
    byte_t* data = wasm_memory_data(mem);
    data[100] = 77;
    wasm_val_t args[1] = {i32(100)};
    wasm_val_t results[1];
    wasm_val_vec_t a = WASM_ARRAY_VEC(args), r = WASM_ARRAY_VEC(results);
    ASSERT_EQ(wasm_func_call(ex.func("load8"), &a, &r), nullptr);
    EXPECT_EQ(results[0].of.i32, 77);
    EXPECT_TRUE(wasm_memory_grow(mem, 2));
    EXPECT_EQ(wasm_memory_size(mem), 3u);
    EXPECT_EQ(wasm_memory_data(mem), data);  // memories never move
    // The imported global as the instance sees it.
    ASSERT_EQ(wasm_func_call(ex.func("get_g"), nullptr, &r), nullptr);
    EXPECT_EQ(results[0].of.i32, 11);
  }
  wasm_module_delete(m);
}

TEST_P(CApiExternsTest, ExternViewsAndTypes) {
  wasm_module_t* m = load("basic");
  wasm_instance_t* inst = wasm_instance_new(store_, m, nullptr, nullptr);
  {
    Exports ex(m, inst);
    wasm_extern_t* mem = ex.get("mem");
    wasm_extern_t* tab = ex.get("tab");
    wasm_extern_t* counter = ex.get("counter");
    wasm_extern_t* square = ex.get("square");
    EXPECT_EQ(wasm_extern_kind(mem), WASM_EXTERN_MEMORY);
    EXPECT_EQ(wasm_extern_kind(tab), WASM_EXTERN_TABLE);
    EXPECT_EQ(wasm_extern_kind(counter), WASM_EXTERN_GLOBAL);
    EXPECT_EQ(wasm_extern_kind(square), WASM_EXTERN_FUNC);
    for (wasm_extern_t* e : {mem, tab, counter, square}) {
      wasm_externtype_t* t = wasm_extern_type(e);
      EXPECT_EQ(wasm_externtype_kind(t), wasm_extern_kind(e));
      wasm_externtype_delete(t);
    }
    // Views there and back, mutable and const; the wrong kind is NULL.
    EXPECT_EQ(wasm_memory_as_extern(wasm_extern_as_memory(mem)), mem);
    EXPECT_EQ(wasm_table_as_extern(wasm_extern_as_table(tab)), tab);
    EXPECT_EQ(wasm_global_as_extern(wasm_extern_as_global(counter)), counter);
    EXPECT_EQ(wasm_func_as_extern(wasm_extern_as_func(square)), square);
    EXPECT_EQ(wasm_memory_as_extern_const(wasm_extern_as_memory_const(mem)), mem);
    EXPECT_EQ(wasm_table_as_extern_const(wasm_extern_as_table_const(tab)), tab);
    EXPECT_EQ(wasm_global_as_extern_const(wasm_extern_as_global_const(counter)), counter);
    EXPECT_EQ(wasm_func_as_extern_const(wasm_extern_as_func_const(square)), square);
    EXPECT_EQ(wasm_extern_as_func(mem), nullptr);
    EXPECT_EQ(wasm_extern_as_memory(square), nullptr);
    EXPECT_EQ(wasm_extern_as_global_const(tab), nullptr);
    EXPECT_EQ(wasm_extern_as_table_const(counter), nullptr);

    // The exported mutable global is shared with the instance.
    wasm_global_t* g = wasm_extern_as_global(counter);
    wasm_val_t v;
    wasm_global_get(g, &v);
    EXPECT_EQ(v.of.i32, 7);
    wasm_val_t nine = WASM_I32_VAL(9);
    wasm_global_set(g, &nine);
    wasm_global_get(g, &v);
    EXPECT_EQ(v.of.i32, 9);
    // The exported table holds `square` at 0 (from the element segment).
    wasm_ref_t* r = wasm_table_get(wasm_extern_as_table(tab), 0);
    EXPECT_TRUE(wasm_func_same(wasm_ref_as_func(r), wasm_extern_as_func(square)));
    wasm_ref_delete(r);
  }
  wasm_instance_delete(inst);
  wasm_module_delete(m);
}

INSTANTIATE_TEST_SUITE_P(Tiers, CApiExternsTest, ::testing::ValuesIn(tiers()), tier_name);

}  // namespace
}  // namespace wasmrun::capi_test
