// `wasmrun FILE.wasm`: run a WASI command's _start, or call an export with --invoke.
#include <cstdio>

#include "commands.h"
#include "timeout.h"
#include "value_text.h"

namespace wasmrun::cli {

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

namespace {

int report_timeout(const Timeout& timeout) { return print_timeout(timeout.seconds()); }

int report_trap(const Trap& trap, const Timeout& timeout) {
  if (timeout.expired()) return report_timeout(timeout);
  std::fprintf(stderr, "wasmrun: trap (%s): %s\n", to_string(trap.kind), trap.to_string().c_str());
  return kExitTrap;
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

// Run as a command, a module without _start would do nothing; say so and what it offers.
int report_no_start(const std::string& file, const Module& module) {
  std::string funcs;
  for (const auto& e : module.exports()) {
    if (e.kind != ExternKind::Func) continue;
    funcs += funcs.empty() ? " " : ", ";
    funcs += e.name;
  }
  std::fprintf(stderr, "wasmrun: %s: no exported _start function to run as a command\n",
               file.c_str());
  if (funcs.empty()) {
    std::fprintf(stderr, "wasmrun: %s: it exports no functions\n", file.c_str());
  } else {
    std::fprintf(stderr, "wasmrun: %s: exported functions (call one with --invoke NAME):%s\n",
                 file.c_str(), funcs.c_str());
  }
  return kExitError;
}

// A trap while instantiating: in the start function (wasm code ran: a trap, 134), or an active
// segment that does not fit, found before any code ran (an instantiation error, 125).
int report_instantiation_trap(const std::string& file, const Trap& trap, const Timeout& timeout) {
  if (!trap.backtrace.empty() || timeout.expired()) return report_trap(trap, timeout);
  std::fprintf(stderr, "wasmrun: %s: instantiation error: %s (an active segment does not fit)\n",
               file.c_str(), trap.message.c_str());
  return kExitError;
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

EngineConfig engine_config(const RunOptions& options) {
  EngineConfig config;
  config.tier = options.tier;
  config.bounds_checks = options.bounds;
  config.profiling = options.profiling;
  config.debug_info = options.debug_info;
  config.max_module_bytes = options.max_module_bytes;
  config.fuel = options.fuel.has_value();
  config.features = options.features;
  if (options.max_memory_pages) config.max_memory_pages = *options.max_memory_pages;
  return config;
}

int run_module(const RunOptions& options) {
  // Started first: reading, decoding and compiling count towards the limit too.
  Timeout timeout(options.timeout_seconds);
  std::vector<uint8_t> bytes;
  std::string io_error;
  if (!load_module(options.file, options.max_module_bytes, bytes, io_error)) {
    std::fprintf(stderr, "wasmrun: %s: %s\n", options.file.c_str(), io_error.c_str());
    return kExitError;
  }

  Engine engine(engine_config(options));
  if (options.tier == Tier::Jit && engine.effective_tier() != Tier::Jit) {
    std::fprintf(stderr, "wasmrun: --jit: %s\n", engine.jit_unavailable_reason().c_str());
    return kExitError;
  }
  if (options.tier == Tier::Auto && engine.effective_tier() == Tier::Interp &&
      !engine.jit_unavailable_reason().empty()) {
    std::fprintf(stderr, "wasmrun: note: running in the interpreter: %s\n",
                 engine.jit_unavailable_reason().c_str());
  }

  // A compiled module (wasmrun compile) is loaded as it is; its machine code is trusted.
  auto module = Module::is_serialized(bytes) ? Module::deserialize(engine, bytes)
                                             : Module::compile(engine, std::move(bytes));
  if (!module) return report_error(options.file, module.error());
  if (options.print_code) {
    if (!print_machine_code(module.value(), *options.print_code)) return kExitError;
    if (options.invoke.empty()) return 0;
  }
  const bool as_command = options.invoke.empty();
  if (as_command && !exports_start(module.value())) {
    return report_no_start(options.file, module.value());
  }

  wasi::Config wasi_config;
  wasi_config.args.push_back(options.file);
  if (as_command)
    wasi_config.args.insert(wasi_config.args.end(), options.args.begin(), options.args.end());
  wasi_config.env = options.env;
  wasi_config.preopens = options.preopens;
  wasi_config.stdin_fd = options.stdio_fds[0];
  wasi_config.stdout_fd = options.stdio_fds[1];
  wasi_config.stderr_fd = options.stdio_fds[2];
  auto created = wasi::Context::create(std::move(wasi_config));
  if (!created) return report_error(options.file, created.error());
  wasi::Context& ctx = *created.value();

  Store store(engine);
  if (options.fuel) store.set_fuel(*options.fuel);
  timeout.attach(store, &ctx);
  struct Detach {
    Timeout& t;
    ~Detach() { t.detach(); }
  } detach_before_store_goes{timeout};
  if (as_command) {
    wasi::RunOutcome out = wasi::run_command(store, module.value(), ctx);
    // A sleep cut short by the timeout may let the program end on its own; it still timed out.
    if (timeout.expired()) return report_timeout(timeout);
    if (out.error) return report_error(options.file, *out.error);
    if (out.trap) return report_instantiation_trap(options.file, *out.trap, timeout);
    return out.exit_code;
  }

  std::optional<Trap> trap;
  auto instance = wasi::instantiate(store, module.value(), ctx, &trap);
  if (!instance) {
    if (ctx.exit_code()) return static_cast<int>(*ctx.exit_code());
    if (trap) return report_instantiation_trap(options.file, *trap, timeout);
    return report_error(options.file, instance.error());
  }
  return invoke(options, instance.value(), ctx, timeout);
}

}  // namespace wasmrun::cli
