#include "runtime/memory.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace wasmrun::rt {
namespace {

// Guard-page mode reserves every address a 32-bit index plus a 32-bit offset can reach, so a
// bounds check is never needed: anything past the committed pages faults.
constexpr uint64_t kGuardReservation = uint64_t{8} << 30;

uint64_t os_page_size() {
  long p = sysconf(_SC_PAGESIZE);
  return p > 0 ? static_cast<uint64_t>(p) : 4096;
}

// Makes [base, base + bytes) readable and writable. Fresh anonymous pages read as zero, and a
// memory never shrinks, so newly committed pages are always zero-filled.
bool commit(uint8_t* base, uint64_t bytes) {
  if (bytes == 0) return true;
  return mprotect(base, bytes, PROT_READ | PROT_WRITE) == 0;
}

}  // namespace

std::unique_ptr<LinearMemory> LinearMemory::create(const MemoryType& type, BoundsMode mode,
                                                   uint32_t page_limit, std::string* error) {
  auto fail = [&](std::string message) -> std::unique_ptr<LinearMemory> {
    if (error) *error = std::move(message);
    return nullptr;
  };
  uint64_t max_pages = std::min<uint64_t>(page_limit, type.is64 ? kMaxPages64 : kMaxPages);
  if (type.limits.max) max_pages = std::min(max_pages, *type.limits.max);
  if (type.limits.min > max_pages) return fail("memory size exceeds the engine's limit");

  uint64_t reserve = 0;
  if (mode == BoundsMode::GuardPages && !type.is64) {
    reserve = kGuardReservation;
  } else {
    reserve = uint64_t{max_pages} * kPageSize;
  }
  // Even a memory that can never hold a page gets a real (inaccessible) base address, so code
  // never computes addresses from a null pointer.
  reserve = std::max(reserve, os_page_size());
  if (reserve > SIZE_MAX) return fail("memory reservation does not fit the address space");

  void* p = mmap(nullptr, static_cast<size_t>(reserve), PROT_NONE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) {
    return fail(std::string("cannot reserve memory: ") + std::strerror(errno));
  }

  std::unique_ptr<LinearMemory> mem(new LinearMemory());
  mem->base = static_cast<uint8_t*>(p);
  mem->reserved = reserve;
  mem->max_pages = max_pages;
  mem->type = type;
  mem->mode = mode;
  uint64_t initial = type.limits.min * kPageSize;
  if (!commit(mem->base, initial)) {
    return fail(std::string("cannot commit memory: ") + std::strerror(errno));
  }
  mem->pages = type.limits.min;
  mem->size = initial;
  return mem;
}

LinearMemory::~LinearMemory() {
  if (base) munmap(base, static_cast<size_t>(reserved));
}

int64_t LinearMemory::grow(uint64_t delta) {
  uint64_t old_pages = pages;
  if (delta == 0) return static_cast<int64_t>(old_pages);
  if (delta > max_pages - old_pages) return -1;  // max_pages <= 2^48: no wrap
  uint64_t new_pages = old_pages + delta;
  uint64_t new_size = new_pages * kPageSize;
  if (new_size > reserved) return -1;
  if (!commit(base + size, new_size - size)) return -1;
  pages = new_pages;
  size = new_size;
  return static_cast<int64_t>(old_pages);
}

}  // namespace wasmrun::rt
