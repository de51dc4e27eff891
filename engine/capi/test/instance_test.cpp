// Instances: imports, link errors, trapping start functions, exports.
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

INSTANTIATE_TEST_SUITE_P(Tiers, CApiInstanceTest, ::testing::ValuesIn(tiers()), tier_name);

}  // namespace
}  // namespace wasmrun::capi_test
