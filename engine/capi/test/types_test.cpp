// Type descriptions: constructors, accessors, copies, and the extern type views.
#include "engine/capi/test/capi_test_util.h"

namespace wasmrun::capi_test {
namespace {

TEST(CApiTypesTest, ValtypeKindsAndHelpers) {
  struct Case {
    wasm_valtype_t* t;
    wasm_valkind_t kind;
    bool num;
  } cases[] = {{wasm_valtype_new_i32(), WASM_I32, true},
               {wasm_valtype_new_i64(), WASM_I64, true},
               {wasm_valtype_new_f32(), WASM_F32, true},
               {wasm_valtype_new_f64(), WASM_F64, true},
               {wasm_valtype_new_externref(), WASM_EXTERNREF, false},
               {wasm_valtype_new_funcref(), WASM_FUNCREF, false},
               {wasm_valtype_new(WASMRUN_V128), WASMRUN_V128, true}};
  for (auto& c : cases) {
    EXPECT_EQ(wasm_valtype_kind(c.t), c.kind);
    EXPECT_EQ(wasm_valtype_is_num(c.t), c.num);
    EXPECT_EQ(wasm_valtype_is_ref(c.t), !c.num);
    EXPECT_EQ(wasm_valkind_is_num(c.kind), c.num);
    EXPECT_EQ(wasm_valkind_is_ref(c.kind), !c.num);
    wasm_valtype_t* copy = wasm_valtype_copy(c.t);
    EXPECT_NE(copy, c.t);
    EXPECT_EQ(wasm_valtype_kind(copy), c.kind);
    wasm_valtype_delete(copy);
    wasm_valtype_delete(c.t);
  }
}

// Every shorthand makes the arities its name says.
TEST(CApiTypesTest, FunctypeShorthands) {
  auto v = [] { return wasm_valtype_new_i32(); };
  struct Case {
    wasm_functype_t* t;
    size_t params, results;
  } cases[] = {
      {wasm_functype_new_0_0(), 0, 0},
      {wasm_functype_new_1_0(v()), 1, 0},
      {wasm_functype_new_2_0(v(), v()), 2, 0},
      {wasm_functype_new_3_0(v(), v(), v()), 3, 0},
      {wasm_functype_new_0_1(v()), 0, 1},
      {wasm_functype_new_1_1(v(), v()), 1, 1},
      {wasm_functype_new_2_1(v(), v(), v()), 2, 1},
      {wasm_functype_new_3_1(v(), v(), v(), v()), 3, 1},
      {wasm_functype_new_0_2(v(), v()), 0, 2},
      {wasm_functype_new_1_2(v(), v(), v()), 1, 2},
      {wasm_functype_new_2_2(v(), v(), v(), v()), 2, 2},
      {wasm_functype_new_3_2(v(), v(), v(), v(), v()), 3, 2},
  };
  for (auto& c : cases) {
    EXPECT_EQ(wasm_functype_params(c.t)->size, c.params);
    EXPECT_EQ(wasm_functype_results(c.t)->size, c.results);
    wasm_functype_delete(c.t);
  }
}

TEST(CApiTypesTest, FunctypeNewTakesVectors) {
  wasm_valtype_t* ps[2] = {wasm_valtype_new_i64(), wasm_valtype_new_externref()};
  wasm_valtype_t* rs[1] = {wasm_valtype_new_f64()};
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new(&params, 2, ps);
  wasm_valtype_vec_new(&results, 1, rs);
  wasm_functype_t* f = wasm_functype_new(&params, &results);
  EXPECT_EQ(params.size, 0u);  // moved into the type
  EXPECT_EQ(wasm_valtype_kind(wasm_functype_params(f)->data[1]), WASM_EXTERNREF);
  wasm_functype_t* copy = wasm_functype_copy(f);
  wasm_functype_delete(f);
  EXPECT_EQ(wasm_valtype_kind(wasm_functype_results(copy)->data[0]), WASM_F64);
  wasm_functype_delete(copy);
}

TEST(CApiTypesTest, GlobalTableMemoryTypes) {
  wasm_globaltype_t* g = wasm_globaltype_new(wasm_valtype_new_f32(), WASM_VAR);
  EXPECT_EQ(wasm_valtype_kind(wasm_globaltype_content(g)), WASM_F32);
  EXPECT_EQ(wasm_globaltype_mutability(g), WASM_VAR);
  wasm_globaltype_t* g2 = wasm_globaltype_copy(g);
  wasm_globaltype_delete(g);
  EXPECT_EQ(wasm_globaltype_mutability(g2), WASM_VAR);
  wasm_globaltype_delete(g2);

  wasm_limits_t lim = {3, wasm_limits_max_default};
  wasm_tabletype_t* t = wasm_tabletype_new(wasm_valtype_new_externref(), &lim);
  EXPECT_EQ(wasm_valtype_kind(wasm_tabletype_element(t)), WASM_EXTERNREF);
  EXPECT_EQ(wasm_tabletype_limits(t)->min, 3u);
  EXPECT_EQ(wasm_tabletype_limits(t)->max, wasm_limits_max_default);
  wasm_tabletype_t* t2 = wasm_tabletype_copy(t);
  wasm_tabletype_delete(t);
  EXPECT_EQ(wasm_tabletype_limits(t2)->min, 3u);
  wasm_tabletype_delete(t2);

  wasm_limits_t mlim = {1, 9};
  wasm_memorytype_t* m = wasm_memorytype_new(&mlim);
  EXPECT_EQ(wasm_memorytype_limits(m)->max, 9u);
  wasm_memorytype_t* m2 = wasm_memorytype_copy(m);
  wasm_memorytype_delete(m);
  EXPECT_EQ(wasm_memorytype_limits(m2)->min, 1u);
  wasm_memorytype_delete(m2);
}

TEST(CApiTypesTest, ExterntypeViews) {
  wasm_limits_t lim = {1, 2};
  wasm_functype_t* f = wasm_functype_new_0_0();
  wasm_globaltype_t* g = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
  wasm_tabletype_t* t = wasm_tabletype_new(wasm_valtype_new_funcref(), &lim);
  wasm_memorytype_t* m = wasm_memorytype_new(&lim);

  wasm_externtype_t* ef = wasm_functype_as_externtype(f);
  wasm_externtype_t* eg = wasm_globaltype_as_externtype(g);
  wasm_externtype_t* et = wasm_tabletype_as_externtype(t);
  wasm_externtype_t* em = wasm_memorytype_as_externtype(m);
  EXPECT_EQ(wasm_externtype_kind(ef), WASM_EXTERN_FUNC);
  EXPECT_EQ(wasm_externtype_kind(eg), WASM_EXTERN_GLOBAL);
  EXPECT_EQ(wasm_externtype_kind(et), WASM_EXTERN_TABLE);
  EXPECT_EQ(wasm_externtype_kind(em), WASM_EXTERN_MEMORY);
  EXPECT_EQ(wasm_functype_as_externtype_const(f), ef);
  EXPECT_EQ(wasm_globaltype_as_externtype_const(g), eg);
  EXPECT_EQ(wasm_tabletype_as_externtype_const(t), et);
  EXPECT_EQ(wasm_memorytype_as_externtype_const(m), em);

  EXPECT_EQ(wasm_externtype_as_functype(ef), f);
  EXPECT_EQ(wasm_externtype_as_globaltype(eg), g);
  EXPECT_EQ(wasm_externtype_as_tabletype(et), t);
  EXPECT_EQ(wasm_externtype_as_memorytype(em), m);
  EXPECT_EQ(wasm_externtype_as_functype_const(ef), f);
  EXPECT_EQ(wasm_externtype_as_globaltype_const(eg), g);
  EXPECT_EQ(wasm_externtype_as_tabletype_const(et), t);
  EXPECT_EQ(wasm_externtype_as_memorytype_const(em), m);
  // A view of the wrong kind is NULL.
  EXPECT_EQ(wasm_externtype_as_functype(em), nullptr);
  EXPECT_EQ(wasm_externtype_as_globaltype(ef), nullptr);
  EXPECT_EQ(wasm_externtype_as_tabletype_const(eg), nullptr);
  EXPECT_EQ(wasm_externtype_as_memorytype_const(et), nullptr);

  // A copy keeps the kind and is deleted as an extern type.
  for (wasm_externtype_t* e : {ef, eg, et, em}) {
    wasm_externtype_t* c = wasm_externtype_copy(e);
    EXPECT_EQ(wasm_externtype_kind(c), wasm_externtype_kind(e));
    wasm_externtype_delete(c);
  }
  wasm_functype_delete(f);
  wasm_globaltype_delete(g);
  wasm_tabletype_delete(t);
  wasm_externtype_delete(em);  // deleting through the extern view frees the memory type
}

TEST(CApiTypesTest, ImportAndExportTypes) {
  wasm_name_t mod, name, ename;
  wasm_name_new_from_string(&mod, "env");
  wasm_name_new_from_string(&name, "f");
  wasm_name_new_from_string(&ename, "g");
  wasm_importtype_t* imp =
      wasm_importtype_new(&mod, &name, wasm_functype_as_externtype(wasm_functype_new_0_0()));
  EXPECT_EQ(str(*wasm_importtype_module(imp)), "env");
  EXPECT_EQ(str(*wasm_importtype_name(imp)), "f");
  EXPECT_EQ(wasm_externtype_kind(wasm_importtype_type(imp)), WASM_EXTERN_FUNC);
  wasm_importtype_t* imp2 = wasm_importtype_copy(imp);
  wasm_importtype_delete(imp);
  EXPECT_EQ(str(*wasm_importtype_module(imp2)), "env");
  wasm_importtype_delete(imp2);

  wasm_exporttype_t* exp = wasm_exporttype_new(
      &ename, wasm_globaltype_as_externtype(wasm_globaltype_new(wasm_valtype_new_i64(), WASM_VAR)));
  EXPECT_EQ(str(*wasm_exporttype_name(exp)), "g");
  EXPECT_EQ(wasm_externtype_kind(wasm_exporttype_type(exp)), WASM_EXTERN_GLOBAL);
  wasm_exporttype_t* exp2 = wasm_exporttype_copy(exp);
  wasm_exporttype_delete(exp);
  EXPECT_EQ(str(*wasm_exporttype_name(exp2)), "g");
  wasm_exporttype_delete(exp2);
}

}  // namespace
}  // namespace wasmrun::capi_test
