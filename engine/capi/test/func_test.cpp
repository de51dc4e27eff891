// Functions: host functions from C (with and without environment), calls into wasm with every
// value type the C API carries, references through wasm, and call errors.
#include "engine/capi/test/capi_test_util.h"

namespace wasmrun::capi_test {
namespace {

using CApiFuncTest = TierTest;

struct AddEnv {
  int calls = 0;
  bool refuse = false;
  wasm_store_t* store = nullptr;
};

wasm_trap_t* add_cb(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  auto* e = static_cast<AddEnv*>(env);
  ++e->calls;
  if (e->refuse) {
    wasm_message_t msg;
    wasm_name_new_from_string_nt(&msg, "refused by the host");
    wasm_trap_t* trap = wasm_trap_new(e->store, &msg);
    wasm_byte_vec_delete(&msg);
    return trap;
  }
  EXPECT_EQ(results->data[0].kind, WASM_I32);  // results arrive typed
  results->data[0].of.i32 = args->data[0].of.i32 + args->data[1].of.i32;
  return nullptr;
}

wasm_trap_t* bad_result_cb(void*, const wasm_val_vec_t*, wasm_val_vec_t* results) {
  results->data[0].kind = WASM_F64;
  return nullptr;
}

TEST_P(CApiFuncTest, HostFunctionCalledFromWasm) {
  wasm_module_t* m = load("host");
  AddEnv env{0, false, store_};
  {
    HostInstance hi(store_, m, add_cb, nop_callback, &env);
    Exports ex(m, hi.instance);
    wasm_val_t args[2] = {i32(40), i32(2)};
    wasm_val_t results[1];
    wasm_val_vec_t a = WASM_ARRAY_VEC(args), r = WASM_ARRAY_VEC(results);
    EXPECT_EQ(wasm_func_call(ex.func("call_add"), &a, &r), nullptr);
    EXPECT_EQ(results[0].kind, WASM_I32);
    EXPECT_EQ(results[0].of.i32, 42);
    // The host function can be called directly too.
    EXPECT_EQ(wasm_func_call(hi.add_f, &a, &r), nullptr);
    EXPECT_EQ(results[0].of.i32, 42);
    EXPECT_EQ(env.calls, 2);
    // Its trap comes back with its message.
    env.refuse = true;
    wasm_trap_t* trap = wasm_func_call(ex.func("call_add"), &a, &r);
    EXPECT_EQ(wasmrun_trap_kind(trap), WASMRUN_TRAP_HOST);
    EXPECT_EQ(take_trap_message(trap), "refused by the host");
  }
  wasm_module_delete(m);
}

TEST_P(CApiFuncTest, HostResultOfWrongKindTraps) {
  wasm_module_t* m = load("host");
  AddEnv env;
  {
    HostInstance hi(store_, m, bad_result_cb, nop_callback, &env);
    Exports ex(m, hi.instance);
    wasm_val_t args[2] = {i32(1), i32(2)};
    wasm_val_t results[1];
    wasm_val_vec_t a = WASM_ARRAY_VEC(args), r = WASM_ARRAY_VEC(results);
    std::string msg = take_trap_message(wasm_func_call(ex.func("call_add"), &a, &r));
    EXPECT_NE(msg.find("host function result 0"), std::string::npos) << msg;
  }
  wasm_module_delete(m);
}

int finalized = 0;
void count_finalize(void* p) {
  ++finalized;
  EXPECT_EQ(p, &finalized);
}
wasm_trap_t* plain_cb(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  results->data[0].of.i64 = args->data[0].of.i64 * 3;
  return nullptr;
}

// The environment's finalizer runs once, when the store (which owns the function) goes, not
// when the handle is deleted: an instance may still call the function.
TEST_P(CApiFuncTest, EnvFinalizerRunsOnceWithStore) {
  finalized = 0;
  wasm_store_t* store = wasm_store_new(engine_);
  wasm_functype_t* t = wasm_functype_new_0_0();
  wasm_func_t* f = wasm_func_new_with_env(store, t, nop_callback, &finalized, count_finalize);
  wasm_func_t* copy = wasm_func_copy(f);
  wasm_func_delete(f);
  EXPECT_EQ(finalized, 0);
  EXPECT_EQ(wasm_func_call(copy, nullptr, nullptr), nullptr);
  wasm_func_delete(copy);
  EXPECT_EQ(finalized, 0);
  wasm_functype_delete(t);
  wasm_store_delete(store);
  EXPECT_EQ(finalized, 1);
}

TEST_P(CApiFuncTest, PlainHostFunctionTypeAndArity) {
  wasm_functype_t* t = wasm_functype_new_1_1(wasm_valtype_new_i64(), wasm_valtype_new_i64());
  wasm_func_t* f = wasm_func_new(store_, t, plain_cb);
  wasm_functype_delete(t);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(wasm_func_param_arity(f), 1u);
  EXPECT_EQ(wasm_func_result_arity(f), 1u);
  wasm_functype_t* got = wasm_func_type(f);
  EXPECT_EQ(wasm_valtype_kind(wasm_functype_params(got)->data[0]), WASM_I64);
  wasm_functype_delete(got);
  wasm_val_t args[1] = {WASM_I64_VAL(14)};
  wasm_val_t results[1] = {WASM_INIT_VAL};
  wasm_val_vec_t a = WASM_ARRAY_VEC(args), r = WASM_ARRAY_VEC(results);
  EXPECT_EQ(wasm_func_call(f, &a, &r), nullptr);
  EXPECT_EQ(results[0].kind, WASM_I64);
  EXPECT_EQ(results[0].of.i64, 42);
  wasm_func_delete(f);
}

TEST_P(CApiFuncTest, NumbersOfEveryType) {
  wasm_module_t* m = load("basic");
  wasm_instance_t* inst = wasm_instance_new(store_, m, nullptr, nullptr);
  {
    Exports ex(m, inst);
    wasm_val_t args[3] = {WASM_I64_VAL(-21), WASM_F32_VAL(0.5f), WASM_F64_VAL(1.25)};
    wasm_val_t results[2];
    wasm_val_vec_t a = WASM_ARRAY_VEC(args), r = WASM_ARRAY_VEC(results);
    ASSERT_EQ(wasm_func_call(ex.func("mix"), &a, &r), nullptr);
    EXPECT_EQ(results[0].kind, WASM_F64);
    EXPECT_EQ(results[0].of.f64, 1.75);
    EXPECT_EQ(results[1].kind, WASM_I64);
    EXPECT_EQ(results[1].of.i64, -42);
  }
  wasm_instance_delete(inst);
  wasm_module_delete(m);
}

TEST_P(CApiFuncTest, ReferencesRoundTripThroughWasm) {
  wasm_module_t* m = load("basic");
  wasm_instance_t* inst = wasm_instance_new(store_, m, nullptr, nullptr);
  {
    Exports ex(m, inst);
    // An externref: any reference, here a foreign object, comes back as the same object.
    wasm_foreign_t* foreign = wasm_foreign_new(store_);
    wasm_val_t args[1] = {WASM_REF_VAL(wasm_foreign_as_ref(foreign))};
    wasm_val_t results[1];
    wasm_val_vec_t a = WASM_ARRAY_VEC(args), r = WASM_ARRAY_VEC(results);
    ASSERT_EQ(wasm_func_call(ex.func("id_ext"), &a, &r), nullptr);
    ASSERT_EQ(results[0].kind, WASM_EXTERNREF);
    EXPECT_TRUE(wasm_ref_same(results[0].of.ref, wasm_foreign_as_ref(foreign)));
    EXPECT_NE(wasm_ref_as_foreign(results[0].of.ref), nullptr);
    wasm_val_delete(&results[0]);  // the caller owns result references
    // A funcref.
    wasm_func_t* square = ex.func("square");
    args[0].kind = WASM_FUNCREF;
    args[0].of.ref = wasm_func_as_ref(square);
    ASSERT_EQ(wasm_func_call(ex.func("id_func"), &a, &r), nullptr);
    ASSERT_EQ(results[0].kind, WASM_FUNCREF);
    EXPECT_TRUE(wasm_func_same(wasm_ref_as_func(results[0].of.ref), square));
    wasm_val_delete(&results[0]);
    // Null references.
    args[0].of.ref = nullptr;
    ASSERT_EQ(wasm_func_call(ex.func("id_func"), &a, &r), nullptr);
    EXPECT_EQ(results[0].of.ref, nullptr);
    wasm_foreign_delete(foreign);
  }
  wasm_instance_delete(inst);
  wasm_module_delete(m);
}

TEST_P(CApiFuncTest, ExternrefThroughHostFunction) {
  wasm_module_t* m = load("host");
  AddEnv env;
  {
    HostInstance hi(store_, m, add_cb, nop_callback, &env);
    Exports ex(m, hi.instance);
    wasm_foreign_t* foreign = wasm_foreign_new(store_);
    wasm_val_t args[1] = {WASM_REF_VAL(wasm_foreign_as_ref(foreign))};
    wasm_val_t results[1];
    wasm_val_vec_t a = WASM_ARRAY_VEC(args), r = WASM_ARRAY_VEC(results);
    ASSERT_EQ(wasm_func_call(ex.func("call_echo"), &a, &r), nullptr);
    EXPECT_TRUE(wasm_ref_same(results[0].of.ref, wasm_foreign_as_ref(foreign)));
    wasm_val_delete(&results[0]);
    wasm_foreign_delete(foreign);
  }
  wasm_module_delete(m);
}

TEST_P(CApiFuncTest, BadCallsTrapInsteadOfCrashing) {
  wasm_module_t* m = load("basic");
  wasm_instance_t* inst = wasm_instance_new(store_, m, nullptr, nullptr);
  {
    Exports ex(m, inst);
    wasm_func_t* square = ex.func("square");
    wasm_val_t results[1];
    wasm_val_vec_t r = WASM_ARRAY_VEC(results);
    // Too few arguments.
    EXPECT_NE(take_trap_message(wasm_func_call(square, nullptr, &r)).find("arguments"),
              std::string::npos);
    // The wrong kind.
    wasm_val_t wrong[1] = {WASM_F32_VAL(1.0f)};
    wasm_val_vec_t w = WASM_ARRAY_VEC(wrong);
    EXPECT_NE(take_trap_message(wasm_func_call(square, &w, &r)).find("argument 0"),
              std::string::npos);
    // No room for the result.
    wasm_val_t ok[1] = {i32(2)};
    wasm_val_vec_t o = WASM_ARRAY_VEC(ok);
    EXPECT_NE(take_trap_message(wasm_func_call(square, &o, nullptr)).find("results"),
              std::string::npos);
    // v128 cannot cross the C API.
    wasm_val_t v[1] = {i32(0)};
    wasm_val_vec_t vv = WASM_ARRAY_VEC(v);
    EXPECT_NE(take_trap_message(wasm_func_call(ex.func("v128_param"), &vv, nullptr)).find("v128"),
              std::string::npos);
    // A wasm trap: division by zero.
    wasm_val_t div_args[2] = {i32(1), i32(0)};
    wasm_val_vec_t d = WASM_ARRAY_VEC(div_args);
    wasm_trap_t* trap = wasm_func_call(ex.func("div"), &d, &r);
    EXPECT_EQ(wasmrun_trap_kind(trap), WASMRUN_TRAP_INTEGER_DIVIDE_BY_ZERO);
    EXPECT_EQ(take_trap_message(trap), "integer divide by zero");
  }
  wasm_instance_delete(inst);
  wasm_module_delete(m);
}

INSTANTIATE_TEST_SUITE_P(Tiers, CApiFuncTest, ::testing::ValuesIn(tiers()), tier_name);

}  // namespace
}  // namespace wasmrun::capi_test
