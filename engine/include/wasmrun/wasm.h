/* The standard WebAssembly C API (the interface of the WebAssembly/wasm-c-api project), as
 * implemented by wasmrun. Host code written against that interface compiles against this header
 * unchanged; wasmrun's own additions are in wasmrun/wasmrun.h.
 *
 * Ownership: a parameter or result marked `own` transfers ownership. An owned object is released
 * with its `_delete` function; an owned vector with `_vec_delete`, which also deletes every
 * element. `_vec_new` takes ownership of the elements it is given (the array itself stays the
 * caller's); `_vec_copy` and `_copy` make deep, independently owned copies. Results returned
 * without `own` are borrowed from the object they came from and live as long as it does.
 *
 * References (functions, globals, tables, memories, externs, instances, foreigns, traps,
 * modules) are handles: `_copy` gives another handle to the same object, `_same` tells whether
 * two handles name one object, and host info belongs to the object, not to the handle.
 *
 * wasmrun's specifics are noted where the interface leaves room (see each declaration): objects
 * created in a store live as long as the store; a store is used by one thread at a time. */
#ifndef WASM_H
#define WASM_H

/* The same standard headers as the interface's reference wasm.h: hosts written against it use
 * assert, memcpy or strlen without including their headers themselves. */
#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifndef WASM_API_EXTERN
#if defined(_WIN32) && !defined(__MINGW32__) && !defined(LIBWASM_STATIC)
#define WASM_API_EXTERN __declspec(dllimport)
#else
#define WASM_API_EXTERN
#endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Basic scalar types. */
typedef char byte_t;
typedef float float32_t;
typedef double float64_t;

/* Marks a transfer of ownership; expands to nothing. */
#define own

/* The declaration patterns every family of objects follows. They are spelled out once here so
 * that each family below is one line; the names they produce are the interface. */

/* wasm_<name>_t and its destructor. */
#define WASMRUN_DECL_OWN_(name)                   \
  typedef struct wasm_##name##_t wasm_##name##_t; \
  WASM_API_EXTERN void wasm_##name##_delete(own wasm_##name##_t*);

/* wasm_<name>_vec_t: `size` elements at `data` (NULL when empty); `ptr` is `*` for vectors of
 * handles and empty for vectors of plain values. */
#define WASMRUN_DECL_VEC_(name, ptr)                                                     \
  typedef struct wasm_##name##_vec_t {                                                   \
    size_t size;                                                                         \
    wasm_##name##_t ptr* data;                                                           \
  } wasm_##name##_vec_t;                                                                 \
  WASM_API_EXTERN void wasm_##name##_vec_new_empty(own wasm_##name##_vec_t* out);        \
  WASM_API_EXTERN void wasm_##name##_vec_new_uninitialized(own wasm_##name##_vec_t* out, \
                                                           size_t size);                 \
  WASM_API_EXTERN void wasm_##name##_vec_new(own wasm_##name##_vec_t* out, size_t size,  \
                                             own wasm_##name##_t ptr const data[]);      \
  WASM_API_EXTERN void wasm_##name##_vec_copy(own wasm_##name##_vec_t* out,              \
                                              const wasm_##name##_vec_t* src);           \
  WASM_API_EXTERN void wasm_##name##_vec_delete(own wasm_##name##_vec_t*);

/* A type description: owned, copyable, with a vector of handles. */
#define WASMRUN_DECL_TYPE_(name) \
  WASMRUN_DECL_OWN_(name)        \
  WASMRUN_DECL_VEC_(name, *)     \
  WASM_API_EXTERN own wasm_##name##_t* wasm_##name##_copy(const wasm_##name##_t*);

/* What every reference has: copy (a new handle), identity, and host info. Setting host info
 * again replaces it; the finalizer given with the replaced value runs then, otherwise it runs
 * once when the object dies (objects created in a store die with the store). */
