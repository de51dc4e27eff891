// Fuel metering through wasmrun.h: enabling it on a config, setting, adding and reading a store's
// fuel, and the out-of-fuel trap.
#include "engine/capi/test/capi_test_util.h"

namespace wasmrun::capi_test {
namespace {

class CApiFuelTest : public TierTest {
 protected:
  void configure(wasm_config_t* config) override { wasmrun_config_set_fuel(config, true); }

  // square(x) through the C API: one unit of fuel (its entry).
  wasm_trap_t* square(wasm_func_t* f, int32_t x, int32_t* out) {
    wasm_val_t args[1] = {WASM_I32_VAL(x)};
    wasm_val_t results[1] = {WASM_INIT_VAL};
    wasm_val_vec_t a = WASM_ARRAY_VEC(args);
    wasm_val_vec_t r = WASM_ARRAY_VEC(results);
    wasm_trap_t* trap = wasm_func_call(f, &a, &r);
    if (!trap) *out = results[0].of.i32;
    return trap;
  }
};

TEST_P(CApiFuelTest, SetAddReadAndRunOut) {
  wasm_module_t* m = load("basic");
  ASSERT_NE(m, nullptr);
  wasm_instance_t* inst = wasm_instance_new(store_, m, nullptr, nullptr);
  ASSERT_NE(inst, nullptr);
  {
    Exports ex(m, inst);
    uint64_t fuel = 99;
    ASSERT_TRUE(wasmrun_store_get_fuel(store_, &fuel));
    EXPECT_EQ(fuel, 0u);  // a store starts with none
    int32_t y = 0;
    wasm_trap_t* trap = square(ex.func("square"), 7, &y);
    ASSERT_NE(trap, nullptr);
    EXPECT_EQ(wasmrun_trap_kind(trap), WASMRUN_TRAP_OUT_OF_FUEL);
    EXPECT_EQ(take_trap_message(trap), "all fuel consumed");

    ASSERT_TRUE(wasmrun_store_set_fuel(store_, 2));
    EXPECT_EQ(square(ex.func("square"), 7, &y), nullptr);
    EXPECT_EQ(y, 49);
    ASSERT_TRUE(wasmrun_store_add_fuel(store_, 10));
    EXPECT_EQ(square(ex.func("square"), 8, &y), nullptr);
    EXPECT_EQ(y, 64);
    ASSERT_TRUE(wasmrun_store_get_fuel(store_, &fuel));
    EXPECT_EQ(fuel, 10u);

    // Unbounded recursion ends when the fuel does, long before the stack would.
    ASSERT_TRUE(wasmrun_store_set_fuel(store_, 500));
    trap = wasm_func_call(ex.func("recurse"), nullptr, nullptr);
    ASSERT_NE(trap, nullptr);
    EXPECT_EQ(wasmrun_trap_kind(trap), WASMRUN_TRAP_OUT_OF_FUEL);
    wasm_frame_vec_t trace;
    wasm_trap_trace(trap, &trace);
    EXPECT_GT(trace.size, 0u);
    wasm_frame_vec_delete(&trace);
    wasm_trap_delete(trap);
    ASSERT_TRUE(wasmrun_store_get_fuel(store_, &fuel));
    EXPECT_EQ(fuel, 0u);
  }
  wasm_instance_delete(inst);
  wasm_module_delete(m);
}

INSTANTIATE_TEST_SUITE_P(Tiers, CApiFuelTest, ::testing::ValuesIn(tiers()), tier_name);

// Without the setting the store meters nothing and the calls say so.
TEST(CApiFuelOffTest, StoreCallsFailWithoutFuel) {
  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  uint64_t fuel = 5;
  EXPECT_FALSE(wasmrun_store_get_fuel(store, &fuel));
  EXPECT_EQ(fuel, 5u);
  EXPECT_FALSE(wasmrun_store_set_fuel(store, 10));
  EXPECT_FALSE(wasmrun_store_add_fuel(store, 10));
  EXPECT_FALSE(wasmrun_store_set_fuel(nullptr, 10));
  EXPECT_FALSE(wasmrun_store_get_fuel(nullptr, &fuel));
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

}  // namespace
}  // namespace wasmrun::capi_test
