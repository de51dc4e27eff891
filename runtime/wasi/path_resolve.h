// Resolves a guest path beneath a directory descriptor without ever leaving it.
//
// The walk is done one component at a time with openat(O_NOFOLLOW), so the kernel never follows
// a symlink on its own: every symlink is read and expanded here, absolute targets are refused,
// and `..` may only pop directories the walk itself entered. A symlink swapped in during the walk
// makes openat fail (O_NOFOLLOW) rather than escape.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "runtime/wasi/abi.h"

namespace wasmrun::rt::wasi {

// The directory that holds the path's last component, and that component's name ("." when the
// path names the directory itself). Owns the descriptors opened during the walk.
class ResolvedPath {
 public:
  ResolvedPath() = default;
  ResolvedPath(const ResolvedPath&) = delete;
  ResolvedPath& operator=(const ResolvedPath&) = delete;
  ~ResolvedPath();

  int dir_fd() const { return stack_.empty() ? base_ : stack_.back(); }
  const std::string& name() const { return name_; }
  // The path ended in '/': its last component must be a directory.
  bool trailing_slash() const { return trailing_slash_; }

 private:
  friend Errno resolve_path(int, std::string_view, bool, ResolvedPath&);
  int base_ = -1;           // borrowed
  std::vector<int> stack_;  // directories entered below base_, owned
  std::string name_;
  bool trailing_slash_ = false;
};

// Walks `path` from `base_fd`. With `follow_last`, a symlink in the last position is expanded
// too; otherwise the last component is returned as is (the caller operates on it with
// AT_SYMLINK_NOFOLLOW / O_NOFOLLOW). Errors: ENOTCAPABLE for absolute paths and anything that
// would climb out of `base_fd` (by `..` or a symlink), ELOOP after too many symlinks, ENOENT for
// an empty path, EINVAL for a NUL byte, and the host's errors along the way.
Errno resolve_path(int base_fd, std::string_view path, bool follow_last, ResolvedPath& out);

}  // namespace wasmrun::rt::wasi
