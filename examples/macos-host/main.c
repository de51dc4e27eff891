/* A plugin host that owns its JIT memory the way a hardened macOS app must: one MAP_JIT region
 * it maps itself, one write callback on its own allow-list (PTHREAD_JIT_WRITE_ALLOW_CALLBACKS_NP)
 * through which every byte of code is copied inside pthread_jit_write_with_callback_np, and
 * sys_icache_invalidate before the code runs. wasmrun gets this memory as its code allocator
 * (wasmrun_config_set_code_allocator) and maps no executable memory of its own.
 *
 *   macos-host PLUGIN.wasm
 *
 * Loads the plugin, calls its exports, gets a trap back, interrupts a runaway export from another
 * thread and shuts down; then prints how its allocator was used. Exits non-zero on failure. When
 * the JIT's memory is refused (no com.apple.security.cs.allow-jit under the hardened runtime), the
 * engine falls back to the interpreter and the host prints why.
 *
 * On macOS this is built against the real calls. On Linux the same source is built against
 * wasmrun's executable model of Apple's rules (apple_jit_model.h), which crashes with the rule's
 * name wherever a Mac would crash or refuse. */
#define _DEFAULT_SOURCE /* MAP_ANON and nanosleep on glibc */
#if defined(__APPLE__)
#include <libkern/OSCacheControl.h>
#include <pthread.h>
#include <sys/mman.h>
#else
#include <pthread.h>

#include "runtime/code/apple_model/apple_jit_model.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "wasmrun/wasm.h"
#include "wasmrun/wasmrun.h"

/* ---- The code allocator: blocks of one MAP_JIT region ---- */

#define REGION_SIZE ((size_t)64 << 20)
#define MAX_BLOCKS 256

struct block {
  size_t offset, size;
  int used;
};

struct allocator_state {
  pthread_mutex_t lock;
  unsigned char* region; /* mapped on first use */
  size_t top;            /* bytes of the region handed out so far */
  struct block blocks[MAX_BLOCKS];
  size_t nblocks;
  int reserves, writes, copies_in_callback, publishes, releases;
  char refused[160]; /* why MAP_JIT was refused, if it was */
};

/* What the allow-listed callback needs to copy the engine's finished code into place. */
struct write_job {
  wasmrun_code_write_fn_t write_fn;
  void* engine_user;
  unsigned char* dst;
  size_t size;
  int* copies;
};

/* The only function of this image that writes JIT memory. Runs while the region is writable for
 * this thread only; other threads keep executing code from it. */
static int host_jit_write(void* ctx) {
  struct write_job* job = ctx;
  ++*job->copies;
  return job->write_fn(job->engine_user, job->dst, job->size);
}

PTHREAD_JIT_WRITE_ALLOW_CALLBACKS_NP(host_jit_write);

static size_t page_size(void) { return (size_t)sysconf(_SC_PAGESIZE); }

static int code_reserve(void* user, size_t size, wasmrun_code_reservation_t* out) {
  struct allocator_state* s = user;
  size_t len = (size + page_size() - 1) / page_size() * page_size();
  int rc = 0;
  pthread_mutex_lock(&s->lock);
  if (s->region == NULL) {
    /* Never MAP_FIXED (refused with MAP_JIT) and never mprotect'ed afterwards. */
    void* p = mmap(NULL, REGION_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
                   MAP_PRIVATE | MAP_ANON | MAP_JIT, -1, 0);
    if (p == MAP_FAILED) {
      snprintf(
          s->refused, sizeof s->refused, "mmap with MAP_JIT failed: %s%s", strerror(errno),
          errno == EPERM ? " (the com.apple.security.cs.allow-jit entitlement is missing)" : "");
      rc = 1;
      goto out;
    }
    s->region = p;
  }
  /* First fit among released blocks, else fresh pages. */
  struct block* b = NULL;
  for (size_t i = 0; i < s->nblocks && !b; i++) {
    if (!s->blocks[i].used && s->blocks[i].size >= len) b = &s->blocks[i];
  }
  if (!b) {
    if (s->nblocks == MAX_BLOCKS || REGION_SIZE - s->top < len) {
      rc = 2;
      goto out;
    }
    b = &s->blocks[s->nblocks++];
    b->offset = s->top;
    b->size = len;
    s->top += len;
  }
  b->used = 1;
  s->reserves++;
  out->handle = b;
  out->exec = s->region + b->offset;
  out->size = b->size;
out:
  pthread_mutex_unlock(&s->lock);
  return rc;
}

static int code_write(void* user, const wasmrun_code_reservation_t* r,
                      wasmrun_code_write_fn_t write_fn, void* engine_user) {
  struct allocator_state* s = user;
  struct write_job job = {write_fn, engine_user, r->exec, r->size, &s->copies_in_callback};
  s->writes++;
  int rc = pthread_jit_write_with_callback_np(host_jit_write, &job);
  /* The new instructions must not meet stale ones in the instruction cache. */
  sys_icache_invalidate(r->exec, r->size);
  return rc;
}

/* Outside write windows every thread sees the region executable, and code_write invalidated the
 * instruction cache: nothing is left to do. */
static int code_publish(void* user, const wasmrun_code_reservation_t* r) {
  struct allocator_state* s = user;
  (void)r;
  s->publishes++;
  return 0;
}

