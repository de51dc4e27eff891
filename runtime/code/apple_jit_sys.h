// The seam between the macOS JIT backends' logic (apple_jit_logic.cpp, compiled everywhere) and
// the system calls they make. On macOS, apple_map_jit.cpp implements it with the real calls; on
// Linux, the executable model of Apple's rules (apple_model/) implements it, so the logic runs
// and is checked on every change although no Mac is at hand.
//
// The interface is exactly the calls the logic needs, with the seam's own flag values (Darwin's
// MAP_JIT and MADV_FREE_REUSE* do not exist elsewhere), so the logic cannot reach the system
// except through it.
#pragma once

#include <cstddef>

namespace wasmrun::rt::apple {

// mmap/mprotect protection bits.
inline constexpr int kProtRead = 1, kProtWrite = 2, kProtExec = 4;
// mmap flags.
inline constexpr int kMapPrivate = 1, kMapShared = 2, kMapAnon = 4, kMapFixed = 8, kMapJit = 16;

// madvise advice the backends use: decommit a released range, recommit it before reuse.
enum class Advice { FreeReusable, FreeReuse };

// pthread_jit_write_callback_t.
using JitWriteCallback = int (*)(void* ctx);

// Which write discipline the machine has: a per-thread write toggle (Apple silicon) or none
// (Intel Macs, where MAP_JIT pages follow mprotect).
enum class Cpu { Arm64, X86_64 };

class System {
 public:
  virtual ~System() = default;

  virtual Cpu cpu() const = 0;
  virtual size_t page_size() const = 0;

  // mmap(addr, len, prot, flags, -1, 0); nullptr with *err = errno on failure.
  virtual void* mmap(void* addr, size_t len, int prot, int flags, int* err) = 0;
  // munmap, mprotect, madvise: 0 or errno.
  virtual int munmap(void* p, size_t len) = 0;
  virtual int mprotect(void* p, size_t len, int prot) = 0;
  virtual int madvise(void* p, size_t len, Advice advice) = 0;

  // __builtin_available(macOS 11.4, *): whether pthread_jit_write_with_callback_np exists.
  virtual bool write_with_callback_available() = 0;
  // pthread_jit_write_with_callback_np: the region is writable for this thread while `cb` runs;
  // the system checks `cb` against the image's allow-list. Returns cb's result.
  virtual int write_with_callback(JitWriteCallback cb, void* ctx) = 0;
  // pthread_jit_write_protect_np (the toggle before macOS 11.4): false opens this thread's write
  // window, true closes it.
  virtual void write_protect(bool enabled) = 0;
  // sys_icache_invalidate.
  virtual void icache_invalidate(void* p, size_t len) = 0;

  // Not a system call: the backend is about to hand [p, p + len) out as runnable code. Nothing
  // on macOS; the model checks there that every byte written was invalidated since.
  virtual void will_publish(const void* p, size_t len) {}
};

}  // namespace wasmrun::rt::apple
