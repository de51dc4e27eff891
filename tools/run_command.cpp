#include <cstdio>

#include "commands.h"
#include "value_text.h"

namespace wasmrun::cli {
namespace {

int report_trap(const Trap& trap) {
  std::fprintf(stderr, "wasmrun: trap: %s\n", trap.to_string().c_str());
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
  Engine engine(config);
  if (options.tier == Tier::Auto && engine.effective_tier() == Tier::Interp &&
      !engine.jit_unavailable_reason().empty()) {
    std::fprintf(stderr, "wasmrun: note: running in the interpreter: %s\n",
                 engine.jit_unavailable_reason().c_str());
  }

  auto module = Module::compile(engine, bytes);
  if (!module) {
    std::fprintf(stderr, "wasmrun: %s: 0x%llx: %s\n", options.file.c_str(),
                 static_cast<unsigned long long>(module.error().offset),
                 module.error().message.c_str());
    return kExitError;
  }

  if (options.print_code) {
    if (!print_machine_code(module.value(), *options.print_code)) return kExitError;
    if (options.invoke.empty()) return 0;
  }

  Store store(engine);
  if (!module->imports().empty()) {
    const auto& first = module->imports().front();
    std::fprintf(stderr, "wasmrun: %s: unresolved import %s.%s (WASI is not supported yet)\n",
                 options.file.c_str(), first.module.c_str(), first.name.c_str());
    return kExitError;
  }
  std::optional<Trap> trap;
  auto instance = Instance::create(store, module.value(), {}, &trap);
  if (!instance) {
    if (trap) return report_trap(*trap);
    std::fprintf(stderr, "wasmrun: %s: %s\n", options.file.c_str(),
                 instance.error().message.c_str());
    return kExitError;
  }
  if (options.invoke.empty()) return 0;

  auto func = instance->get_func(options.invoke);
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
  if (auto* t = std::get_if<Trap>(&result)) return report_trap(*t);
  for (const auto& v : std::get<std::vector<Value>>(result))
    std::printf("%s\n", format_value(v).c_str());
  return 0;
}

}  // namespace wasmrun::cli
