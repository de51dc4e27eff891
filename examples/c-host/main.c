/* A host for a wasm plugin, in C, on the standard WebAssembly C API plus wasmrun's extensions.
 *
 *   c-host PLUGIN.wasm
 *
 * Loads the plugin, gives it a `log` function, calls its `run` export, survives its trapping
 * `fail` export, and puts all JIT code in memory it maps itself (mmap + mprotect). At the end it
 * prints how often its code allocator was used and checks, from /proc/self/maps, that no
 * executable memory appeared that the allocator did not hand out. Exits non-zero on failure. */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <wasm.h>
#include <wasmrun.h>

/* ---- The code allocator: one private mapping per reservation ---- */

#define MAX_BLOCKS 64

struct allocator_state {
  int reserves, writes, publishes, releases;
  size_t nblocks; /* every block handed out, to recognise its mappings later */
  uintptr_t begin[MAX_BLOCKS], end[MAX_BLOCKS];
};

static int code_reserve(void* user, size_t size, wasmrun_code_reservation_t* out) {
  struct allocator_state* s = user;
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  size_t len = (size + page - 1) / page * page;
  if (s->nblocks == MAX_BLOCKS) return 1;
  void* p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return 2;
  s->reserves++;
  s->begin[s->nblocks] = (uintptr_t)p;
  s->end[s->nblocks] = (uintptr_t)p + len;
  s->nblocks++;
  out->handle = p;
  out->exec = p;
  out->size = len;
  return 0;
}

/* Blocks stay writable until published, so writing is only the engine's callback. */
static int code_write(void* user, const wasmrun_code_reservation_t* r,
                      wasmrun_code_write_fn_t write_fn, void* engine_user) {
  struct allocator_state* s = user;
  s->writes++;
  return write_fn(engine_user, r->exec, r->size);
}

static int code_publish(void* user, const wasmrun_code_reservation_t* r) {
  struct allocator_state* s = user;
  s->publishes++;
  return mprotect(r->exec, r->size, PROT_READ | PROT_EXEC);
}

static void code_release(void* user, const wasmrun_code_reservation_t* r) {
  struct allocator_state* s = user;
  s->releases++;
  munmap(r->exec, r->size);
}

/* Executable anonymous mappings not covered by the allocator's blocks (adjacent blocks of the
 * same protection show up as one mapping). */
static int foreign_exec_mappings(const struct allocator_state* s) {
  FILE* maps = fopen("/proc/self/maps", "r");
  if (!maps) return -1;
  char line[512];
  int foreign = 0;
  while (fgets(line, sizeof line, maps)) {
    unsigned long lo, hi;
    char perms[8];
    int path_at = 0;
    if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %n", &lo, &hi, perms, &path_at) < 3) continue;
    if (perms[2] != 'x' || (path_at > 0 && line[path_at] != '\n' && line[path_at] != '\0'))
      continue;
    uintptr_t covered = lo;
    for (int again = 1; again;) { /* blocks are in no particular order */
      again = 0;
      for (size_t i = 0; i < s->nblocks; i++) {
        if (s->begin[i] <= covered && s->end[i] > covered) {
          covered = s->end[i];
          again = 1;
        }
      }
    }
    if (covered < hi) foreign++;
  }
  fclose(maps);
  return foreign;
}

/* ---- The host function ---- */

static wasm_trap_t* host_log(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)results;
  printf("plugin says: %d\n", args->data[0].of.i32);
  return NULL;
}

/* ---- Helpers ---- */

