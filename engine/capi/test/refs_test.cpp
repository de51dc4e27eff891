// The functions every reference type has (copy, same, host info, views as wasm_ref_t), for each
// type, and host info finalizers running exactly once.
#include "engine/capi/test/capi_test_util.h"

namespace wasmrun::capi_test {
namespace {

int finalized = 0;
void finalize(void* p) {
  EXPECT_EQ(p, &finalized);
  ++finalized;
}
int plain_info = 0;

class CApiRefsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    finalized = 0;
    engine_ = wasm_engine_new();
    store_ = wasm_store_new(engine_);
  }
  void TearDown() override {
    if (store_) wasm_store_delete(store_);
    wasm_engine_delete(engine_);
  }

  wasm_module_t* module() {
    wasm_byte_vec_t bytes;
    wasm_bytes("basic", &bytes);
    wasm_module_t* m = wasm_module_new(store_, &bytes);
    wasm_byte_vec_delete(&bytes);
    return m;
  }
  wasm_instance_t* instance() {
    wasm_module_t* m = module();
    wasm_instance_t* i = wasm_instance_new(store_, m, nullptr, nullptr);
    wasm_module_delete(m);  // the instance keeps what it needs
    return i;
  }
  wasm_func_t* func() {
    wasm_functype_t* t = wasm_functype_new_0_0();
    wasm_func_t* f = wasm_func_new_with_env(store_, t, nop_callback, nullptr, nullptr);
    wasm_functype_delete(t);
    return f;
  }
  wasm_global_t* global() {
    wasm_globaltype_t* t = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
    wasm_val_t v = WASM_I32_VAL(1);
    wasm_global_t* g = wasm_global_new(store_, t, &v);
    wasm_globaltype_delete(t);
    return g;
  }
  wasm_table_t* table() {
    wasm_limits_t l = {1, 1};
    wasm_tabletype_t* t = wasm_tabletype_new(wasm_valtype_new_funcref(), &l);
    wasm_table_t* tab = wasm_table_new(store_, t, nullptr);
    wasm_tabletype_delete(t);
    return tab;
  }
  wasm_memory_t* memory() {
    wasm_limits_t l = {0, 1};
    wasm_memorytype_t* t = wasm_memorytype_new(&l);
    wasm_memory_t* m = wasm_memory_new(store_, t);
    wasm_memorytype_delete(t);
    return m;
  }
  wasm_trap_t* trap() {
    wasm_message_t msg;
    wasm_name_new_from_string_nt(&msg, "boom");
    wasm_trap_t* t = wasm_trap_new(store_, &msg);
    wasm_name_delete(&msg);
    return t;
  }
  wasm_foreign_t* foreign() { return wasm_foreign_new(store_); }
  wasm_extern_t* an_extern() { return wasm_memory_as_extern(memory()); }
  wasm_func_t* other_func() { return func(); }

  // After every handle is gone and the store with them, each finalizer ran exactly once.
  void finish() {
    wasm_store_delete(store_);
    store_ = nullptr;
    EXPECT_EQ(finalized, 2);
  }

  wasm_engine_t* engine_ = nullptr;
  wasm_store_t* store_ = nullptr;
};

