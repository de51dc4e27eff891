// Small helpers shared by the POSIX backends.
#pragma once

#include <cstddef>
#include <string>

namespace wasmrun::rt {

size_t os_page_size();
inline size_t round_up(size_t n, size_t to) { return (n + to - 1) / to * to; }

// "<what> failed: <strerror(errno)>", reading errno at the call.
std::string errno_reason(const char* what);

// Makes the instruction cache see what was written at [p, p + n) through any view of the same
// memory. Needed on arm64, where data and instruction caches are not coherent; free on x86.
// Other threads that may already have run code at these addresses need more (a membarrier);
// freshly published code has never run, so this is enough.
void flush_icache(const void* p, size_t n);

}  // namespace wasmrun::rt
