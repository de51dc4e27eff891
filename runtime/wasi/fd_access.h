// Looking up a guest descriptor and checking its rights, shared by the call implementations.
#pragma once

#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>

#include <vector>

#include "runtime/wasi/abi.h"
#include "runtime/wasi/guest_memory.h"
#include "runtime/wasi/state.h"

namespace wasmrun::rt::wasi {

// The descriptor `fd` when it is open (EBADF otherwise) and holds every right in `needed`
// (ENOTCAPABLE otherwise).
inline Descriptor* access_fd(State& s, uint32_t fd, uint64_t needed, Errno& e) {
  Descriptor* d = s.fds.get(fd);
  if (!d) {
    e = err::kBadf;
    return nullptr;
  }
  if ((d->rights_base & needed) != needed) {
    e = err::kNotcapable;
    return nullptr;
  }
  e = err::kSuccess;
  return d;
}

// Translates a guest iovec array into host iovecs pointing into guest memory; EFAULT when the
// array or any buffer lies outside it. Buffers past the host's IOV_MAX are dropped, which only
// shortens the transfer (short reads and writes are allowed).
Errno guest_iovecs(GuestMemory m, uint32_t iovs, uint32_t count, std::vector<iovec>& out);

// Writes a filestat for `st` at `ptr`.
Errno store_filestat(GuestMemory m, uint32_t ptr, const struct stat& st);

// The timespec pair futimens/utimensat take, from WASI times and fst_flags; EINVAL for
// contradictory flags.
Errno times_from_flags(uint64_t atim, uint64_t mtim, uint32_t fst_flags, struct timespec out[2]);

}  // namespace wasmrun::rt::wasi
