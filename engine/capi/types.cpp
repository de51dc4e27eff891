// Type descriptions: value, function, global, table, memory, extern, import and export types,
// and their conversions from and to the C++ API's types.
#include <algorithm>

#include "engine/capi/capi_internal.h"

namespace wasmrun::capi {

void name_from(wasm_name_t* out, std::string_view s, bool nul) {
  wasm_byte_vec_new_uninitialized(out, s.size() + (nul ? 1 : 0));
  if (out->size == 0) return;
  std::memcpy(out->data, s.data(), s.size());
  if (nul) out->data[s.size()] = '\0';
}

std::string string_of(const wasm_byte_vec_t* v) {
  if (!v || !v->data) return {};
  return std::string(v->data, v->size);
}

wasm_valkind_t valkind_of(ValType t) {
  switch (t) {
    case ValType::I32: return WASM_I32;
    case ValType::I64: return WASM_I64;
    case ValType::F32: return WASM_F32;
    case ValType::F64: return WASM_F64;
    case ValType::V128: return WASMRUN_V128;
    case ValType::FuncRef: return WASM_FUNCREF;
    case ValType::ExternRef: return WASM_EXTERNREF;
  }
  return WASM_I32;
}

std::optional<ValType> valtype_of(wasm_valkind_t k) {
  switch (k) {
    case WASM_I32: return ValType::I32;
    case WASM_I64: return ValType::I64;
    case WASM_F32: return ValType::F32;
    case WASM_F64: return ValType::F64;
    case WASMRUN_V128: return ValType::V128;
    case WASM_FUNCREF: return ValType::FuncRef;
    case WASM_EXTERNREF: return ValType::ExternRef;
    default: return std::nullopt;
  }
}

wasm_valtype_t* new_valtype(ValType t) { return new wasm_valtype_t{valkind_of(t)}; }

// 32-bit limits; values of a 64-bit memory's limits beyond 32 bits read as UINT32_MAX.
wasm_limits_t c_limits(const Limits& l) {
  auto narrow = [](uint64_t v) { return static_cast<uint32_t>(std::min<uint64_t>(v, UINT32_MAX)); };
  return {narrow(l.min), narrow(l.max.value_or(wasm_limits_max_default))};
}

Limits limits_of(const wasm_limits_t& l) {
  Limits out;
  out.min = l.min;
  if (l.max != wasm_limits_max_default) out.max = l.max;
  return out;
}

namespace {

void valtypes_from(wasm_valtype_vec_t* out, const std::vector<ValType>& types) {
  wasm_valtype_vec_new_uninitialized(out, types.size());
  if (out->size != types.size()) throw std::bad_alloc();
  for (size_t i = 0; i < types.size(); ++i) out->data[i] = new_valtype(types[i]);
}

std::optional<std::vector<ValType>> valtypes_of(const wasm_valtype_vec_t& v) {
  std::vector<ValType> out;
  for (size_t i = 0; i < v.size; ++i) {
    if (!v.data[i]) return std::nullopt;
    auto t = valtype_of(v.data[i]->kind);
    if (!t) return std::nullopt;
    out.push_back(*t);
  }
  return out;
}

}  // namespace

wasm_functype_t* new_functype(const FuncType& t) {
  auto f = std::make_unique<wasm_functype_t>();
  valtypes_from(&f->params, t.params);
  valtypes_from(&f->results, t.results);
  return f.release();
}

std::optional<FuncType> functype_of(const wasm_functype_t* t) {
  if (!t) return std::nullopt;
  auto params = valtypes_of(t->params);
  auto results = valtypes_of(t->results);
  if (!params || !results) return std::nullopt;
  return FuncType{std::move(*params), std::move(*results)};
}

wasm_globaltype_t* new_globaltype(const GlobalType& t) {
  auto g = std::make_unique<wasm_globaltype_t>();
  g->content = new_valtype(t.type);
  g->mutability = t.is_mutable ? WASM_VAR : WASM_CONST;
  return g.release();
}

wasm_tabletype_t* new_tabletype(const TableType& t) {
  auto tt = std::make_unique<wasm_tabletype_t>();
  tt->element = new_valtype(t.elem);
  tt->limits = c_limits(t.limits);
  return tt.release();
}

wasm_memorytype_t* new_memorytype(const MemoryType& t) {
  auto m = std::make_unique<wasm_memorytype_t>();
  m->limits = c_limits(t.limits);
  m->type = t;
  return m.release();
}

wasm_externkind_t externkind_of(ExternKind k) {
  switch (k) {
    case ExternKind::Func: return WASM_EXTERN_FUNC;
    case ExternKind::Table: return WASM_EXTERN_TABLE;
    case ExternKind::Memory: return WASM_EXTERN_MEMORY;
    case ExternKind::Global: return WASM_EXTERN_GLOBAL;
  }
  return WASM_EXTERN_FUNC;
}

wasm_externtype_t* new_externtype(const Extern& e) {
  if (auto* f = std::get_if<Func>(&e)) return new_functype(f->type());
  if (auto* g = std::get_if<Global>(&e)) return new_globaltype(g->type());
  if (auto* t = std::get_if<Table>(&e)) return new_tabletype(t->type());
  return new_memorytype(std::get<Memory>(e).type());
}

}  // namespace wasmrun::capi