// Host info is the object's: set through one handle, seen through another. Replacing info
// that has a finalizer runs it; the last one runs when the object dies.
#define WASMRUN_REF_TEST(name, make)                                     \
  TEST_F(CApiRefsTest, name) {                                           \
    wasm_##name##_t* a = make;                                           \
    ASSERT_NE(a, nullptr);                                               \
    wasm_##name##_t* b = wasm_##name##_copy(a);                          \
    EXPECT_NE(a, b);                                                     \
    EXPECT_TRUE(wasm_##name##_same(a, b));                               \
    EXPECT_EQ(wasm_##name##_get_host_info(a), nullptr);                  \
    wasm_##name##_set_host_info(a, &plain_info);                         \
    EXPECT_EQ(wasm_##name##_get_host_info(b), &plain_info);              \
    wasm_##name##_set_host_info_with_finalizer(b, &finalized, finalize); \
    EXPECT_EQ(finalized, 0);                                             \
    wasm_##name##_set_host_info_with_finalizer(a, &finalized, finalize); \
    EXPECT_EQ(finalized, 1); /* the replaced info's finalizer */         \
    wasm_ref_t* r = wasm_##name##_as_ref(a);                             \
    EXPECT_EQ(wasm_ref_as_##name(r), a);                                 \
    EXPECT_EQ(wasm_##name##_as_ref_const(a), r);                         \
    EXPECT_EQ(wasm_ref_as_##name##_const(r), a);                         \
    EXPECT_EQ(wasm_ref_get_host_info(r), &finalized);                    \
    wasm_ref_t* rc = wasm_ref_copy(r);                                   \
    EXPECT_TRUE(wasm_ref_same(rc, wasm_##name##_as_ref(b)));             \
    wasm_ref_delete(rc);                                                 \
    EXPECT_EQ(wasm_ref_as_##name(nullptr), nullptr);                     \
    wasm_##name##_delete(a);                                             \
    wasm_##name##_delete(b);                                             \
    finish();                                                            \
  }

WASMRUN_REF_TEST(func, func())
WASMRUN_REF_TEST(global, global())
WASMRUN_REF_TEST(table, table())
WASMRUN_REF_TEST(memory, memory())
WASMRUN_REF_TEST(extern, an_extern())
WASMRUN_REF_TEST(instance, instance())
WASMRUN_REF_TEST(foreign, foreign())
WASMRUN_REF_TEST(trap, trap())
WASMRUN_REF_TEST(module, module())

// The base reference type's own host info functions, and views of the wrong kind.
TEST_F(CApiRefsTest, RefBaseAndKinds) {
  wasm_func_t* f = func();
  wasm_func_t* g = other_func();
  wasm_ref_t* r = wasm_func_as_ref(f);
  EXPECT_FALSE(wasm_ref_same(r, wasm_func_as_ref(g)));
  EXPECT_EQ(wasm_ref_get_host_info(r), nullptr);
  wasm_ref_set_host_info(r, &plain_info);
  EXPECT_EQ(wasm_func_get_host_info(f), &plain_info);
  wasm_ref_set_host_info_with_finalizer(r, &finalized, finalize);
  wasm_ref_set_host_info_with_finalizer(wasm_func_as_ref(g), &finalized, finalize);
  EXPECT_EQ(wasm_ref_as_trap(r), nullptr);
  EXPECT_EQ(wasm_ref_as_module_const(r), nullptr);
  EXPECT_EQ(wasm_ref_as_instance(r), nullptr);
  EXPECT_EQ(wasm_ref_as_foreign_const(r), nullptr);
  EXPECT_EQ(wasm_ref_as_global(r), nullptr);
  EXPECT_EQ(wasm_ref_as_table(r), nullptr);
  EXPECT_EQ(wasm_ref_as_memory_const(r), nullptr);
  EXPECT_NE(wasm_ref_as_extern(r), nullptr);  // a function is an extern
  wasm_func_delete(f);
  wasm_func_delete(g);
  EXPECT_EQ(finalized, 0);  // functions live as long as their store
  finish();
}

// Deleting the store before the handles is safe; the objects go with the last handle.
TEST_F(CApiRefsTest, StoreDeletedBeforeHandles) {
  wasm_memory_t* m = memory();
  wasm_memory_set_host_info_with_finalizer(m, &finalized, finalize);
  wasm_store_delete(store_);
  store_ = nullptr;
  EXPECT_EQ(finalized, 0);
  EXPECT_EQ(wasm_memory_size(m), 0u);
  wasm_memory_delete(m);
  EXPECT_EQ(finalized, 1);
}

}  // namespace
}  // namespace wasmrun::capi_test
