#include "engine/api/tier.h"

#include "engine/api/api_internal.h"
#include "runtime/code/code_memory.h"

namespace wasmrun {
namespace {

// The JIT has x64 and arm64 back ends; builds for other architectures leave it out
// (engine/api/CMakeLists.txt) and run everything in the interpreter.
constexpr bool kBuildHasJit = WASMRUN_HAS_JIT != 0;

// Why the JIT cannot run here, or empty when it can. Executable memory is probed only when
// there is a JIT to use it, so interpreter-only engines never map executable pages.
std::string jit_blocker(const EngineConfig& config) {
  if (!kBuildHasJit) return "this build has no JIT for this architecture";
  // A CPU the back end cannot generate code for (x64 without SSE4.1) is a host limit, checked
  // before any executable memory is mapped.
  if (auto why = internal::jit_host_unsupported_reason())
    return "the CPU is not supported: " + *why;
  std::shared_ptr<CodeAllocator> allocator = rt::resolve_code_allocator(config.code_allocator);
  if (!allocator) return "no code allocator is available";
  if (auto why = rt::probe_code_memory(*allocator)) return "executable memory is refused: " + *why;
  return {};
}

}  // namespace

TierDecision decide_tier(const EngineConfig& config) {
  TierDecision d;
  switch (config.tier) {
    case Tier::Interp:
      d.effective = Tier::Interp;
      d.reason = "the engine is configured for the interpreter";
      break;
    case Tier::Auto:
      d.reason = jit_blocker(config);
      d.effective = d.reason.empty() ? Tier::Jit : Tier::Interp;
      break;
    case Tier::Jit:
      // Asked for the JIT only: no silent fallback, Module::compile reports the reason. Nothing
      // then runs at all, so the effective tier stays Jit only when the JIT is really usable.
      d.reason = jit_blocker(config);
      d.refuse_compile = !d.reason.empty();
      d.effective = d.refuse_compile ? Tier::Interp : Tier::Jit;
      break;
  }
  return d;
}

}  // namespace wasmrun
