// The ordinary POSIX backend: private anonymous pages mapped read-write, written, then switched
// to read-execute with one mprotect. Pages are never writable and executable at once. Not used
// on macOS, where hardened processes may only execute MAP_JIT memory.
#include <sys/mman.h>

#include "runtime/code/code_memory.h"
#include "runtime/code/posix_pages.h"

namespace wasmrun::rt {

#if defined(__APPLE__)

std::shared_ptr<SystemCodeAllocator> make_mprotect_code_allocator(std::string* error) {
  *error = "the mprotect backend is not used on macOS (MAP_JIT is required)";
  return nullptr;
}

#else

namespace {

struct MprotectRegion {
  uint8_t* base = nullptr;
  size_t mapped = 0;  // whole pages
  bool published = false;
};

#ifdef MAP_POPULATE
constexpr int kPopulate = MAP_POPULATE;
#else
constexpr int kPopulate = 0;
#endif

class MprotectAllocator final : public SystemCodeAllocator {
 public:
  CodeBackend backend() const override { return CodeBackend::Mprotect; }

  CodeReserveResult reserve(size_t size) override {
    if (size == 0) return {CodeStatus::failure("empty code reservation"), {}};
    size_t mapped = round_up(size, os_page_size());
    bump(counters_.mmaps);
    // Every page of a reservation is written at once (the code, then the fill), so the pages are
    // made present in one call instead of one fault each.
    void* p = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | kPopulate,
                   -1, 0);
    if (p == MAP_FAILED) return {CodeStatus::failure(errno_reason("mmap of code pages")), {}};
    bump(counters_.reserves);
    auto* region = new MprotectRegion{static_cast<uint8_t*>(p), mapped, false};
    return {CodeStatus::success(), CodeReservation{region, ExecAddress{p}, mapped}};
  }

  CodeStatus write(const CodeReservation& r, CodeWriteFn fn, void* user) override {
    auto* region = static_cast<MprotectRegion*>(r.handle);
    // Published pages are read-execute; making them writable again would stop every thread
    // running them, so the contract forbids it.
    if (region->published) return CodeStatus::failure("code already published");
    bump(counters_.writes);
    if (fn(user, WritableSpan{region->base, region->mapped}) != 0) {
      return CodeStatus::failure("code write callback failed");
    }
    return CodeStatus::success();
  }

  CodeStatus publish(const CodeReservation& r) override {
    auto* region = static_cast<MprotectRegion*>(r.handle);
    if (region->published) return CodeStatus::success();
    bump(counters_.mprotects);
    if (mprotect(region->base, region->mapped, PROT_READ | PROT_EXEC) != 0) {
      return CodeStatus::failure(errno_reason("mprotect of code pages to read-execute"));
    }
    // Coherence is our job, not a side effect of mprotect to rely on.
    flush_icache(region->base, region->mapped);
    bump(counters_.cache_flushes);
    region->published = true;
    bump(counters_.publishes);
    return CodeStatus::success();
  }

  void release(const CodeReservation& r) override {
    auto* region = static_cast<MprotectRegion*>(r.handle);
    if (region == nullptr) return;
    bump(counters_.munmaps);
    munmap(region->base, region->mapped);
    bump(counters_.releases);
    delete region;
  }
};

}  // namespace

std::shared_ptr<SystemCodeAllocator> make_mprotect_code_allocator(std::string* error) {
  return std::make_shared<MprotectAllocator>();
}

#endif  // __APPLE__

}  // namespace wasmrun::rt
