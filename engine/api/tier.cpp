#include "engine/api/tier.h"

#include "runtime/code/code_memory.h"

namespace wasmrun {
namespace {

// Flip when the JIT tier is wired into Module::compile and Func::call (jit/jit.h); until then
// every module runs in the interpreter.
constexpr bool kBuildHasJit = false;

// Why the JIT cannot run here, or empty when it can. Executable memory is probed only when
// there is a JIT to use it, so interpreter-only engines never map executable pages.
std::string jit_blocker(const EngineConfig& config) {
  if (!kBuildHasJit) return "this build has no JIT yet";
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
      // Asked for the JIT only: no silent fallback, Module::compile reports the reason.
      d.reason = jit_blocker(config);
      d.effective = Tier::Jit;
      d.refuse_compile = !d.reason.empty();
      break;
  }
  return d;
}

}  // namespace wasmrun
