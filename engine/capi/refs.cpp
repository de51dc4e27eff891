// What every reference shares: handles, identity, host info, the conversions to and from
// wasm_ref_t, and foreign objects.
#include "engine/capi/capi_internal.h"

namespace wasmrun::capi {

const void* RefPayload::identity() const {
  switch (kind) {
    case RefKind::Func:
    case RefKind::Global:
    case RefKind::Table:
    case RefKind::Memory:
      return std::visit([](const auto& e) -> const void* { return e.raw(); }, *ext);
    case RefKind::Instance: return instance->raw();
    case RefKind::Foreign: return foreign;
    case RefKind::Trap: return trap.get();
    case RefKind::Module: return module.get();
  }
  return nullptr;
}

wasm_ref_t* new_ref(RefPayload p, std::shared_ptr<StoreState> store) {
  wasm_ref_t* r = nullptr;
  switch (p.kind) {
    case RefKind::Func: r = new wasm_func_t(); break;
    case RefKind::Global: r = new wasm_global_t(); break;
    case RefKind::Table: r = new wasm_table_t(); break;
    case RefKind::Memory: r = new wasm_memory_t(); break;
    case RefKind::Instance: r = new wasm_instance_t(); break;
    case RefKind::Foreign: r = new wasm_foreign_t(); break;
    case RefKind::Trap: r = new wasm_trap_t(); break;
    case RefKind::Module: r = new wasm_module_t(); break;
  }
  r->p = std::move(p);
  r->store = std::move(store);
  return r;
}

RefPayload payload_of(const Extern& e) {
  RefPayload p;
  switch (kind_of(e)) {
    case ExternKind::Func: p.kind = RefKind::Func; break;
    case ExternKind::Global: p.kind = RefKind::Global; break;
    case ExternKind::Table: p.kind = RefKind::Table; break;
    case ExternKind::Memory: p.kind = RefKind::Memory; break;
  }
  p.ext = e;
  return p;
}

namespace {

// Where a reference's host info lives: in the object for objects of their own, in the store
// for the objects a store owns. `create` false: nullptr when nothing was ever set.
HostInfo* host_info_of(const wasm_ref_t* r, bool create) {
  if (!r) return nullptr;
  switch (r->p.kind) {
    case RefKind::Foreign: return &r->p.foreign->info;
    case RefKind::Trap: return &r->p.trap->info;
    case RefKind::Module: return &r->p.module->info;
    default: break;
  }
  if (!r->store) return nullptr;
  if (create) return &r->store->info_for(r->p.identity());
  auto it = r->store->host_info.find(r->p.identity());
  return it == r->store->host_info.end() ? nullptr : it->second.get();
}

wasm_ref_t* copy_ref(const wasm_ref_t* r) {
  if (!r) return nullptr;
  return guarded<wasm_ref_t*>(nullptr, [&] { return new_ref(r->p, r->store); });
}

bool same_ref(const wasm_ref_t* a, const wasm_ref_t* b) {
  if (!a || !b) return a == b;
  return a->p.kind == b->p.kind && a->p.identity() == b->p.identity();
}

void* get_info(const wasm_ref_t* r) {
  HostInfo* info = host_info_of(r, false);
  return info ? info->get() : nullptr;
}

void set_info(wasm_ref_t* r, void* info, void (*finalizer)(void*)) {
  guarded_void([&] {
    if (HostInfo* slot = host_info_of(r, true)) slot->set(info, finalizer);
  });
}

bool is_extern_kind(RefKind k) {
  return k == RefKind::Func || k == RefKind::Global || k == RefKind::Table || k == RefKind::Memory;
}

}  // namespace
}  // namespace wasmrun::capi

using namespace wasmrun::capi;

// The functions every reference type has. `test` says whether a wasm_ref_t is of this type.
#define WASMRUN_REF_BASE_IMPL(name)                                                                \
  void wasm_##name##_delete(wasm_##name##_t* r) { delete r; }                                      \
  wasm_##name##_t* wasm_##name##_copy(const wasm_##name##_t* r) {                                  \
    return static_cast<wasm_##name##_t*>(copy_ref(r));                                             \
  }                                                                                                \
  bool wasm_##name##_same(const wasm_##name##_t* a, const wasm_##name##_t* b) {                    \
    return same_ref(a, b);                                                                         \
  }                                                                                                \
  void* wasm_##name##_get_host_info(const wasm_##name##_t* r) { return get_info(r); }              \
  void wasm_##name##_set_host_info(wasm_##name##_t* r, void* info) { set_info(r, info, nullptr); } \
  void wasm_##name##_set_host_info_with_finalizer(wasm_##name##_t* r, void* info,                  \
                                                  void (*finalizer)(void*)) {                      \
    set_info(r, info, finalizer);                                                                  \
  }

#define WASMRUN_REF_IMPL(name, test)                                                   \
  WASMRUN_REF_BASE_IMPL(name)                                                          \
  wasm_ref_t* wasm_##name##_as_ref(wasm_##name##_t* r) { return r; }                   \
  const wasm_ref_t* wasm_##name##_as_ref_const(const wasm_##name##_t* r) { return r; } \
  wasm_##name##_t* wasm_ref_as_##name(wasm_ref_t* r) {                                 \
    return r && (test) ? static_cast<wasm_##name##_t*>(r) : nullptr;                   \
  }                                                                                    \
  const wasm_##name##_t* wasm_ref_as_##name##_const(const wasm_ref_t* r) {             \
    return r && (test) ? static_cast<const wasm_##name##_t*>(r) : nullptr;             \
  }

extern "C" {

WASMRUN_REF_BASE_IMPL(ref)
WASMRUN_REF_IMPL(trap, r->p.kind == RefKind::Trap)
WASMRUN_REF_IMPL(foreign, r->p.kind == RefKind::Foreign)
WASMRUN_REF_IMPL(module, r->p.kind == RefKind::Module)
WASMRUN_REF_IMPL(func, r->p.kind == RefKind::Func)
WASMRUN_REF_IMPL(global, r->p.kind == RefKind::Global)
WASMRUN_REF_IMPL(table, r->p.kind == RefKind::Table)
WASMRUN_REF_IMPL(memory, r->p.kind == RefKind::Memory)
WASMRUN_REF_IMPL(extern, is_extern_kind(r->p.kind))
WASMRUN_REF_IMPL(instance, r->p.kind == RefKind::Instance)

wasm_foreign_t* wasm_foreign_new(wasm_store_t* store) {
  if (!store) return nullptr;
  return guarded<wasm_foreign_t*>(nullptr, [&] {
    store->state->foreigns.push_back(std::make_unique<Foreign>());
    RefPayload p;
    p.kind = RefKind::Foreign;
    p.foreign = store->state->foreigns.back().get();
    return new_handle<wasm_foreign_t>(std::move(p), store->state);
  });
}

}  // extern "C"
