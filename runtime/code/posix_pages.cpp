#include "runtime/code/posix_pages.h"

#include <unistd.h>

#if defined(__linux__)
#include <linux/membarrier.h>
#include <sys/syscall.h>
#endif

#include <cerrno>
#include <cstring>

namespace wasmrun::rt {

size_t os_page_size() {
  static const size_t size = [] {
    long s = sysconf(_SC_PAGESIZE);
    return s > 0 ? static_cast<size_t>(s) : size_t{4096};
  }();
  return size;
}

std::string errno_reason(const char* what) {
  int e = errno;
  return std::string(what) + " failed: " + std::strerror(e);
}

void flush_icache(const void* p, size_t n) {
  // The builtin takes non-const char pointers but only cleans and invalidates cache lines.
  char* begin = static_cast<char*>(const_cast<void*>(p));
  __builtin___clear_cache(begin, begin + n);
#if defined(__linux__) && defined(__aarch64__)
  // Best effort: on kernels without the barrier, the cache maintenance above is all we do.
  sync_cores_of_process();
#endif
}

#if defined(__linux__)
bool sync_cores_of_process() {
  static const bool registered =
      syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE, 0, 0) == 0;
  if (!registered) return false;
  return syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE, 0, 0) == 0;
}
#endif

}  // namespace wasmrun::rt
