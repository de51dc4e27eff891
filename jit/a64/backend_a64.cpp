#include <string>

#include "jit/a64/masm_a64.h"
#include "jit/backend.h"

namespace wasmrun::jit {

std::unique_ptr<MacroAssembler> make_host_masm(asmjit::CodeHolder& code) {
  return std::make_unique<a64::A64MacroAssembler>(code);
}

// Everything the back end emits is base ARMv8.0-A with Advanced SIMD, which every arm64 Linux
// and Apple system provides.
std::optional<std::string> backend_unsupported_reason() { return std::nullopt; }

// Nothing optional is used (see above).
uint64_t backend_cpu_features() { return 0; }

std::string backend_cpu_feature_names(uint64_t bits) {
  return bits == 0 ? std::string() : "features 0x" + std::to_string(bits);
}

const char* backend_arch_name() { return "aarch64"; }

}  // namespace wasmrun::jit
