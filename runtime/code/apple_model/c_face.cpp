// The C face of the model (apple_jit_model.h): Linux mmap/mprotect values in, the seam's out,
// all on the process's model.
#include <errno.h>
#include <sys/mman.h>

#include "runtime/code/apple_model/model.h"

namespace {

using namespace wasmrun::rt;

constexpr int kDarwinMapJit = 0x0800;

int seam_prot(int p) {
  return ((p & PROT_READ) ? apple::kProtRead : 0) | ((p & PROT_WRITE) ? apple::kProtWrite : 0) |
         ((p & PROT_EXEC) ? apple::kProtExec : 0);
}

int seam_flags(int f, int fd) {
  return ((f & MAP_PRIVATE) ? apple::kMapPrivate : 0) | ((f & MAP_SHARED) ? apple::kMapShared : 0) |
         ((f & MAP_ANONYMOUS) && fd == -1 ? apple::kMapAnon : 0) |
         ((f & MAP_FIXED) ? apple::kMapFixed : 0) | ((f & kDarwinMapJit) ? apple::kMapJit : 0);
}

apple_model::Model& model() { return apple_model::process_model(); }

int ret_errno(int err) {
  if (err == 0) return 0;
  errno = err;
  return -1;
}

}  // namespace

extern "C" {

void* wasmrun_model_mmap(void* addr, size_t len, int prot, int flags, int fd, off_t offset) {
  int err = 0;
  void* p = model().mmap(addr, len, seam_prot(prot), seam_flags(flags, fd), &err);
  if (p == nullptr) {
    errno = err;
    return MAP_FAILED;
  }
  return p;
}

int wasmrun_model_munmap(void* addr, size_t len) { return ret_errno(model().munmap(addr, len)); }

int wasmrun_model_mprotect(void* addr, size_t len, int prot) {
  return ret_errno(model().mprotect(addr, len, seam_prot(prot)));
}

int wasmrun_model_pthread_jit_write_with_callback_np(int (*cb)(void*), void* ctx) {
  return model().write_with_callback(cb, ctx);
}

void wasmrun_model_pthread_jit_write_protect_np(int enabled) {
  model().write_protect(enabled != 0);
}

int wasmrun_model_pthread_jit_write_protect_supported_np(void) {
  return model().cpu() == apple::Cpu::Arm64 ? 1 : 0;
}

void wasmrun_model_sys_icache_invalidate(void* start, size_t len) {
  model().icache_invalidate(start, len);
}

void wasmrun_model_allow_callbacks(int (*const* list)(void*)) {
  apple_model::allow_callbacks(list);
}

}  // extern "C"
