// Globals, tables, memories, and externs (any of those and functions).
#include "engine/capi/capi_internal.h"

namespace wasmrun::capi {
namespace {

template <class T>
const T& get(const wasm_ref_t* r) {
  return std::get<T>(*r->p.ext);
}
template <class T>
T& get_mut(wasm_ref_t* r) {
  return std::get<T>(*r->p.ext);
}

template <class H, class T>
H* handle(const Result<T>& made, const std::shared_ptr<StoreState>& store) {
  if (!made.ok()) {
    set_last_error(made.error().message);
    return nullptr;
  }
  return new_handle<H>(payload_of(Extern(made.value())), store);
}

std::optional<ValType> elem_of(const wasm_valtype_t* t) {
  if (!t) return std::nullopt;
  return valtype_of(t->kind);
}

}  // namespace
}  // namespace wasmrun::capi

using namespace wasmrun::capi;
using wasmrun::Global;
using wasmrun::Memory;
using wasmrun::Table;

extern "C" {

// ---- Globals ----

wasm_global_t* wasm_global_new(wasm_store_t* store, const wasm_globaltype_t* type,
                               const wasm_val_t* init) {
  clear_last_error();
  if (!store || !type || !init) return nullptr;
  return guarded<wasm_global_t*>(nullptr, [&]() -> wasm_global_t* {
    auto vt = elem_of(type->content);
    if (!vt) {
      set_last_error("invalid global type");
      return nullptr;
    }
    std::string error;
    auto v = to_value(*init, *vt, *store->state, &error);
    if (!v) {
      set_last_error("global initializer: " + error);
      return nullptr;
    }
    wasmrun::GlobalType gt{*vt, type->mutability == WASM_VAR};
    return handle<wasm_global_t>(Global::create(*store->state->store, gt, *v), store->state);
  });
}

wasm_globaltype_t* wasm_global_type(const wasm_global_t* g) {
  return guarded<wasm_globaltype_t*>(nullptr,
                                     [&] { return new_globaltype(get<Global>(g).type()); });
}

void wasm_global_get(const wasm_global_t* g, wasm_val_t* out) {
  out->kind = WASM_I32;
  out->of.i64 = 0;
  guarded_void([&] { *out = to_c_val(get<Global>(g).get(), *g->store); });
}

void wasm_global_set(wasm_global_t* g, const wasm_val_t* v) {
  clear_last_error();
  guarded_void([&] {
    Global& global = get_mut<Global>(g);
    wasmrun::GlobalType t = global.type();
    std::string error;
    auto value = to_value(*v, t.type, *g->store, &error);
    if (!value) return set_last_error("global.set: " + error);
    if (!global.set(*value)) set_last_error("global.set: the global is immutable");
  });
}

// ---- Tables ----

wasm_table_t* wasm_table_new(wasm_store_t* store, const wasm_tabletype_t* type, wasm_ref_t* init) {
  clear_last_error();
  if (!store || !type) return nullptr;
  return guarded<wasm_table_t*>(nullptr, [&]() -> wasm_table_t* {
    auto elem = elem_of(type->element);
    if (!elem || !wasmrun::is_ref(*elem)) {
      set_last_error("invalid table element type");
      return nullptr;
    }
    std::string error;
    auto v = ref_value(init, *elem, *store->state, &error);
    if (!v) {
      set_last_error("table initializer: " + error);
      return nullptr;
    }
    wasmrun::TableType tt{*elem, limits_of(type->limits)};
    return handle<wasm_table_t>(Table::create(*store->state->store, tt, *v), store->state);
  });
}

wasm_tabletype_t* wasm_table_type(const wasm_table_t* t) {
  return guarded<wasm_tabletype_t*>(nullptr, [&] { return new_tabletype(get<Table>(t).type()); });
}

wasm_ref_t* wasm_table_get(const wasm_table_t* t, wasm_table_size_t index) {
  return guarded<wasm_ref_t*>(nullptr, [&]() -> wasm_ref_t* {
    auto v = get<Table>(t).get(index);
    return v ? to_c_ref(*v, *t->store) : nullptr;
  });
}

bool wasm_table_set(wasm_table_t* t, wasm_table_size_t index, wasm_ref_t* r) {
  clear_last_error();
  return guarded(false, [&] {
    Table& table = get_mut<Table>(t);
    std::string error;
    auto v = ref_value(r, table.type().elem, *t->store, &error);
    if (!v) {
      set_last_error("table.set: " + error);
      return false;
    }
    if (!table.set(index, *v)) {
      set_last_error("table.set: index out of bounds");
      return false;
    }
    return true;
  });
}

wasm_table_size_t wasm_table_size(const wasm_table_t* t) { return get<Table>(t).size(); }

bool wasm_table_grow(wasm_table_t* t, wasm_table_size_t delta, wasm_ref_t* init) {
  clear_last_error();
  return guarded(false, [&] {
    Table& table = get_mut<Table>(t);
    std::string error;
    auto v = ref_value(init, table.type().elem, *t->store, &error);
    if (!v) {
      set_last_error("table.grow: " + error);
      return false;
    }
    if (!table.grow(delta, *v)) {
      set_last_error("table.grow: the table cannot grow by " + std::to_string(delta));
      return false;
    }
    return true;
  });
}

// ---- Memories ----

wasm_memory_t* wasm_memory_new(wasm_store_t* store, const wasm_memorytype_t* type) {
  clear_last_error();
  if (!store || !type) return nullptr;
  return guarded<wasm_memory_t*>(nullptr, [&] {
    return handle<wasm_memory_t>(Memory::create(*store->state->store, type->type), store->state);
  });
}

wasm_memorytype_t* wasm_memory_type(const wasm_memory_t* m) {
  return guarded<wasm_memorytype_t*>(nullptr,
                                     [&] { return new_memorytype(get<Memory>(m).type()); });
}

byte_t* wasm_memory_data(wasm_memory_t* m) {
  return reinterpret_cast<byte_t*>(get<Memory>(m).data());
}

size_t wasm_memory_data_size(const wasm_memory_t* m) {
  return static_cast<size_t>(get<Memory>(m).size_bytes());
}

wasm_memory_pages_t wasm_memory_size(const wasm_memory_t* m) { return get<Memory>(m).pages(); }

bool wasm_memory_grow(wasm_memory_t* m, wasm_memory_pages_t delta) {
  return guarded(false, [&] { return get_mut<Memory>(m).grow(delta).has_value(); });
}

// ---- Externs ----

wasm_externkind_t wasm_extern_kind(const wasm_extern_t* e) {
  return externkind_of(wasmrun::kind_of(*e->p.ext));
}

wasm_externtype_t* wasm_extern_type(const wasm_extern_t* e) {
  return guarded<wasm_externtype_t*>(nullptr, [&] { return new_externtype(*e->p.ext); });
}

wasm_extern_t* wasm_func_as_extern(wasm_func_t* f) { return f; }
wasm_extern_t* wasm_global_as_extern(wasm_global_t* g) { return g; }
wasm_extern_t* wasm_table_as_extern(wasm_table_t* t) { return t; }
wasm_extern_t* wasm_memory_as_extern(wasm_memory_t* m) { return m; }
const wasm_extern_t* wasm_func_as_extern_const(const wasm_func_t* f) { return f; }
const wasm_extern_t* wasm_global_as_extern_const(const wasm_global_t* g) { return g; }
const wasm_extern_t* wasm_table_as_extern_const(const wasm_table_t* t) { return t; }
const wasm_extern_t* wasm_memory_as_extern_const(const wasm_memory_t* m) { return m; }

#define WASMRUN_EXTERN_AS(name, kind_value)                                                 \
  wasm_##name##_t* wasm_extern_as_##name(wasm_extern_t* e) {                                \
    return e && e->p.kind == kind_value ? static_cast<wasm_##name##_t*>(e) : nullptr;       \
  }                                                                                         \
  const wasm_##name##_t* wasm_extern_as_##name##_const(const wasm_extern_t* e) {            \
    return e && e->p.kind == kind_value ? static_cast<const wasm_##name##_t*>(e) : nullptr; \
  }
WASMRUN_EXTERN_AS(func, RefKind::Func)
WASMRUN_EXTERN_AS(global, RefKind::Global)
WASMRUN_EXTERN_AS(table, RefKind::Table)
WASMRUN_EXTERN_AS(memory, RefKind::Memory)
#undef WASMRUN_EXTERN_AS

}  // extern "C"
