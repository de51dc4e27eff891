// Which tier an engine runs, decided once when the engine is created.
#pragma once

#include <string>

#include "wasmrun/wasmrun.hpp"

namespace wasmrun {

struct TierDecision {
  Tier effective = Tier::Interp;
  std::string reason;           // why the JIT is not used; empty when it is
  bool refuse_compile = false;  // Tier::Jit was demanded but cannot run
};

TierDecision decide_tier(const EngineConfig& config);

}  // namespace wasmrun