#define WASMRUN_DECL_REF_BASE_(name)                                                            \
  WASMRUN_DECL_OWN_(name)                                                                       \
  WASM_API_EXTERN own wasm_##name##_t* wasm_##name##_copy(const wasm_##name##_t*);              \
  WASM_API_EXTERN bool wasm_##name##_same(const wasm_##name##_t*, const wasm_##name##_t*);      \
  WASM_API_EXTERN void* wasm_##name##_get_host_info(const wasm_##name##_t*);                    \
  WASM_API_EXTERN void wasm_##name##_set_host_info(wasm_##name##_t*, void* info);               \
  WASM_API_EXTERN void wasm_##name##_set_host_info_with_finalizer(wasm_##name##_t*, void* info, \
                                                                  void (*finalizer)(void*));

/* A reference that converts to and from wasm_ref_t. The conversions borrow: the result is the
 * same handle seen as another type (NULL when the reference is of another kind). */
#define WASMRUN_DECL_REF_(name)                                                         \
  WASMRUN_DECL_REF_BASE_(name)                                                          \
  WASM_API_EXTERN wasm_ref_t* wasm_##name##_as_ref(wasm_##name##_t*);                   \
  WASM_API_EXTERN wasm_##name##_t* wasm_ref_as_##name(wasm_ref_t*);                     \
  WASM_API_EXTERN const wasm_ref_t* wasm_##name##_as_ref_const(const wasm_##name##_t*); \
  WASM_API_EXTERN const wasm_##name##_t* wasm_ref_as_##name##_const(const wasm_ref_t*);

/* A reference with a thread-transferable form: share gives it, obtain makes a reference to it
 * in a store. */
