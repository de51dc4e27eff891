// workload_run --tier=interp|jit|jit-guard FILE.wasm [ARGS...]
//
// Runs a workload's WASI build in one tier (jit: explicit bounds checks, the default;
// jit-guard: guard pages) with the program's standard output on this
// process's standard output, for the tests to compare with the native build. Exits with the
// program's exit status, 1 when it could not run or trapped, and 77 (ctest's skip code) when
// the JIT was asked for and this build or machine has none.
#include <cstdio>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "bench/workloads/wasi_program.h"
#include "wasmrun/wasmrun.hpp"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: workload_run --tier=interp|jit|jit-guard FILE.wasm [ARGS...]\n";
    return 2;
  }
  std::string_view tier_arg = argv[1];
  wasmrun::EngineConfig config;
  if (tier_arg == "--tier=interp") {
    config.tier = wasmrun::Tier::Interp;
  } else if (tier_arg == "--tier=jit" || tier_arg == "--tier=jit-guard") {
    // Auto rather than Jit: it reports an unusable JIT through effective_tier() instead of
    // failing every compile, so the caller can tell "no JIT here" from a JIT failure.
    config.tier = wasmrun::Tier::Auto;
    if (tier_arg == "--tier=jit-guard") config.bounds_checks = wasmrun::BoundsChecks::GuardPages;
  } else {
    std::cerr << "unknown tier argument: " << tier_arg << "\n";
    return 2;
  }
  wasmrun::Engine engine(config);
  if (config.tier == wasmrun::Tier::Auto && engine.effective_tier() != wasmrun::Tier::Jit) {
    std::cerr << "JIT_UNAVAILABLE: " << engine.jit_unavailable_reason() << "\n";
    return 77;
  }
  const std::string path = argv[2];
  auto bytes = wasmrun::workloads::read_file(path);
  if (!bytes) {
    std::cerr << "cannot read " << path << "\n";
    return 1;
  }
  auto module = wasmrun::Module::compile(engine, *bytes);
  if (!module) {
    std::cerr << path << ": " << module.error().message << "\n";
    return 1;
  }
  // The guest's argv[0] is the file name; the native build's is its path, and no workload
  // prints it.
  std::vector<std::string> args{path};
  for (int i = 3; i < argc; ++i) args.emplace_back(argv[i]);
  std::fflush(stdout);
  auto outcome = wasmrun::workloads::run_wasi_program(engine, module.value(), args, 1);
  if (!outcome.failure.empty()) {
    std::cerr << path << ": " << outcome.failure << "\n";
    return 1;
  }
  return outcome.exit_code;
}
