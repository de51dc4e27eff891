// What the C API's opaque handles are, and the helpers every area of the C API shares. Built on
// the public C++ API only.
#pragma once

#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "wasmrun/code_allocator.hpp"
#include "wasmrun/wasm.h"
#include "wasmrun/wasmrun.h"
#include "wasmrun/wasmrun.hpp"

namespace wasmrun::capi {

// ---- The boundary: nothing thrown inside may reach C code. ----

void set_last_error(std::string message);
void clear_last_error();
const char* last_error_cstr();

// Runs `body`; an exception (in practice std::bad_alloc) becomes `fallback` and the last error.
template <class T, class F>
T guarded(T fallback, F&& body) noexcept {
  try {
    return body();
  } catch (const std::exception& e) {
    try {
      set_last_error(e.what());
    } catch (...) {
    }
  } catch (...) {
    try {
      set_last_error("unknown error");
    } catch (...) {
    }
  }
  return fallback;
}

template <class F>
void guarded_void(F&& body) noexcept {
  guarded(0, [&] {
    body();
    return 0;
  });
}

// ---- Host info ----

// One object's host info. The finalizer runs once: when the info is replaced or when the
// object dies.
class HostInfo {
 public:
  HostInfo() = default;
  HostInfo(const HostInfo&) = delete;
  HostInfo& operator=(const HostInfo&) = delete;
  ~HostInfo() { run_finalizer(); }

  void* get() const { return info_; }
  void set(void* info, void (*finalizer)(void*)) {
    run_finalizer();
    info_ = info;
    finalizer_ = finalizer;
  }

 private:
  void run_finalizer() {
    auto* f = finalizer_;
    finalizer_ = nullptr;
    if (f) f(info_);
  }
  void* info_ = nullptr;
  void (*finalizer_)(void*) = nullptr;
};

// ---- Objects that are not owned by a store ----

struct ModuleState {
  ModuleState(Module m, Engine e, std::vector<uint8_t> b)
      : module(std::move(m)), engine(std::move(e)), bytes(std::move(b)) {}
  Module module;
  Engine engine;               // the engine it was compiled for
  std::vector<uint8_t> bytes;  // the binary, for serialize and for obtain in another engine
  HostInfo info;
};

struct TrapState {
  Trap trap;
  HostInfo info;
};

struct Foreign {
  HostInfo info;
};

enum class RefKind : uint8_t { Func, Global, Table, Memory, Instance, Foreign, Trap, Module };

// Everything a reference handle denotes, without the store (so the store itself can keep
// payloads without keeping itself alive).
struct RefPayload {
  RefKind kind = RefKind::Foreign;
  std::optional<Extern> ext;  // Func, Global, Table, Memory
  std::optional<Instance> instance;
  Foreign* foreign = nullptr;  // owned by the store
  std::shared_ptr<TrapState> trap;
  std::shared_ptr<ModuleState> module;

  // The object's identity: equal for every handle to the same object.
  const void* identity() const;
};

// Lets a host interrupt a store from any thread, also after the store is gone.
struct InterruptCell {
  std::mutex m;
  Store* store = nullptr;  // null once the store is deleted
};

// A store and what the C API keeps beside it. Handles share ownership of it, so deleting the
// wasm_store_t before its objects' handles is safe.
struct StoreState : std::enable_shared_from_this<StoreState> {
  explicit StoreState(const Engine& e);
  ~StoreState();

  Engine engine;
  std::optional<Store> store;
  std::shared_ptr<InterruptCell> interrupt;
  // Host info of the objects the store owns, by identity.
  std::unordered_map<const void*, std::unique_ptr<HostInfo>> host_info;
  std::vector<std::unique_ptr<Foreign>> foreigns;
  // The externref value standing for a C reference: one box per object, owned by the store.
  std::unordered_map<const void*, std::unique_ptr<RefPayload>> boxes;
  std::unordered_set<const void*> box_addresses;  // to recognise the store's own boxes

  HostInfo& info_for(const void* identity);
  void* box(const RefPayload& p);
  const RefPayload* unbox(const void* p) const;
};

}  // namespace wasmrun::capi

// ---- The C handle types ----

struct wasm_config_t {
  wasmrun::EngineConfig config;
};

struct wasm_engine_t {
  wasmrun::Engine engine;
};

struct wasm_store_t {
  std::shared_ptr<wasmrun::capi::StoreState> state;
};

// Every reference handle; the subtypes add nothing, so a handle can be seen as any type its
// kind allows by a plain cast.
struct wasm_ref_t {
  wasmrun::capi::RefPayload p;
  std::shared_ptr<wasmrun::capi::StoreState> store;  // null for modules and store-less traps
  virtual ~wasm_ref_t() = default;
};
struct wasm_extern_t : wasm_ref_t {};
struct wasm_func_t : wasm_extern_t {};
struct wasm_global_t : wasm_extern_t {};
struct wasm_table_t : wasm_extern_t {};
struct wasm_memory_t : wasm_extern_t {};
struct wasm_instance_t : wasm_ref_t {};
struct wasm_foreign_t : wasm_ref_t {};
struct wasm_trap_t : wasm_ref_t {};
struct wasm_module_t : wasm_ref_t {};