#define WASMRUN_DECL_SHARABLE_REF_(name)                                                   \
  WASMRUN_DECL_REF_(name)                                                                  \
  WASMRUN_DECL_OWN_(shared_##name)                                                         \
  WASM_API_EXTERN own wasm_shared_##name##_t* wasm_##name##_share(const wasm_##name##_t*); \
  WASM_API_EXTERN own wasm_##name##_t* wasm_##name##_obtain(wasm_store_t*,                 \
                                                            const wasm_shared_##name##_t*);

/* ---- Bytes and names ---- */

typedef byte_t wasm_byte_t;
WASMRUN_DECL_VEC_(byte, )

/* Names are byte vectors (not NUL-terminated unless made with the _nt helper). */
typedef wasm_byte_vec_t wasm_name_t;
#define wasm_name wasm_byte_vec
#define wasm_name_new wasm_byte_vec_new
#define wasm_name_new_empty wasm_byte_vec_new_empty
#define wasm_name_new_new_uninitialized wasm_byte_vec_new_uninitialized
#define wasm_name_copy wasm_byte_vec_copy
#define wasm_name_delete wasm_byte_vec_delete

static inline void wasm_name_new_from_string(own wasm_name_t* out, const char* s) {
  wasm_name_new(out, strlen(s), s);
}

/* Keeps the terminating NUL in the name (its size counts it). */
static inline void wasm_name_new_from_string_nt(own wasm_name_t* out, const char* s) {
  wasm_name_new(out, strlen(s) + 1, s);
}

/* ---- Runtime environment ---- */

/* Engine settings. wasmrun's settings (tier, bounds checks, limits, code allocator) are set
 * with the wasmrun_config_* functions of wasmrun.h. A new config asks for the JIT where it can
 * run and the interpreter elsewhere (WASMRUN_TIER_AUTO). */
WASMRUN_DECL_OWN_(config)
WASM_API_EXTERN own wasm_config_t* wasm_config_new(void);

/* An engine compiles modules; it may be shared by many stores. */
WASMRUN_DECL_OWN_(engine)
WASM_API_EXTERN own wasm_engine_t* wasm_engine_new(void);
/* Takes the config (deleting it), also when the engine cannot be created. */
WASM_API_EXTERN own wasm_engine_t* wasm_engine_new_with_config(own wasm_config_t*);

/* A store owns every instance, function, global, table, memory and foreign created in it. In
 * wasmrun those objects live until the store is deleted and every handle to them is gone, so
 * deleting handles before or after the store are both safe. */
WASMRUN_DECL_OWN_(store)
WASM_API_EXTERN own wasm_store_t* wasm_store_new(wasm_engine_t*);

/* ---- Type representations ---- */

typedef uint8_t wasm_mutability_t;
enum wasm_mutability_enum {
  WASM_CONST,
  WASM_VAR,
};

/* Sizes in pages (memories) or elements (tables); `max` of wasm_limits_max_default means none. */
typedef struct wasm_limits_t {
  uint32_t min;
  uint32_t max;
} wasm_limits_t;

static const uint32_t wasm_limits_max_default = 0xffffffff;

WASMRUN_DECL_TYPE_(valtype)

typedef uint8_t wasm_valkind_t;
enum wasm_valkind_enum {
  WASM_I32,
  WASM_I64,
  WASM_F32,
  WASM_F64,
  WASM_EXTERNREF = 128,
  WASM_FUNCREF,
};

WASM_API_EXTERN own wasm_valtype_t* wasm_valtype_new(wasm_valkind_t);
WASM_API_EXTERN wasm_valkind_t wasm_valtype_kind(const wasm_valtype_t*);

static inline bool wasm_valkind_is_num(wasm_valkind_t k) { return k < WASM_EXTERNREF; }
static inline bool wasm_valkind_is_ref(wasm_valkind_t k) { return k >= WASM_EXTERNREF; }
static inline bool wasm_valtype_is_num(const wasm_valtype_t* t) {
  return wasm_valkind_is_num(wasm_valtype_kind(t));
}
static inline bool wasm_valtype_is_ref(const wasm_valtype_t* t) {
  return wasm_valkind_is_ref(wasm_valtype_kind(t));
}

WASMRUN_DECL_TYPE_(functype)
/* Takes both vectors' contents and leaves them empty. */
WASM_API_EXTERN own wasm_functype_t* wasm_functype_new(own wasm_valtype_vec_t* params,
                                                       own wasm_valtype_vec_t* results);
WASM_API_EXTERN const wasm_valtype_vec_t* wasm_functype_params(const wasm_functype_t*);
WASM_API_EXTERN const wasm_valtype_vec_t* wasm_functype_results(const wasm_functype_t*);

WASMRUN_DECL_TYPE_(globaltype)
WASM_API_EXTERN own wasm_globaltype_t* wasm_globaltype_new(own wasm_valtype_t*, wasm_mutability_t);
WASM_API_EXTERN const wasm_valtype_t* wasm_globaltype_content(const wasm_globaltype_t*);
WASM_API_EXTERN wasm_mutability_t wasm_globaltype_mutability(const wasm_globaltype_t*);

WASMRUN_DECL_TYPE_(tabletype)
WASM_API_EXTERN own wasm_tabletype_t* wasm_tabletype_new(own wasm_valtype_t*, const wasm_limits_t*);
WASM_API_EXTERN const wasm_valtype_t* wasm_tabletype_element(const wasm_tabletype_t*);
WASM_API_EXTERN const wasm_limits_t* wasm_tabletype_limits(const wasm_tabletype_t*);

WASMRUN_DECL_TYPE_(memorytype)
WASM_API_EXTERN own wasm_memorytype_t* wasm_memorytype_new(const wasm_limits_t*);
WASM_API_EXTERN const wasm_limits_t* wasm_memorytype_limits(const wasm_memorytype_t*);

WASMRUN_DECL_TYPE_(externtype)

typedef uint8_t wasm_externkind_t;
enum wasm_externkind_enum {
  WASM_EXTERN_FUNC,
  WASM_EXTERN_GLOBAL,
  WASM_EXTERN_TABLE,
  WASM_EXTERN_MEMORY,
};

WASM_API_EXTERN wasm_externkind_t wasm_externtype_kind(const wasm_externtype_t*);

/* Views of one type object as another: borrowed, NULL when the kind differs. */
WASM_API_EXTERN wasm_externtype_t* wasm_functype_as_externtype(wasm_functype_t*);
WASM_API_EXTERN wasm_externtype_t* wasm_globaltype_as_externtype(wasm_globaltype_t*);
WASM_API_EXTERN wasm_externtype_t* wasm_tabletype_as_externtype(wasm_tabletype_t*);
WASM_API_EXTERN wasm_externtype_t* wasm_memorytype_as_externtype(wasm_memorytype_t*);
WASM_API_EXTERN wasm_functype_t* wasm_externtype_as_functype(wasm_externtype_t*);
WASM_API_EXTERN wasm_globaltype_t* wasm_externtype_as_globaltype(wasm_externtype_t*);
WASM_API_EXTERN wasm_tabletype_t* wasm_externtype_as_tabletype(wasm_externtype_t*);
WASM_API_EXTERN wasm_memorytype_t* wasm_externtype_as_memorytype(wasm_externtype_t*);
WASM_API_EXTERN const wasm_externtype_t* wasm_functype_as_externtype_const(const wasm_functype_t*);
WASM_API_EXTERN const wasm_externtype_t* wasm_globaltype_as_externtype_const(
    const wasm_globaltype_t*);
WASM_API_EXTERN const wasm_externtype_t* wasm_tabletype_as_externtype_const(
    const wasm_tabletype_t*);
WASM_API_EXTERN const wasm_externtype_t* wasm_memorytype_as_externtype_const(
    const wasm_memorytype_t*);
WASM_API_EXTERN const wasm_functype_t* wasm_externtype_as_functype_const(const wasm_externtype_t*);
WASM_API_EXTERN const wasm_globaltype_t* wasm_externtype_as_globaltype_const(
    const wasm_externtype_t*);
WASM_API_EXTERN const wasm_tabletype_t* wasm_externtype_as_tabletype_const(
    const wasm_externtype_t*);
WASM_API_EXTERN const wasm_memorytype_t* wasm_externtype_as_memorytype_const(
    const wasm_externtype_t*);

WASMRUN_DECL_TYPE_(importtype)
WASM_API_EXTERN own wasm_importtype_t* wasm_importtype_new(own wasm_name_t* module,
                                                           own wasm_name_t* name,
                                                           own wasm_externtype_t*);
WASM_API_EXTERN const wasm_name_t* wasm_importtype_module(const wasm_importtype_t*);
WASM_API_EXTERN const wasm_name_t* wasm_importtype_name(const wasm_importtype_t*);
WASM_API_EXTERN const wasm_externtype_t* wasm_importtype_type(const wasm_importtype_t*);

WASMRUN_DECL_TYPE_(exporttype)
WASM_API_EXTERN own wasm_exporttype_t* wasm_exporttype_new(own wasm_name_t*,
                                                           own wasm_externtype_t*);
WASM_API_EXTERN const wasm_name_t* wasm_exporttype_name(const wasm_exporttype_t*);
WASM_API_EXTERN const wasm_externtype_t* wasm_exporttype_type(const wasm_exporttype_t*);

/* ---- Values ---- */

struct wasm_ref_t;

/* A value. For the reference kinds, `of.ref` is an owned handle or NULL (the null reference).
 * wasm_val_t cannot hold a v128: types are described with kind WASMRUN_V128 (wasmrun.h), calls
 * passing v128 values trap, and reading a v128 global gives that kind with no content. */
typedef struct wasm_val_t {
  wasm_valkind_t kind;
  union {
    int32_t i32;
    int64_t i64;
    float32_t f32;
    float64_t f64;
    struct wasm_ref_t* ref;
  } of;
} wasm_val_t;

/* Deletes the reference a value owns, if any. */
WASM_API_EXTERN void wasm_val_delete(own wasm_val_t* v);
WASM_API_EXTERN void wasm_val_copy(own wasm_val_t* out, const wasm_val_t*);

WASMRUN_DECL_VEC_(val, )

/* ---- References ---- */

WASMRUN_DECL_REF_BASE_(ref)

/* ---- Frames and traps ---- */

WASMRUN_DECL_OWN_(frame)
WASMRUN_DECL_VEC_(frame, *)
WASM_API_EXTERN own wasm_frame_t* wasm_frame_copy(const wasm_frame_t*);
/* wasmrun's backtraces record the function, not its instance: always NULL. */
WASM_API_EXTERN struct wasm_instance_t* wasm_frame_instance(const wasm_frame_t*);
/* The function's index in its module's function index space (imports first). */
WASM_API_EXTERN uint32_t wasm_frame_func_index(const wasm_frame_t*);
/* Where the frame stands (the trapping instruction, or the call an outer frame made): a byte
 * offset from the start of the function's body (its locals, after the body's size), and one in
 * the module binary. */
WASM_API_EXTERN size_t wasm_frame_func_offset(const wasm_frame_t*);
WASM_API_EXTERN size_t wasm_frame_module_offset(const wasm_frame_t*);

/* A message with its terminating NUL counted in `size`. */
typedef wasm_name_t wasm_message_t;

WASMRUN_DECL_REF_(trap)
/* The message is read up to its first NUL or its size, whichever comes first. */
WASM_API_EXTERN own wasm_trap_t* wasm_trap_new(wasm_store_t* store, const wasm_message_t*);
WASM_API_EXTERN void wasm_trap_message(const wasm_trap_t*, own wasm_message_t* out);
/* The innermost wasm frame, or NULL when the trap did not come from wasm code. */
WASM_API_EXTERN own wasm_frame_t* wasm_trap_origin(const wasm_trap_t*);
/* Wasm frames, innermost first. */
WASM_API_EXTERN void wasm_trap_trace(const wasm_trap_t*, own wasm_frame_vec_t* out);

/* ---- Foreign objects: host references with no content but host info ---- */

WASMRUN_DECL_REF_(foreign)
WASM_API_EXTERN own wasm_foreign_t* wasm_foreign_new(wasm_store_t*);

/* ---- Modules ---- */

WASMRUN_DECL_SHARABLE_REF_(module)

/* NULL when the binary does not decode, validate or compile; wasmrun_last_error() says why. */
WASM_API_EXTERN own wasm_module_t* wasm_module_new(wasm_store_t*, const wasm_byte_vec_t* binary);
WASM_API_EXTERN bool wasm_module_validate(wasm_store_t*, const wasm_byte_vec_t* binary);
WASM_API_EXTERN void wasm_module_imports(const wasm_module_t*, own wasm_importtype_vec_t* out);
WASM_API_EXTERN void wasm_module_exports(const wasm_module_t*, own wasm_exporttype_vec_t* out);
/* The serialized form is wasmrun's compiled-module (.cwasm) format: the module's compiled code
 * (JIT machine code or interpreter code) and its binary, checked on load against the wasmrun
 * version, target CPU and code-affecting configuration, and by a checksum. Deserialize loads it
 * without compiling again, for an engine of the same configuration; it returns NULL for anything
 * else (wasmrun_last_error() says why). Loading trusts the data: its machine code runs as it is,
 * so deserialize only what you serialized or got from a trusted source. Serialize leaves `out`
 * empty when it fails (wasmrun_last_error() says why). */
WASM_API_EXTERN void wasm_module_serialize(const wasm_module_t*, own wasm_byte_vec_t* out);
WASM_API_EXTERN own wasm_module_t* wasm_module_deserialize(wasm_store_t*, const wasm_byte_vec_t*);

/* ---- Functions ---- */

WASMRUN_DECL_REF_(func)

/* A host function. `results` arrives sized to the function type's results with each value's
 * kind set; the callback fills in the values. Returning a trap (owned by the engine from then
 * on) aborts the call with that trap's message. */
typedef own wasm_trap_t* (*wasm_func_callback_t)(const wasm_val_vec_t* args,
                                                 own wasm_val_vec_t* results);
typedef own wasm_trap_t* (*wasm_func_callback_with_env_t)(void* env, const wasm_val_vec_t* args,
                                                          wasm_val_vec_t* results);

WASM_API_EXTERN own wasm_func_t* wasm_func_new(wasm_store_t*, const wasm_functype_t*,
                                               wasm_func_callback_t);
/* `finalizer(env)` runs once, when the function is gone (with its store). */
WASM_API_EXTERN own wasm_func_t* wasm_func_new_with_env(wasm_store_t*, const wasm_functype_t* type,
                                                        wasm_func_callback_with_env_t, void* env,
                                                        void (*finalizer)(void*));

WASM_API_EXTERN own wasm_functype_t* wasm_func_type(const wasm_func_t*);
WASM_API_EXTERN size_t wasm_func_param_arity(const wasm_func_t*);
WASM_API_EXTERN size_t wasm_func_result_arity(const wasm_func_t*);

/* `results` must have room for the function's results; the values written there are owned by
 * the caller. Returns NULL on success, else the trap (arguments of the wrong number or kind
 * trap too). */
WASM_API_EXTERN own wasm_trap_t* wasm_func_call(const wasm_func_t*, const wasm_val_vec_t* args,
                                                wasm_val_vec_t* results);

/* ---- Globals ---- */

WASMRUN_DECL_REF_(global)

WASM_API_EXTERN own wasm_global_t* wasm_global_new(wasm_store_t*, const wasm_globaltype_t*,
                                                   const wasm_val_t*);
WASM_API_EXTERN own wasm_globaltype_t* wasm_global_type(const wasm_global_t*);
WASM_API_EXTERN void wasm_global_get(const wasm_global_t*, own wasm_val_t* out);
/* Ignored for immutable globals and values of the wrong kind (wasmrun_last_error() says so). */
WASM_API_EXTERN void wasm_global_set(wasm_global_t*, const wasm_val_t*);

/* ---- Tables ---- */

WASMRUN_DECL_REF_(table)

typedef uint32_t wasm_table_size_t;

WASM_API_EXTERN own wasm_table_t* wasm_table_new(wasm_store_t*, const wasm_tabletype_t*,
                                                 wasm_ref_t* init);
WASM_API_EXTERN own wasm_tabletype_t* wasm_table_type(const wasm_table_t*);
/* NULL for a null element and for an index out of bounds. */
WASM_API_EXTERN own wasm_ref_t* wasm_table_get(const wasm_table_t*, wasm_table_size_t index);
WASM_API_EXTERN bool wasm_table_set(wasm_table_t*, wasm_table_size_t index, wasm_ref_t*);
WASM_API_EXTERN wasm_table_size_t wasm_table_size(const wasm_table_t*);
WASM_API_EXTERN bool wasm_table_grow(wasm_table_t*, wasm_table_size_t delta, wasm_ref_t* init);

/* ---- Memories ---- */

WASMRUN_DECL_REF_(memory)

typedef uint32_t wasm_memory_pages_t;

static const size_t MEMORY_PAGE_SIZE = 0x10000;

WASM_API_EXTERN own wasm_memory_t* wasm_memory_new(wasm_store_t*, const wasm_memorytype_t*);
WASM_API_EXTERN own wasm_memorytype_t* wasm_memory_type(const wasm_memory_t*);
/* wasmrun's memories never move, so the pointer stays valid across growth. */
WASM_API_EXTERN byte_t* wasm_memory_data(wasm_memory_t*);
WASM_API_EXTERN size_t wasm_memory_data_size(const wasm_memory_t*);
WASM_API_EXTERN wasm_memory_pages_t wasm_memory_size(const wasm_memory_t*);
WASM_API_EXTERN bool wasm_memory_grow(wasm_memory_t*, wasm_memory_pages_t delta);

/* ---- Externals ---- */

WASMRUN_DECL_REF_(extern)
WASMRUN_DECL_VEC_(extern, *)

WASM_API_EXTERN wasm_externkind_t wasm_extern_kind(const wasm_extern_t*);
WASM_API_EXTERN own wasm_externtype_t* wasm_extern_type(const wasm_extern_t*);

/* Views of one handle as another: borrowed, NULL when the kind differs. */
WASM_API_EXTERN wasm_extern_t* wasm_func_as_extern(wasm_func_t*);
WASM_API_EXTERN wasm_extern_t* wasm_global_as_extern(wasm_global_t*);
WASM_API_EXTERN wasm_extern_t* wasm_table_as_extern(wasm_table_t*);
WASM_API_EXTERN wasm_extern_t* wasm_memory_as_extern(wasm_memory_t*);
WASM_API_EXTERN wasm_func_t* wasm_extern_as_func(wasm_extern_t*);
WASM_API_EXTERN wasm_global_t* wasm_extern_as_global(wasm_extern_t*);
WASM_API_EXTERN wasm_table_t* wasm_extern_as_table(wasm_extern_t*);
WASM_API_EXTERN wasm_memory_t* wasm_extern_as_memory(wasm_extern_t*);
WASM_API_EXTERN const wasm_extern_t* wasm_func_as_extern_const(const wasm_func_t*);
WASM_API_EXTERN const wasm_extern_t* wasm_global_as_extern_const(const wasm_global_t*);
WASM_API_EXTERN const wasm_extern_t* wasm_table_as_extern_const(const wasm_table_t*);
WASM_API_EXTERN const wasm_extern_t* wasm_memory_as_extern_const(const wasm_memory_t*);
WASM_API_EXTERN const wasm_func_t* wasm_extern_as_func_const(const wasm_extern_t*);
WASM_API_EXTERN const wasm_global_t* wasm_extern_as_global_const(const wasm_extern_t*);
WASM_API_EXTERN const wasm_table_t* wasm_extern_as_table_const(const wasm_extern_t*);
WASM_API_EXTERN const wasm_memory_t* wasm_extern_as_memory_const(const wasm_extern_t*);

/* ---- Instances ---- */

WASMRUN_DECL_REF_(instance)

/* `imports` in the module's import order. On failure returns NULL; when `trap` is not NULL it
 * receives a trap for every failure (a link error's message included, not only a trapping start
 * function), and wasmrun_last_error() has the message either way. */
WASM_API_EXTERN own wasm_instance_t* wasm_instance_new(wasm_store_t*, const wasm_module_t*,
                                                       const wasm_extern_vec_t* imports,
                                                       own wasm_trap_t** trap);

/* New handles to the exports, in the module's export order. */
WASM_API_EXTERN void wasm_instance_exports(const wasm_instance_t*, own wasm_extern_vec_t* out);

/* ---- Convenience ---- */

#define WASM_EMPTY_VEC \
  { 0, NULL }
#define WASM_ARRAY_VEC(array) \
  { sizeof(array) / sizeof(*(array)), array }

static inline own wasm_valtype_t* wasm_valtype_new_i32(void) { return wasm_valtype_new(WASM_I32); }
static inline own wasm_valtype_t* wasm_valtype_new_i64(void) { return wasm_valtype_new(WASM_I64); }
static inline own wasm_valtype_t* wasm_valtype_new_f32(void) { return wasm_valtype_new(WASM_F32); }
static inline own wasm_valtype_t* wasm_valtype_new_f64(void) { return wasm_valtype_new(WASM_F64); }
static inline own wasm_valtype_t* wasm_valtype_new_externref(void) {
  return wasm_valtype_new(WASM_EXTERNREF);
}
static inline own wasm_valtype_t* wasm_valtype_new_funcref(void) {
  return wasm_valtype_new(WASM_FUNCREF);
}

/* Function types from up to three parameters and two results, taking the value types. The
 * helper keeps the shorthands below to one line each. */
static inline own wasm_functype_t* wasmrun_functype_of_(size_t np, own wasm_valtype_t* p1,
                                                        own wasm_valtype_t* p2,
                                                        own wasm_valtype_t* p3, size_t nr,
                                                        own wasm_valtype_t* r1,
                                                        own wasm_valtype_t* r2) {
  wasm_valtype_t* ps[3] = {p1, p2, p3};
  wasm_valtype_t* rs[2] = {r1, r2};
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new(&params, np, ps);
  wasm_valtype_vec_new(&results, nr, rs);
  return wasm_functype_new(&params, &results);
}

static inline own wasm_functype_t* wasm_functype_new_0_0(void) {
  return wasmrun_functype_of_(0, NULL, NULL, NULL, 0, NULL, NULL);
}
static inline own wasm_functype_t* wasm_functype_new_1_0(own wasm_valtype_t* p) {
  return wasmrun_functype_of_(1, p, NULL, NULL, 0, NULL, NULL);
}
static inline own wasm_functype_t* wasm_functype_new_2_0(own wasm_valtype_t* p1,
                                                         own wasm_valtype_t* p2) {
  return wasmrun_functype_of_(2, p1, p2, NULL, 0, NULL, NULL);
}
static inline own wasm_functype_t* wasm_functype_new_3_0(own wasm_valtype_t* p1,
                                                         own wasm_valtype_t* p2,
                                                         own wasm_valtype_t* p3) {
  return wasmrun_functype_of_(3, p1, p2, p3, 0, NULL, NULL);
}
static inline own wasm_functype_t* wasm_functype_new_0_1(own wasm_valtype_t* r) {
  return wasmrun_functype_of_(0, NULL, NULL, NULL, 1, r, NULL);
}
static inline own wasm_functype_t* wasm_functype_new_1_1(own wasm_valtype_t* p,
                                                         own wasm_valtype_t* r) {
  return wasmrun_functype_of_(1, p, NULL, NULL, 1, r, NULL);
}
static inline own wasm_functype_t* wasm_functype_new_2_1(own wasm_valtype_t* p1,
                                                         own wasm_valtype_t* p2,
                                                         own wasm_valtype_t* r) {
  return wasmrun_functype_of_(2, p1, p2, NULL, 1, r, NULL);
}
static inline own wasm_functype_t* wasm_functype_new_3_1(own wasm_valtype_t* p1,
                                                         own wasm_valtype_t* p2,
                                                         own wasm_valtype_t* p3,
                                                         own wasm_valtype_t* r) {
  return wasmrun_functype_of_(3, p1, p2, p3, 1, r, NULL);
}
static inline own wasm_functype_t* wasm_functype_new_0_2(own wasm_valtype_t* r1,
                                                         own wasm_valtype_t* r2) {
  return wasmrun_functype_of_(0, NULL, NULL, NULL, 2, r1, r2);
}
static inline own wasm_functype_t* wasm_functype_new_1_2(own wasm_valtype_t* p,
                                                         own wasm_valtype_t* r1,
                                                         own wasm_valtype_t* r2) {
  return wasmrun_functype_of_(1, p, NULL, NULL, 2, r1, r2);
}
static inline own wasm_functype_t* wasm_functype_new_2_2(own wasm_valtype_t* p1,
                                                         own wasm_valtype_t* p2,
                                                         own wasm_valtype_t* r1,
                                                         own wasm_valtype_t* r2) {
  return wasmrun_functype_of_(2, p1, p2, NULL, 2, r1, r2);
}
static inline own wasm_functype_t* wasm_functype_new_3_2(own wasm_valtype_t* p1,
                                                         own wasm_valtype_t* p2,
                                                         own wasm_valtype_t* p3,
                                                         own wasm_valtype_t* r1,
                                                         own wasm_valtype_t* r2) {
  return wasmrun_functype_of_(3, p1, p2, p3, 2, r1, r2);
}

/* A host pointer carried in an integer value of the pointer's width. */
static inline void wasm_val_init_ptr(own wasm_val_t* out, void* p) {
#if UINTPTR_MAX == UINT32_MAX
  out->kind = WASM_I32;
  out->of.i32 = (int32_t)(intptr_t)p;
#else
  out->kind = WASM_I64;
  out->of.i64 = (int64_t)(intptr_t)p;
#endif
}

static inline void* wasm_val_ptr(const wasm_val_t* val) {
#if UINTPTR_MAX == UINT32_MAX
  return (void*)(intptr_t)val->of.i32;
#else
  return (void*)(intptr_t)val->of.i64;
#endif
}

#define WASM_I32_VAL(i)                 \
  {                                     \
    .kind = WASM_I32, .of = {.i32 = i } \
  }
#define WASM_I64_VAL(i)                 \
  {                                     \
    .kind = WASM_I64, .of = {.i64 = i } \
  }
#define WASM_F32_VAL(z)                 \
  {                                     \
    .kind = WASM_F32, .of = {.f32 = z } \
  }
#define WASM_F64_VAL(z)                 \
  {                                     \
    .kind = WASM_F64, .of = {.f64 = z } \
  }
#define WASM_REF_VAL(r)                       \
  {                                           \
    .kind = WASM_EXTERNREF, .of = {.ref = r } \
  }
#define WASM_INIT_VAL                            \
  {                                              \
    .kind = WASM_EXTERNREF, .of = {.ref = NULL } \
  }

#undef own

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WASM_H */
