// The single-pass driver: walks one validated function body forward and drives a MacroAssembler,
// keeping values in registers, spill slots or constants (see value_stack.h) and control frames
// (control_stack.h). Architecture-neutral: everything machine-specific is behind masm.h.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/code_offsets.h"
#include "engine/core/function_info.h"
#include "jit/masm.h"

namespace wasmrun::jit {

// What the functions of one module share while they are compiled into one code buffer.
struct ModuleCodegen {
  const ValidatedModule* module = nullptr;
  MacroAssembler* masm = nullptr;
  std::vector<Label> func_labels;  // entry of each defined function
  Label trap_common;               // the module's trap tail (MacroAssembler::emit_trap_common)
  uint32_t outgoing_bytes = 0;     // outgoing area every frame reserves (module_outgoing_bytes)
  bool fuel = false;               // CompileOptions::fuel
  // Code offset -> bytecode offset for backtraces (CompiledModule::code_offsets), ascending:
  // a byte of each call into wasm code and of each trap site's call to its stub (both one before
  // their return address), and in guard-page mode the first byte of each load and store.
  std::vector<CodeOffset>* code_offsets = nullptr;
};

// The outgoing area large enough for any call of the module and for every helper's cells.
uint32_t module_outgoing_bytes(const core::Module& module);

// Emits defined function `defined_index` (index - num_imported_funcs) at its label. Returns the
// reason when the body uses an instruction this tier does not compile yet.
std::optional<std::string> compile_function(ModuleCodegen& m, uint32_t defined_index);

}  // namespace wasmrun::jit
