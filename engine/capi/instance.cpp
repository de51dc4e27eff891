// Instances: instantiation with imports, and their exports.
#include "engine/capi/capi_internal.h"

using namespace wasmrun::capi;

extern "C" {

wasm_instance_t* wasm_instance_new(wasm_store_t* store, const wasm_module_t* module,
                                   const wasm_extern_vec_t* imports, wasm_trap_t** trap_out) {
  clear_last_error();
  if (trap_out) *trap_out = nullptr;
  if (!store || !module) return nullptr;
  // Every failure is also reported as a trap when the caller asked for one.
  auto fail = [&](wasmrun::Trap t) -> wasm_instance_t* {
    set_last_error(t.message);
    if (trap_out) *trap_out = new_trap(std::move(t), store->state);
    return nullptr;
  };
  auto link_error = [&](std::string message) {
    wasmrun::Trap t;
    t.kind = wasmrun::TrapKind::Host;
    t.message = std::move(message);
    return fail(std::move(t));
  };
  return guarded<wasm_instance_t*>(nullptr, [&]() -> wasm_instance_t* {
    std::vector<wasmrun::Extern> externs;
    size_t n = imports ? imports->size : 0;
    externs.reserve(n);
    for (size_t i = 0; i < n; ++i) {
      const wasm_extern_t* e = imports->data[i];
      if (!e) return link_error("import " + std::to_string(i) + " is NULL");
      externs.push_back(*e->p.ext);
    }
    std::optional<wasmrun::Trap> trap;
    auto inst =
        wasmrun::Instance::create(*store->state->store, module->p.module->module, externs, &trap);
    if (!inst) {
      if (trap) return fail(std::move(*trap));
      return link_error(inst.error().message);
    }
    RefPayload p;
    p.kind = RefKind::Instance;
    p.instance = inst.value();
    return new_handle<wasm_instance_t>(std::move(p), store->state);
  });
}

void wasm_instance_exports(const wasm_instance_t* instance, wasm_extern_vec_t* out) {
  wasm_extern_vec_new_empty(out);
  guarded_void([&] {
    auto exports = instance->p.instance->exports();
    wasm_extern_vec_t v;
    wasm_extern_vec_new_uninitialized(&v, exports.size());
    if (v.size != exports.size()) return;
    *out = v;  // filled in place, so a failure half way leaves a deletable vector
    for (size_t i = 0; i < exports.size(); ++i)
      out->data[i] = new_handle<wasm_extern_t>(payload_of(exports[i].second), instance->store);
  });
}

}  // extern "C"
