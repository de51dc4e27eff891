// Every vector type's new_empty, new_uninitialized, new, copy and delete, and the ownership
// rules: new takes the elements, copy is deep, delete releases the elements.
#include "engine/capi/test/capi_test_util.h"

namespace wasmrun::capi_test {
namespace {

TEST(CApiVectorsTest, ByteVec) {
  wasm_byte_vec_t empty;
  wasm_byte_vec_new_empty(&empty);
  EXPECT_EQ(empty.size, 0u);
  EXPECT_EQ(empty.data, nullptr);
  wasm_byte_vec_delete(&empty);

  wasm_byte_vec_t raw;
  wasm_byte_vec_new_uninitialized(&raw, 3);
  ASSERT_EQ(raw.size, 3u);
  raw.data[0] = 'a';
  raw.data[1] = 'b';
  raw.data[2] = 'c';
  wasm_byte_vec_t copy;
  wasm_byte_vec_copy(&copy, &raw);
  wasm_byte_vec_delete(&raw);
  EXPECT_EQ(raw.size, 0u);  // delete leaves an empty vector
  EXPECT_EQ(str(copy), "abc");
  wasm_byte_vec_delete(&copy);

  wasm_byte_vec_t made;
  wasm_byte_vec_new(&made, 2, "xy");
  EXPECT_EQ(str(made), "xy");
  wasm_byte_vec_delete(&made);
}

TEST(CApiVectorsTest, NameHelpers) {
  wasm_name_t a, b, c;
  wasm_name_new_from_string(&a, "plugin");
  wasm_name_new_from_string_nt(&b, "plugin");
  EXPECT_EQ(a.size, 6u);
  EXPECT_EQ(b.size, 7u);
  EXPECT_EQ(b.data[6], '\0');
  wasm_name_copy(&c, &a);
  EXPECT_EQ(str(c), "plugin");
  wasm_name_t e;
  wasm_name_new_empty(&e);
  EXPECT_EQ(e.size, 0u);
  wasm_name_t n;
  wasm_name_new(&n, 1, "z");
  EXPECT_EQ(str(n), "z");
  wasm_name_t u;
  wasm_name_new_new_uninitialized(&u, 4);
  EXPECT_EQ(u.size, 4u);
  for (wasm_name_t* v : {&a, &b, &c, &e, &n, &u}) wasm_name_delete(v);
}

TEST(CApiVectorsTest, ValVecOwnsReferences) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_foreign_t* foreign = wasm_foreign_new(store);
  wasm_val_t vals[3] = {i32(5), {}, {}};
  vals[1].kind = WASM_F64;
  vals[1].of.f64 = 2.5;
  vals[2].kind = WASM_EXTERNREF;
  vals[2].of.ref = wasm_foreign_as_ref(foreign);  // the vector takes it
  wasm_val_vec_t v;
  wasm_val_vec_new(&v, 3, vals);
  wasm_val_vec_t copy;
  wasm_val_vec_copy(&copy, &v);
  ASSERT_EQ(copy.size, 3u);
  EXPECT_EQ(copy.data[0].of.i32, 5);
  EXPECT_EQ(copy.data[1].of.f64, 2.5);
  EXPECT_NE(copy.data[2].of.ref, v.data[2].of.ref);                   // a new handle ...
  EXPECT_TRUE(wasm_ref_same(copy.data[2].of.ref, v.data[2].of.ref));  // ... to the same object
  wasm_val_vec_delete(&v);
  wasm_val_vec_delete(&copy);  // under ASan: no double free, no leak

