// Every wasm_*_vec_t: one set of templates, instantiated per element type below.
#include "engine/capi/capi_internal.h"

namespace wasmrun::capi {
namespace {

// How a vector's elements are copied and released: handles through their own copy and delete
// functions, values by their reference, bytes not at all.
template <class T>
struct Elem;

template <>
struct Elem<wasm_byte_t> {
  static wasm_byte_t copy(const wasm_byte_t& b) { return b; }
  static void release(wasm_byte_t&) {}
};

template <>
struct Elem<wasm_val_t> {
  static wasm_val_t copy(const wasm_val_t& v) {
    wasm_val_t out;
    wasm_val_copy(&out, &v);
    return out;
  }
  static void release(wasm_val_t& v) { wasm_val_delete(&v); }
};

#define WASMRUN_HANDLE_ELEM(name)                      \
  template <>                                          \
  struct Elem<wasm_##name##_t*> {                      \
    static wasm_##name##_t* copy(wasm_##name##_t* p) { \
      return p ? wasm_##name##_copy(p) : nullptr;      \
    }                                                  \
    static void release(wasm_##name##_t*& p) {         \
      wasm_##name##_delete(p);                         \
      p = nullptr;                                     \
    }                                                  \
  };
WASMRUN_HANDLE_ELEM(valtype)
WASMRUN_HANDLE_ELEM(functype)
WASMRUN_HANDLE_ELEM(globaltype)
WASMRUN_HANDLE_ELEM(tabletype)
WASMRUN_HANDLE_ELEM(memorytype)
WASMRUN_HANDLE_ELEM(externtype)
WASMRUN_HANDLE_ELEM(importtype)
WASMRUN_HANDLE_ELEM(exporttype)
WASMRUN_HANDLE_ELEM(frame)
WASMRUN_HANDLE_ELEM(extern)
#undef WASMRUN_HANDLE_ELEM

template <class V>
void vec_new_empty(V* out) {
  out->size = 0;
  out->data = nullptr;
}

// Zero-filled, so deleting a vector the caller never filled is safe.
template <class V>
void vec_new_uninitialized(V* out, size_t size) {
  vec_new_empty(out);
  guarded_void([&] {
    using T = std::remove_pointer_t<decltype(out->data)>;
    if (size == 0) return;
    out->data = new T[size]();
    out->size = size;
  });
}

template <class V, class T>
void vec_new(V* out, size_t size, const T* data) {
  vec_new_uninitialized(out, size);
  if (out->size != size) return;  // out of memory; the elements stay the caller's
  for (size_t i = 0; i < size; ++i) out->data[i] = data[i];
}

template <class V>
void vec_delete(V* v) {
  if (!v) return;
  using T = std::remove_pointer_t<decltype(v->data)>;
  for (size_t i = 0; i < v->size; ++i) Elem<T>::release(v->data[i]);
  delete[] v->data;
  vec_new_empty(v);
}

template <class V>
void vec_copy(V* out, const V* src) {
  using T = std::remove_pointer_t<decltype(out->data)>;
  vec_new_uninitialized(out, src ? src->size : 0);
  if (!src || out->size != src->size) return;
  for (size_t i = 0; i < src->size; ++i) out->data[i] = Elem<T>::copy(src->data[i]);
}

}  // namespace
}  // namespace wasmrun::capi

using namespace wasmrun::capi;

#define WASMRUN_VEC_IMPL(name, ptr)                                                       \
  void wasm_##name##_vec_new_empty(wasm_##name##_vec_t* out) { vec_new_empty(out); }      \
  void wasm_##name##_vec_new_uninitialized(wasm_##name##_vec_t* out, size_t size) {       \
    vec_new_uninitialized(out, size);                                                     \
  }                                                                                       \
  void wasm_##name##_vec_new(wasm_##name##_vec_t* out, size_t size,                       \
                             wasm_##name##_t ptr const data[]) {                          \
    vec_new(out, size, data);                                                             \
  }                                                                                       \
  void wasm_##name##_vec_copy(wasm_##name##_vec_t* out, const wasm_##name##_vec_t* src) { \
    vec_copy(out, src);                                                                   \
  }                                                                                       \
  void wasm_##name##_vec_delete(wasm_##name##_vec_t* v) { vec_delete(v); }

extern "C" {
WASMRUN_VEC_IMPL(byte, )
WASMRUN_VEC_IMPL(val, )
WASMRUN_VEC_IMPL(valtype, *)
WASMRUN_VEC_IMPL(functype, *)
WASMRUN_VEC_IMPL(globaltype, *)
WASMRUN_VEC_IMPL(tabletype, *)
WASMRUN_VEC_IMPL(memorytype, *)
WASMRUN_VEC_IMPL(externtype, *)
WASMRUN_VEC_IMPL(importtype, *)
WASMRUN_VEC_IMPL(exporttype, *)
WASMRUN_VEC_IMPL(frame, *)
WASMRUN_VEC_IMPL(extern, *)
}
