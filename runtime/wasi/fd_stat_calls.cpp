// Descriptor metadata: fdstat, filestat, preopen names, directory listings.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

#include "runtime/wasi/fd_access.h"
#include "runtime/wasi/host_errno.h"
#include "runtime/wasi/syscalls.h"

namespace wasmrun::rt::wasi {
namespace {

uint8_t filetype_of_dirent(int dir, const dirent& e) {
  switch (e.d_type) {
    case DT_REG: return filetype::kRegularFile;
    case DT_DIR: return filetype::kDirectory;
    case DT_LNK: return filetype::kSymbolicLink;
    case DT_CHR: return filetype::kCharacterDevice;
    case DT_BLK: return filetype::kBlockDevice;
    case DT_SOCK: return filetype::kSocketStream;
    case DT_UNKNOWN: {
      struct stat st;
      if (::fstatat(dir, e.d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) return filetype::kUnknown;
      return filetype_of_mode(st.st_mode);
    }
    default: return filetype::kUnknown;
  }
}

// Reads the whole directory behind `d` into its listing. A fresh descriptor is opened on it so
// the guest's descriptor keeps no hidden stream position.
Errno load_listing(Descriptor& d) {
  int fd = ::openat(d.host_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return last_errno();
  DIR* dir = ::fdopendir(fd);
  if (!dir) {
    Errno e = last_errno();
    ::close(fd);
    return e;
  }
  d.listing.clear();
  while (const dirent* e = ::readdir(dir)) {
    d.listing.push_back(
        DirEntry{static_cast<uint64_t>(e->d_ino), filetype_of_dirent(fd, *e), e->d_name});
  }
  ::closedir(dir);
  d.listing_valid = true;
  return err::kSuccess;
}

}  // namespace

Errno fd_fdstat_get(State& s, GuestMemory m, Fd fd, Ptr out) {
  Descriptor* d = s.fds.get(fd);
  if (!d) return err::kBadf;
  if (!m.contains(out, layout::kFdstat)) return err::kFault;
  int fl = ::fcntl(d->host_fd, F_GETFL);
  if (fl < 0) return last_errno();
  uint16_t flags = 0;
  if (fl & O_APPEND) flags |= fdflags::kAppend;
  if (fl & O_NONBLOCK) flags |= fdflags::kNonblock;
#ifdef O_DSYNC
  if ((fl & O_DSYNC) == O_DSYNC) flags |= fdflags::kDsync;
#endif
  if ((fl & O_SYNC) == O_SYNC) flags |= fdflags::kSync | fdflags::kRsync;
  m.store<uint64_t>(out, 0);
  m.store<uint8_t>(out, d->type);
  m.store<uint16_t>(out + 2, flags);
  m.store<uint64_t>(out + 8, d->rights_base);
  m.store<uint64_t>(out + 16, d->rights_inheriting);
  return err::kSuccess;
}

Errno fd_fdstat_set_flags(State& s, GuestMemory, Fd fd, uint32_t flags) {
  Errno e;
  Descriptor* d = access_fd(s, fd, rights::kFdFdstatSetFlags, e);
  if (!d) return e;
  // Only append and non-blocking mode can change on an open host descriptor.
  if (flags & ~static_cast<uint32_t>(fdflags::kAppend | fdflags::kNonblock)) {
    return flags > 0x1F ? err::kInval : err::kNotsup;
  }
  int fl = ::fcntl(d->host_fd, F_GETFL);
  if (fl < 0) return last_errno();
  fl &= ~(O_APPEND | O_NONBLOCK);
  if (flags & fdflags::kAppend) fl |= O_APPEND;
  if (flags & fdflags::kNonblock) fl |= O_NONBLOCK;
  return ::fcntl(d->host_fd, F_SETFL, fl) == 0 ? err::kSuccess : last_errno();
}

Errno fd_fdstat_set_rights(State& s, GuestMemory, Fd fd, uint64_t base, uint64_t inheriting) {
  Descriptor* d = s.fds.get(fd);
  if (!d) return err::kBadf;
  // Rights can only be dropped, never gained.
  if ((base & ~d->rights_base) || (inheriting & ~d->rights_inheriting)) return err::kNotcapable;
  d->rights_base = base;
  d->rights_inheriting = inheriting;
  return err::kSuccess;
}

Errno fd_filestat_get(State& s, GuestMemory m, Fd fd, Ptr out) {
  Errno e;
  Descriptor* d = access_fd(s, fd, rights::kFdFilestatGet, e);
  if (!d) return e;
  struct stat st;
  if (::fstat(d->host_fd, &st) != 0) return last_errno();
  return store_filestat(m, out, st);
}

Errno fd_filestat_set_size(State& s, GuestMemory, Fd fd, uint64_t size) {
  Errno e;
  Descriptor* d = access_fd(s, fd, rights::kFdFilestatSetSize, e);
  if (!d) return e;
  if (size > INT64_MAX) return err::kInval;
  return ::ftruncate(d->host_fd, static_cast<off_t>(size)) == 0 ? err::kSuccess : last_errno();
}

Errno fd_filestat_set_times(State& s, GuestMemory, Fd fd, uint64_t atim, uint64_t mtim,
                            uint32_t fst_flags) {
  Errno e;
  Descriptor* d = access_fd(s, fd, rights::kFdFilestatSetTimes, e);
  if (!d) return e;
  struct timespec ts[2];
  if (Errno te = times_from_flags(atim, mtim, fst_flags, ts)) return te;
  return ::futimens(d->host_fd, ts) == 0 ? err::kSuccess : last_errno();
}

Errno fd_prestat_get(State& s, GuestMemory m, Fd fd, Ptr out) {
  Descriptor* d = s.fds.get(fd);
  // wasi-libc walks fds from 3 until EBADF to find the preopens.
  if (!d || !d->preopen) return err::kBadf;
  if (!m.contains(out, layout::kPrestat)) return err::kFault;
  m.store<uint64_t>(out, 0);  // tag 0: a directory
  m.store<uint32_t>(out + 4, static_cast<uint32_t>(d->guest_path.size()));
  return err::kSuccess;
}

Errno fd_prestat_dir_name(State& s, GuestMemory m, Fd fd, Ptr path, Size path_len) {
  Descriptor* d = s.fds.get(fd);
  if (!d || !d->preopen) return err::kBadf;
  if (path_len < d->guest_path.size()) return err::kNametoolong;
  uint8_t* dst = m.span(path, d->guest_path.size());
  if (!dst) return err::kFault;
  std::memcpy(dst, d->guest_path.data(), d->guest_path.size());
  return err::kSuccess;
}

Errno fd_readdir(State& s, GuestMemory m, Fd fd, Ptr buf, Size buf_len, uint64_t cookie,
                 Ptr bufused_out) {
  Descriptor* d = s.fds.get(fd);
  if (!d) return err::kBadf;
  if (d->type != filetype::kDirectory) return err::kNotdir;
  if (!(d->rights_base & rights::kFdReaddir)) return err::kNotcapable;
  uint8_t* out = m.span(buf, buf_len);
  if (!out || !m.contains(bufused_out, 4)) return err::kFault;
  if (cookie == 0 || !d->listing_valid) {
    if (Errno le = load_listing(*d)) return le;
  }
  // The cookie of an entry is the index of the one after it. Entries are written whole while they
  // fit; the last one is cut at the end of the buffer, which tells the guest to call again with a
  // larger buffer from that entry's cookie.
  uint64_t used = 0;
  for (uint64_t i = cookie; i < d->listing.size() && used < buf_len; ++i) {
    const DirEntry& entry = d->listing[i];
    uint8_t header[layout::kDirent] = {};
    uint64_t next = i + 1;
    uint32_t namlen = static_cast<uint32_t>(entry.name.size());
    std::memcpy(header, &next, 8);
    std::memcpy(header + 8, &entry.ino, 8);
    std::memcpy(header + 16, &namlen, 4);
    header[20] = entry.type;
    uint64_t n = std::min<uint64_t>(layout::kDirent, buf_len - used);
    std::memcpy(out + used, header, n);
    used += n;
    n = std::min<uint64_t>(namlen, buf_len - used);
    std::memcpy(out + used, entry.name.data(), n);
    used += n;
  }
  m.store<uint32_t>(bufused_out, static_cast<uint32_t>(used));
  return err::kSuccess;
}

}  // namespace wasmrun::rt::wasi
