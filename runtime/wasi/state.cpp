#include "runtime/wasi/state.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "runtime/wasi/abi.h"

namespace wasmrun::rt::wasi {

bool State::add_stdio(uint32_t fd, int host_fd, std::string* error) {
  if (host_fd < 0) return true;
  // Never 0-2: a duplicate made while one of those is closed would take its place, and the
  // host's own stdout could end up being whatever this descriptor is.
  int dup = ::fcntl(host_fd, F_DUPFD_CLOEXEC, 3);
  // A closed host descriptor stays closed for the guest, which gets EBADF on it as a native
  // program started with it closed would.
  if (dup < 0 && errno == EBADF) return true;
  if (dup < 0) {
    *error = "cannot duplicate descriptor " + std::to_string(host_fd) + ": " + std::strerror(errno);
    return false;
  }
  auto d = describe_host_fd(dup);
  if (!d) {
    ::close(dup);
    *error = "cannot stat descriptor " + std::to_string(host_fd);
    return false;
  }
  fds.put(fd, std::move(d));
  return true;
}

bool State::add_preopen(const std::string& host_path, const std::string& guest_path,
                        std::string* error) {
  int fd = ::open(host_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    *error = "cannot open directory '" + host_path + "': " + std::strerror(errno);
    return false;
  }
  auto d = describe_host_fd(fd);
  if (!d) {
    ::close(fd);
    *error = "cannot stat directory '" + host_path + "'";
    return false;
  }
  d->preopen = true;
  d->guest_path = guest_path;
  // Preopens come after stdio (fd 3 and up), even when a stdio slot is closed.
  uint32_t next = 3;
  while (fds.get(next)) ++next;
  fds.put(next, std::move(d));
  return true;
}

}  // namespace wasmrun::rt::wasi
