// The back end for the host architecture: the one place the tier picks an instruction set.
#pragma once

#include <asmjit/core.h>

#include <memory>
#include <optional>
#include <string>

#include "jit/masm.h"

namespace wasmrun::jit {

// A MacroAssembler emitting into `code` (initialised for the host by the caller).
std::unique_ptr<MacroAssembler> make_host_masm(asmjit::CodeHolder& code);

// Why this host cannot run the back end (nullopt when it can).
std::optional<std::string> backend_unsupported_reason();

// The optional CPU features this host has that the back end's code may use, one bit each, and
// their names. Serialized code records them: it loads only on a CPU that has every one.
uint64_t backend_cpu_features();
std::string backend_cpu_feature_names(uint64_t bits);

// The target architecture's name ("x86_64", "aarch64").
const char* backend_arch_name();

}  // namespace wasmrun::jit
