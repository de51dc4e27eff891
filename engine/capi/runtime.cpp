// Config, engine and store, the thread's last error, and the store's bookkeeping for the
// C API (host info, foreign objects, externref boxes).
#include "engine/capi/capi_internal.h"

namespace wasmrun::capi {
namespace {

thread_local std::string last_error;

}  // namespace

void set_last_error(std::string message) { last_error = std::move(message); }
void clear_last_error() { last_error.clear(); }
const char* last_error_cstr() { return last_error.c_str(); }

StoreState::StoreState(const Engine& e)
    : engine(e), store(std::in_place, e), interrupt(std::make_shared<InterruptCell>()) {
  interrupt->store = &*store;
}

StoreState::~StoreState() {
  {
    std::lock_guard<std::mutex> lock(interrupt->m);
    interrupt->store = nullptr;
  }
  // The store goes first: host functions' environments are finalized with it, while the host
  // info below may still be looked at by those finalizers' owners.
  store.reset();
  host_info.clear();
  boxes.clear();
  foreigns.clear();
}

HostInfo& StoreState::info_for(const void* identity) {
  auto& slot = host_info[identity];
  if (!slot) slot = std::make_unique<HostInfo>();
  return *slot;
}

void* StoreState::box(const RefPayload& p) {
  auto& slot = boxes[p.identity()];
  if (!slot) {
    auto b = std::make_unique<RefPayload>(p);
    box_addresses.insert(b.get());
    slot = std::move(b);
  }
  return slot.get();
}

const RefPayload* StoreState::unbox(const void* p) const {
  return box_addresses.count(p) ? static_cast<const RefPayload*>(p) : nullptr;
}

}  // namespace wasmrun::capi

using namespace wasmrun::capi;

extern "C" {

void wasm_config_delete(wasm_config_t* c) { delete c; }
wasm_config_t* wasm_config_new(void) {
  return guarded<wasm_config_t*>(nullptr, [] {
    // EngineConfig's defaults are the C API's too (tier Auto), so the two APIs cannot drift.
    return new wasm_config_t();
  });
}

void wasm_engine_delete(wasm_engine_t* e) { delete e; }
wasm_engine_t* wasm_engine_new(void) { return wasm_engine_new_with_config(wasm_config_new()); }
wasm_engine_t* wasm_engine_new_with_config(wasm_config_t* config) {
  std::unique_ptr<wasm_config_t> owned(config);
  if (!owned) return nullptr;
  return guarded<wasm_engine_t*>(nullptr,
                                 [&] { return new wasm_engine_t{wasmrun::Engine(owned->config)}; });
}

void wasm_store_delete(wasm_store_t* s) { delete s; }
wasm_store_t* wasm_store_new(wasm_engine_t* engine) {
  if (!engine) return nullptr;
  return guarded<wasm_store_t*>(
      nullptr, [&] { return new wasm_store_t{std::make_shared<StoreState>(engine->engine)}; });
}

const char* wasmrun_last_error(void) { return wasmrun::capi::last_error_cstr(); }

}  // extern "C"