wasm_functype_t::~wasm_functype_t() {
  wasm_valtype_vec_delete(&params);
  wasm_valtype_vec_delete(&results);
}

wasm_importtype_t::~wasm_importtype_t() {
  wasm_name_delete(&module);
  wasm_name_delete(&name);
  delete type;
}

wasm_exporttype_t::~wasm_exporttype_t() {
  wasm_name_delete(&name);
  delete type;
}

using namespace wasmrun::capi;

namespace {

// A copy of any extern type, as its own kind.
wasm_externtype_t* copy_externtype(const wasm_externtype_t* t) {
  switch (t->kind) {
    case WASM_EXTERN_FUNC: return wasm_functype_copy(static_cast<const wasm_functype_t*>(t));
    case WASM_EXTERN_GLOBAL: return wasm_globaltype_copy(static_cast<const wasm_globaltype_t*>(t));
    case WASM_EXTERN_TABLE: return wasm_tabletype_copy(static_cast<const wasm_tabletype_t*>(t));
    default: return wasm_memorytype_copy(static_cast<const wasm_memorytype_t*>(t));
  }
}

// Moves a name's bytes into `dst`, leaving the source empty (ownership passes).
void take_name(wasm_name_t* dst, wasm_name_t* src) {
  *dst = src ? *src : wasm_name_t{0, nullptr};
  if (src) *src = {0, nullptr};
}

}  // namespace