  wasm_val_vec_t empty, raw;
  wasm_val_vec_new_empty(&empty);
  wasm_val_vec_new_uninitialized(&raw, 2);
  EXPECT_EQ(raw.size, 2u);
  wasm_val_vec_delete(&empty);
  wasm_val_vec_delete(&raw);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

// The handle vectors share one shape; each gets the same checks with its own element maker.
#define WASMRUN_HANDLE_VEC_TEST(name, make)                   \
  TEST(CApiVectorsTest, name##Vec) {                          \
    wasm_##name##_t* elems[2] = {make, make};                 \
    wasm_##name##_vec_t v;                                    \
    wasm_##name##_vec_new(&v, 2, elems);                      \
    ASSERT_EQ(v.size, 2u);                                    \
    EXPECT_EQ(v.data[0], elems[0]);                           \
    wasm_##name##_vec_t copy;                                 \
    wasm_##name##_vec_copy(&copy, &v);                        \
    ASSERT_EQ(copy.size, 2u);                                 \
    EXPECT_NE(copy.data[1], v.data[1]);                       \
    EXPECT_NE(copy.data[1], nullptr);                         \
    wasm_##name##_vec_delete(&v);                             \
    wasm_##name##_vec_delete(&copy);                          \
    wasm_##name##_vec_t empty, raw;                           \
    wasm_##name##_vec_new_empty(&empty);                      \
    EXPECT_EQ(empty.size, 0u);                                \
    wasm_##name##_vec_new_uninitialized(&raw, 3);             \
    ASSERT_EQ(raw.size, 3u);                                  \
    EXPECT_EQ(raw.data[2], nullptr); /* deletable unfilled */ \
    wasm_##name##_vec_delete(&empty);                         \
    wasm_##name##_vec_delete(&raw);                           \
  }

wasm_limits_t limits() { return {1, 2}; }
wasm_externtype_t* an_externtype() {
  wasm_limits_t l = limits();
  return wasm_memorytype_as_externtype(wasm_memorytype_new(&l));
}
wasm_importtype_t* an_importtype() {
  wasm_name_t m, n;
  wasm_name_new_from_string(&m, "env");
  wasm_name_new_from_string(&n, "mem");
  return wasm_importtype_new(&m, &n, an_externtype());
}
wasm_exporttype_t* an_exporttype() {
  wasm_name_t n;
  wasm_name_new_from_string(&n, "mem");
  return wasm_exporttype_new(&n, an_externtype());
}
wasm_tabletype_t* a_tabletype() {
  wasm_limits_t l = limits();
  return wasm_tabletype_new(wasm_valtype_new_funcref(), &l);
}
wasm_memorytype_t* a_memorytype() {
  wasm_limits_t l = limits();
  return wasm_memorytype_new(&l);
}

WASMRUN_HANDLE_VEC_TEST(valtype, wasm_valtype_new_i64())
WASMRUN_HANDLE_VEC_TEST(functype,
                        wasm_functype_new_1_1(wasm_valtype_new_i32(), wasm_valtype_new_f32()))
WASMRUN_HANDLE_VEC_TEST(globaltype, wasm_globaltype_new(wasm_valtype_new_f64(), WASM_VAR))
WASMRUN_HANDLE_VEC_TEST(tabletype, a_tabletype())
WASMRUN_HANDLE_VEC_TEST(memorytype, a_memorytype())
WASMRUN_HANDLE_VEC_TEST(externtype, an_externtype())
WASMRUN_HANDLE_VEC_TEST(importtype, an_importtype())
WASMRUN_HANDLE_VEC_TEST(exporttype, an_exporttype())

// Frames come from a trap's trace; externs from an instance (see their own tests for the rest).
TEST(CApiVectorsTest, FrameAndExternVecs) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_byte_vec_t bytes;
  wasm_bytes("basic", &bytes);
  wasm_module_t* module = wasm_module_new(store, &bytes);
  wasm_byte_vec_delete(&bytes);
  ASSERT_NE(module, nullptr);
  wasm_instance_t* instance = wasm_instance_new(store, module, nullptr, nullptr);
  ASSERT_NE(instance, nullptr);
  {
    Exports ex(module, instance);
    wasm_trap_t* trap = wasm_func_call(ex.func("outer"), nullptr, nullptr);
    ASSERT_NE(trap, nullptr);
    wasm_frame_vec_t frames, frames_copy;
    wasm_trap_trace(trap, &frames);
    ASSERT_GE(frames.size, 3u);
    wasm_frame_vec_copy(&frames_copy, &frames);
    ASSERT_EQ(frames_copy.size, frames.size);
    EXPECT_NE(frames_copy.data[0], frames.data[0]);
    EXPECT_EQ(wasm_frame_func_index(frames_copy.data[0]), wasm_frame_func_index(frames.data[0]));
    wasm_frame_t* owned[1] = {wasm_frame_copy(frames.data[1])};
    wasm_frame_vec_t one, empty, raw;
    wasm_frame_vec_new(&one, 1, owned);
    wasm_frame_vec_new_empty(&empty);
    wasm_frame_vec_new_uninitialized(&raw, 2);
    for (wasm_frame_vec_t* v : {&frames, &frames_copy, &one, &empty, &raw})
      wasm_frame_vec_delete(v);
    wasm_trap_delete(trap);

    wasm_extern_vec_t copy;
    wasm_extern_vec_copy(&copy, &ex.externs());
    ASSERT_EQ(copy.size, ex.size());
    EXPECT_TRUE(wasm_extern_same(copy.data[0], ex.externs().data[0]));
    wasm_extern_t* picked[1] = {wasm_extern_copy(copy.data[1])};
    wasm_extern_vec_t one_ext, empty_ext, raw_ext;
    wasm_extern_vec_new(&one_ext, 1, picked);
    wasm_extern_vec_new_empty(&empty_ext);
    wasm_extern_vec_new_uninitialized(&raw_ext, 1);
    for (wasm_extern_vec_t* v : {&copy, &one_ext, &empty_ext, &raw_ext}) wasm_extern_vec_delete(v);
  }
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

}  // namespace
}  // namespace wasmrun::capi_test
