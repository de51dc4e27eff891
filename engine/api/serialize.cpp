// Module::serialize and Module::deserialize, API side (the format is engine/api/cache.cpp).
#include <new>

#include "engine/api/api_internal.h"

namespace wasmrun {

namespace {

// Everything in the engine's configuration that changes the code a module compiles to, as the
// text serialized modules record and must match. One place: an option that changes code (a
// new instrumentation, another bounds mode) adds its word here.
std::string code_config(const Engine::Impl& e) {
  // Fuel metering adds code at function entries and loop headers in both tiers.
  std::string options = e.config.fuel ? " fuel=on" : " fuel=off";
  // A feature switched off narrows what validates; recorded only then, so the default is as before.
  for (const FeatureFlag& f : kFeatureFlags) {
    if (!(e.config.features.*f.flag)) options += " no-" + std::string(f.name);
  }
  if (e.effective_tier != Tier::Jit) return "tier=interp" + options;
  return std::string("tier=jit bounds=") +
         (e.config.bounds_checks == BoundsChecks::GuardPages ? "guard-pages" : "explicit") +
         options;
}

internal::CacheIdentity identity_of(const Engine::Impl& e) {
  return internal::CacheIdentity{version(), code_config(e)};
}

}  // namespace

Result<std::vector<uint8_t>> Module::serialize() const {
  try {
    std::vector<uint8_t> out;
    if (auto why = internal::serialize(impl_->parts, identity_of(*impl_->engine), &out)) {
      return Error{Error::Kind::Other, "cannot serialize the module: " + *why, 0};
    }
    return out;
  } catch (const std::bad_alloc&) {
    return Error{Error::Kind::Other, "out of memory", 0};
  }
}

Result<Module> Module::deserialize(const Engine& engine, std::span<const uint8_t> bytes) {
  try {
    auto impl = std::make_shared<Impl>();
    impl->engine = engine.impl();
    if (impl->engine->refuse_compile) {
      return Error{Error::Kind::Other, impl->engine->jit_unavailable_reason, 0};
    }
    if (auto failure = internal::deserialize(bytes, compile_target(*impl->engine),
                                             identity_of(*impl->engine), &impl->parts)) {
      return *failure;
    }
    return Module(std::move(impl));
  } catch (const std::bad_alloc&) {
    return Error{Error::Kind::Other, "out of memory", 0};
  }
}

std::span<const uint8_t> Module::binary() const { return internal::module_binary(impl_->parts); }

bool Module::is_serialized(std::span<const uint8_t> bytes) {
  return internal::is_serialized(bytes);
}

}  // namespace wasmrun