extern "C" {

// ---- Value types ----

void wasm_valtype_delete(wasm_valtype_t* t) { delete t; }
wasm_valtype_t* wasm_valtype_copy(const wasm_valtype_t* t) {
  return t ? guarded<wasm_valtype_t*>(nullptr, [&] { return new wasm_valtype_t{t->kind}; })
           : nullptr;
}
wasm_valtype_t* wasm_valtype_new(wasm_valkind_t k) {
  return guarded<wasm_valtype_t*>(nullptr, [&] { return new wasm_valtype_t{k}; });
}
wasm_valkind_t wasm_valtype_kind(const wasm_valtype_t* t) { return t->kind; }

// ---- Function types ----

void wasm_functype_delete(wasm_functype_t* t) { delete t; }
wasm_functype_t* wasm_functype_new(wasm_valtype_vec_t* params, wasm_valtype_vec_t* results) {
  return guarded<wasm_functype_t*>(nullptr, [&] {
    auto* f = new wasm_functype_t();
    f->params = *params;
    f->results = *results;
    *params = {0, nullptr};
    *results = {0, nullptr};
    return f;
  });
}
wasm_functype_t* wasm_functype_copy(const wasm_functype_t* t) {
  if (!t) return nullptr;
  return guarded<wasm_functype_t*>(nullptr, [&] {
    auto f = std::make_unique<wasm_functype_t>();
    wasm_valtype_vec_copy(&f->params, &t->params);
    wasm_valtype_vec_copy(&f->results, &t->results);
    if (f->params.size != t->params.size || f->results.size != t->results.size)
      throw std::bad_alloc();
    return f.release();
  });
}
const wasm_valtype_vec_t* wasm_functype_params(const wasm_functype_t* t) { return &t->params; }
const wasm_valtype_vec_t* wasm_functype_results(const wasm_functype_t* t) { return &t->results; }

// ---- Global types ----

void wasm_globaltype_delete(wasm_globaltype_t* t) { delete t; }
wasm_globaltype_t* wasm_globaltype_new(wasm_valtype_t* content, wasm_mutability_t m) {
  return guarded<wasm_globaltype_t*>(nullptr, [&] {
    auto* g = new wasm_globaltype_t();
    g->content = content;
    g->mutability = m;
    return g;
  });
}
wasm_globaltype_t* wasm_globaltype_copy(const wasm_globaltype_t* t) {
  if (!t) return nullptr;
  return wasm_globaltype_new(wasm_valtype_copy(t->content), t->mutability);
}
const wasm_valtype_t* wasm_globaltype_content(const wasm_globaltype_t* t) { return t->content; }
wasm_mutability_t wasm_globaltype_mutability(const wasm_globaltype_t* t) { return t->mutability; }

// ---- Table types ----

void wasm_tabletype_delete(wasm_tabletype_t* t) { delete t; }
wasm_tabletype_t* wasm_tabletype_new(wasm_valtype_t* element, const wasm_limits_t* limits) {
  return guarded<wasm_tabletype_t*>(nullptr, [&] {
    auto* t = new wasm_tabletype_t();
    t->element = element;
    t->limits = *limits;
    return t;
  });
}
wasm_tabletype_t* wasm_tabletype_copy(const wasm_tabletype_t* t) {
  if (!t) return nullptr;
  return wasm_tabletype_new(wasm_valtype_copy(t->element), &t->limits);
}
const wasm_valtype_t* wasm_tabletype_element(const wasm_tabletype_t* t) { return t->element; }
const wasm_limits_t* wasm_tabletype_limits(const wasm_tabletype_t* t) { return &t->limits; }

// ---- Memory types ----

void wasm_memorytype_delete(wasm_memorytype_t* t) { delete t; }
wasm_memorytype_t* wasm_memorytype_new(const wasm_limits_t* limits) {
  return guarded<wasm_memorytype_t*>(nullptr, [&] {
    auto* m = new wasm_memorytype_t();
    m->limits = *limits;
    m->type.limits = limits_of(*limits);
    return m;
  });
}
wasm_memorytype_t* wasm_memorytype_copy(const wasm_memorytype_t* t) {
  return t ? guarded<wasm_memorytype_t*>(nullptr, [&] { return new_memorytype(t->type); })
           : nullptr;
}
wasm_memorytype_t* wasmrun_memorytype_new64(uint64_t min, bool max_present, uint64_t max,
                                            bool is64) {
  wasmrun::MemoryType t;
  t.limits.min = min;
  if (max_present) t.limits.max = max;
  t.is64 = is64;
  return guarded<wasm_memorytype_t*>(nullptr, [&] { return new_memorytype(t); });
}
bool wasmrun_memorytype_is64(const wasm_memorytype_t* t) { return t->type.is64; }
uint64_t wasmrun_memorytype_minimum(const wasm_memorytype_t* t) { return t->type.limits.min; }
bool wasmrun_memorytype_maximum(const wasm_memorytype_t* t, uint64_t* max) {
  if (!t->type.limits.max) return false;
  *max = *t->type.limits.max;
  return true;
}
const wasm_limits_t* wasm_memorytype_limits(const wasm_memorytype_t* t) { return &t->limits; }

// ---- Extern types ----

void wasm_externtype_delete(wasm_externtype_t* t) { delete t; }
wasm_externtype_t* wasm_externtype_copy(const wasm_externtype_t* t) {
  return t ? copy_externtype(t) : nullptr;
}
wasm_externkind_t wasm_externtype_kind(const wasm_externtype_t* t) { return t->kind; }

wasm_externtype_t* wasm_functype_as_externtype(wasm_functype_t* t) { return t; }
wasm_externtype_t* wasm_globaltype_as_externtype(wasm_globaltype_t* t) { return t; }
wasm_externtype_t* wasm_tabletype_as_externtype(wasm_tabletype_t* t) { return t; }
wasm_externtype_t* wasm_memorytype_as_externtype(wasm_memorytype_t* t) { return t; }
const wasm_externtype_t* wasm_functype_as_externtype_const(const wasm_functype_t* t) { return t; }
const wasm_externtype_t* wasm_globaltype_as_externtype_const(const wasm_globaltype_t* t) {
  return t;
}
const wasm_externtype_t* wasm_tabletype_as_externtype_const(const wasm_tabletype_t* t) { return t; }
const wasm_externtype_t* wasm_memorytype_as_externtype_const(const wasm_memorytype_t* t) {
  return t;
}

#define WASMRUN_EXTERNTYPE_AS(name, kind_value)                                           \
  wasm_##name##_t* wasm_externtype_as_##name(wasm_externtype_t* t) {                      \
    return t && t->kind == kind_value ? static_cast<wasm_##name##_t*>(t) : nullptr;       \
  }                                                                                       \
  const wasm_##name##_t* wasm_externtype_as_##name##_const(const wasm_externtype_t* t) {  \
    return t && t->kind == kind_value ? static_cast<const wasm_##name##_t*>(t) : nullptr; \
  }
