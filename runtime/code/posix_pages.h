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
// On arm64 Linux it also makes every other thread of the process pass a context
// synchronisation point, so none keeps instructions it fetched earlier from these addresses
// (they may be reused pages of released code).
void flush_icache(const void* p, size_t n);

#if defined(__linux__)
// membarrier(PRIVATE_EXPEDITED_SYNC_CORE): every running thread of this process executes a
// core-serialising instruction before this returns. Registers on first use; false when the
// kernel does not offer it.
bool sync_cores_of_process();
#endif

}  // namespace wasmrun::rt
