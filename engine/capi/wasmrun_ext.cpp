// wasmrun's extensions (wasmrun.h): engine settings, tier queries, fuel, interrupts, version.
#include "engine/capi/capi_internal.h"

using namespace wasmrun::capi;

extern "C" {

const char* wasmrun_version(void) { return wasmrun::version(); }

void wasmrun_config_set_tier(wasm_config_t* c, wasmrun_tier_t tier) {
  switch (tier) {
    case WASMRUN_TIER_INTERP: c->config.tier = wasmrun::Tier::Interp; break;
    case WASMRUN_TIER_JIT: c->config.tier = wasmrun::Tier::Jit; break;
    case WASMRUN_TIER_AUTO: c->config.tier = wasmrun::Tier::Auto; break;
  }
}

void wasmrun_config_set_bounds_checks(wasm_config_t* c, wasmrun_bounds_checks_t mode) {
  c->config.bounds_checks = mode == WASMRUN_BOUNDS_GUARD_PAGES ? wasmrun::BoundsChecks::GuardPages
                                                               : wasmrun::BoundsChecks::Explicit;
}

void wasmrun_config_set_profiling(wasm_config_t* c, wasmrun_profiling_t profiling) {
  switch (profiling) {
    case WASMRUN_PROFILING_NONE: c->config.profiling = wasmrun::Profiling::None; break;
    case WASMRUN_PROFILING_PERFMAP: c->config.profiling = wasmrun::Profiling::PerfMap; break;
    case WASMRUN_PROFILING_JITDUMP: c->config.profiling = wasmrun::Profiling::JitDump; break;
  }
}

void wasmrun_config_set_debug_info(wasm_config_t* c, bool enabled) {
  c->config.debug_info = enabled;
}

void wasmrun_config_set_fuel(wasm_config_t* c, bool enabled) { c->config.fuel = enabled; }

bool wasmrun_config_set_feature(wasm_config_t* c, const char* name, bool enabled) {
  return c && name && wasmrun::set_feature(c->config.features, name, enabled);
}

void wasmrun_config_set_max_memory_pages(wasm_config_t* c, uint32_t pages) {
  c->config.max_memory_pages = pages;
}

void wasmrun_config_set_max_table_size(wasm_config_t* c, uint32_t elements) {
  c->config.max_table_size = elements;
}

void wasmrun_config_set_max_call_depth(wasm_config_t* c, uint32_t depth) {
  c->config.max_call_depth = depth;
}

void wasmrun_config_set_max_module_size(wasm_config_t* c, uint64_t bytes) {
  c->config.max_module_bytes = bytes;
}

bool wasmrun_module_read_file(const char* path, uint64_t max_bytes, wasm_byte_vec_t* out) {
  clear_last_error();
  wasm_byte_vec_new_empty(out);
  return guarded(false, [&] {
    auto bytes = wasmrun::read_module_file(path ? path : "", max_bytes);
    if (!bytes) {
      set_last_error(bytes.error().message);
      return false;
    }
    wasm_byte_vec_new(out, bytes.value().size(),
                      reinterpret_cast<const wasm_byte_t*>(bytes.value().data()));
    return true;
  });
}

void wasmrun_config_set_max_stack_bytes(wasm_config_t* c, size_t bytes) {
  c->config.max_stack_bytes = bytes;
}

wasmrun_tier_t wasmrun_engine_effective_tier(const wasm_engine_t* e) {
  return e->engine.effective_tier() == wasmrun::Tier::Jit ? WASMRUN_TIER_JIT : WASMRUN_TIER_INTERP;
}

const char* wasmrun_engine_jit_unavailable_reason(const wasm_engine_t* e) {
  return e->engine.jit_unavailable_reason().c_str();
}

bool wasmrun_store_set_fuel(wasm_store_t* store, uint64_t fuel) {
  return store && store->state->store->set_fuel(fuel);
}

bool wasmrun_store_add_fuel(wasm_store_t* store, uint64_t fuel) {
  return store && store->state->store->add_fuel(fuel);
}

bool wasmrun_store_get_fuel(const wasm_store_t* store, uint64_t* fuel) {
  if (!store || !fuel) return false;
  std::optional<uint64_t> left = store->state->store->fuel();
  if (left) *fuel = *left;
  return left.has_value();
}

wasmrun_interrupt_handle_t* wasmrun_interrupt_handle_new(wasm_store_t* store) {
  if (!store) return nullptr;
  return guarded<wasmrun_interrupt_handle_t*>(
      nullptr, [&] { return new wasmrun_interrupt_handle_t{store->state->interrupt}; });
}

void wasmrun_interrupt(const wasmrun_interrupt_handle_t* h) {
  if (!h) return;
  guarded_void([&] {
    // The lock keeps the store from being destroyed while the flag is raised.
    std::lock_guard<std::mutex> lock(h->cell->m);
    if (h->cell->store) h->cell->store->interrupt();
  });
}

void wasmrun_interrupt_handle_delete(wasmrun_interrupt_handle_t* h) { delete h; }

}  // extern "C"
