// The guest's file descriptors: each guest number names a host descriptor with its WASI type,
// rights, and (for preopens) the guest path it is mounted at.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace wasmrun::rt::wasi {

struct DirEntry {
  uint64_t ino = 0;
  uint8_t type = 0;  // WASI filetype
  std::string name;
};

struct Descriptor {
  int host_fd = -1;  // owned
  uint8_t type = 0;  // WASI filetype
  uint64_t rights_base = 0;
  uint64_t rights_inheriting = 0;
  bool preopen = false;
  std::string guest_path;  // preopens only
  // fd_readdir's listing: read when a walk starts (cookie 0) so cookies index one snapshot.
  std::vector<DirEntry> listing;
  bool listing_valid = false;

  Descriptor() = default;
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  ~Descriptor();
};

class FdTable {
 public:
  // The descriptor behind guest fd `fd`, or nullptr when it is not open.
  Descriptor* get(uint32_t fd) const;
  // Installs `d` under the lowest free guest number, which it returns.
  uint32_t insert(std::unique_ptr<Descriptor> d);
  // Installs `d` under `fd` exactly (used for stdio and preopens at setup); replaces what was
  // there.
  void put(uint32_t fd, std::unique_ptr<Descriptor> d);
  // Detaches and returns the descriptor (the caller closes it by dropping it).
  std::unique_ptr<Descriptor> take(uint32_t fd);

 private:
  std::vector<std::unique_ptr<Descriptor>> slots_;
};

// The WASI filetype of a host st_mode.
uint8_t filetype_of_mode(uint32_t st_mode);

// Wraps an open host descriptor as a guest descriptor with the rights its kind allows (all of
// them for a directory's inheriting rights). nullptr when fstat fails.
std::unique_ptr<Descriptor> describe_host_fd(int host_fd);

}  // namespace wasmrun::rt::wasi
