// `wasmrun FILE.wasm`: run a WASI command's _start, or call an export with --invoke.
#include <cstdio>

#include "commands.h"
#include "timeout.h"
#include "value_text.h"

namespace wasmrun::cli {
namespace {

int report_timeout(const Timeout& timeout) {
  std::fprintf(stderr, "wasmrun: timeout: interrupted after %g s\n", timeout.seconds());
  return kExitTimeout;
}

int report_trap(const Trap& trap, const Timeout& timeout) {
  if (timeout.expired()) return report_timeout(timeout);
  std::fprintf(stderr, "wasmrun: trap (%s): %s\n", to_string(trap.kind), trap.to_string().c_str());
  return kExitTrap;
}

int report_error(const std::string& file, const Error& error) {
  if (error.kind == Error::Kind::Malformed || error.kind == Error::Kind::Invalid) {
    std::fprintf(stderr, "wasmrun: %s: 0x%llx: %s\n", file.c_str(),
                 static_cast<unsigned long long>(error.offset), error.message.c_str());
  } else {
    const char* what = error.kind == Error::Kind::Link          ? "link error: "
                       : error.kind == Error::Kind::Instantiate ? "instantiation error: "
                                                                : "";
    std::fprintf(stderr, "wasmrun: %s: %s%s\n", file.c_str(), what, error.message.c_str());
  }
  return kExitError;
}

// Prints the JIT's listing of the selected functions; false when nothing could be printed.
bool print_machine_code(const Module& module, const std::string& which) {
  auto listings = module.jit_listings();
  if (!listings) {
    std::fprintf(stderr, "wasmrun: --print-code: %s\n", listings.error().message.c_str());
    return false;
  }
  bool printed = false;
  for (const auto& f : listings.value()) {
    if (!which.empty() && which != f.name && which != std::to_string(f.func_index)) continue;
    std::printf(";; func[%u]%s%s\n%s\n", f.func_index, f.name.empty() ? "" : " ", f.name.c_str(),
                f.listing.c_str());
    printed = true;
  }
  if (!printed) std::fprintf(stderr, "wasmrun: --print-code: no function '%s'\n", which.c_str());
  return printed;
}

bool exports_start(const Module& module) {
  for (const auto& e : module.exports()) {
    if (e.name == "_start" && e.kind == ExternKind::Func) return true;
  }
  return false;
}

// --invoke: call one export with arguments parsed from text and print its results.
int invoke(const RunOptions& options, Instance& instance, wasi::Context& ctx,
           const Timeout& timeout) {
  auto func = instance.get_func(options.invoke);
  if (!func) {
    std::fprintf(stderr, "wasmrun: no exported function named '%s'\n", options.invoke.c_str());
    return kExitError;
  }
  FuncType type = func->type();
  if (type.params.size() != options.args.size()) {
    std::fprintf(stderr, "wasmrun: '%s' takes %zu arguments, %zu given\n", options.invoke.c_str(),
                 type.params.size(), options.args.size());
    return kExitError;
  }
  std::vector<Value> args;
  for (size_t i = 0; i < options.args.size(); ++i) {
    auto v = parse_value(type.params[i], options.args[i]);
    if (!v) {
      std::fprintf(stderr, "wasmrun: argument %zu: '%s' is not a valid %s\n", i + 1,
                   options.args[i].c_str(), to_string(type.params[i]));
      return kExitError;
    }
    args.push_back(*v);
  }
  auto result = func->call(args);
  if (auto* t = std::get_if<Trap>(&result)) {
    if (ctx.exit_code()) return static_cast<int>(*ctx.exit_code());
    return report_trap(*t, timeout);
  }
  for (const auto& v : std::get<std::vector<Value>>(result))
    std::printf("%s\n", format_value(v).c_str());
  return 0;
}

}  // namespace

int run_module(const RunOptions& options) {
  std::vector<uint8_t> bytes;
  std::string io_error;
  if (!read_file(options.file, bytes, io_error)) {
    std::fprintf(stderr, "wasmrun: %s: %s\n", options.file.c_str(), io_error.c_str());
    return kExitError;
  }

  EngineConfig config;
  config.tier = options.tier;
  config.bounds_checks = options.bounds;
  config.profiling = options.profiling;
  config.debug_info = options.debug_info;
  if (options.max_memory_pages) config.max_memory_pages = *options.max_memory_pages;
  Engine engine(config);
  if (options.tier == Tier::Jit && engine.effective_tier() != Tier::Jit) {
    std::fprintf(stderr, "wasmrun: --jit: %s\n", engine.jit_unavailable_reason().c_str());
    return kExitError;
  }
  if (options.tier == Tier::Auto && engine.effective_tier() == Tier::Interp &&
      !engine.jit_unavailable_reason().empty()) {
    std::fprintf(stderr, "wasmrun: note: running in the interpreter: %s\n",
                 engine.jit_unavailable_reason().c_str());
  }

  auto module = Module::compile(engine, bytes);
  if (!module) return report_error(options.file, module.error());
  if (options.print_code) {
    if (!print_machine_code(module.value(), *options.print_code)) return kExitError;
    if (options.invoke.empty()) return 0;
  }

  wasi::Config wasi_config;
  wasi_config.args.push_back(options.file);
  if (options.invoke.empty())
    wasi_config.args.insert(wasi_config.args.end(), options.args.begin(), options.args.end());
  wasi_config.env = options.env;
  wasi_config.preopens = options.preopens;
  auto created = wasi::Context::create(std::move(wasi_config));
  if (!created) return report_error(options.file, created.error());
  wasi::Context& ctx = *created.value();

  Store store(engine);
  Timeout timeout(store, &ctx, options.timeout_seconds);
  if (options.invoke.empty() && exports_start(module.value())) {
    wasi::RunOutcome out = wasi::run_command(store, module.value(), ctx);
    // A sleep cut short by the timeout may let the program end on its own; it still timed out.
    if (timeout.expired()) return report_timeout(timeout);
    if (out.error) return report_error(options.file, *out.error);
    if (out.trap) return report_trap(*out.trap, timeout);
    return out.exit_code;
  }

  std::optional<Trap> trap;
  auto instance = wasi::instantiate(store, module.value(), ctx, &trap);
  if (!instance) {
    if (ctx.exit_code()) return static_cast<int>(*ctx.exit_code());
    if (trap) return report_trap(*trap, timeout);
    return report_error(options.file, instance.error());
  }
  if (options.invoke.empty()) return 0;
  return invoke(options, instance.value(), ctx, timeout);
}

}  // namespace wasmrun::cli
