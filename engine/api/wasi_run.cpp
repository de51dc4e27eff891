// wasi::instantiate and wasi::run_command: linking a command module against a Context only.
#include "wasmrun/wasi.hpp"

namespace wasmrun::wasi {

Result<Instance> instantiate(Store& store, const Module& module, Context& ctx,
                             std::optional<Trap>* trap) {
  auto imports = ctx.imports(store, module);
  if (!imports) return imports.error();
  auto instance = Instance::create(store, module, imports.value(), trap);
  if (!instance) return instance.error();
  if (auto memory = instance->get_memory("memory")) ctx.bind_memory(*memory);
  return instance;
}

RunOutcome run_command(Store& store, const Module& module, Context& ctx) {
  RunOutcome out;
  std::optional<Trap> trap;
  auto instance = instantiate(store, module, ctx, &trap);
  if (!instance) {
    if (ctx.exit_code()) {  // proc_exit from a start function
      out.exit_code = static_cast<int>(*ctx.exit_code());
      return out;
    }
    out.exit_code = 1;
    if (trap) {
      out.trap = std::move(trap);
    } else {
      out.error = instance.error();
    }
    return out;
  }
  auto start = instance->get_func("_start");
  if (!start) {
    out.exit_code = 1;
    out.error = Error{Error::Kind::Link, "the module exports no _start function", 0};
    return out;
  }
  if (!start->type().params.empty() || !start->type().results.empty()) {
    out.exit_code = 1;
    out.error = Error{Error::Kind::Link, "_start must take and return nothing", 0};
    return out;
  }
  CallResult r = start->call({});
  if (auto* t = std::get_if<Trap>(&r)) {
    if (ctx.exit_code()) {
      out.exit_code = static_cast<int>(*ctx.exit_code());
    } else {
      out.exit_code = 1;
      out.trap = std::move(*t);
    }
    return out;
  }
  out.exit_code = 0;
  return out;
}

}  // namespace wasmrun::wasi
