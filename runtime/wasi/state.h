// One program's WASI state: arguments, environment, descriptors and exit status. Knows nothing of
// the public API; engine/api/wasi_*.cpp binds it to a Store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/wasi/fd_table.h"
#include "runtime/wasi/interrupter.h"

namespace wasmrun::rt::wasi {

struct State {
  std::vector<std::string> args;
  std::vector<std::string> env;  // "NAME=VALUE"
  FdTable fds;
  std::optional<uint32_t> exit_code;  // set by proc_exit
  Interrupter interrupter;            // ends sleeps and pipe waits early (EINTR)

  // Guest fd `fd` becomes a duplicate (numbered 3 or above) of host descriptor `host_fd`; -1 or
  // a closed `host_fd` leaves it closed.
  // False with `error` set when the duplicate cannot be made.
  bool add_stdio(uint32_t fd, int host_fd, std::string* error);
  // Opens `host_path` as the next preopened directory, visible to the guest as `guest_path`.
  bool add_preopen(const std::string& host_path, const std::string& guest_path, std::string* error);
};

}  // namespace wasmrun::rt::wasi