/* The block is reused by a later reservation; the region is never unmapped in part. */
static void code_release(void* user, const wasmrun_code_reservation_t* r) {
  struct allocator_state* s = user;
  pthread_mutex_lock(&s->lock);
  ((struct block*)r->handle)->used = 0;
  s->releases++;
  pthread_mutex_unlock(&s->lock);
}

/* ---- The plugin's import and a watchdog ---- */

static wasm_trap_t* host_log(const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  (void)results;
  printf("plugin says: %d\n", args->data[0].of.i32);
  return NULL;
}

static void* watchdog(void* handle) {
  struct timespec delay = {0, 100 * 1000 * 1000};
  nanosleep(&delay, NULL);
  wasmrun_interrupt(handle);
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

static wasm_func_t* find_func(const wasm_exporttype_vec_t* types, const wasm_extern_vec_t* externs,
                              const char* name) {
  for (size_t i = 0; i < types->size; i++) {
    const wasm_name_t* n = wasm_exporttype_name(types->data[i]);
    if (n->size == strlen(name) && memcmp(n->data, name, n->size) == 0)
      return wasm_extern_as_func(externs->data[i]);
  }
  return NULL;
}

/* Prints the trap and returns its kind. */
static wasmrun_trap_kind_t report_trap(wasm_trap_t* trap) {
  wasm_message_t msg;
  wasm_trap_message(trap, &msg);
  printf("trap: %s\n", msg.data);
  wasm_byte_vec_delete(&msg);
  wasmrun_trap_kind_t kind = wasmrun_trap_kind(trap);
  wasm_trap_delete(trap);
  return kind;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s PLUGIN.wasm\n", argv[0]);
    return 2;
  }
  int failed = 0;
  static struct allocator_state alloc;
  pthread_mutex_init(&alloc.lock, NULL);
  wasmrun_code_allocator_t allocator = {&alloc,       code_reserve, code_write,
                                        code_publish, code_release, NULL};

  wasm_config_t* config = wasm_config_new();
  wasmrun_config_set_tier(config, WASMRUN_TIER_AUTO);
  wasmrun_config_set_code_allocator(config, &allocator);
  wasm_engine_t* engine = wasm_engine_new_with_config(config);
  int jit = wasmrun_engine_effective_tier(engine) == WASMRUN_TIER_JIT;
  if (jit) {
    printf("tier: jit\n");
  } else {
    printf("tier: interp -- %s\n", wasmrun_engine_jit_unavailable_reason(engine));
    if (alloc.refused[0]) printf("host: %s\n", alloc.refused);
  }
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
  wasm_func_t* run = find_func(&export_types, &exports, "run");
  wasm_func_t* fail = find_func(&export_types, &exports, "fail");
  wasm_func_t* spin = find_func(&export_types, &exports, "spin");
  if (!run || !fail || !spin) {
    fprintf(stderr, "the plugin lacks run, fail or spin\n");
    return 1;
  }

  wasm_val_t args[1] = {WASM_I32_VAL(20)};
  wasm_val_t results[1] = {WASM_INIT_VAL};
  wasm_val_vec_t arg_vec = WASM_ARRAY_VEC(args);
  wasm_val_vec_t result_vec = WASM_ARRAY_VEC(results);
  trap = wasm_func_call(run, &arg_vec, &result_vec);
  if (trap) {
    report_trap(trap);
    failed = 1;
  } else {
    printf("run(20) = %d\n", results[0].of.i32);
    if (results[0].of.i32 != 6765) failed = 1;
  }

  /* The plugin traps; the host reports it and carries on. */
  trap = wasm_func_call(fail, &arg_vec, &result_vec);
  if (!trap || report_trap(trap) != WASMRUN_TRAP_INTEGER_DIVIDE_BY_ZERO) failed = 1;

  /* A runaway plugin: another thread interrupts it. */
  wasmrun_interrupt_handle_t* handle = wasmrun_interrupt_handle_new(store);
  pthread_t dog;
  pthread_create(&dog, NULL, watchdog, handle);
  trap = wasm_func_call(spin, &arg_vec, &result_vec);
  pthread_join(dog, NULL);
  wasmrun_interrupt_handle_delete(handle);
  if (!trap || report_trap(trap) != WASMRUN_TRAP_INTERRUPTED) failed = 1;

  /* Still usable after the interrupt. */
  trap = wasm_func_call(run, &arg_vec, &result_vec);
  if (trap) {
    report_trap(trap);
    failed = 1;
  }

  wasm_extern_vec_delete(&exports);
  wasm_exporttype_vec_delete(&export_types);
  wasm_instance_delete(instance);
  wasm_func_delete(log_func);
  wasm_module_delete(module);
  wasm_store_delete(store);
  wasm_engine_delete(engine);

  printf("code allocator: reserves=%d writes=%d copies-in-callback=%d publishes=%d releases=%d\n",
         alloc.reserves, alloc.writes, alloc.copies_in_callback, alloc.publishes, alloc.releases);
  /* Every byte of code reached memory through the allow-listed callback. */
  if (jit && (alloc.reserves < 2 || alloc.writes < alloc.reserves ||
              alloc.copies_in_callback != alloc.writes || alloc.publishes != alloc.reserves))
    failed = 1;
  if (alloc.releases != alloc.reserves) failed = 1;
  printf("%s\n", failed ? "FAILED" : "ok");
  return failed;
}
