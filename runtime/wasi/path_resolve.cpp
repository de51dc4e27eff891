#include "runtime/wasi/path_resolve.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <deque>

#include "runtime/wasi/host_errno.h"

namespace wasmrun::rt::wasi {
namespace {

constexpr int kMaxSymlinks = 32;  // Linux's own limit is 40; this only needs to stop cycles

// Linux's O_PATH opens a directory for lookups only (no read permission needed).
#ifdef O_PATH
constexpr int kWalkFlags = O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
#else
constexpr int kWalkFlags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
#endif

// Splits on '/', keeping empty components out (they mean nothing between slashes).
void split_into(std::string_view path, std::deque<std::string>& parts, bool at_front) {
  std::vector<std::string> found;
  size_t i = 0;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) found.emplace_back(path.substr(i, j - i));
    i = j + 1;
  }
  if (at_front) {
    parts.insert(parts.begin(), found.begin(), found.end());
  } else {
    parts.insert(parts.end(), found.begin(), found.end());
  }
}

// The target of symlink `name` in `dir`; false (errno set) when it is not a symlink.
bool read_symlink(int dir, const std::string& name, std::string& target) {
  std::string buf(256, '\0');
  for (;;) {
    ssize_t n = ::readlinkat(dir, name.c_str(), buf.data(), buf.size());
    if (n < 0) return false;
    if (static_cast<size_t>(n) < buf.size()) {
      buf.resize(static_cast<size_t>(n));
      target = std::move(buf);
      return true;
    }
    if (buf.size() >= 65536) {
      errno = ENAMETOOLONG;
      return false;
    }
    buf.resize(buf.size() * 2);
  }
}

}  // namespace

ResolvedPath::~ResolvedPath() {
  for (int fd : stack_) ::close(fd);
}

Errno resolve_path(int base_fd, std::string_view path, bool follow_last, ResolvedPath& out) {
  out.base_ = base_fd;
  if (path.empty()) return err::kNoent;
  if (path.find('\0') != std::string_view::npos) return err::kInval;
  if (path.front() == '/') return err::kNotcapable;
  out.trailing_slash_ = path.back() == '/';

  std::deque<std::string> parts;
  split_into(path, parts, false);
  int symlinks = 0;
  out.name_ = ".";
  while (!parts.empty()) {
    std::string part = std::move(parts.front());
    parts.pop_front();
    bool last = parts.empty();
    if (part == ".") {
      if (last) out.name_ = ".";
      continue;
    }
    if (part == "..") {
      if (out.stack_.empty()) return err::kNotcapable;
      ::close(out.stack_.back());
      out.stack_.pop_back();
      if (last) out.name_ = ".";
      continue;
    }
    if (!last || follow_last || out.trailing_slash_) {
      std::string target;
      if (read_symlink(out.dir_fd(), part, target)) {
        if (++symlinks > kMaxSymlinks) return err::kLoop;
        if (target.empty()) return err::kNoent;
        if (target.front() == '/') return err::kNotcapable;
        split_into(target, parts, true);
        if (parts.empty()) out.name_ = ".";  // a link to "/" alone is refused above
        continue;
      }
      // EINVAL: not a symlink; ENOENT: let the operation itself report (or create) it.
      if (errno != EINVAL && errno != ENOENT) return last_errno();
      if (errno == ENOENT && !last) return err::kNoent;
    }
    if (last) {
      out.name_ = std::move(part);
      break;
    }
    int fd = ::openat(out.dir_fd(), part.c_str(), kWalkFlags);
    if (fd < 0) return last_errno();
    out.stack_.push_back(fd);
  }
  return err::kSuccess;
}

}  // namespace wasmrun::rt::wasi
