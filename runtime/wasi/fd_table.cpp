#include "runtime/wasi/fd_table.h"

#include <sys/stat.h>
#include <unistd.h>

#include "runtime/wasi/abi.h"

namespace wasmrun::rt::wasi {

Descriptor::~Descriptor() {
  if (host_fd >= 0) ::close(host_fd);
}

Descriptor* FdTable::get(uint32_t fd) const {
  return fd < slots_.size() ? slots_[fd].get() : nullptr;
}

uint32_t FdTable::insert(std::unique_ptr<Descriptor> d) {
  for (size_t i = 0; i < slots_.size(); ++i) {
    if (!slots_[i]) {
      slots_[i] = std::move(d);
      return static_cast<uint32_t>(i);
    }
  }
  slots_.push_back(std::move(d));
  return static_cast<uint32_t>(slots_.size() - 1);
}

void FdTable::put(uint32_t fd, std::unique_ptr<Descriptor> d) {
  if (fd >= slots_.size()) slots_.resize(fd + 1);
  slots_[fd] = std::move(d);
}

std::unique_ptr<Descriptor> FdTable::take(uint32_t fd) {
  if (fd >= slots_.size()) return nullptr;
  auto d = std::move(slots_[fd]);
  while (!slots_.empty() && !slots_.back()) slots_.pop_back();
  return d;
}

uint8_t filetype_of_mode(uint32_t mode) {
  switch (mode & S_IFMT) {
    case S_IFREG: return filetype::kRegularFile;
    case S_IFDIR: return filetype::kDirectory;
    case S_IFCHR: return filetype::kCharacterDevice;
    case S_IFBLK: return filetype::kBlockDevice;
    case S_IFLNK: return filetype::kSymbolicLink;
    case S_IFSOCK: return filetype::kSocketStream;
    default: return filetype::kUnknown;  // FIFOs too: WASI has no type for them
  }
}

std::unique_ptr<Descriptor> describe_host_fd(int host_fd) {
  struct stat st;
  if (::fstat(host_fd, &st) != 0) return nullptr;
  auto d = std::make_unique<Descriptor>();
  d->host_fd = host_fd;
  d->type = filetype_of_mode(st.st_mode);
  switch (d->type) {
    case filetype::kDirectory:
      d->rights_base = rights::kDirectory;
      d->rights_inheriting = rights::kAll;
      break;
    case filetype::kRegularFile:
    case filetype::kBlockDevice: d->rights_base = rights::kFile; break;
    default: d->rights_base = rights::kStream; break;
  }
  return d;
}

}  // namespace wasmrun::rt::wasi
