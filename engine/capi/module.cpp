// Modules: compile, validate, describe, serialize, and share across threads and stores.
#include "engine/capi/capi_internal.h"

namespace wasmrun::capi {
namespace {

std::span<const uint8_t> bytes_of(const wasm_byte_vec_t* v) {
  if (!v || !v->data) return {};
  return {reinterpret_cast<const uint8_t*>(v->data), v->size};
}

wasm_module_t* compile_module(const Engine& engine, std::span<const uint8_t> bytes) {
  auto m = Module::compile(engine, bytes);
  if (!m) {
    set_last_error(m.error().message);
    return nullptr;
  }
  RefPayload p;
  p.kind = RefKind::Module;
  p.module = std::make_shared<ModuleState>(std::move(m.value()), engine,
                                           std::vector<uint8_t>(bytes.begin(), bytes.end()));
  return new_handle<wasm_module_t>(std::move(p), nullptr);
}

// Import and export descriptions carry their entity's type the same way.
template <class Desc>
wasm_externtype_t* new_externtype_of(const Desc& d) {
  switch (d.kind) {
    case wasmrun::ExternKind::Func: return new_functype(d.func);
    case wasmrun::ExternKind::Table: return new_tabletype(d.table);
    case wasmrun::ExternKind::Memory: return new_memorytype(d.memory);
    case wasmrun::ExternKind::Global: return new_globaltype(d.global);
  }
  return nullptr;
}

}  // namespace
}  // namespace wasmrun::capi

using namespace wasmrun::capi;

extern "C" {

wasm_module_t* wasm_module_new(wasm_store_t* store, const wasm_byte_vec_t* binary) {
  clear_last_error();
  if (!store) return nullptr;
  return guarded<wasm_module_t*>(
      nullptr, [&] { return compile_module(store->state->engine, bytes_of(binary)); });
}

bool wasm_module_validate(wasm_store_t* store, const wasm_byte_vec_t* binary) {
  clear_last_error();
  return guarded(false, [&] {
    wasmrun::EngineConfig config = store ? store->state->engine.config() : wasmrun::EngineConfig{};
    if (auto error =
            wasmrun::Module::validate(bytes_of(binary), config.max_module_bytes, config.features)) {
      set_last_error(error->message);
      return false;
    }
    return true;
  });
}

void wasm_module_imports(const wasm_module_t* module, wasm_importtype_vec_t* out) {
  wasm_importtype_vec_new_empty(out);
  guarded_void([&] {
    auto imports = module->p.module->module.imports();
    wasm_importtype_vec_t v;
    wasm_importtype_vec_new_uninitialized(&v, imports.size());
    if (v.size != imports.size()) return;
    for (size_t i = 0; i < imports.size(); ++i) {
      const auto& d = imports[i];
      auto* t = new wasm_importtype_t();
      v.data[i] = t;
      name_from(&t->module, d.module);
      name_from(&t->name, d.name);
      t->type = new_externtype_of(d);
    }
    *out = v;
  });
}

void wasm_module_exports(const wasm_module_t* module, wasm_exporttype_vec_t* out) {
  wasm_exporttype_vec_new_empty(out);
  guarded_void([&] {
    auto exports = module->p.module->module.exports();
    wasm_exporttype_vec_t v;
    wasm_exporttype_vec_new_uninitialized(&v, exports.size());
    if (v.size != exports.size()) return;
    for (size_t i = 0; i < exports.size(); ++i) {
      const auto& d = exports[i];
      auto* t = new wasm_exporttype_t();
      v.data[i] = t;
      name_from(&t->name, d.name);
      t->type = new_externtype_of(d);
    }
    *out = v;
  });
}

void wasm_module_serialize(const wasm_module_t* module, wasm_byte_vec_t* out) {
  clear_last_error();
  wasm_byte_vec_new_empty(out);
  if (!module) return;
  guarded_void([&] {
    auto blob = module->p.module->module.serialize();
    if (!blob) {
      set_last_error(blob.error().message);
      return;
    }
    wasm_byte_vec_new_uninitialized(out, blob.value().size());
    if (out->size != blob.value().size()) return;
    if (!blob.value().empty()) std::memcpy(out->data, blob.value().data(), blob.value().size());
  });
}

wasm_module_t* wasm_module_deserialize(wasm_store_t* store, const wasm_byte_vec_t* data) {
  clear_last_error();
  if (!store) return nullptr;
  return guarded<wasm_module_t*>(nullptr, [&]() -> wasm_module_t* {
    const wasmrun::Engine& engine = store->state->engine;
    auto m = wasmrun::Module::deserialize(engine, bytes_of(data));
    if (!m) {
      set_last_error(m.error().message);
      return nullptr;
    }
    auto binary = m.value().binary();
    RefPayload p;
    p.kind = RefKind::Module;
    p.module = std::make_shared<ModuleState>(std::move(m.value()), engine,
                                             std::vector<uint8_t>(binary.begin(), binary.end()));
    return new_handle<wasm_module_t>(std::move(p), nullptr);
  });
}

void wasm_shared_module_delete(wasm_shared_module_t* m) { delete m; }

wasm_shared_module_t* wasm_module_share(const wasm_module_t* module) {
  if (!module) return nullptr;
  return guarded<wasm_shared_module_t*>(nullptr,
                                        [&] { return new wasm_shared_module_t{module->p.module}; });
}

// The compiled module is immutable, so any store of the same engine reuses it; a store of
// another engine (another tier, other limits) compiles the binary again.
wasm_module_t* wasm_module_obtain(wasm_store_t* store, const wasm_shared_module_t* shared) {
  clear_last_error();
  if (!store || !shared) return nullptr;
  return guarded<wasm_module_t*>(nullptr, [&]() -> wasm_module_t* {
    const ModuleState& m = *shared->module;
    if (m.engine.impl() != store->state->engine.impl())
      return compile_module(store->state->engine, m.bytes);
    RefPayload p;
    p.kind = RefKind::Module;
    p.module = std::make_shared<ModuleState>(m.module, m.engine, m.bytes);
    return new_handle<wasm_module_t>(std::move(p), nullptr);
  });
}

}  // extern "C"
