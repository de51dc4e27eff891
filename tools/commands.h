// The CLI's subcommands. Each returns the process exit code.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "wasmrun/wasi.hpp"
#include "wasmrun/wasmrun.hpp"

namespace wasmrun::cli {

// Exit codes besides a program's own (0-255 from proc_exit, 0 when _start returns). They sit
// where ordinary programs rarely go, following the conventions of timeout(1) and env(1):
constexpr int kExitTimeout = 124;  // --timeout expired; the program was interrupted
constexpr int kExitError = 125;    // usage, read, decode, validation, link or instantiation error
constexpr int kExitTrap = 134;     // the program trapped (128 + SIGABRT, like a native abort)
constexpr int kExitInvalid = 1;    // `validate`: some module is not valid

int validate_files(const std::vector<std::string>& files);

struct RunOptions {
  std::string file;
  std::vector<std::string> args;  // the program's arguments after argv[0], or --invoke's
  std::string invoke;             // export to call; empty: run _start (if exported)
  // Print the JIT's machine code: for every function (empty string) or one, by name or index.
  std::optional<std::string> print_code;
  Tier tier = Tier::Auto;
  BoundsChecks bounds = BoundsChecks::GuardPages;
  std::vector<wasi::Preopen> preopens;
  std::vector<std::string> env;  // NAME=VALUE
  std::optional<uint32_t> max_memory_pages;
  std::optional<double> timeout_seconds;
  Profiling profiling = Profiling::None;  // --profile
  bool debug_info = false;                // --debug-info
};
int run_module(const RunOptions& options);

// Reads a whole file; false with `error` set on failure.
bool read_file(const std::string& path, std::vector<uint8_t>& out, std::string& error);

}  // namespace wasmrun::cli