static int read_file(const char* path, wasm_byte_vec_t* out) {
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

/* The export named `name`, or NULL. */
static wasm_extern_t* find_export(const wasm_exporttype_vec_t* types,
                                  const wasm_extern_vec_t* externs, const char* name) {
  for (size_t i = 0; i < types->size; i++) {
    const wasm_name_t* n = wasm_exporttype_name(types->data[i]);
    if (n->size == strlen(name) && memcmp(n->data, name, n->size) == 0) return externs->data[i];
  }
  return NULL;
}

static void print_trap(wasm_trap_t* trap) {
  wasm_message_t msg;
  wasm_trap_message(trap, &msg);
  printf("trap: %s\n", msg.data);
  wasm_byte_vec_delete(&msg);
  wasm_trap_delete(trap);
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s PLUGIN.wasm\n", argv[0]);
    return 2;
  }
  int failed = 0;
  struct allocator_state alloc;
  memset(&alloc, 0, sizeof alloc);
  wasmrun_code_allocator_t allocator = {&alloc,       code_reserve, code_write,
                                        code_publish, code_release, NULL};

  wasm_config_t* config = wasm_config_new();
  wasmrun_config_set_tier(config, WASMRUN_TIER_AUTO);
  wasmrun_config_set_code_allocator(config, &allocator);
  wasm_engine_t* engine = wasm_engine_new_with_config(config);
  int jit = wasmrun_engine_effective_tier(engine) == WASMRUN_TIER_JIT;
  printf("tier: %s%s%s\n", jit ? "jit" : "interp", jit ? "" : " -- ",
         jit ? "" : wasmrun_engine_jit_unavailable_reason(engine));
  wasm_store_t* store = wasm_store_new(engine);

  wasm_byte_vec_t binary;
  if (!read_file(argv[1], &binary)) {
    fprintf(stderr, "cannot read %s\n", argv[1]);
    return 1;
  }
  wasm_module_t* module = wasm_module_new(store, &binary);
  wasm_byte_vec_delete(&binary);
  if (!module) {
    fprintf(stderr, "cannot load the plugin: %s\n", wasmrun_last_error());
    return 1;
  }

  wasm_functype_t* log_type = wasm_functype_new_1_0(wasm_valtype_new_i32());
  wasm_func_t* log_func = wasm_func_new(store, log_type, host_log);
  wasm_functype_delete(log_type);
  wasm_extern_t* import_list[] = {wasm_func_as_extern(log_func)};
  wasm_extern_vec_t imports = WASM_ARRAY_VEC(import_list);
  wasm_trap_t* trap = NULL;
  wasm_instance_t* instance = wasm_instance_new(store, module, &imports, &trap);
  if (!instance) {
    fprintf(stderr, "cannot instantiate the plugin: %s\n", wasmrun_last_error());
    if (trap) wasm_trap_delete(trap);
    return 1;
  }

  wasm_exporttype_vec_t export_types;
  wasm_extern_vec_t exports;
  wasm_module_exports(module, &export_types);
  wasm_instance_exports(instance, &exports);
  wasm_func_t* run = wasm_extern_as_func(find_export(&export_types, &exports, "run"));
  wasm_func_t* fail = wasm_extern_as_func(find_export(&export_types, &exports, "fail"));
  if (!run || !fail) {
    fprintf(stderr, "the plugin lacks run or fail\n");
    return 1;
  }

  wasm_val_t args[1] = {WASM_I32_VAL(20)};
  wasm_val_t results[1] = {WASM_INIT_VAL};
  wasm_val_vec_t arg_vec = WASM_ARRAY_VEC(args);
  wasm_val_vec_t result_vec = WASM_ARRAY_VEC(results);
  trap = wasm_func_call(run, &arg_vec, &result_vec);
  if (trap) {
    print_trap(trap);
    failed = 1;
  } else {
    printf("run(20) = %d\n", results[0].of.i32);
  }

  /* The plugin traps; the host reports it and carries on. */
  trap = wasm_func_call(fail, &arg_vec, &result_vec);
  if (trap) {
    print_trap(trap);
  } else {
    printf("fail did not trap\n");
    failed = 1;
  }

  /* While the plugin's code is live: every executable page must be the allocator's. */
  int foreign = foreign_exec_mappings(&alloc);
  printf("executable mappings outside the code allocator: %d\n", foreign);
  if (foreign != 0) failed = 1;

  wasm_extern_vec_delete(&exports);
  wasm_exporttype_vec_delete(&export_types);
  wasm_instance_delete(instance);
  wasm_func_delete(log_func);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);

  printf("code allocator: reserves=%d writes=%d publishes=%d releases=%d\n", alloc.reserves,
         alloc.writes, alloc.publishes, alloc.releases);
  if (jit && (alloc.reserves < 2 || alloc.publishes != alloc.reserves)) failed = 1;
  if (alloc.releases != alloc.reserves) failed = 1;
  printf("%s\n", failed ? "FAILED" : "ok");
  return failed;
}
