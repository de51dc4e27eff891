// The strict W^X backend (SELinux deny_execmem, PaX MPROTECT, PR_SET_MDWE): one memfd mapped
// twice, read-write at one address for writing and read-execute at another for running. No
// mapping ever gains execute permission after creation, which those policies forbid, and no
// mapping is writable and executable. The read-write view is unmapped at publish, so published
// code has no writable alias left. Linux only (CMake compiles it there).
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>

#include "runtime/code/code_memory.h"
#include "runtime/code/posix_pages.h"

#ifndef MFD_CLOEXEC
#define MFD_CLOEXEC 0x0001U
#endif
#ifndef MFD_EXEC
// Linux 6.3: asks for an executable memfd explicitly, which vm.memfd_noexec=1 needs.
#define MFD_EXEC 0x0010U
#endif

namespace wasmrun::rt {

namespace {

struct DualRegion {
  uint8_t* rw = nullptr;  // null once published
  uint8_t* rx = nullptr;
  size_t mapped = 0;
};

class DualMappedAllocator final : public SystemCodeAllocator {
 public:
  CodeBackend backend() const override { return CodeBackend::DualMapped; }

  CodeReserveResult reserve(size_t size) override {
    if (size == 0) return {CodeStatus::failure("empty code reservation"), {}};
    size_t mapped = round_up(size, os_page_size());
    int fd = open_memfd();
    if (fd < 0) return {CodeStatus::failure(errno_reason("memfd_create for code")), {}};
    if (ftruncate(fd, static_cast<off_t>(mapped)) != 0) {
      CodeStatus st = CodeStatus::failure(errno_reason("ftruncate of the code memfd"));
      close(fd);
      return {st, {}};
    }
    bump(counters_.mmaps);
    void* rw = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (rw == MAP_FAILED) {
      CodeStatus st = CodeStatus::failure(errno_reason("mmap of the code memfd read-write"));
      close(fd);
      return {st, {}};
    }
    bump(counters_.mmaps);
    void* rx = mmap(nullptr, mapped, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
    if (rx == MAP_FAILED) {
      CodeStatus st = CodeStatus::failure(errno_reason("mmap of the code memfd read-execute"));
      bump(counters_.munmaps);
      munmap(rw, mapped);
      close(fd);
      return {st, {}};
    }
    // The mappings keep the file alive.
    close(fd);
    bump(counters_.reserves);
    auto* region = new DualRegion{static_cast<uint8_t*>(rw), static_cast<uint8_t*>(rx), mapped};
    return {CodeStatus::success(), CodeReservation{region, ExecAddress{rx}, mapped}};
  }

  CodeStatus write(const CodeReservation& r, CodeWriteFn fn, void* user) override {
    auto* region = static_cast<DualRegion*>(r.handle);
    if (region->rw == nullptr) return CodeStatus::failure("code already published");
    bump(counters_.writes);
    if (fn(user, WritableSpan{region->rw, region->mapped}) != 0) {
      return CodeStatus::failure("code write callback failed");
    }
    return CodeStatus::success();
  }

  CodeStatus publish(const CodeReservation& r) override {
    auto* region = static_cast<DualRegion*>(r.handle);
    if (region->rw == nullptr) return CodeStatus::success();
    // Flush by the addresses the code will run at: the instruction cache may be indexed by
    // virtual address, and the read-execute view is readable, as cache maintenance needs.
    flush_icache(region->rx, region->mapped);
    bump(counters_.cache_flushes);
    bump(counters_.munmaps);
    munmap(region->rw, region->mapped);
    region->rw = nullptr;
    bump(counters_.publishes);
    return CodeStatus::success();
  }

  void release(const CodeReservation& r) override {
    auto* region = static_cast<DualRegion*>(r.handle);
    if (region == nullptr) return;
    if (region->rw != nullptr) {
      bump(counters_.munmaps);
      munmap(region->rw, region->mapped);
    }
    bump(counters_.munmaps);
    munmap(region->rx, region->mapped);
    bump(counters_.releases);
    delete region;
  }

 private:
  int open_memfd() {
    bump(counters_.memfds);
    int fd = memfd_create("wasmrun-code", MFD_CLOEXEC | MFD_EXEC);
    if (fd < 0 && errno == EINVAL) {
      // Kernels before 6.3 do not know MFD_EXEC; their memfds are executable anyway.
      bump(counters_.memfds);
      fd = memfd_create("wasmrun-code", MFD_CLOEXEC);
    }
    return fd;
  }
};

}  // namespace

std::shared_ptr<SystemCodeAllocator> make_dual_mapped_code_allocator(std::string* error) {
  return std::make_shared<DualMappedAllocator>();
}

}  // namespace wasmrun::rt
