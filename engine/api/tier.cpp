#include "engine/api/tier.h"

namespace wasmrun {
namespace {

// Why the JIT cannot run here, or empty when it can. This is the seam for the JIT: once it
// exists, return empty when the build has it and the code-memory probe
// (probe_code_memory(*config.code_allocator or default_code_allocator())) allows executable
// memory, and the probe's reason otherwise.
std::string jit_blocker(const EngineConfig& config) { return "this build has no JIT yet"; }

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
