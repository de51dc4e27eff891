// Instances: imports, link errors, trapping start functions, exports.
#include <cstring>

#include "engine/capi/test/capi_test_util.h"

namespace wasmrun::capi_test {
namespace {

using CApiInstanceTest = TierTest;

TEST_P(CApiInstanceTest, ExportsInModuleOrder) {
  wasm_module_t* m = load("basic");
  wasm_instance_t* inst = wasm_instance_new(store_, m, nullptr, nullptr);
  ASSERT_NE(inst, nullptr);
  wasm_exporttype_vec_t types;
  wasm_module_exports(m, &types);
  wasm_extern_vec_t externs;
  wasm_instance_exports(inst, &externs);
  ASSERT_EQ(externs.size, types.size);
  for (size_t i = 0; i < externs.size; ++i) {
    EXPECT_EQ(wasm_extern_kind(externs.data[i]),
              wasm_externtype_kind(wasm_exporttype_type(types.data[i])));
  }
  // Handles outlive the instance handle and the module handle.
  wasm_instance_delete(inst);
  wasm_module_delete(m);
  wasm_func_t* square = nullptr;
  for (size_t i = 0; i < types.size; ++i)
    if (str(*wasm_exporttype_name(types.data[i])) == "square")
      square = wasm_extern_as_func(externs.data[i]);
  ASSERT_NE(square, nullptr);
  wasm_val_t args[1] = {i32(12)};
  wasm_val_t results[1];
  wasm_val_vec_t a = WASM_ARRAY_VEC(args), r = WASM_ARRAY_VEC(results);
  EXPECT_EQ(wasm_func_call(square, &a, &r), nullptr);
  EXPECT_EQ(results[0].of.i32, 144);
  wasm_extern_vec_delete(&externs);
  wasm_exporttype_vec_delete(&types);
}

TEST_P(CApiInstanceTest, MissingImportsAreReported) {
  wasm_module_t* m = load("host");
  wasm_trap_t* trap = nullptr;
  wasm_extern_vec_t none = WASM_EMPTY_VEC;
  EXPECT_EQ(wasm_instance_new(store_, m, &none, &trap), nullptr);
  std::string error = wasmrun_last_error();
  EXPECT_NE(error, "");
  EXPECT_EQ(take_trap_message(trap), error);
  // A NULL entry.
  wasm_extern_t* list[1] = {nullptr};
  wasm_extern_vec_t nulls = WASM_ARRAY_VEC(list);
  EXPECT_EQ(wasm_instance_new(store_, m, &nulls, nullptr), nullptr);
  EXPECT_NE(std::string(wasmrun_last_error()).find("NULL"), std::string::npos);
  wasm_module_delete(m);
}

TEST_P(CApiInstanceTest, WrongImportTypeIsLinkError) {
  wasm_module_t* m = load("host");
  wasm_limits_t one = {1, wasm_limits_max_default};
  wasm_memorytype_t* mt = wasm_memorytype_new(&one);
  wasm_memory_t* mem = wasm_memory_new(store_, mt);
  wasm_memorytype_delete(mt);
  wasm_extern_t* list[6];
  for (auto& e : list) e = wasm_memory_as_extern(mem);  // a memory where a function belongs
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(list);
  wasm_trap_t* trap = nullptr;
  EXPECT_EQ(wasm_instance_new(store_, m, &imports, &trap), nullptr);
  EXPECT_NE(trap, nullptr);
  EXPECT_EQ(wasmrun_trap_kind(trap), WASMRUN_TRAP_HOST);
  wasm_trap_delete(trap);
  wasm_memory_delete(mem);
  wasm_module_delete(m);
}

TEST_P(CApiInstanceTest, StartFunctionTrap) {
  wasm_module_t* m = load("start_trap");
  wasm_trap_t* trap = nullptr;
  EXPECT_EQ(wasm_instance_new(store_, m, nullptr, &trap), nullptr);
  ASSERT_NE(trap, nullptr);
  EXPECT_EQ(wasmrun_trap_kind(trap), WASMRUN_TRAP_UNREACHABLE);
  wasm_frame_t* origin = wasm_trap_origin(trap);
  ASSERT_NE(origin, nullptr);
  EXPECT_EQ(wasm_frame_func_index(origin), 0u);
  wasm_frame_delete(origin);
  EXPECT_EQ(take_trap_message(trap), "unreachable");
  // Without a trap out-parameter the failure is still reported.
  EXPECT_EQ(wasm_instance_new(store_, m, nullptr, nullptr), nullptr);
  EXPECT_STREQ(wasmrun_last_error(), "unreachable");
  wasm_module_delete(m);
}

// Multi-memory: two imported memories and a defined one, exported in order; the module's writes
// reach each memory's own bytes and growth.
TEST_P(CApiInstanceTest, SeveralMemoriesImportedAndExported) {
  wasm_module_t* m = load("two_memories");
  ASSERT_NE(m, nullptr);
  wasm_limits_t one = {1, wasm_limits_max_default}, one_two = {1, 2};
  wasm_memorytype_t* ta = wasm_memorytype_new(&one);
  wasm_memorytype_t* tb = wasm_memorytype_new(&one_two);
  wasm_memory_t* a = wasm_memory_new(store_, ta);
  wasm_memory_t* b = wasm_memory_new(store_, tb);
  wasm_memorytype_delete(ta);
  wasm_memorytype_delete(tb);
  wasm_extern_t* list[2] = {wasm_memory_as_extern(a), wasm_memory_as_extern(b)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(list);
  wasm_instance_t* inst = wasm_instance_new(store_, m, &imports, nullptr);
  ASSERT_NE(inst, nullptr) << wasmrun_last_error();
  wasm_extern_vec_t externs;
  wasm_instance_exports(inst, &externs);
  ASSERT_EQ(externs.size, 6u);
  wasm_memory_t* ea = wasm_extern_as_memory(externs.data[0]);
  wasm_memory_t* eb = wasm_extern_as_memory(externs.data[1]);
  wasm_memory_t* own = wasm_extern_as_memory(externs.data[2]);
  ASSERT_TRUE(ea && eb && own);
  EXPECT_EQ(wasm_memory_data(ea), wasm_memory_data(a));
  EXPECT_EQ(wasm_memory_data(eb), wasm_memory_data(b));
  EXPECT_NE(wasm_memory_data(own), wasm_memory_data(a));

  std::memcpy(wasm_memory_data(a) + 8, "abc", 3);
  wasm_val_t copy_args[3] = {i32(100), i32(8), i32(3)};
  wasm_val_vec_t ca = WASM_ARRAY_VEC(copy_args), none = WASM_EMPTY_VEC;
  EXPECT_EQ(wasm_func_call(wasm_extern_as_func(externs.data[3]), &ca, &none), nullptr);
  EXPECT_EQ(std::memcmp(wasm_memory_data(b) + 100, "abc", 3), 0);
  EXPECT_EQ(wasm_memory_data(own)[100], 0);
  EXPECT_EQ(wasm_memory_data(a)[100], 0);

  wasm_val_t store_args[2] = {i32(5), i32(77)};
  wasm_val_vec_t sa = WASM_ARRAY_VEC(store_args);
  EXPECT_EQ(wasm_func_call(wasm_extern_as_func(externs.data[4]), &sa, &none), nullptr);
  EXPECT_EQ(wasm_memory_data(own)[5], 77);
  EXPECT_EQ(wasm_memory_data(b)[5], 0);

  wasm_val_t grow_args[1] = {i32(1)};
  wasm_val_t grow_results[1];
  wasm_val_vec_t ga = WASM_ARRAY_VEC(grow_args), gr = WASM_ARRAY_VEC(grow_results);
  EXPECT_EQ(wasm_func_call(wasm_extern_as_func(externs.data[5]), &ga, &gr), nullptr);
  EXPECT_EQ(grow_results[0].of.i32, 1);
  EXPECT_EQ(wasm_memory_size(b), 2u);
  EXPECT_EQ(wasm_memory_size(a), 1u);

  wasm_extern_vec_delete(&externs);
  wasm_instance_delete(inst);
  wasm_memory_delete(a);
  wasm_memory_delete(b);
  wasm_module_delete(m);
}

INSTANTIATE_TEST_SUITE_P(Tiers, CApiInstanceTest, ::testing::ValuesIn(tiers()), tier_name);

}  // namespace
}  // namespace wasmrun::capi_test
