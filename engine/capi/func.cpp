// Functions: host functions written in C, and calls from C into any function.
#include "engine/capi/capi_internal.h"

namespace wasmrun::capi {
namespace {

// A C callback and its environment; the environment's finalizer runs when the function (held
// by its store) is destroyed.
struct HostCallback {
  HostCallback() = default;
  HostCallback(const HostCallback&) = delete;
  HostCallback& operator=(const HostCallback&) = delete;
  ~HostCallback() {
    if (finalizer) finalizer(env);
  }
  wasm_func_callback_t plain = nullptr;
  wasm_func_callback_with_env_t with_env = nullptr;
  void* env = nullptr;
  void (*finalizer)(void*) = nullptr;
};

Trap host_trap(std::string message) {
  Trap t;
  t.kind = TrapKind::Host;
  t.message = std::move(message);
  return t;
}

// Vectors the callback sees; deleting them deletes the references they hold.
struct ValVec {
  wasm_val_vec_t v{0, nullptr};
  ~ValVec() { wasm_val_vec_delete(&v); }
};

// `store` is the store the function lives in; the closure lives in that store, so a plain
// pointer cannot dangle (and a shared one would keep the store alive forever).
HostFunction wrap(StoreState* store, std::shared_ptr<HostCallback> cb) {
  return [store, cb](std::span<const Value> args, std::span<Value> results) -> std::optional<Trap> {
    ValVec in, out;
    wasm_val_vec_new_uninitialized(&in.v, args.size());
    wasm_val_vec_new_uninitialized(&out.v, results.size());
    if (in.v.size != args.size() || out.v.size != results.size()) throw std::bad_alloc();
    for (size_t i = 0; i < args.size(); ++i) in.v.data[i] = to_c_val(args[i], *store);
    for (size_t i = 0; i < results.size(); ++i) {
      out.v.data[i].kind = valkind_of(results[i].type());
      out.v.data[i].of.i64 = 0;
    }
    wasm_trap_t* trap = cb->plain ? cb->plain(&in.v, &out.v) : cb->with_env(cb->env, &in.v, &out.v);
    if (trap) {
      Trap t = trap->p.trap->trap;
      wasm_trap_delete(trap);
      return t;
    }
    for (size_t i = 0; i < results.size(); ++i) {
      std::string error;
      auto v = to_value(out.v.data[i], results[i].type(), *store, &error);
      if (!v) return host_trap("host function result " + std::to_string(i) + ": " + error);
      results[i] = *v;
    }
    return std::nullopt;
  };
}

wasm_func_t* new_host_func(wasm_store_t* store, const wasm_functype_t* type,
                           std::shared_ptr<HostCallback> cb) {
  auto ft = functype_of(type);
  if (!ft) {
    set_last_error("invalid function type");
    return nullptr;
  }
  Func f = Func::create(*store->state->store, *ft, wrap(store->state.get(), std::move(cb)));
  return new_handle<wasm_func_t>(payload_of(f), store->state);
}

const Func& func_of(const wasm_func_t* f) { return std::get<Func>(*f->p.ext); }

}  // namespace
}  // namespace wasmrun::capi

using namespace wasmrun::capi;

extern "C" {

wasm_func_t* wasm_func_new(wasm_store_t* store, const wasm_functype_t* type,
                           wasm_func_callback_t callback) {
  clear_last_error();
  if (!store || !callback) return nullptr;
  return guarded<wasm_func_t*>(nullptr, [&] {
    auto cb = std::make_shared<HostCallback>();
    cb->plain = callback;
    return new_host_func(store, type, std::move(cb));
  });
}

wasm_func_t* wasm_func_new_with_env(wasm_store_t* store, const wasm_functype_t* type,
                                    wasm_func_callback_with_env_t callback, void* env,
                                    void (*finalizer)(void*)) {
  clear_last_error();
  if (!store || !callback) return nullptr;
  return guarded<wasm_func_t*>(nullptr, [&] {
    auto cb = std::make_shared<HostCallback>();
    cb->with_env = callback;
    cb->env = env;
    cb->finalizer = finalizer;
    return new_host_func(store, type, std::move(cb));
  });
}

wasm_functype_t* wasm_func_type(const wasm_func_t* f) {
  return guarded<wasm_functype_t*>(nullptr, [&] { return new_functype(func_of(f).type()); });
}

size_t wasm_func_param_arity(const wasm_func_t* f) {
  return guarded<size_t>(0, [&] { return func_of(f).type().params.size(); });
}

size_t wasm_func_result_arity(const wasm_func_t* f) {
  return guarded<size_t>(0, [&] { return func_of(f).type().results.size(); });
}

wasm_trap_t* wasm_func_call(const wasm_func_t* func, const wasm_val_vec_t* args,
                            wasm_val_vec_t* results) {
  auto fail = [&](std::string message) {
    return new_trap(host_trap(std::move(message)), func->store);
  };
  // Running out of memory must still look like a failed call, never like a successful one.
  try {
    StoreState& store = *func->store;
    const wasmrun::Func& f = func_of(func);
    wasmrun::FuncType type = f.type();
    size_t nargs = args ? args->size : 0;
    if (nargs != type.params.size()) {
      return fail("expected " + std::to_string(type.params.size()) + " arguments, got " +
                  std::to_string(nargs));
    }
    size_t room = results ? results->size : 0;
    if (room < type.results.size()) {
      return fail("the results vector has room for " + std::to_string(room) + " values, the " +
                  "function returns " + std::to_string(type.results.size()));
    }
    std::vector<wasmrun::Value> in;
    in.reserve(nargs);
    for (size_t i = 0; i < nargs; ++i) {
      std::string error;
      auto v = to_value(args->data[i], type.params[i], store, &error);
      if (!v) return fail("argument " + std::to_string(i) + ": " + error);
      in.push_back(*v);
    }
    wasmrun::CallResult r = f.call(in);
    if (auto* trap = std::get_if<wasmrun::Trap>(&r)) return new_trap(std::move(*trap), func->store);
    const auto& out = std::get<std::vector<wasmrun::Value>>(r);
    for (size_t i = 0; i < out.size(); ++i) results->data[i] = to_c_val(out[i], store);
    return nullptr;
  } catch (...) {
    return guarded<wasm_trap_t*>(nullptr, [&] { return fail("out of memory"); });
  }
}

}  // extern "C"
