// macOS backends. Not built or run on Linux; written to Apple's documented rules and unverified
// on a Mac (see docs/macos.md).
//
// arm64: hardened processes may only run code from MAP_JIT memory, and since macOS 11.2 the
// permissions of MAP_JIT pages cannot be changed with mprotect. So we map one large MAP_JIT
// region once (MAP_FIXED is refused with MAP_JIT, so it is never remapped), hand out page ranges
// from it, and decommit freed ranges with madvise. The pages are read-write-execute to the
// kernel but each thread sees them either writable or executable: every write runs inside
// pthread_jit_write_with_callback_np with our one callback, which the allow-list below names,
// so a host with the com.apple.security.cs.jit-write-allowlist entitlement accepts it. Before
// macOS 11.4 that call does not exist and we toggle with pthread_jit_write_protect_np.
//
// x64: there is no per-thread toggle; MAP_JIT pages are mapped read-write and switched to
// read-execute with mprotect, like the Linux backend.
#ifdef __APPLE__

#include <libkern/OSCacheControl.h>
#include <pthread.h>
#include <sys/mman.h>

#include <cerrno>
#include <cstring>
#include <iterator>
#include <map>
#include <mutex>

#include "runtime/code/code_memory.h"
#include "runtime/code/posix_pages.h"

namespace wasmrun::rt {
namespace {

// What the callback needs: the engine's writer and the span to give it.
struct JitWriteContext {
  CodeWriteFn fn;
  void* user;
  WritableSpan dst;
};

std::string map_jit_reason(int err) {
  std::string r = std::string("mmap with MAP_JIT failed: ") + std::strerror(err);
  if (err == EPERM || err == EACCES) {
    r += " (a process under the hardened runtime needs the com.apple.security.cs.allow-jit "
         "entitlement)";
  }
  return r;
}

#if defined(__aarch64__) || defined(__arm64__)

// Address space only; pages are committed by use and decommitted on release.
constexpr size_t kRegionSize = size_t{512} << 20;

// A thread must not start a write window inside another: the system call that opens it may not
// be nested, and the toggle fallback would close the outer window early.
thread_local bool t_in_write = false;

struct AppleRange {
  size_t offset = 0;
  size_t size = 0;
  bool published = false;
};

class AppleMapJitAllocator final : public SystemCodeAllocator {
 public:
  CodeBackend backend() const override { return CodeBackend::AppleMapJit; }

  ~AppleMapJitAllocator() override {
    // Only reached when no reservation is alive (each CodeBlock holds the allocator).
    if (base_ != nullptr) munmap(base_, kRegionSize);
  }

  CodeReserveResult reserve(size_t size) override {
    if (size == 0) return {CodeStatus::failure("empty code reservation"), {}};
    size_t want = round_up(size, os_page_size());
    size_t offset = 0;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (base_ == nullptr && !map_region()) return {CodeStatus::failure(region_error_), {}};
      if (!take(want, &offset)) {
        return {CodeStatus::failure("the MAP_JIT code region is full"), {}};
      }
    }
    uint8_t* p = base_ + offset;
    // Recommit pages an earlier release marked reusable; harmless on fresh pages.
    bump(counters_.madvises);
    madvise(p, want, MADV_FREE_REUSE);
    bump(counters_.reserves);
    auto* range = new AppleRange{offset, want, false};
    return {CodeStatus::success(), CodeReservation{range, ExecAddress{p}, want}};
  }

  CodeStatus write(const CodeReservation& r, CodeWriteFn fn, void* user) override {
    auto* range = static_cast<AppleRange*>(r.handle);
    if (range->published) return CodeStatus::failure("code already published");
    if (t_in_write) return CodeStatus::failure("nested JIT write on one thread");
    bump(counters_.writes);
    uint8_t* p = base_ + range->offset;
    JitWriteContext ctx{fn, user, WritableSpan{p, range->size}};
    t_in_write = true;
    int result;
    if (__builtin_available(macOS 11.4, *)) {
      result = pthread_jit_write_with_callback_np(wasmrun_jit_write_callback, &ctx);
    } else {
      pthread_jit_write_protect_np(0);
      result = wasmrun_jit_write_callback(&ctx);
      pthread_jit_write_protect_np(1);
    }
    t_in_write = false;
    // The data cache holds the new code; the instruction cache must not hold the old.
    sys_icache_invalidate(p, range->size);
    bump(counters_.cache_flushes);
    if (result != 0) return CodeStatus::failure("code write callback failed");
    return CodeStatus::success();
  }

  CodeStatus publish(const CodeReservation& r) override {
    // Every thread outside a write window already sees MAP_JIT pages as executable, and write()
    // invalidated the instruction cache, so there is nothing left to do but remember it.
    auto* range = static_cast<AppleRange*>(r.handle);
    if (!range->published) bump(counters_.publishes);
    range->published = true;
    return CodeStatus::success();
  }

