// A module's published machine code and how to find it again from a code address (for the entry
// trampoline of a function and for backtraces).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "engine/core/code_offsets.h"
#include "engine/core/function_info.h"
#include "jit/jit.h"
#include "runtime/code/asmjit_code.h"

namespace wasmrun::jit {

using TrampolineFn = int (*)(void* state, rt::InstanceContext* ctx, const void* code,
                             uint64_t* cells, size_t bytes);

struct CompiledModule {
  std::shared_ptr<const ValidatedModule> module;
  rt::PublishedCode code;
  std::vector<uintptr_t> entries;  // per defined function, ascending
  TrampolineFn trampoline = nullptr;
  uintptr_t begin = 0;
  uintptr_t end = 0;
  uintptr_t trap_common = 0;      // the trap tail; function bodies lie in [begin, trap_common)
  bool fault_registered = false;  // guard-page mode: known to the fault handler
  // No absolute address in the code: it runs wherever it is copied to (jit/serialize.cpp).
  bool position_independent = true;
  // Code offset (from `begin`) -> bytecode offset, ascending; see ModuleCodegen::code_offsets.
  std::vector<CodeOffset> code_offsets;
  // The debugger's view of this code (jit/visibility/gdb_jit.h). Declared last so it is dropped
  // first, while the code it describes is still mapped.
  std::shared_ptr<void> debugger_registration;

  CompiledModule() = default;
  ~CompiledModule();
  CompiledModule(const CompiledModule&) = delete;
  CompiledModule& operator=(const CompiledModule&) = delete;

  // The function whose code contains `pc` (module index space).
  uint32_t func_index_at(uintptr_t pc) const;
  // The bytecode offset of the instruction whose code contains `pc` (a recorded position: inside
  // a call, a trap site's call, or a guard-page access).
  std::optional<uint32_t> wasm_offset_at(uintptr_t pc) const;
};

// Where the pieces of a module's code lie, relative to the start of its block.
struct CodeOffsets {
  std::vector<uint64_t> entries;  // per defined function
  uint64_t trampoline = 0;
  uint64_t trap_common = 0;
  uint64_t size = 0;  // bytes of code
};

// Takes `cm.code` (published) and `offsets` into the module's addresses, then makes the code
// known as fresh code is: the address registry, profilers and debuggers, the fault handler.
std::optional<CoreError> finish_module(CompiledModule& cm, const CodeOffsets& offsets,
                                       const CompileOptions& options);

// Process-wide map from code addresses to modules; entries live as long as their module.
void register_code(const CompiledModule* m);
void unregister_code(const CompiledModule* m);
const CompiledModule* find_code(uintptr_t pc);

}  // namespace wasmrun::jit
