// Func: host functions and calls from the host into wasm.
#include <exception>
#include <new>

#include "engine/api/api_internal.h"
#include "engine/api/convert.h"

namespace wasmrun {
namespace {

// Adapts a public HostFunction to the runtime's cell-based callback. Exceptions stop here and
// become Host traps, since they could not unwind through wasm frames.
rt::HostCallback wrap_host(const FuncType* type, HostFunction fn) {
  return [type, fn = std::move(fn)](rt::HostCallContext&, const rt::RawValue* args,
                                    rt::RawValue* results) -> std::optional<rt::TrapInfo> {
    try {
      std::vector<Value> in;
      in.reserve(type->params.size());
      for (size_t i = 0; i < type->params.size(); ++i)
        in.push_back(from_raw(type->params[i], args[i]));
      std::vector<Value> out;
      out.reserve(type->results.size());
      for (ValType t : type->results) out.push_back(Value::from_raw(t, 0));
      if (auto trap = fn(in, out)) return to_trap_info(std::move(*trap));
      for (size_t i = 0; i < out.size(); ++i) {
        if (out[i].type() != type->results[i]) {
          return host_trap("host function returned a " + std::string(to_string(out[i].type())) +
                           " where its type says " + to_string(type->results[i]));
        }
        results[i] = to_raw(out[i]);
      }
      return std::nullopt;
    } catch (const std::exception& e) {
      return host_trap(std::string("host function threw: ") + e.what());
    } catch (...) {
      return host_trap("host function threw");
    }
  };
}

Trap arg_trap(std::string message) {
  Trap t;
  t.kind = TrapKind::Host;
  t.message = std::move(message);
  return t;
}

}  // namespace

Func Func::create(Store& store, const FuncType& type, HostFunction fn) {
  Store::Impl* s = store.impl();
  rt::StoreFunc* f = s->objects.add_func();
  f->type_id = s->engine->types.intern(type);
  f->type = &s->engine->types.type(f->type_id);
  f->host = wrap_host(f->type, std::move(fn));
  return Func(s, f);
}

FuncType Func::type() const { return *static_cast<rt::FuncInst*>(ptr_)->type; }

CallResult Func::call(std::span<const Value> args) const {
  auto* f = static_cast<rt::FuncInst*>(ptr_);
  if (!f || !store_) return arg_trap("call of a null function");
  const FuncType& type = *f->type;
  if (args.size() != type.params.size()) {
    return arg_trap("expected " + std::to_string(type.params.size()) + " arguments, got " +
                    std::to_string(args.size()));
  }
  try {
    // One spare cell keeps the pointers valid for functions without parameters or results.
    std::vector<rt::RawValue> in(args.size() + 1, rt::raw_zero());
    for (size_t i = 0; i < args.size(); ++i) {
      if (args[i].type() != type.params[i]) {
        return arg_trap("argument " + std::to_string(i) + " is a " + to_string(args[i].type()) +
                        ", expected " + to_string(type.params[i]));
      }
      in[i] = to_raw(args[i]);
    }
    std::vector<rt::RawValue> out(type.results.size() + 1, rt::raw_zero());
    if (auto trap =
            internal::call_from_host(store_->objects, *store_->thread, f, in.data(), out.data())) {
      return to_trap(std::move(*trap));
    }
    std::vector<Value> results;
    results.reserve(type.results.size());
    for (size_t i = 0; i < type.results.size(); ++i)
      results.push_back(from_raw(type.results[i], out[i]));
    return results;
  } catch (const std::bad_alloc&) {
    return arg_trap("out of memory");
  }
}

}  // namespace wasmrun
