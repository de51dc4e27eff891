// macOS: the system seam of the Apple backends (apple_jit_logic.cpp) as the real calls, and the
// allow-list naming wasmrun's write callback. Unverified on a Mac (see docs/macos.md); the logic
// behind it runs on Linux against the model of these calls in every test run.
#ifdef __APPLE__

#include <errno.h>
#include <libkern/OSCacheControl.h>
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>

#include "runtime/code/apple_jit_logic.h"
#include "runtime/code/posix_pages.h"

namespace wasmrun::rt {
namespace {

int to_prot(int p) {
  return ((p & apple::kProtRead) ? PROT_READ : 0) | ((p & apple::kProtWrite) ? PROT_WRITE : 0) |
         ((p & apple::kProtExec) ? PROT_EXEC : 0);
}

int to_flags(int f) {
  return ((f & apple::kMapPrivate) ? MAP_PRIVATE : 0) | ((f & apple::kMapShared) ? MAP_SHARED : 0) |
         ((f & apple::kMapAnon) ? MAP_ANON : 0) | ((f & apple::kMapFixed) ? MAP_FIXED : 0) |
         ((f & apple::kMapJit) ? MAP_JIT : 0);
}

class DarwinSystem final : public apple::System {
 public:
  apple::Cpu cpu() const override {
#if defined(__aarch64__) || defined(__arm64__)
    return apple::Cpu::Arm64;
#else
    return apple::Cpu::X86_64;
#endif
  }
  size_t page_size() const override { return os_page_size(); }

  void* mmap(void* addr, size_t len, int prot, int flags, int* err) override {
    void* p = ::mmap(addr, len, to_prot(prot), to_flags(flags), -1, 0);
    if (p == MAP_FAILED) {
      *err = errno;
      return nullptr;
    }
    return p;
  }
  int munmap(void* p, size_t len) override { return ::munmap(p, len) == 0 ? 0 : errno; }
  int mprotect(void* p, size_t len, int prot) override {
    return ::mprotect(p, len, to_prot(prot)) == 0 ? 0 : errno;
  }
  int madvise(void* p, size_t len, apple::Advice advice) override {
    int a = advice == apple::Advice::FreeReuse ? MADV_FREE_REUSE : MADV_FREE_REUSABLE;
    return ::madvise(p, len, a) == 0 ? 0 : errno;
  }

#if defined(__aarch64__) || defined(__arm64__)
  bool write_with_callback_available() override {
    if (__builtin_available(macOS 11.4, *)) return true;
    return false;
  }
  int write_with_callback(apple::JitWriteCallback cb, void* ctx) override {
    if (__builtin_available(macOS 11.4, *)) return pthread_jit_write_with_callback_np(cb, ctx);
    return cb(ctx);  // not reached: the logic asks write_with_callback_available() first
  }
  void write_protect(bool enabled) override { pthread_jit_write_protect_np(enabled ? 1 : 0); }
#else
  // Intel Macs have no per-thread toggle; the x64 logic never asks for one.
  bool write_with_callback_available() override { return false; }
  int write_with_callback(apple::JitWriteCallback cb, void* ctx) override { return cb(ctx); }
  void write_protect(bool) override {}
#endif

  void icache_invalidate(void* p, size_t len) override { sys_icache_invalidate(p, len); }
};

}  // namespace

std::shared_ptr<SystemCodeAllocator> make_apple_code_allocator(std::string* error) {
  return make_apple_allocator_for(std::make_shared<DarwinSystem>());
}

}  // namespace wasmrun::rt

#if (defined(__aarch64__) || defined(__arm64__)) && !defined(WASMRUN_JIT_ALLOWLIST_EXTERNAL)
// The only function allowed to write JIT memory in this image when the host has the
// com.apple.security.cs.jit-write-allowlist entitlement.
PTHREAD_JIT_WRITE_ALLOW_CALLBACKS_NP(wasmrun_jit_write_callback);
#endif

#endif  // __APPLE__
