/* Apple's JIT memory calls on Linux, as wasmrun's executable model of their rules: for C hosts
 * written for a hardened macOS process (examples/macos-host) to build and be checked unchanged on
 * Linux. Include it instead of <sys/mman.h>, <pthread.h> and <libkern/OSCacheControl.h>; the
 * calls below then reach the process's model (configured by WASMRUN_APPLE_MODEL, see
 * runtime/code/apple_model/model.h), which crashes with the rule's name where macOS would crash
 * or refuse. Available in builds with WASMRUN_APPLE_JIT_MODEL (tests only). */
#ifndef WASMRUN_APPLE_JIT_MODEL_H
#define WASMRUN_APPLE_JIT_MODEL_H

#include <stddef.h>
#include <sys/mman.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef int (*pthread_jit_write_callback_t)(void* ctx);

void* wasmrun_model_mmap(void* addr, size_t len, int prot, int flags, int fd, off_t offset);
int wasmrun_model_munmap(void* addr, size_t len);
int wasmrun_model_mprotect(void* addr, size_t len, int prot);
int wasmrun_model_pthread_jit_write_with_callback_np(pthread_jit_write_callback_t cb, void* ctx);
void wasmrun_model_pthread_jit_write_protect_np(int enabled);
int wasmrun_model_pthread_jit_write_protect_supported_np(void);
void wasmrun_model_sys_icache_invalidate(void* start, size_t len);
void wasmrun_model_allow_callbacks(const pthread_jit_write_callback_t* null_terminated);

/* Darwin's value; on Linux the bit means nothing to the kernel, and only the model sees it. */
#define MAP_JIT 0x0800

#define mmap wasmrun_model_mmap
#define munmap wasmrun_model_munmap
#define mprotect wasmrun_model_mprotect
#define pthread_jit_write_with_callback_np wasmrun_model_pthread_jit_write_with_callback_np
#define pthread_jit_write_protect_np wasmrun_model_pthread_jit_write_protect_np
#define pthread_jit_write_protect_supported_np wasmrun_model_pthread_jit_write_protect_supported_np
#define sys_icache_invalidate wasmrun_model_sys_icache_invalidate

/* The image's allow-list: registered with the model before main, as dyld makes the real one. */
#define PTHREAD_JIT_WRITE_ALLOW_CALLBACKS_NP(...)                                             \
  static const pthread_jit_write_callback_t wasmrun_model_allowlist_[] = {__VA_ARGS__, NULL}; \
  __attribute__((constructor)) static void wasmrun_model_allowlist_register_(void) {          \
    wasmrun_model_allow_callbacks(wasmrun_model_allowlist_);                                  \
  }

#ifdef __cplusplus
}
#endif

#endif
