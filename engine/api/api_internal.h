// What the public handles point at. API side only: includes wasmrun.hpp, never the core's
// headers (see core_bridge.h for why).
#pragma once

#include <memory>
#include <string>

#include "engine/api/core_bridge.h"
#include "runtime/store.h"
#include "runtime/type_registry.h"
#include "wasmrun/wasmrun.hpp"

namespace wasmrun {

struct Engine::Impl {
  EngineConfig config;
  Tier effective_tier = Tier::Interp;
  std::string jit_unavailable_reason;  // empty when the JIT is what runs
  bool refuse_compile = false;         // the embedder demanded a tier this build cannot give
  rt::TypeRegistry types;
};

struct Module::Impl {
  std::shared_ptr<Engine::Impl> engine;
  bridge::CompiledParts parts;
};

struct Store::Impl {
  explicit Impl(std::shared_ptr<Engine::Impl> e);

  std::shared_ptr<Engine::Impl> engine;
  rt::Store objects;
  bridge::ThreadPtr thread;

  rt::BoundsMode bounds_mode() const;
  bridge::EngineLimits limits() const;
};

// How modules are compiled for the engine `e` (tier, code allocator, bounds mode, visibility).
bridge::CompileTarget compile_target(const Engine::Impl& e);
// A core failure as the public Error.
Error to_error(const bridge::CoreFailure& f);

// The API store a runtime store belongs to.
inline Store::Impl* api_store(rt::Store* s) {
  return s ? static_cast<Store::Impl*>(s->owner) : nullptr;
}

}  // namespace wasmrun
