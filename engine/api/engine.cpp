// Engine and Store: configuration, the tier decision, and the objects a store owns.
#include "engine/api/api_internal.h"
#include "engine/api/tier.h"

namespace wasmrun {

Engine::Engine(EngineConfig config) : impl_(std::make_shared<Impl>()) {
  TierDecision d = decide_tier(config);
  impl_->config = std::move(config);
  impl_->effective_tier = d.effective;
  impl_->jit_unavailable_reason = std::move(d.reason);
  impl_->refuse_compile = d.refuse_compile;
}

const EngineConfig& Engine::config() const { return impl_->config; }
Tier Engine::effective_tier() const { return impl_->effective_tier; }
const std::string& Engine::jit_unavailable_reason() const { return impl_->jit_unavailable_reason; }

Store::Impl::Impl(std::shared_ptr<Engine::Impl> e)
    : engine(std::move(e)),
      thread(internal::new_thread(engine->config.max_call_depth, engine->config.max_stack_bytes,
                                  engine->effective_tier == Tier::Jit)) {
  objects.owner = this;
}

rt::BoundsMode Store::Impl::bounds_mode() const {
  return engine->config.bounds_checks == BoundsChecks::GuardPages ? rt::BoundsMode::GuardPages
                                                                  : rt::BoundsMode::Explicit;
}

internal::EngineLimits Store::Impl::limits() const {
  return {bounds_mode(), engine->config.max_memory_pages, engine->config.max_table_size};
}

Store::Store(const Engine& engine) : impl_(std::make_unique<Impl>(engine.impl())) {}
Store::~Store() = default;
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;

void Store::interrupt() {
  if (impl_) impl_->objects.interrupt.store(1, std::memory_order_relaxed);
}

const char* version() { return WASMRUN_VERSION; }

}  // namespace wasmrun
