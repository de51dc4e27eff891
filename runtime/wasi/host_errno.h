// Host errno values to WASI errno values.
#pragma once

#include "runtime/wasi/abi.h"

namespace wasmrun::rt::wasi {

// The WASI errno for a host `errno`; EIO for anything without a counterpart.
Errno from_host_errno(int host_errno);

// from_host_errno(errno), for call sites right after a failed system call.
Errno last_errno();

}  // namespace wasmrun::rt::wasi
