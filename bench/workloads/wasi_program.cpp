#include "bench/workloads/wasi_program.h"

#include <cstdint>
#include <fstream>
#include <iterator>

#include "wasmrun/wasi.hpp"

namespace wasmrun::workloads {

std::optional<std::vector<uint8_t>> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

ProgramOutcome run_wasi_program(const Engine& engine, const Module& module,
                                const std::vector<std::string>& args, int stdout_fd) {
  ProgramOutcome outcome;
  wasi::Config config;
  config.args = args;
  config.stdin_fd = -1;
  config.stdout_fd = stdout_fd;
  auto ctx = wasi::Context::create(std::move(config));
  if (!ctx) {
    outcome.failure = "WASI context: " + ctx.error().message;
    return outcome;
  }
  Store store(engine);
  const uint64_t start_fuel = INT64_MAX;
  const bool metered = store.set_fuel(start_fuel);
  wasi::RunOutcome run = wasi::run_command(store, module, *ctx.value());
  if (metered) outcome.fuel_consumed = start_fuel - store.fuel().value_or(0);
  if (run.error) {
    outcome.failure = "cannot start: " + run.error->message;
  } else if (run.trap) {
    outcome.failure = "trap: " + run.trap->to_string();
  }
  outcome.exit_code = run.exit_code;
  return outcome;
}

}  // namespace wasmrun::workloads
