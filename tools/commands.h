// The CLI's subcommands. Each returns the process exit code.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "wasmrun/wasmrun.hpp"

namespace wasmrun::cli {

// Exit codes besides a program's own: a trap, a usage or load error.
constexpr int kExitTrap = 134;
constexpr int kExitError = 1;

int validate_files(const std::vector<std::string>& files);

struct RunOptions {
  std::string file;
  std::vector<std::string> args;
  std::string invoke;  // export to call; empty: run the start function only
  // Print the JIT's machine code: for every function (empty string) or one, by name or index.
  std::optional<std::string> print_code;
  Tier tier = Tier::Interp;
  BoundsChecks bounds = BoundsChecks::Explicit;
};
int run_module(const RunOptions& options);

// Reads a whole file; false with `error` set on failure.
bool read_file(const std::string& path, std::vector<uint8_t>& out, std::string& error);

}  // namespace wasmrun::cli
