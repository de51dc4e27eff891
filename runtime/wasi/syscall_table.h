// Every WASI call by import name, with its wasm signature, so a binding layer can create one host
// function per import without knowing the calls one by one.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "runtime/wasi/guest_memory.h"
#include "runtime/wasi/state.h"

namespace wasmrun::rt::wasi {

struct Syscall {
  const char* name;
  // Parameter types, one letter each: 'i' i32, 'I' i64.
  const char* params;
  // False only for proc_exit, which returns nothing and ends the program.
  bool returns_errno;
  // Arguments as raw 64-bit cells in `params` order; the result is the errno.
  uint32_t (*call)(State& s, GuestMemory m, const uint64_t* args);
};

std::span<const Syscall> syscalls();
// The call named `name`, or nullptr.
const Syscall* find_syscall(std::string_view name);

}  // namespace wasmrun::rt::wasi
