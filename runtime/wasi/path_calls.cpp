// Calls that name a path beneath a directory descriptor. Every path goes through resolve_path,
// then the host call operates on (parent directory, last component) without following symlinks.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "runtime/wasi/fd_access.h"
#include "runtime/wasi/host_errno.h"
#include "runtime/wasi/path_resolve.h"
#include "runtime/wasi/syscalls.h"

namespace wasmrun::rt::wasi {
namespace {

// Looks up directory descriptor `fd` with `needed` rights, reads the guest path and resolves it.
Errno resolve(State& s, GuestMemory m, Fd fd, uint64_t needed, Ptr path, Size path_len,
              bool follow_last, ResolvedPath& out, Descriptor** dir = nullptr) {
  Errno e;
  Descriptor* d = access_fd(s, fd, needed, e);
  if (!d) return e;
  if (d->type != filetype::kDirectory) return err::kNotdir;
  std::string p;
  if (!m.read_string(path, path_len, p)) return err::kFault;
  if (dir) *dir = d;
  return resolve_path(d->host_fd, p, follow_last, out);
}

// The host open(2) flags for a path_open request.
int open_flags(uint32_t oflags, uint64_t rights_base, uint32_t fdflags) {
  int flags = O_CLOEXEC | O_NOFOLLOW | O_NOCTTY;
  if (oflags & oflags::kCreat) flags |= O_CREAT;
  if (oflags & oflags::kExcl) flags |= O_EXCL;
  if (oflags & oflags::kTrunc) flags |= O_TRUNC;
  if (oflags & oflags::kDirectory) flags |= O_DIRECTORY;
  if (fdflags & fdflags::kAppend) flags |= O_APPEND;
  if (fdflags & fdflags::kNonblock) flags |= O_NONBLOCK;
#ifdef O_DSYNC
  if (fdflags & fdflags::kDsync) flags |= O_DSYNC;
#endif
  if (fdflags & (fdflags::kSync | fdflags::kRsync)) flags |= O_SYNC;
  // The access mode follows the rights asked for, which is how wasi-libc expresses O_RDONLY,
  // O_WRONLY and O_RDWR.
  bool write =
      (rights_base & (rights::kFdWrite | rights::kFdAllocate | rights::kFdFilestatSetSize)) != 0 ||
      (fdflags & fdflags::kAppend);
  bool read = (rights_base & (rights::kFdRead | rights::kFdReaddir)) != 0;
  if (oflags & oflags::kDirectory) write = false;
  flags |= write ? (read ? O_RDWR : O_WRONLY) : O_RDONLY;
  return flags;
}

}  // namespace

Errno path_open(State& s, GuestMemory m, Fd dirfd, uint32_t dirflags, Ptr path, Size path_len,
                uint32_t oflags, uint64_t rights_base, uint64_t rights_inheriting, uint32_t fdflags,
                Ptr fd_out) {
  uint64_t needed = rights::kPathOpen;
  if (oflags & oflags::kCreat) needed |= rights::kPathCreateFile;
  if (oflags & oflags::kTrunc) needed |= rights::kPathFilestatSetSize;
  if (!m.contains(fd_out, 4)) return err::kFault;
  // O_CREAT|O_EXCL must not create through a symlink; the host open then reports EEXIST.
  bool exclusive = (oflags & oflags::kCreat) && (oflags & oflags::kExcl);
  bool follow = (dirflags & kLookupSymlinkFollow) && !exclusive;
  ResolvedPath rp;
  Descriptor* dir = nullptr;
  if (Errno e = resolve(s, m, dirfd, needed, path, path_len, follow, rp, &dir)) {
    return e;
  }
  int flags = open_flags(oflags, rights_base & dir->rights_inheriting, fdflags);
  if (rp.trailing_slash()) flags |= O_DIRECTORY;
  int fd = ::openat(rp.dir_fd(), rp.name().c_str(), flags, 0666);
  if (fd < 0) {
    // O_NOFOLLOW on a symlink: report it as the loop POSIX open(O_NOFOLLOW) gives.
    return last_errno();
  }
  auto d = describe_host_fd(fd);
  if (!d) {
    Errno e = last_errno();
    ::close(fd);
    return e;
  }
  // An fd gets what was asked for, within what the directory hands down and its kind allows.
  d->rights_base &= rights_base & dir->rights_inheriting;
  d->rights_inheriting = rights_inheriting & dir->rights_inheriting;
  if ((flags & O_ACCMODE) == O_RDONLY) {
    d->rights_base &= ~(rights::kFdWrite | rights::kFdAllocate | rights::kFdFilestatSetSize);
  }
  if ((flags & O_ACCMODE) == O_WRONLY) d->rights_base &= ~rights::kFdRead;
  m.store<uint32_t>(fd_out, s.fds.insert(std::move(d)));
  return err::kSuccess;
}

Errno path_filestat_get(State& s, GuestMemory m, Fd dirfd, uint32_t flags, Ptr path, Size path_len,
                        Ptr out) {
  ResolvedPath rp;
  if (Errno e = resolve(s, m, dirfd, rights::kPathFilestatGet, path, path_len,
                        flags & kLookupSymlinkFollow, rp)) {
    return e;
  }
  struct stat st;
  if (::fstatat(rp.dir_fd(), rp.name().c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
    return last_errno();
  }
  return store_filestat(m, out, st);
}

Errno path_filestat_set_times(State& s, GuestMemory m, Fd dirfd, uint32_t flags, Ptr path,
                              Size path_len, uint64_t atim, uint64_t mtim, uint32_t fst_flags) {
  struct timespec ts[2];
  if (Errno e = times_from_flags(atim, mtim, fst_flags, ts)) return e;
  ResolvedPath rp;
  if (Errno e = resolve(s, m, dirfd, rights::kPathFilestatSetTimes, path, path_len,
                        flags & kLookupSymlinkFollow, rp)) {
    return e;
  }
  return ::utimensat(rp.dir_fd(), rp.name().c_str(), ts, AT_SYMLINK_NOFOLLOW) == 0 ? err::kSuccess
                                                                                   : last_errno();
}

Errno path_create_directory(State& s, GuestMemory m, Fd dirfd, Ptr path, Size path_len) {
  ResolvedPath rp;
  if (Errno e = resolve(s, m, dirfd, rights::kPathCreateDirectory, path, path_len, false, rp)) {
    return e;
  }
  return ::mkdirat(rp.dir_fd(), rp.name().c_str(), 0777) == 0 ? err::kSuccess : last_errno();
}

Errno path_remove_directory(State& s, GuestMemory m, Fd dirfd, Ptr path, Size path_len) {
  ResolvedPath rp;
  if (Errno e = resolve(s, m, dirfd, rights::kPathRemoveDirectory, path, path_len, false, rp)) {
    return e;
  }
  if (rp.name() == ".") return err::kInval;  // removing the directory one stands in
  return ::unlinkat(rp.dir_fd(), rp.name().c_str(), AT_REMOVEDIR) == 0 ? err::kSuccess
                                                                       : last_errno();
}

Errno path_unlink_file(State& s, GuestMemory m, Fd dirfd, Ptr path, Size path_len) {
  ResolvedPath rp;
  if (Errno e = resolve(s, m, dirfd, rights::kPathUnlinkFile, path, path_len, false, rp)) {
    return e;
  }
  if (rp.trailing_slash()) return err::kNotdir;
  return ::unlinkat(rp.dir_fd(), rp.name().c_str(), 0) == 0 ? err::kSuccess : last_errno();
}

Errno path_rename(State& s, GuestMemory m, Fd old_dirfd, Ptr old_path, Size old_len, Fd new_dirfd,
                  Ptr new_path, Size new_len) {
  ResolvedPath from, to;
  if (Errno e =
          resolve(s, m, old_dirfd, rights::kPathRenameSource, old_path, old_len, false, from)) {
    return e;
  }
  if (Errno e = resolve(s, m, new_dirfd, rights::kPathRenameTarget, new_path, new_len, false, to)) {
    return e;
  }
  return ::renameat(from.dir_fd(), from.name().c_str(), to.dir_fd(), to.name().c_str()) == 0
             ? err::kSuccess
             : last_errno();
}

Errno path_link(State& s, GuestMemory m, Fd old_dirfd, uint32_t old_flags, Ptr old_path,
                Size old_len, Fd new_dirfd, Ptr new_path, Size new_len) {
  ResolvedPath from, to;
  if (Errno e = resolve(s, m, old_dirfd, rights::kPathLinkSource, old_path, old_len,
                        old_flags & kLookupSymlinkFollow, from)) {
    return e;
  }
  if (Errno e = resolve(s, m, new_dirfd, rights::kPathLinkTarget, new_path, new_len, false, to)) {
    return e;
  }
  return ::linkat(from.dir_fd(), from.name().c_str(), to.dir_fd(), to.name().c_str(), 0) == 0
             ? err::kSuccess
             : last_errno();
}

Errno path_readlink(State& s, GuestMemory m, Fd dirfd, Ptr path, Size path_len, Ptr buf,
                    Size buf_len, Ptr bufused_out) {
  ResolvedPath rp;
  if (Errno e = resolve(s, m, dirfd, rights::kPathReadlink, path, path_len, false, rp)) return e;
  uint8_t* dst = m.span(buf, buf_len);
  if (!dst || !m.contains(bufused_out, 4)) return err::kFault;
  // The target is truncated to the buffer, as readlink(2) does.
  ssize_t n = ::readlinkat(rp.dir_fd(), rp.name().c_str(), reinterpret_cast<char*>(dst), buf_len);
  if (n < 0) return last_errno();
  m.store<uint32_t>(bufused_out, static_cast<uint32_t>(n));
  return err::kSuccess;
}

Errno path_symlink(State& s, GuestMemory m, Ptr old_path, Size old_len, Fd dirfd, Ptr new_path,
                   Size new_len) {
  std::string target;
  if (!m.read_string(old_path, old_len, target)) return err::kFault;
  if (target.find('\0') != std::string::npos) return err::kInval;
  // An absolute target would name a host path; relative ones that climb out are allowed to
  // exist, resolve_path refuses to follow them.
  if (!target.empty() && target.front() == '/') return err::kNotcapable;
  ResolvedPath rp;
  if (Errno e = resolve(s, m, dirfd, rights::kPathSymlink, new_path, new_len, false, rp)) {
    return e;
  }
  return ::symlinkat(target.c_str(), rp.dir_fd(), rp.name().c_str()) == 0 ? err::kSuccess
                                                                          : last_errno();
}

}  // namespace wasmrun::rt::wasi