WASMRUN_EXTERNTYPE_AS(functype, WASM_EXTERN_FUNC)
WASMRUN_EXTERNTYPE_AS(globaltype, WASM_EXTERN_GLOBAL)
WASMRUN_EXTERNTYPE_AS(tabletype, WASM_EXTERN_TABLE)
WASMRUN_EXTERNTYPE_AS(memorytype, WASM_EXTERN_MEMORY)
#undef WASMRUN_EXTERNTYPE_AS

// ---- Import and export types ----

void wasm_importtype_delete(wasm_importtype_t* t) { delete t; }
wasm_importtype_t* wasm_importtype_new(wasm_name_t* module, wasm_name_t* name,
                                       wasm_externtype_t* type) {
  return guarded<wasm_importtype_t*>(nullptr, [&] {
    auto* t = new wasm_importtype_t();
    take_name(&t->module, module);
    take_name(&t->name, name);
    t->type = type;
    return t;
  });
}
wasm_importtype_t* wasm_importtype_copy(const wasm_importtype_t* t) {
  if (!t) return nullptr;
  wasm_name_t module, name;
  wasm_name_copy(&module, &t->module);
  wasm_name_copy(&name, &t->name);
  return wasm_importtype_new(&module, &name, wasm_externtype_copy(t->type));
}
const wasm_name_t* wasm_importtype_module(const wasm_importtype_t* t) { return &t->module; }
const wasm_name_t* wasm_importtype_name(const wasm_importtype_t* t) { return &t->name; }
const wasm_externtype_t* wasm_importtype_type(const wasm_importtype_t* t) { return t->type; }

void wasm_exporttype_delete(wasm_exporttype_t* t) { delete t; }
wasm_exporttype_t* wasm_exporttype_new(wasm_name_t* name, wasm_externtype_t* type) {
  return guarded<wasm_exporttype_t*>(nullptr, [&] {
    auto* t = new wasm_exporttype_t();
    take_name(&t->name, name);
    t->type = type;
    return t;
  });
}
wasm_exporttype_t* wasm_exporttype_copy(const wasm_exporttype_t* t) {
  if (!t) return nullptr;
  wasm_name_t name;
  wasm_name_copy(&name, &t->name);
  return wasm_exporttype_new(&name, wasm_externtype_copy(t->type));
}
const wasm_name_t* wasm_exporttype_name(const wasm_exporttype_t* t) { return &t->name; }
const wasm_externtype_t* wasm_exporttype_type(const wasm_exporttype_t* t) { return t->type; }

}  // extern "C"
