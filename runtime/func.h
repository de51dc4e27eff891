// Function instances: what a funcref points to and what calls go through.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>

#include "runtime/trap.h"
#include "runtime/value.h"
#include "wasmrun/types.hpp"

namespace wasmrun::rt {

struct InstanceContext;

// Given to host functions: the instance whose code made the call (null when the host called the
// host function directly), so WASI and similar can reach the caller's memory.
struct HostCallContext {
  InstanceContext* caller = nullptr;
};

// A host function fills `results` (one cell per result) or returns a trap.
using HostCallback = std::function<std::optional<TrapInfo>(HostCallContext& ctx, const RawValue* args,
                                                           RawValue* results)>;

struct FuncInst {
  const FuncType* type = nullptr;  // stable for the lifetime of the store
  uint32_t type_id = 0;            // canonical id: equal ids <=> equal types (call_indirect)
  InstanceContext* ctx = nullptr;  // defining instance (wasm functions); null for host functions
  uint32_t func_index = 0;         // index in the defining module
  const void* interp_code = nullptr;  // the interpreter's translated function
  const void* jit_code = nullptr;     // the JIT's entry point (later)
  HostCallback host;                  // set for host functions only
  bool is_host() const { return static_cast<bool>(host); }
};

}  // namespace wasmrun::rt
