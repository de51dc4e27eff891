#include <asmjit/x86.h>

#include <iterator>
#include <string>

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

namespace {

struct Feature {
  asmjit::CpuFeatures::X86::Id id;
  const char* name;
};
// The masm picks instructions by these (masm_x64.cpp); sse4.1 is required by the back end.
constexpr Feature kFeatures[] = {{asmjit::CpuFeatures::X86::kSSE4_1, "sse4.1"},
                                 {asmjit::CpuFeatures::X86::kLZCNT, "lzcnt"},
                                 {asmjit::CpuFeatures::X86::kBMI, "bmi1"},
                                 {asmjit::CpuFeatures::X86::kPOPCNT, "popcnt"}};

}  // namespace

uint64_t backend_cpu_features() {
  const asmjit::CpuInfo& cpu = asmjit::CpuInfo::host();
  uint64_t bits = 0;
  for (size_t i = 0; i < std::size(kFeatures); ++i) {
    if (cpu.hasFeature(kFeatures[i].id)) bits |= uint64_t{1} << i;
  }
  return bits;
}

std::string backend_cpu_feature_names(uint64_t bits) {
  std::string out;
  for (size_t i = 0; i < 64; ++i) {
    if ((bits >> i & 1) == 0) continue;
    if (!out.empty()) out += ' ';
    out += i < std::size(kFeatures) ? kFeatures[i].name : "feature" + std::to_string(i);
  }
  return out;
}

const char* backend_arch_name() { return "x86_64"; }

}  // namespace wasmrun::jit
