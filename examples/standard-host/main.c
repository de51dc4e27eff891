/* A host written for the standard WebAssembly C API alone, the way programs for other engines
 * that implement it are written: it includes <wasm.h> by that name, uses only wasm_* functions,
 * and relies on the header for <assert.h> and <string.h> as the interface's reference header
 * provides them. It builds against wasmrun unchanged (scripts/test-examples.sh checks that,
 * through find_package(wasmrun) and through pkg-config).
 *
 *   standard-host PLUGIN.wasm      (examples/c-host/plugin.wat) */
#include <stdio.h>
#include <stdlib.h>
#include <wasm.h>

/* The plugin's `log` import: counts the calls through its environment pointer. */
static wasm_trap_t* log_with_env(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  int* calls = env;
  (void)results; /* used by the assert only, which NDEBUG removes */
  assert(args->size == 1 && args->data[0].kind == WASM_I32);
  assert(results->size == 0);
  ++*calls;
  printf("log: %d\n", args->data[0].of.i32);
  return NULL;
}

static wasm_extern_t* export_named(const wasm_module_t* module, const wasm_instance_t* instance,
                                   const char* name) {
  wasm_exporttype_vec_t types;
  wasm_extern_vec_t externs;
  wasm_module_exports(module, &types);
  wasm_instance_exports(instance, &externs);
  assert(types.size == externs.size);
  wasm_name_t wanted;
  wasm_name_new_from_string(&wanted, name);
  wasm_extern_t* found = NULL;
  for (size_t i = 0; i < types.size && !found; ++i) {
    const wasm_name_t* n = wasm_exporttype_name(types.data[i]);
    if (n->size == wanted.size && memcmp(n->data, wanted.data, n->size) == 0) {
      found = wasm_extern_copy(externs.data[i]);
    }
  }
  wasm_name_delete(&wanted);
  wasm_extern_vec_delete(&externs);
  wasm_exporttype_vec_delete(&types);
  return found;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s PLUGIN.wasm\n", argv[0]);
    return EXIT_FAILURE;
  }
  FILE* f = fopen(argv[1], "rb");
  assert(f != NULL);
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  wasm_byte_vec_t binary;
  wasm_byte_vec_new_uninitialized(&binary, (size_t)size);
  size_t got = fread(binary.data, 1, (size_t)size, f);
  assert(got == (size_t)size);
  (void)got;
  fclose(f);

  wasm_engine_t* engine = wasm_engine_new();
  wasm_store_t* store = wasm_store_new(engine);
  assert(wasm_module_validate(store, &binary));
  wasm_module_t* module = wasm_module_new(store, &binary);
  assert(module != NULL);
  wasm_byte_vec_delete(&binary);

  int calls = 0;
  wasm_functype_t* log_type = wasm_functype_new_1_0(wasm_valtype_new_i32());
  wasm_func_t* log_func = wasm_func_new_with_env(store, log_type, log_with_env, &calls, NULL);
  wasm_functype_delete(log_type);
  wasm_extern_t* import_list[] = {wasm_func_as_extern(log_func)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(import_list);
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, NULL);
  assert(instance != NULL);

  wasm_extern_t* run_extern = export_named(module, instance, "run");
  wasm_extern_t* fail_extern = export_named(module, instance, "fail");
  wasm_extern_t* memory_extern = export_named(module, instance, "memory");
  assert(run_extern && fail_extern && memory_extern);
  assert(wasm_extern_kind(memory_extern) == WASM_EXTERN_MEMORY);
  const wasm_func_t* run = wasm_extern_as_func_const(run_extern);
  const wasm_func_t* fail = wasm_extern_as_func_const(fail_extern);
  assert(wasm_func_param_arity(run) == 1 && wasm_func_result_arity(run) == 1);

  wasm_val_t args[1] = {WASM_I32_VAL(20)};
  wasm_val_t results[1] = {WASM_INIT_VAL};
  wasm_val_vec_t arg_vec = WASM_ARRAY_VEC(args);
  wasm_val_vec_t result_vec = WASM_ARRAY_VEC(results);
  wasm_trap_t* trap = wasm_func_call(run, &arg_vec, &result_vec);
  assert(trap == NULL);
  assert(results[0].kind == WASM_I32 && results[0].of.i32 == 6765);
  assert(calls == 1);
  printf("run(20) = %d\n", results[0].of.i32);

  wasm_memory_t* memory = wasm_extern_as_memory(memory_extern);
  assert(wasm_memory_size(memory) == 1);
  assert(wasm_memory_data_size(memory) == 65536);
  memcpy(wasm_memory_data(memory), "hello", 5);
  assert(memcmp(wasm_memory_data(memory), "hello", 5) == 0);

  trap = wasm_func_call(fail, &arg_vec, &result_vec);
  assert(trap != NULL);
  wasm_message_t message;
  wasm_trap_message(trap, &message);
  assert(message.size > 0 && message.data[message.size - 1] == '\0');
  printf("trap: %s\n", message.data);
  wasm_byte_vec_delete(&message);
  wasm_trap_delete(trap);

  wasm_extern_delete(memory_extern);
  wasm_extern_delete(fail_extern);
  wasm_extern_delete(run_extern);
  wasm_instance_delete(instance);
  wasm_func_delete(log_func);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);
  printf("ok\n");
  return EXIT_SUCCESS;
}
