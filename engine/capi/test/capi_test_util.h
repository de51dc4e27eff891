// Shared by the C API tests: test modules, engines in each tier, and small value helpers.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "wasmrun/wasm.h"
#include "wasmrun/wasmrun.h"

namespace wasmrun::capi_test {

// The tiers every tier-dependent test runs in.
inline std::vector<wasmrun_tier_t> tiers() {
  std::vector<wasmrun_tier_t> t = {WASMRUN_TIER_INTERP};
#if WASMRUN_HAS_JIT
  t.push_back(WASMRUN_TIER_JIT);
#endif
  return t;
}

inline std::string tier_name(const ::testing::TestParamInfo<wasmrun_tier_t>& info) {
  return info.param == WASMRUN_TIER_JIT ? "jit" : "interp";
}

// A test module's binary, as an owned byte vector.
inline void wasm_bytes(const std::string& name, wasm_byte_vec_t* out) {
  // Appended piece by piece: GCC 12 warns falsely (-Warray-bounds) on a chain of `+`.
  std::string path = WASMRUN_CAPI_TESTDATA;
  path.append("/").append(name).append(".wasm");
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << "missing test module " << name;
  std::vector<char> bytes(std::istreambuf_iterator<char>(in), {});
  wasm_byte_vec_new(out, bytes.size(), bytes.data());
}

inline std::string str(const wasm_byte_vec_t& v) { return std::string(v.data, v.size); }

// A trap's message without its terminating NUL; deletes the trap.
inline std::string take_trap_message(wasm_trap_t* trap) {
  if (!trap) return "(no trap)";
  wasm_message_t m;
  wasm_trap_message(trap, &m);
  std::string s = m.size ? std::string(m.data, m.size - 1) : std::string();
  wasm_byte_vec_delete(&m);
  wasm_trap_delete(trap);
  return s;
}

// An engine in the tier under test and a store, with helpers to load test modules.
class TierTest : public ::testing::TestWithParam<wasmrun_tier_t> {
 protected:
  void SetUp() override {
    wasm_config_t* config = wasm_config_new();
    wasmrun_config_set_tier(config, GetParam());
    configure(config);
    engine_ = wasm_engine_new_with_config(config);
    ASSERT_NE(engine_, nullptr);
    ASSERT_EQ(wasmrun_engine_effective_tier(engine_), GetParam())
        << wasmrun_engine_jit_unavailable_reason(engine_);
    store_ = wasm_store_new(engine_);
    ASSERT_NE(store_, nullptr);
  }
  void TearDown() override {
    if (store_) wasm_store_delete(store_);
    if (engine_) wasm_engine_delete(engine_);
  }
  virtual void configure(wasm_config_t*) {}

  wasm_module_t* load(const std::string& name) {
    wasm_byte_vec_t bytes;
    wasm_bytes(name, &bytes);
    wasm_module_t* m = wasm_module_new(store_, &bytes);
    wasm_byte_vec_delete(&bytes);
    EXPECT_NE(m, nullptr) << name << ": " << wasmrun_last_error();
    return m;
  }

  wasm_engine_t* engine_ = nullptr;
  wasm_store_t* store_ = nullptr;
};

// An instance's exports by name; owns them.
class Exports {
 public:
  Exports(const wasm_module_t* module, const wasm_instance_t* instance) {
    wasm_module_exports(module, &types_);
    wasm_instance_exports(instance, &externs_);
    EXPECT_EQ(types_.size, externs_.size);
  }
  ~Exports() {
    wasm_exporttype_vec_delete(&types_);
    wasm_extern_vec_delete(&externs_);
  }
  wasm_extern_t* get(const std::string& name) const {
    for (size_t i = 0; i < types_.size; ++i)
      if (str(*wasm_exporttype_name(types_.data[i])) == name) return externs_.data[i];
    ADD_FAILURE() << "no export " << name;
    return nullptr;
  }
  wasm_func_t* func(const std::string& name) const { return wasm_extern_as_func(get(name)); }
  size_t size() const { return externs_.size; }
  const wasm_extern_vec_t& externs() const { return externs_; }

 private:
  wasm_exporttype_vec_t types_;
  wasm_extern_vec_t externs_;
};

// host.wat instantiated with host objects for its imports: `add` and `started` call the given
// callbacks (with `env`), `echo` returns its argument.
struct HostInstance {
  HostInstance(wasm_store_t* store, wasm_module_t* module, wasm_func_callback_with_env_t add,
               wasm_func_callback_with_env_t started, void* env) {
    wasm_functype_t* add_type = wasm_functype_new_2_1(
        wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_i32());
    wasm_functype_t* nop_type = wasm_functype_new_0_0();
    wasm_functype_t* echo_type =
        wasm_functype_new_1_1(wasm_valtype_new_externref(), wasm_valtype_new_externref());
    add_f = wasm_func_new_with_env(store, add_type, add, env, nullptr);
    started_f = wasm_func_new_with_env(store, nop_type, started, env, nullptr);
    echo_f = wasm_func_new(store, echo_type, &echo);
    wasm_functype_delete(add_type);
    wasm_functype_delete(nop_type);
    wasm_functype_delete(echo_type);
    wasm_globaltype_t* gt = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_VAR);
    wasm_val_t init = i32_val(11);
    global = wasm_global_new(store, gt, &init);
    wasm_globaltype_delete(gt);
    wasm_limits_t one = {1, wasm_limits_max_default};
    wasm_tabletype_t* tt = wasm_tabletype_new(wasm_valtype_new_funcref(), &one);
    table = wasm_table_new(store, tt, nullptr);
    wasm_tabletype_delete(tt);
    wasm_memorytype_t* mt = wasm_memorytype_new(&one);
    memory = wasm_memory_new(store, mt);
    wasm_memorytype_delete(mt);
    wasm_extern_t* list[6] = {wasm_func_as_extern(add_f),    wasm_func_as_extern(started_f),
                              wasm_global_as_extern(global), wasm_table_as_extern(table),
                              wasm_memory_as_extern(memory), wasm_func_as_extern(echo_f)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(list);
    instance = wasm_instance_new(store, module, &imports, nullptr);
    EXPECT_NE(instance, nullptr) << wasmrun_last_error();
  }
  ~HostInstance() {
    wasm_instance_delete(instance);
    wasm_func_delete(add_f);
    wasm_func_delete(started_f);
    wasm_func_delete(echo_f);
    wasm_global_delete(global);
    wasm_table_delete(table);
    wasm_memory_delete(memory);
  }
  static wasm_trap_t* echo(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
    wasm_val_copy(&results->data[0], &args->data[0]);
    return nullptr;
  }
  static wasm_val_t i32_val(int32_t v) {
    wasm_val_t x;
    x.kind = WASM_I32;
    x.of.i32 = v;
    return x;
  }

  wasm_func_t* add_f = nullptr;
  wasm_func_t* started_f = nullptr;
  wasm_func_t* echo_f = nullptr;
  wasm_global_t* global = nullptr;
  wasm_table_t* table = nullptr;
  wasm_memory_t* memory = nullptr;
  wasm_instance_t* instance = nullptr;
};

inline wasm_trap_t* nop_callback(void*, const wasm_val_vec_t*, wasm_val_vec_t*) { return nullptr; }

inline wasm_val_t i32(int32_t v) {
  wasm_val_t x;
  x.kind = WASM_I32;
  x.of.i32 = v;
  return x;
}

}  // namespace wasmrun::capi_test
