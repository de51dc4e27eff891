/* The C API from C: the headers compile as C11 with every warning an error, and a small host
 * runs a module with a host function, reads memory and a global, and handles a trap. Exits
 * non-zero on the first failed check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasmrun/wasm.h"
#include "wasmrun/wasmrun.h"

static int failures = 0;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                              \
    }                                                                          \
  } while (0)

static int host_calls = 0;

static wasm_trap_t* add(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)env;
  ++host_calls;
  results->data[0].kind = WASM_I32;
  results->data[0].of.i32 = args->data[0].of.i32 + args->data[1].of.i32;
  return NULL;
}

static wasm_trap_t* nop(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)env;
  (void)args;
  (void)results;
  return NULL;
}

static wasm_trap_t* echo(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  wasm_val_copy(&results->data[0], &args->data[0]);
  return NULL;
}

static int finalized = 0;
static void finalize(void* p) {
  (void)p;
  ++finalized;
}

static int load(const char* name, wasm_byte_vec_t* out) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s.wasm", WASMRUN_CAPI_TESTDATA, name);
  FILE* f = fopen(path, "rb");
  if (!f) return 0;
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  wasm_byte_vec_new_uninitialized(out, (size_t)size);
  size_t got = fread(out->data, 1, (size_t)size, f);
  fclose(f);
  return got == (size_t)size;
}

static void run(wasmrun_tier_t tier) {
  wasm_config_t* config = wasm_config_new();
  wasmrun_config_set_tier(config, tier);
  wasm_engine_t* engine = wasm_engine_new_with_config(config);
  wasm_store_t* store = wasm_store_new(engine);
  printf("tier %s\n", wasmrun_engine_effective_tier(engine) == WASMRUN_TIER_JIT ? "jit" : "interp");

  wasm_byte_vec_t bytes;
  CHECK(load("host", &bytes));
  wasm_module_t* module = wasm_module_new(store, &bytes);
  wasm_byte_vec_delete(&bytes);
  CHECK(module != NULL);
  if (!module) return;

  wasm_functype_t* add_type =
      wasm_functype_new_2_1(wasm_valtype_new_i32(), wasm_valtype_new_i32(), wasm_valtype_new_i32());
  wasm_functype_t* nop_type = wasm_functype_new_0_0();
  wasm_functype_t* echo_type =
      wasm_functype_new_1_1(wasm_valtype_new_externref(), wasm_valtype_new_externref());
  wasm_func_t* add_f = wasm_func_new_with_env(store, add_type, add, NULL, finalize);
  wasm_func_t* nop_f = wasm_func_new_with_env(store, nop_type, nop, NULL, NULL);
  wasm_func_t* echo_f = wasm_func_new(store, echo_type, echo);
  wasm_functype_delete(add_type);
  wasm_functype_delete(nop_type);
  wasm_functype_delete(echo_type);

  wasm_globaltype_t* gt = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_VAR);
  wasm_val_t init = WASM_I32_VAL(5);
  wasm_global_t* global = wasm_global_new(store, gt, &init);
  wasm_globaltype_delete(gt);
  wasm_limits_t one = {1, wasm_limits_max_default};
  wasm_tabletype_t* tt = wasm_tabletype_new(wasm_valtype_new_funcref(), &one);
  wasm_table_t* table = wasm_table_new(store, tt, NULL);
  wasm_tabletype_delete(tt);
  wasm_memorytype_t* mt = wasm_memorytype_new(&one);
  wasm_memory_t* memory = wasm_memory_new(store, mt);
  wasm_memorytype_delete(mt);

  wasm_extern_t* list[6] = {wasm_func_as_extern(add_f),    wasm_func_as_extern(nop_f),
                            wasm_global_as_extern(global), wasm_table_as_extern(table),
                            wasm_memory_as_extern(memory), wasm_func_as_extern(echo_f)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(list);
  wasm_trap_t* trap = NULL;
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, &trap);
  CHECK(instance != NULL && trap == NULL);
  if (!instance) return;

  wasm_extern_vec_t exports;
  wasm_instance_exports(instance, &exports);
  CHECK(exports.size == 5);
  wasm_func_t* call_add = wasm_extern_as_func(exports.data[0]);
  wasm_func_t* get_g = wasm_extern_as_func(exports.data[2]);
  wasm_func_t* load8 = wasm_extern_as_func(exports.data[3]);

  wasm_val_t args[2] = {WASM_I32_VAL(30), WASM_I32_VAL(12)};
  wasm_val_t results[1] = {WASM_INIT_VAL};
  wasm_val_vec_t av = WASM_ARRAY_VEC(args);
  wasm_val_vec_t rv = WASM_ARRAY_VEC(results);
  CHECK(wasm_func_call(call_add, &av, &rv) == NULL);
  CHECK(results[0].of.i32 == 42);

  wasm_val_t five = WASM_I32_VAL(99);
  wasm_global_set(global, &five);
  wasm_val_vec_t none = WASM_EMPTY_VEC;
  CHECK(wasm_func_call(get_g, &none, &rv) == NULL);
  CHECK(results[0].of.i32 == 99);

  wasm_memory_data(memory)[7] = 21;
  wasm_val_t addr[1] = {WASM_I32_VAL(7)};
  wasm_val_vec_t addr_v = WASM_ARRAY_VEC(addr);
  CHECK(wasm_func_call(load8, &addr_v, &rv) == NULL);
  CHECK(results[0].of.i32 == 21);

  /* An out-of-bounds load traps, with the specification's message. */
  wasm_val_t far[1] = {WASM_I32_VAL(1 << 20)};
  wasm_val_vec_t far_v = WASM_ARRAY_VEC(far);
  trap = wasm_func_call(load8, &far_v, &rv);
  CHECK(trap != NULL);
  if (trap) {
    wasm_message_t msg;
    wasm_trap_message(trap, &msg);
    CHECK(strcmp(msg.data, "out of bounds memory access") == 0);
    CHECK(wasmrun_trap_kind(trap) == WASMRUN_TRAP_MEMORY_OUT_OF_BOUNDS);
    wasm_byte_vec_delete(&msg);
    wasm_trap_delete(trap);
  }

  wasm_extern_vec_delete(&exports);
  wasm_instance_delete(instance);
  wasm_module_delete(module);
  wasm_func_delete(add_f);
  wasm_func_delete(nop_f);
  wasm_func_delete(echo_f);
  wasm_global_delete(global);
  wasm_table_delete(table);
  wasm_memory_delete(memory);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
}

int main(void) {
  run(WASMRUN_TIER_INTERP);
#if WASMRUN_HAS_JIT
  run(WASMRUN_TIER_JIT);
#endif
  CHECK(host_calls == (WASMRUN_HAS_JIT ? 2 : 1));
  CHECK(finalized == (WASMRUN_HAS_JIT ? 2 : 1));
  printf("%s (version %s)\n", failures ? "FAILED" : "ok", wasmrun_version());
  return failures ? 1 : 0;
}
