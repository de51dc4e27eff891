// wasm_val_t: copy and delete, and the conversions between C values and the C++ API's Value.
#include "engine/capi/capi_internal.h"

namespace wasmrun::capi {

wasm_ref_t* to_c_ref(const Value& v, StoreState& store) {
  if (v.is_null()) return nullptr;
  if (v.type() == ValType::FuncRef) {
    auto f = v.funcref();
    if (!f) return nullptr;
    return new_ref(payload_of(*f), store.shared_from_this());
  }
  // Externrefs made by this C API point at one of the store's boxes; anything else (a pointer
  // put there through the C++ API) has no C object to stand for it.
  const RefPayload* p = store.unbox(v.externref());
  return p ? new_ref(*p, store.shared_from_this()) : nullptr;
}

wasm_val_t to_c_val(const Value& v, StoreState& store) {
  wasm_val_t out;
  out.kind = valkind_of(v.type());
  out.of.i64 = 0;
  switch (v.type()) {
    case ValType::I32: out.of.i32 = v.i32(); break;
    case ValType::I64: out.of.i64 = v.i64(); break;
    case ValType::F32: out.of.f32 = v.f32(); break;
    case ValType::F64: out.of.f64 = v.f64(); break;
    case ValType::V128: break;  // not representable; the kind says so
    case ValType::FuncRef:
    case ValType::ExternRef: out.of.ref = to_c_ref(v, store); break;
  }
  return out;
}

std::optional<Value> ref_value(const wasm_ref_t* r, ValType want, StoreState& store,
                               std::string* error) {
  if (!r) return Value::null_ref(want);
  if (want == ValType::FuncRef) {
    if (r->p.kind != RefKind::Func) {
      *error = "a funcref must be a function";
      return std::nullopt;
    }
    if (r->store.get() != &store) {
      *error = "the function belongs to another store";
      return std::nullopt;
    }
    return Value::funcref(std::get<Func>(*r->p.ext));
  }
  if (want == ValType::ExternRef) return Value::externref(store.box(r->p));
  *error = std::string("a reference where a ") + to_string(want) + " is expected";
  return std::nullopt;
}

std::optional<Value> to_value(const wasm_val_t& v, ValType want, StoreState& store,
                              std::string* error) {
  if (is_ref(want)) {
    if (!wasm_valkind_is_ref(v.kind)) {
      *error = std::string("a number where a ") + to_string(want) + " is expected";
      return std::nullopt;
    }
    return ref_value(v.of.ref, want, store, error);
  }
  if (want == ValType::V128) {
    *error = "v128 values cannot be passed through the C API";
    return std::nullopt;
  }
  if (v.kind != valkind_of(want)) {
    *error = std::string("a value of kind ") + std::to_string(v.kind) + " where a " +
             to_string(want) + " is expected";
    return std::nullopt;
  }
  switch (want) {
    case ValType::I32: return Value::i32(v.of.i32);
    case ValType::I64: return Value::i64(v.of.i64);
    case ValType::F32: return Value::f32(v.of.f32);
    default: return Value::f64(v.of.f64);
  }
}

}  // namespace wasmrun::capi

extern "C" {

void wasm_val_delete(wasm_val_t* v) {
  if (v && wasm_valkind_is_ref(v->kind) && v->of.ref) {
    wasm_ref_delete(v->of.ref);
    v->of.ref = nullptr;
  }
}

void wasm_val_copy(wasm_val_t* out, const wasm_val_t* v) {
  *out = *v;
  if (wasm_valkind_is_ref(v->kind) && v->of.ref) out->of.ref = wasm_ref_copy(v->of.ref);
}

}  // extern "C"
