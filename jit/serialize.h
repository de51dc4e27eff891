// A compiled module's machine code as bytes (for the module cache, engine/api/cache.cpp) and back
// without compiling again. The code embeds no absolute address (helpers are reached through
// ExecState, branches and tables are relative), so loading is a copy into a block from the
// configured code allocator, published like fresh code.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "engine/core/error.h"
#include "engine/core/function_info.h"
#include "engine/core/serial.h"
#include "jit/jit.h"

namespace wasmrun::jit {

// What serialized code depends on beyond the engine version and configuration: the target
// architecture, the optional CPU features the code may use, and a fingerprint of the layouts
// the code reads at fixed offsets (ExecState, InstanceContext, FuncInst, the helper table).
struct CodeTarget {
  std::string arch;
  uint64_t cpu_features = 0;
  uint64_t abi = 0;
};
CodeTarget host_code_target();
// The names of feature bits (for "compiled for a CPU with lzcnt, this one lacks it").
std::string cpu_feature_names(uint64_t bits);

// Appends the code of `cm` and where its functions start. Fails when the code cannot be moved
// (it embeds an absolute address).
std::optional<std::string> serialize_code(const CompiledModule& cm, serial::Writer& out);

// Reads what serialize_code wrote for `module` and publishes it through `allocator`. Every count
// and offset is checked against the module and the code's size; the instructions themselves are
// trusted (the caller has checked the file's checksum and origin).
CoreResult<std::shared_ptr<const CompiledModule>> load_code(
    std::shared_ptr<const ValidatedModule> module, std::shared_ptr<CodeAllocator> allocator,
    const CompileOptions& options, serial::Reader& in);

}  // namespace wasmrun::jit
