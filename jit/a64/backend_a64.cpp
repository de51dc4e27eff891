#include "jit/a64/masm_a64.h"
#include "jit/backend.h"

namespace wasmrun::jit {

std::unique_ptr<MacroAssembler> make_host_masm(asmjit::CodeHolder& code) {
  return std::make_unique<a64::A64MacroAssembler>(code);
}

// Everything the back end emits is base ARMv8.0-A with Advanced SIMD, which every arm64 Linux
// and Apple system provides.
std::optional<std::string> backend_unsupported_reason() { return std::nullopt; }

}  // namespace wasmrun::jit
