// Reading, writing and positioning descriptors.
#include <fcntl.h>
#include <poll.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>

#include "runtime/wasi/fd_access.h"
#include "runtime/wasi/host_errno.h"
#include "runtime/wasi/syscalls.h"

namespace wasmrun::rt::wasi {
namespace {

// How often a wait for a pipe, socket or terminal looks at the interrupter.
constexpr int kWaitSliceMs = 20;

// Pipes, sockets and terminals can block for ever (a reader with no writer, a full pipe). The
// transfer waits for them in slices so Context::interrupt (--timeout) ends the wait with EINTR;
// files and block devices do not block that way and go straight to the call.
Errno wait_ready(State& s, const Descriptor& d, bool write) {
  if (d.type == filetype::kRegularFile || d.type == filetype::kBlockDevice) return err::kSuccess;
  pollfd p{d.host_fd, static_cast<short>(write ? POLLOUT : POLLIN), 0};
  for (;;) {
    if (s.interrupter.raised()) return err::kIntr;
    int r = ::poll(&p, 1, kWaitSliceMs);
    if (r < 0 && errno != EINTR) return last_errno();
    // Ready, or an error or hang-up the transfer itself will report.
    if (r > 0) return err::kSuccess;
  }
}

// Shared by the four transfer calls: `offset` < 0 means the descriptor's own position.
Errno transfer(State& s, GuestMemory m, Fd fd, Ptr iovs, Size iovs_len, int64_t offset,
               Ptr count_out, bool write) {
  uint64_t needed = write ? rights::kFdWrite : rights::kFdRead;
  if (offset >= 0) needed |= rights::kFdSeek;
  Errno e;
  Descriptor* d = access_fd(s, fd, needed, e);
  if (!d) return e;
  if (d->type == filetype::kDirectory) return err::kIsdir;
  // Checked before the transfer so a bad result pointer cannot lose data already moved.
  if (!m.contains(count_out, 4)) return err::kFault;
  std::vector<iovec> iov;
  if (Errno ie = guest_iovecs(m, iovs, iovs_len, iov)) return ie;
  if (offset < 0 && !iov.empty()) {
    if (Errno we = wait_ready(s, *d, write)) return we;
  }
  ssize_t n;
  if (iov.empty()) {
    n = 0;
  } else if (write) {
    n = offset >= 0 ? ::pwritev(d->host_fd, iov.data(), static_cast<int>(iov.size()), offset)
                    : ::writev(d->host_fd, iov.data(), static_cast<int>(iov.size()));
  } else {
    n = offset >= 0 ? ::preadv(d->host_fd, iov.data(), static_cast<int>(iov.size()), offset)
                    : ::readv(d->host_fd, iov.data(), static_cast<int>(iov.size()));
  }
  if (n < 0) return last_errno();
  m.store<uint32_t>(count_out, static_cast<uint32_t>(n));
  return err::kSuccess;
}

}  // namespace

Errno fd_read(State& s, GuestMemory m, Fd fd, Ptr iovs, Size iovs_len, Ptr nread_out) {
  return transfer(s, m, fd, iovs, iovs_len, -1, nread_out, false);
}
Errno fd_write(State& s, GuestMemory m, Fd fd, Ptr iovs, Size iovs_len, Ptr nwritten_out) {
  return transfer(s, m, fd, iovs, iovs_len, -1, nwritten_out, true);
}
Errno fd_pread(State& s, GuestMemory m, Fd fd, Ptr iovs, Size iovs_len, uint64_t offset,
               Ptr nread_out) {
  if (offset > INT64_MAX) return err::kInval;
  return transfer(s, m, fd, iovs, iovs_len, static_cast<int64_t>(offset), nread_out, false);
}
Errno fd_pwrite(State& s, GuestMemory m, Fd fd, Ptr iovs, Size iovs_len, uint64_t offset,
                Ptr nwritten_out) {
  if (offset > INT64_MAX) return err::kInval;
  return transfer(s, m, fd, iovs, iovs_len, static_cast<int64_t>(offset), nwritten_out, true);
}

Errno fd_seek(State& s, GuestMemory m, Fd fd, int64_t offset, uint32_t wh, Ptr offset_out) {
  // Asking for the current position needs only the tell right.
  uint64_t needed = (offset == 0 && wh == whence::kCur) ? rights::kFdTell : rights::kFdSeek;
  Errno e;
  Descriptor* d = access_fd(s, fd, needed, e);
  if (!d) return e;
  int host_whence;
  switch (wh) {
    case whence::kSet: host_whence = SEEK_SET; break;
    case whence::kCur: host_whence = SEEK_CUR; break;
    case whence::kEnd: host_whence = SEEK_END; break;
    default: return err::kInval;
  }
  if (!m.contains(offset_out, 8)) return err::kFault;
  off_t pos = ::lseek(d->host_fd, offset, host_whence);
  if (pos < 0) return last_errno();
  m.store<uint64_t>(offset_out, static_cast<uint64_t>(pos));
  return err::kSuccess;
}

Errno fd_tell(State& s, GuestMemory m, Fd fd, Ptr offset_out) {
  Errno e;
  Descriptor* d = access_fd(s, fd, rights::kFdTell, e);
  if (!d) return e;
  if (!m.contains(offset_out, 8)) return err::kFault;
  off_t pos = ::lseek(d->host_fd, 0, SEEK_CUR);
  if (pos < 0) return last_errno();
  m.store<uint64_t>(offset_out, static_cast<uint64_t>(pos));
  return err::kSuccess;
}

Errno fd_close(State& s, GuestMemory, Fd fd) { return s.fds.take(fd) ? err::kSuccess : err::kBadf; }

Errno fd_sync(State& s, GuestMemory, Fd fd) {
  Errno e;
  Descriptor* d = access_fd(s, fd, rights::kFdSync, e);
  if (!d) return e;
  return ::fsync(d->host_fd) == 0 ? err::kSuccess : last_errno();
}

Errno fd_datasync(State& s, GuestMemory, Fd fd) {
  Errno e;
  Descriptor* d = access_fd(s, fd, rights::kFdDatasync, e);
  if (!d) return e;
#ifdef __APPLE__
  return ::fsync(d->host_fd) == 0 ? err::kSuccess : last_errno();
#else
  return ::fdatasync(d->host_fd) == 0 ? err::kSuccess : last_errno();
#endif
}

Errno fd_advise(State& s, GuestMemory, Fd fd, uint64_t offset, uint64_t len, uint32_t advice) {
  Errno e;
  Descriptor* d = access_fd(s, fd, rights::kFdAdvise, e);
  if (!d) return e;
  if (advice > 5 || offset > INT64_MAX || len > INT64_MAX) return err::kInval;
#ifdef __APPLE__
  return err::kSuccess;  // advice only; macOS has no posix_fadvise
#else
  static constexpr int kAdvice[] = {POSIX_FADV_NORMAL,   POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
                                    POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED,   POSIX_FADV_NOREUSE};
  int r = ::posix_fadvise(d->host_fd, static_cast<off_t>(offset), static_cast<off_t>(len),
                          kAdvice[advice]);
  return from_host_errno(r);
#endif
}

Errno fd_allocate(State& s, GuestMemory, Fd fd, uint64_t offset, uint64_t len) {
  Errno e;
  Descriptor* d = access_fd(s, fd, rights::kFdAllocate, e);
  if (!d) return e;
  if (offset > INT64_MAX || len > INT64_MAX || offset + len > INT64_MAX) return err::kInval;
  if (d->type != filetype::kRegularFile) return err::kBadf;
#ifdef __APPLE__
  struct stat st;
  if (::fstat(d->host_fd, &st) != 0) return last_errno();
  if (static_cast<uint64_t>(st.st_size) >= offset + len) return err::kSuccess;
  return ::ftruncate(d->host_fd, static_cast<off_t>(offset + len)) == 0 ? err::kSuccess
                                                                        : last_errno();
#else
  return from_host_errno(
      ::posix_fallocate(d->host_fd, static_cast<off_t>(offset), static_cast<off_t>(len)));
#endif
}

Errno fd_renumber(State& s, GuestMemory, Fd from, Fd to) {
  if (!s.fds.get(from) || !s.fds.get(to)) return err::kBadf;
  if (from == to) return err::kSuccess;
  s.fds.put(to, s.fds.take(from));
  return err::kSuccess;
}

}  // namespace wasmrun::rt::wasi