struct wasm_shared_module_t {
  std::shared_ptr<wasmrun::capi::ModuleState> module;
};

struct wasm_frame_t {
  uint32_t func_index = 0;
  std::string func_name;
  size_t func_offset = 0;
  size_t module_offset = 0;
};

struct wasm_valtype_t {
  wasm_valkind_t kind;
};

struct wasm_externtype_t {
  explicit wasm_externtype_t(wasm_externkind_t k) : kind(k) {}
  virtual ~wasm_externtype_t() = default;
  wasm_externkind_t kind;
};

struct wasm_functype_t : wasm_externtype_t {
  wasm_functype_t() : wasm_externtype_t(WASM_EXTERN_FUNC) {}
  ~wasm_functype_t() override;
  wasm_valtype_vec_t params{0, nullptr};
  wasm_valtype_vec_t results{0, nullptr};
};

struct wasm_globaltype_t : wasm_externtype_t {
  wasm_globaltype_t() : wasm_externtype_t(WASM_EXTERN_GLOBAL) {}
  ~wasm_globaltype_t() override { delete content; }
  wasm_valtype_t* content = nullptr;
  wasm_mutability_t mutability = WASM_CONST;
};

struct wasm_tabletype_t : wasm_externtype_t {
  wasm_tabletype_t() : wasm_externtype_t(WASM_EXTERN_TABLE) {}
  ~wasm_tabletype_t() override { delete element; }
  wasm_valtype_t* element = nullptr;
  wasm_limits_t limits{0, wasm_limits_max_default};
};

// `type` is the whole memory type (64-bit limits, memory64); `limits` is its 32-bit view for
// wasm_memorytype_limits, clamped to 32 bits for a 64-bit memory.
struct wasm_memorytype_t : wasm_externtype_t {
  wasm_memorytype_t() : wasm_externtype_t(WASM_EXTERN_MEMORY) {}
  wasm_limits_t limits{0, wasm_limits_max_default};
  wasmrun::MemoryType type;
};

struct wasm_importtype_t {
  ~wasm_importtype_t();
  wasm_name_t module{0, nullptr};
  wasm_name_t name{0, nullptr};
  wasm_externtype_t* type = nullptr;
};

struct wasm_exporttype_t {
  ~wasm_exporttype_t();
  wasm_name_t name{0, nullptr};
  wasm_externtype_t* type = nullptr;
};

struct wasmrun_interrupt_handle_t {
  std::shared_ptr<wasmrun::capi::InterruptCell> cell;
};

namespace wasmrun::capi {

// ---- Conversions shared by the areas ----

// A byte vector holding a copy of `s` (plus a NUL when `nul`).
void name_from(wasm_name_t* out, std::string_view s, bool nul = false);
std::string string_of(const wasm_byte_vec_t* v);

// Value types. v128 maps to WASMRUN_V128; an unknown kind gives nullopt.
wasm_valkind_t valkind_of(ValType t);
std::optional<ValType> valtype_of(wasm_valkind_t k);
wasm_valtype_t* new_valtype(ValType t);

wasm_functype_t* new_functype(const FuncType& t);
std::optional<FuncType> functype_of(const wasm_functype_t* t);
wasm_globaltype_t* new_globaltype(const GlobalType& t);
wasm_tabletype_t* new_tabletype(const TableType& t);
wasm_memorytype_t* new_memorytype(const MemoryType& t);
Limits limits_of(const wasm_limits_t& l);
wasm_limits_t c_limits(const Limits& l);
wasm_externtype_t* new_externtype(const Extern& e);
wasm_externkind_t externkind_of(ExternKind k);

// A new handle of the right C type for `p` in `store`.
wasm_ref_t* new_ref(RefPayload p, std::shared_ptr<StoreState> store);
template <class T>
T* new_handle(RefPayload p, std::shared_ptr<StoreState> store) {
  return static_cast<T*>(new_ref(std::move(p), std::move(store)));
}
RefPayload payload_of(const Extern& e);

// A wasm value as the C API's (references become new owned handles) and back. `to_value`
// checks the value against `want` and says what is wrong in `error`.
wasm_val_t to_c_val(const Value& v, StoreState& store);
std::optional<Value> to_value(const wasm_val_t& v, ValType want, StoreState& store,
                              std::string* error);
// A reference for a table slot or initializer of element type `want`; NULL is the null ref.
std::optional<Value> ref_value(const wasm_ref_t* r, ValType want, StoreState& store,
                               std::string* error);
wasm_ref_t* to_c_ref(const Value& v, StoreState& store);

wasm_trap_t* new_trap(Trap t, std::shared_ptr<StoreState> store);

}  // namespace wasmrun::capi
