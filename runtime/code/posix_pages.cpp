#include "runtime/code/posix_pages.h"

#include <unistd.h>

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
}

}  // namespace wasmrun::rt
