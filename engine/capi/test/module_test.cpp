// Modules: compile, validate, imports and exports, serialize, share and obtain.
#include <string>
#include <thread>

#include "engine/capi/test/capi_test_util.h"

namespace wasmrun::capi_test {
namespace {

using CApiModuleTest = TierTest;

TEST_P(CApiModuleTest, NewAndValidate) {
  wasm_byte_vec_t bytes;
  wasm_bytes("basic", &bytes);
  EXPECT_TRUE(wasm_module_validate(store_, &bytes));
  wasm_module_t* m = wasm_module_new(store_, &bytes);
  EXPECT_NE(m, nullptr);
  wasm_module_delete(m);
  // A truncated module neither validates nor compiles, and says why.
  wasm_byte_vec_t cut;
  wasm_byte_vec_new(&cut, bytes.size - 3, bytes.data);
  EXPECT_FALSE(wasm_module_validate(store_, &cut));
  EXPECT_STRNE(wasmrun_last_error(), "");
  EXPECT_EQ(wasm_module_new(store_, &cut), nullptr);
  EXPECT_STRNE(wasmrun_last_error(), "");
  wasm_byte_vec_delete(&cut);
  wasm_byte_vec_delete(&bytes);
}

// wasmrun_module_read_file reads regular files within a limit; engines refuse larger binaries.
TEST(CApiModuleFile, ReadWithinALimit) {
  std::string path = std::string(WASMRUN_CAPI_TESTDATA) + "/basic.wasm";
  wasm_byte_vec_t bytes;
  ASSERT_TRUE(wasmrun_module_read_file(path.c_str(), 1 << 20, &bytes)) << wasmrun_last_error();
  ASSERT_GT(bytes.size, 8u);
  EXPECT_EQ(bytes.data[1], 'a');
  wasm_byte_vec_t none;
  EXPECT_FALSE(wasmrun_module_read_file(path.c_str(), bytes.size - 1, &none));
  EXPECT_NE(std::string(wasmrun_last_error()).find("above the limit"), std::string::npos);
  EXPECT_EQ(none.size, 0u);
  EXPECT_FALSE(wasmrun_module_read_file(WASMRUN_CAPI_TESTDATA, 1 << 20, &none));
  EXPECT_NE(std::string(wasmrun_last_error()).find("is a directory"), std::string::npos);
  EXPECT_FALSE(wasmrun_module_read_file("/dev/zero", 1 << 20, &none));

  wasm_config_t* config = wasm_config_new();
  wasmrun_config_set_max_module_size(config, bytes.size - 1);
  wasm_engine_t* engine = wasm_engine_new_with_config(config);
  wasm_store_t* store = wasm_store_new(engine);
  EXPECT_EQ(wasm_module_new(store, &bytes), nullptr);
  EXPECT_NE(std::string(wasmrun_last_error()).find("above the limit"), std::string::npos);
  EXPECT_FALSE(wasm_module_validate(store, &bytes));
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  wasm_byte_vec_delete(&bytes);
}

// (module (func $f (return_call $f))): valid unless the engine switches tail calls off.
TEST(CApiModuleFeatures, SwitchedOffFeatureIsInvalid) {
  const uint8_t tail_call[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01,
                               0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
                               0x0a, 0x06, 0x01, 0x04, 0x00, 0x12, 0x00, 0x0b};
  wasm_byte_vec_t bytes;
  wasm_byte_vec_new(&bytes, sizeof tail_call, reinterpret_cast<const char*>(tail_call));
  for (bool enabled : {true, false}) {
    wasm_config_t* config = wasm_config_new();
    EXPECT_FALSE(wasmrun_config_set_feature(config, "no-such-feature", false));
    EXPECT_TRUE(wasmrun_config_set_feature(config, "tail-call", enabled));
    EXPECT_TRUE(wasmrun_config_set_feature(config, "relaxed-simd", enabled));
    wasm_engine_t* engine = wasm_engine_new_with_config(config);
    wasm_store_t* store = wasm_store_new(engine);
    EXPECT_EQ(wasm_module_validate(store, &bytes), enabled);
    wasm_module_t* m = wasm_module_new(store, &bytes);
    EXPECT_EQ(m != nullptr, enabled);
    if (!enabled) {
      EXPECT_NE(std::string(wasmrun_last_error()).find("(feature tail-call)"), std::string::npos)
          << wasmrun_last_error();
    }
    if (m) wasm_module_delete(m);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
  }
  wasm_byte_vec_delete(&bytes);
}

TEST_P(CApiModuleTest, Imports) {
  wasm_module_t* m = load("host");
  ASSERT_NE(m, nullptr);
  wasm_importtype_vec_t imports;
  wasm_module_imports(m, &imports);
  ASSERT_EQ(imports.size, 6u);
  const char* names[] = {"add", "started", "g", "t", "m", "echo"};
  wasm_externkind_t kinds[] = {WASM_EXTERN_FUNC,  WASM_EXTERN_FUNC,   WASM_EXTERN_GLOBAL,
                               WASM_EXTERN_TABLE, WASM_EXTERN_MEMORY, WASM_EXTERN_FUNC};
  for (size_t i = 0; i < imports.size; ++i) {
    EXPECT_EQ(str(*wasm_importtype_module(imports.data[i])), "host");
    EXPECT_EQ(str(*wasm_importtype_name(imports.data[i])), names[i]);
    EXPECT_EQ(wasm_externtype_kind(wasm_importtype_type(imports.data[i])), kinds[i]);
  }
  const wasm_functype_t* add =
      wasm_externtype_as_functype_const(wasm_importtype_type(imports.data[0]));
  ASSERT_NE(add, nullptr);
  EXPECT_EQ(wasm_functype_params(add)->size, 2u);
  EXPECT_EQ(wasm_functype_results(add)->size, 1u);
  const wasm_globaltype_t* g =
      wasm_externtype_as_globaltype_const(wasm_importtype_type(imports.data[2]));
  EXPECT_EQ(wasm_globaltype_mutability(g), WASM_VAR);
  const wasm_memorytype_t* mem =
      wasm_externtype_as_memorytype_const(wasm_importtype_type(imports.data[4]));
  EXPECT_EQ(wasm_memorytype_limits(mem)->min, 1u);
  EXPECT_EQ(wasm_memorytype_limits(mem)->max, wasm_limits_max_default);
  wasm_importtype_vec_delete(&imports);
  wasm_module_delete(m);
}

TEST_P(CApiModuleTest, Exports) {
  wasm_module_t* m = load("basic");
  ASSERT_NE(m, nullptr);
  wasm_exporttype_vec_t exports;
  wasm_module_exports(m, &exports);
  ASSERT_GE(exports.size, 5u);
  EXPECT_EQ(str(*wasm_exporttype_name(exports.data[0])), "mem");
  EXPECT_EQ(wasm_externtype_kind(wasm_exporttype_type(exports.data[0])), WASM_EXTERN_MEMORY);
  const wasm_tabletype_t* tab =
      wasm_externtype_as_tabletype_const(wasm_exporttype_type(exports.data[1]));
  ASSERT_NE(tab, nullptr);
  EXPECT_EQ(wasm_valtype_kind(wasm_tabletype_element(tab)), WASM_FUNCREF);
  EXPECT_EQ(wasm_tabletype_limits(tab)->max, 10u);
  const wasm_globaltype_t* c64 =
      wasm_externtype_as_globaltype_const(wasm_exporttype_type(exports.data[3]));
  ASSERT_NE(c64, nullptr);
  EXPECT_EQ(wasm_valtype_kind(wasm_globaltype_content(c64)), WASM_I64);
  EXPECT_EQ(wasm_globaltype_mutability(c64), WASM_CONST);
  // v128 is described with wasmrun's kind.
  bool saw_v128 = false;
  for (size_t i = 0; i < exports.size; ++i) {
    if (str(*wasm_exporttype_name(exports.data[i])) != "v128_param") continue;
    const wasm_functype_t* f =
        wasm_externtype_as_functype_const(wasm_exporttype_type(exports.data[i]));
    EXPECT_EQ(wasm_valtype_kind(wasm_functype_params(f)->data[0]), WASMRUN_V128);
    saw_v128 = true;
  }
  EXPECT_TRUE(saw_v128);
  wasm_exporttype_vec_delete(&exports);
  wasm_module_delete(m);
}

TEST_P(CApiModuleTest, SerializeRoundTrip) {
  wasm_module_t* m = load("basic");
  ASSERT_NE(m, nullptr);
  wasm_byte_vec_t blob;
  wasm_module_serialize(m, &blob);
  ASSERT_GT(blob.size, 0u);
  wasm_module_t* back = wasm_module_deserialize(store_, &blob);
  ASSERT_NE(back, nullptr) << wasmrun_last_error();
  wasm_instance_t* inst = wasm_instance_new(store_, back, nullptr, nullptr);
  ASSERT_NE(inst, nullptr);
  {
    Exports ex(back, inst);
    wasm_val_t args[1] = {i32(9)};
    wasm_val_t results[1];
    wasm_val_vec_t a = WASM_ARRAY_VEC(args), r = WASM_ARRAY_VEC(results);
    EXPECT_EQ(wasm_func_call(ex.func("square"), &a, &r), nullptr);
    EXPECT_EQ(results[0].of.i32, 81);
  }
  // The serialized form carries compiled code, checked on load: a changed byte is refused.
  blob.data[blob.size - 1] ^= 1;
  EXPECT_EQ(wasm_module_deserialize(store_, &blob), nullptr);
  EXPECT_NE(std::string(wasmrun_last_error()).find("checksum mismatch"), std::string::npos)
      << wasmrun_last_error();
  // A plain wasm binary is not a serialized module.
  wasm_byte_vec_t plain;
  wasm_bytes("basic", &plain);
  EXPECT_EQ(wasm_module_deserialize(store_, &plain), nullptr);
  EXPECT_STRNE(wasmrun_last_error(), "");
  wasm_byte_vec_delete(&plain);
  wasm_instance_delete(inst);
  wasm_module_delete(back);
  wasm_byte_vec_delete(&blob);
  wasm_module_delete(m);
}

// A shared module moves to another thread and is obtained in a store there, of the same engine
// and of another engine.
TEST_P(CApiModuleTest, ShareAndObtainOnAnotherThread) {
  wasm_module_t* m = load("basic");
  ASSERT_NE(m, nullptr);
  wasm_shared_module_t* shared = wasm_module_share(m);
  wasm_module_delete(m);  // the shared form keeps the module alive
  ASSERT_NE(shared, nullptr);
  int32_t same_engine = 0, other_engine = 0;
  std::thread worker([&] {
    auto square_in = [&](wasm_store_t* store) {
      wasm_module_t* mod = wasm_module_obtain(store, shared);
      EXPECT_NE(mod, nullptr);
      if (!mod) return 0;
      wasm_instance_t* inst = wasm_instance_new(store, mod, nullptr, nullptr);
      int32_t out = 0;
      {
        Exports ex(mod, inst);
        wasm_val_t args[1] = {i32(6)};
        wasm_val_t results[1];
        wasm_val_vec_t a = WASM_ARRAY_VEC(args), r = WASM_ARRAY_VEC(results);
        EXPECT_EQ(wasm_func_call(ex.func("square"), &a, &r), nullptr);
        out = results[0].of.i32;
      }
      wasm_instance_delete(inst);
      wasm_module_delete(mod);
      return out;
    };
    wasm_store_t* store = wasm_store_new(engine_);
    same_engine = square_in(store);
    wasm_store_delete(store);
    wasm_engine_t* other = wasm_engine_new();
    wasm_store_t* other_store = wasm_store_new(other);
    other_engine = square_in(other_store);
    wasm_store_delete(other_store);
    wasm_engine_delete(other);
  });
  worker.join();
  EXPECT_EQ(same_engine, 36);
  EXPECT_EQ(other_engine, 36);
  wasm_shared_module_delete(shared);
}

INSTANTIATE_TEST_SUITE_P(Tiers, CApiModuleTest, ::testing::ValuesIn(tiers()), tier_name);

}  // namespace
}  // namespace wasmrun::capi_test
