// The macOS backends' logic, over the system seam. Written to Apple's documented rules (see
// docs/macos.md); the model in apple_model/ checks every rule on Linux.
//
// Apple silicon: hardened processes may only run code from MAP_JIT memory, and since macOS 11.2
// the permissions of MAP_JIT pages cannot be changed with mprotect. So we map one large MAP_JIT
// region once (MAP_FIXED is refused with MAP_JIT, so it is never remapped), hand out page ranges
// from it, and decommit freed ranges with madvise. The pages are read-write-execute to the
// kernel but each thread sees them either writable or executable: every write runs inside
// pthread_jit_write_with_callback_np with our one callback, which the allow-list names, so a
// host with the com.apple.security.cs.jit-write-allowlist entitlement accepts it. Before macOS
// 11.4 that call does not exist and we toggle with pthread_jit_write_protect_np.
//
// Intel Macs: there is no per-thread toggle; MAP_JIT pages are mapped read-write and switched to
// read-execute with mprotect, like the Linux backend.
#include "runtime/code/apple_jit_logic.h"

#include <cerrno>
#include <cstring>
#include <iterator>
#include <map>
#include <mutex>
#include <string>

namespace wasmrun::rt {
namespace {

using apple::System;

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

size_t round_to(size_t n, size_t to) { return (n + to - 1) / to * to; }

// A thread must not start a write window inside another: the system call that opens it may not
// be nested, and the toggle fallback would close the outer window early.
thread_local bool t_in_write = false;

struct AppleRange {
  size_t offset = 0;
  size_t size = 0;
  bool published = false;
};

class AppleRegionAllocator final : public SystemCodeAllocator {
 public:
  AppleRegionAllocator(std::shared_ptr<System> sys, size_t region_size)
      : sys_(std::move(sys)), region_size_(region_size) {}

  CodeBackend backend() const override { return CodeBackend::AppleMapJit; }

  ~AppleRegionAllocator() override {
    // Only reached when no reservation is alive (each CodeBlock holds the allocator); the whole
    // region goes at once.
    if (base_ != nullptr) {
      bump(counters_.munmaps);
      sys_->munmap(base_, region_size_);
    }
  }

  CodeReserveResult reserve(size_t size) override {
    if (size == 0) return {CodeStatus::failure("empty code reservation"), {}};
    size_t want = round_to(size, sys_->page_size());
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
    sys_->madvise(p, want, apple::Advice::FreeReuse);
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
    if (sys_->write_with_callback_available()) {
      result = sys_->write_with_callback(wasmrun_jit_write_callback, &ctx);
    } else {
      sys_->write_protect(false);
      result = wasmrun_jit_write_callback(&ctx);
      sys_->write_protect(true);
    }
    t_in_write = false;
    // The data cache holds the new code; the instruction cache must not hold the old.
    sys_->icache_invalidate(p, range->size);
    bump(counters_.cache_flushes);
    if (result != 0) return CodeStatus::failure("code write callback failed");
    return CodeStatus::success();
  }

  CodeStatus publish(const CodeReservation& r) override {
    // Every thread outside a write window already sees MAP_JIT pages as executable, and write()
    // invalidated the instruction cache, so there is nothing left to do but remember it.
    auto* range = static_cast<AppleRange*>(r.handle);
    if (range->published) return CodeStatus::success();
    sys_->will_publish(base_ + range->offset, range->size);
    range->published = true;
    bump(counters_.publishes);
    return CodeStatus::success();
  }

  void release(const CodeReservation& r) override {
    auto* range = static_cast<AppleRange*>(r.handle);
    if (range == nullptr) return;
    // Never mprotect or munmap part of a MAP_JIT region: give the pages back with madvise.
    bump(counters_.madvises);
    sys_->madvise(base_ + range->offset, range->size, apple::Advice::FreeReusable);
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
    int err = 0;
    void* p =
        sys_->mmap(nullptr, region_size_, apple::kProtRead | apple::kProtWrite | apple::kProtExec,
                   apple::kMapPrivate | apple::kMapAnon | apple::kMapJit, &err);
    if (p == nullptr) {
      region_error_ = map_jit_reason(err);
      return false;
    }
    base_ = static_cast<uint8_t*>(p);
    free_[0] = region_size_;
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

  std::shared_ptr<System> sys_;
  const size_t region_size_;
  std::mutex mu_;
  uint8_t* base_ = nullptr;  // set once, under mu_, before any reservation exists
  std::string region_error_;
  std::map<size_t, size_t> free_;  // offset -> size
};

struct AppleX64Region {
  uint8_t* base = nullptr;
  size_t mapped = 0;
  bool published = false;
};

class AppleMprotectAllocator final : public SystemCodeAllocator {
 public:
  explicit AppleMprotectAllocator(std::shared_ptr<System> sys) : sys_(std::move(sys)) {}

  CodeBackend backend() const override { return CodeBackend::AppleMapJitMprotect; }

  CodeReserveResult reserve(size_t size) override {
    if (size == 0) return {CodeStatus::failure("empty code reservation"), {}};
    size_t mapped = round_to(size, sys_->page_size());
    bump(counters_.mmaps);
    int err = 0;
    void* p = sys_->mmap(nullptr, mapped, apple::kProtRead | apple::kProtWrite,
                         apple::kMapPrivate | apple::kMapAnon | apple::kMapJit, &err);
    if (p == nullptr) return {CodeStatus::failure(map_jit_reason(err)), {}};
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
    if (int err = sys_->mprotect(region->base, region->mapped, apple::kProtRead | apple::kProtExec);
        err != 0) {
      return CodeStatus::failure(std::string("mprotect of MAP_JIT pages to read-execute failed: ") +
                                 std::strerror(err));
    }
    sys_->icache_invalidate(region->base, region->mapped);
    bump(counters_.cache_flushes);
    sys_->will_publish(region->base, region->mapped);
    region->published = true;
    bump(counters_.publishes);
    return CodeStatus::success();
  }

  void release(const CodeReservation& r) override {
    auto* region = static_cast<AppleX64Region*>(r.handle);
    if (region == nullptr) return;
    bump(counters_.munmaps);
    sys_->munmap(region->base, region->mapped);
    bump(counters_.releases);
    delete region;
  }

 private:
  std::shared_ptr<System> sys_;
};

}  // namespace

std::shared_ptr<SystemCodeAllocator> make_apple_region_allocator(std::shared_ptr<apple::System> sys,
                                                                 size_t region_size) {
  return std::make_shared<AppleRegionAllocator>(std::move(sys), region_size);
}

std::shared_ptr<SystemCodeAllocator> make_apple_mprotect_allocator(
    std::shared_ptr<apple::System> sys) {
  return std::make_shared<AppleMprotectAllocator>(std::move(sys));
}

std::shared_ptr<SystemCodeAllocator> make_apple_allocator_for(std::shared_ptr<apple::System> sys) {
  if (sys->cpu() == apple::Cpu::Arm64) return make_apple_region_allocator(std::move(sys));
  return make_apple_mprotect_allocator(std::move(sys));
}

}  // namespace wasmrun::rt

extern "C" int wasmrun_jit_write_callback(void* ctx) {
  auto* c = static_cast<wasmrun::rt::JitWriteContext*>(ctx);
  return c->fn(c->user, c->dst);
}
