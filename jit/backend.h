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

}  // namespace wasmrun::jit
