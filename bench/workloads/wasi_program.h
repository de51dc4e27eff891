// Running a WASI command module (a workload's .wasm) through the public API with its standard
// output sent to a given host descriptor; shared by the test runner and the benchmark.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "wasmrun/wasmrun.hpp"

namespace wasmrun::workloads {

// The whole file, or nullopt when it cannot be read.
std::optional<std::vector<uint8_t>> read_file(const std::string& path);

struct ProgramOutcome {
  int exit_code = 0;
  std::string failure;  // empty when the program ran to its exit; else why it did not
  std::optional<uint64_t> fuel_consumed;  // when the engine meters fuel (EngineConfig::fuel)
};

// Creates a Store and a WASI context (args as given, no environment or preopens, stdin closed,
// stderr inherited) and runs `_start`. With fuel metering the store gets as much fuel as it can
// hold, and the outcome tells how much the run consumed.
ProgramOutcome run_wasi_program(const Engine& engine, const Module& module,
                                const std::vector<std::string>& args, int stdout_fd);

}  // namespace wasmrun::workloads
