// Config, engine and store, and wasmrun's engine settings and queries.
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>

#include "engine/capi/test/capi_test_util.h"

namespace wasmrun::capi_test {
namespace {

TEST(CApiRuntimeTest, DefaultEngineAndStore) {
  wasm_engine_t* engine = wasm_engine_new();
  ASSERT_NE(engine, nullptr);
  // A default engine runs the JIT where it can.
#if WASMRUN_HAS_JIT
  EXPECT_EQ(wasmrun_engine_effective_tier(engine), WASMRUN_TIER_JIT);
  EXPECT_STREQ(wasmrun_engine_jit_unavailable_reason(engine), "");
#else
  EXPECT_EQ(wasmrun_engine_effective_tier(engine), WASMRUN_TIER_INTERP);
#endif
  wasm_store_t* a = wasm_store_new(engine);
  wasm_store_t* b = wasm_store_new(engine);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  wasm_store_delete(a);
  wasm_store_delete(b);
  wasm_engine_delete(engine);
}

TEST(CApiRuntimeTest, ConfigDeletedWithoutEngine) {
  wasm_config_t* config = wasm_config_new();
  ASSERT_NE(config, nullptr);
  wasm_config_delete(config);
}

TEST(CApiRuntimeTest, InterpreterTierAndReason) {
  wasm_config_t* config = wasm_config_new();
  wasmrun_config_set_tier(config, WASMRUN_TIER_INTERP);
  wasm_engine_t* engine = wasm_engine_new_with_config(config);
  EXPECT_EQ(wasmrun_engine_effective_tier(engine), WASMRUN_TIER_INTERP);
  EXPECT_NE(std::strstr(wasmrun_engine_jit_unavailable_reason(engine), "interpreter"), nullptr);
  wasm_engine_delete(engine);
}

TEST(CApiRuntimeTest, AutoTierMatchesBuild) {
  wasm_config_t* config = wasm_config_new();
  wasmrun_config_set_tier(config, WASMRUN_TIER_AUTO);
  wasm_engine_t* engine = wasm_engine_new_with_config(config);
  EXPECT_EQ(wasmrun_engine_effective_tier(engine),
            WASMRUN_HAS_JIT ? WASMRUN_TIER_JIT : WASMRUN_TIER_INTERP);
  wasm_engine_delete(engine);
}

#if WASMRUN_HAS_JIT
// The profiling setting reaches the JIT: a perf map names the module's functions.
TEST(CApiRuntimeTest, PerfMapProfiling) {
  std::string map = "/tmp/perf-" + std::to_string(::getpid()) + ".map";
  std::remove(map.c_str());
  wasm_config_t* config = wasm_config_new();
  wasmrun_config_set_tier(config, WASMRUN_TIER_JIT);
  wasmrun_config_set_profiling(config, WASMRUN_PROFILING_PERFMAP);
  wasmrun_config_set_debug_info(config, true);
  wasm_engine_t* engine = wasm_engine_new_with_config(config);
  wasm_store_t* store = wasm_store_new(engine);
  wasm_byte_vec_t bytes;
  wasm_bytes("basic", &bytes);
  wasm_module_t* m = wasm_module_new(store, &bytes);
  EXPECT_NE(m, nullptr) << wasmrun_last_error();
  std::ifstream in(map);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find(" wasm::square\n"), std::string::npos) << text;
  EXPECT_NE(text.find(" wasm::mix\n"), std::string::npos) << text;
  std::remove(map.c_str());
  wasm_module_delete(m);
  wasm_byte_vec_delete(&bytes);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}
#endif

TEST(CApiRuntimeTest, Version) { EXPECT_GT(std::strlen(wasmrun_version()), 0u); }

TEST(CApiRuntimeTest, LastErrorIsPerCall) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  wasm_byte_vec_t junk;
  wasm_byte_vec_new(&junk, 4, "\0asX");
  EXPECT_EQ(wasm_module_new(store, &junk), nullptr);
  EXPECT_STRNE(wasmrun_last_error(), "");
  wasm_byte_vec_t good;
  wasm_bytes("basic", &good);
  wasm_module_t* m = wasm_module_new(store, &good);
  EXPECT_NE(m, nullptr);
  EXPECT_STREQ(wasmrun_last_error(), "");  // cleared by the successful call
  wasm_module_delete(m);
  wasm_byte_vec_delete(&good);
  wasm_byte_vec_delete(&junk);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

class CApiLimitsTest : public TierTest {
 protected:
  void configure(wasm_config_t* config) override {
    wasmrun_config_set_max_memory_pages(config, 3);
    wasmrun_config_set_max_table_size(config, 12);
    wasmrun_config_set_max_call_depth(config, 200);
    wasmrun_config_set_bounds_checks(config, WASMRUN_BOUNDS_EXPLICIT);
  }
};

// 64-bit memory types (memory64): 64-bit limits read back whole, the standard 32-bit view clamps
// them, and the engine's page cap still bounds growth.
TEST_P(CApiLimitsTest, Memory64Types) {
  wasm_memorytype_t* mt = wasmrun_memorytype_new64(1, true, uint64_t{1} << 40, true);
  ASSERT_NE(mt, nullptr);
  EXPECT_TRUE(wasmrun_memorytype_is64(mt));
  EXPECT_EQ(wasmrun_memorytype_minimum(mt), 1u);
  uint64_t max = 0;
  EXPECT_TRUE(wasmrun_memorytype_maximum(mt, &max));
  EXPECT_EQ(max, uint64_t{1} << 40);
  EXPECT_EQ(wasm_memorytype_limits(mt)->max, UINT32_MAX);
  wasm_memorytype_t* copy = wasm_memorytype_copy(mt);
  EXPECT_TRUE(wasmrun_memorytype_is64(copy));
  wasm_memorytype_delete(copy);

  wasm_memory_t* mem = wasm_memory_new(store_, mt);
  wasm_memorytype_delete(mt);
  ASSERT_NE(mem, nullptr);
  EXPECT_TRUE(wasm_memory_grow(mem, 2));
  EXPECT_FALSE(wasm_memory_grow(mem, 1));  // past the engine's 3 pages
  wasm_memorytype_t* back = wasm_memory_type(mem);
  EXPECT_TRUE(wasmrun_memorytype_is64(back));
  EXPECT_TRUE(wasmrun_memorytype_maximum(back, &max));
  EXPECT_EQ(max, uint64_t{1} << 40);
  wasm_memorytype_delete(back);
  wasm_memory_delete(mem);

  wasm_limits_t l32 = {1, 2};
  wasm_memorytype_t* t32 = wasm_memorytype_new(&l32);
  EXPECT_FALSE(wasmrun_memorytype_is64(t32));
  EXPECT_EQ(wasmrun_memorytype_minimum(t32), 1u);
  wasm_memorytype_delete(t32);
  // Beyond 2^48 pages no 64-bit memory can be made.
  wasm_memorytype_t* huge = wasmrun_memorytype_new64((uint64_t{1} << 48) + 1, false, 0, true);
  EXPECT_EQ(wasm_memory_new(store_, huge), nullptr);
  wasm_memorytype_delete(huge);
}

TEST_P(CApiLimitsTest, MemoryTableAndDepthCaps) {
  wasm_limits_t mem_limits = {1, wasm_limits_max_default};
  wasm_memorytype_t* mt = wasm_memorytype_new(&mem_limits);
  wasm_memory_t* mem = wasm_memory_new(store_, mt);
  wasm_memorytype_delete(mt);
  ASSERT_NE(mem, nullptr);
  EXPECT_TRUE(wasm_memory_grow(mem, 2));
  EXPECT_FALSE(wasm_memory_grow(mem, 1));  // past the engine's 3 pages
  wasm_memory_delete(mem);

  wasm_limits_t table_limits = {10, wasm_limits_max_default};
  wasm_tabletype_t* tt = wasm_tabletype_new(wasm_valtype_new_funcref(), &table_limits);
  wasm_table_t* table = wasm_table_new(store_, tt, nullptr);
  wasm_tabletype_delete(tt);
  ASSERT_NE(table, nullptr);
  EXPECT_TRUE(wasm_table_grow(table, 2, nullptr));
  EXPECT_FALSE(wasm_table_grow(table, 1, nullptr));  // past the engine's 12 elements
  wasm_table_delete(table);

  wasm_module_t* module = load("basic");
  wasm_instance_t* instance = wasm_instance_new(store_, module, nullptr, nullptr);
  ASSERT_NE(instance, nullptr);
  {
    Exports ex(module, instance);
    wasm_trap_t* trap = wasm_func_call(ex.func("recurse"), nullptr, nullptr);
    EXPECT_EQ(wasmrun_trap_kind(trap), WASMRUN_TRAP_CALL_STACK_EXHAUSTED);
    EXPECT_EQ(take_trap_message(trap), "call stack exhausted");
  }
  wasm_instance_delete(instance);
  wasm_module_delete(module);
}

#if WASMRUN_HAS_JIT
// Guard-page bounds checks in the JIT: an access past the end still traps.
class CApiGuardPagesTest : public TierTest {
 protected:
  void configure(wasm_config_t* config) override {
    wasmrun_config_set_bounds_checks(config, WASMRUN_BOUNDS_GUARD_PAGES);
  }
};

TEST_P(CApiGuardPagesTest, OutOfBoundsStoreTraps) {
  wasm_module_t* module = load("basic");
  wasm_instance_t* instance = wasm_instance_new(store_, module, nullptr, nullptr);
  ASSERT_NE(instance, nullptr);
  {
    Exports ex(module, instance);
    wasm_val_t args[2] = {i32(70000), i32(1)};
    wasm_val_vec_t a = WASM_ARRAY_VEC(args);
    wasm_trap_t* trap = wasm_func_call(ex.func("store8"), &a, nullptr);
    EXPECT_EQ(wasmrun_trap_kind(trap), WASMRUN_TRAP_MEMORY_OUT_OF_BOUNDS);
    EXPECT_EQ(take_trap_message(trap), "out of bounds memory access");
  }
  wasm_instance_delete(instance);
  wasm_module_delete(module);
}
INSTANTIATE_TEST_SUITE_P(Tiers, CApiGuardPagesTest, ::testing::ValuesIn(tiers()), tier_name);
#endif

INSTANTIATE_TEST_SUITE_P(Tiers, CApiLimitsTest, ::testing::ValuesIn(tiers()), tier_name);

}  // namespace
}  // namespace wasmrun::capi_test
