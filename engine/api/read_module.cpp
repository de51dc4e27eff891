// read_module_file and read_module_stream: a module's bytes from the file system, bounded.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <new>

#include "wasmrun/wasmrun.hpp"

namespace wasmrun {
namespace {

Error read_error(std::string message) { return Error{Error::Kind::Other, std::move(message), 0}; }

Error too_large(uint64_t size, uint64_t max_bytes, bool at_least) {
  return read_error(std::string("module is ") + (at_least ? "more than " : "") +
                    std::to_string(at_least ? max_bytes : size) + " bytes, above the limit of " +
                    std::to_string(max_bytes) + " bytes");
}

// Reads until `want` bytes are in `out` or end of file; EINTR is retried.
bool read_fully(int fd, uint8_t* out, size_t want, size_t* got) {
  *got = 0;
  while (*got < want) {
    ssize_t n = ::read(fd, out + *got, want - *got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) break;
    *got += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

Result<std::vector<uint8_t>> read_module_file(const std::string& path, uint64_t max_bytes) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; the descriptor is refused below.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return read_error(std::string("cannot open file: ") + std::strerror(errno));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) return read_error(std::string("cannot stat: ") + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) return read_error("is a directory, not a module file");
  // Devices, pipes and sockets have no size to check first, and /dev/zero never ends.
  if (!S_ISREG(st.st_mode)) {
    return read_error("not a regular file (a module can be streamed from standard input as -)");
  }
  uint64_t size = static_cast<uint64_t>(st.st_size);
  if (size > max_bytes) return too_large(size, max_bytes, false);
  try {
    // One byte more than the size found, to notice a file that grew in between.
    std::vector<uint8_t> bytes(static_cast<size_t>(size) + 1);
    size_t got = 0;
    if (!read_fully(fd, bytes.data(), bytes.size(), &got)) {
      return read_error(std::string("read error: ") + std::strerror(errno));
    }
    if (got > size) return read_error("the file changed while it was read");
    bytes.resize(got);
    return bytes;
  } catch (const std::bad_alloc&) {
    return read_error("out of memory reading " + std::to_string(size) + " bytes");
  }
}

Result<std::vector<uint8_t>> read_module_stream(int fd, uint64_t max_bytes) {
  try {
    std::vector<uint8_t> bytes;
    size_t chunk = 1 << 16;
    for (;;) {
      // Never holds more than max_bytes + 1 bytes: one past the limit tells it was exceeded.
      uint64_t room = std::min<uint64_t>(max_bytes, UINT64_MAX - 1) + 1 - bytes.size();
      size_t want = static_cast<size_t>(std::min<uint64_t>(chunk, room));
      size_t old = bytes.size();
      bytes.resize(old + want);
      size_t got = 0;
      if (!read_fully(fd, bytes.data() + old, want, &got)) {
        return read_error(std::string("read error: ") + std::strerror(errno));
      }
      bytes.resize(old + got);
      if (bytes.size() > max_bytes) return too_large(bytes.size(), max_bytes, true);
      if (got < want) return bytes;
      chunk = std::min<size_t>(chunk * 2, size_t{1} << 26);
    }
  } catch (const std::bad_alloc&) {
    return read_error("out of memory reading a module");
  }
}

}  // namespace wasmrun
