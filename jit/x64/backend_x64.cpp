#include <asmjit/x86.h>

#include "jit/backend.h"
#include "jit/x64/masm_x64.h"

namespace wasmrun::jit {

std::unique_ptr<MacroAssembler> make_host_masm(asmjit::CodeHolder& code) {
  return std::make_unique<x64::X64MacroAssembler>(code);
}

// SSE4.1 gives roundss/roundsd for ceil, floor, trunc and nearest; everything else is SSE2.
std::optional<std::string> backend_unsupported_reason() {
  if (!asmjit::CpuInfo::host().hasFeature(asmjit::CpuFeatures::X86::kSSE4_1)) {
    return std::string("the x64 JIT needs a CPU with SSE4.1");
  }
  return std::nullopt;
}

}  // namespace wasmrun::jit