  void release(const CodeReservation& r) override {
    auto* range = static_cast<AppleRange*>(r.handle);
    if (range == nullptr) return;
    // Never mprotect or munmap part of a MAP_JIT region: give the pages back with madvise.
    bump(counters_.madvises);
    madvise(base_ + range->offset, range->size, MADV_FREE_REUSABLE);
    {
      std::lock_guard<std::mutex> lock(mu_);
      give_back(range->offset, range->size);
    }
    bump(counters_.releases);
    delete range;
  }

 private:
  bool map_region() {
    bump(counters_.mmaps);
    void* p = mmap(nullptr, kRegionSize, PROT_READ | PROT_WRITE | PROT_EXEC,
                   MAP_PRIVATE | MAP_ANON | MAP_JIT, -1, 0);
    if (p == MAP_FAILED) {
      region_error_ = map_jit_reason(errno);
      return false;
    }
    base_ = static_cast<uint8_t*>(p);
    free_[0] = kRegionSize;
    return true;
  }

  // First fit over free ranges kept by offset. Called with mu_ held.
  bool take(size_t size, size_t* offset) {
    for (auto it = free_.begin(); it != free_.end(); ++it) {
      if (it->second < size) continue;
      *offset = it->first;
      size_t rest = it->second - size;
      free_.erase(it);
      if (rest != 0) free_[*offset + size] = rest;
      return true;
    }
    return false;
  }

  // Returns a range and merges it with free neighbours. Called with mu_ held.
  void give_back(size_t offset, size_t size) {
    auto next = free_.lower_bound(offset);
    if (next != free_.end() && offset + size == next->first) {
      size += next->second;
      next = free_.erase(next);
    }
    if (next != free_.begin()) {
      auto prev = std::prev(next);
      if (prev->first + prev->second == offset) {
        prev->second += size;
        return;
      }
    }
    free_[offset] = size;
  }

  std::mutex mu_;
  uint8_t* base_ = nullptr;  // set once, under mu_, before any reservation exists
  std::string region_error_;
  std::map<size_t, size_t> free_;  // offset -> size
};

#else  // x64

struct AppleX64Region {
  uint8_t* base = nullptr;
  size_t mapped = 0;
  bool published = false;
};

class AppleMapJitMprotectAllocator final : public SystemCodeAllocator {
 public:
  CodeBackend backend() const override { return CodeBackend::AppleMapJitMprotect; }

  CodeReserveResult reserve(size_t size) override {
    if (size == 0) return {CodeStatus::failure("empty code reservation"), {}};
    size_t mapped = round_up(size, os_page_size());
    bump(counters_.mmaps);
    void* p =
        mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON | MAP_JIT, -1, 0);
    if (p == MAP_FAILED) return {CodeStatus::failure(map_jit_reason(errno)), {}};
    bump(counters_.reserves);
    auto* region = new AppleX64Region{static_cast<uint8_t*>(p), mapped, false};
    return {CodeStatus::success(), CodeReservation{region, ExecAddress{p}, mapped}};
  }

  CodeStatus write(const CodeReservation& r, CodeWriteFn fn, void* user) override {
    auto* region = static_cast<AppleX64Region*>(r.handle);
    if (region->published) return CodeStatus::failure("code already published");
    bump(counters_.writes);
    if (fn(user, WritableSpan{region->base, region->mapped}) != 0) {
      return CodeStatus::failure("code write callback failed");
    }
    return CodeStatus::success();
  }

  CodeStatus publish(const CodeReservation& r) override {
    auto* region = static_cast<AppleX64Region*>(r.handle);
    if (region->published) return CodeStatus::success();
    bump(counters_.mprotects);
    if (mprotect(region->base, region->mapped, PROT_READ | PROT_EXEC) != 0) {
      return CodeStatus::failure(errno_reason("mprotect of MAP_JIT pages to read-execute"));
    }
    sys_icache_invalidate(region->base, region->mapped);
    bump(counters_.cache_flushes);
    region->published = true;
    bump(counters_.publishes);
    return CodeStatus::success();
  }

  void release(const CodeReservation& r) override {
    auto* region = static_cast<AppleX64Region*>(r.handle);
    if (region == nullptr) return;
    bump(counters_.munmaps);
    munmap(region->base, region->mapped);
    bump(counters_.releases);
    delete region;
  }
};

#endif

}  // namespace

std::shared_ptr<SystemCodeAllocator> make_apple_code_allocator(std::string* error) {
#if defined(__aarch64__) || defined(__arm64__)
  return std::make_shared<AppleMapJitAllocator>();
#else
  return std::make_shared<AppleMapJitMprotectAllocator>();
#endif
}

}  // namespace wasmrun::rt

extern "C" int wasmrun_jit_write_callback(void* ctx) {
  auto* c = static_cast<wasmrun::rt::JitWriteContext*>(ctx);
  return c->fn(c->user, c->dst);
}

#if (defined(__aarch64__) || defined(__arm64__)) && !defined(WASMRUN_JIT_ALLOWLIST_EXTERNAL)
// The only function allowed to write JIT memory in this image when the host has the
// com.apple.security.cs.jit-write-allowlist entitlement.
PTHREAD_JIT_WRITE_ALLOW_CALLBACKS_NP(wasmrun_jit_write_callback);
#endif

#endif  // __APPLE__
