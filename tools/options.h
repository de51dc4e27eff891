// The options of `wasmrun FILE.wasm`: declared on the CLI11 app, then checked and converted into
// RunOptions.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "commands.h"

namespace wasmrun::cli {

// Raw option values that need checking after parsing.
struct CliFlags {
  bool interp = false;
  bool jit = false;
  bool explicit_bounds = false;
  std::string print_code;
  CLI::Option* print_code_opt = nullptr;
  bool print_all_code = false;  // a bare --print-code
  std::vector<std::string> dirs;
  std::string max_memory;
  double timeout = 0;
  CLI::Option* timeout_opt = nullptr;
  std::string profile;  // --profile: perfmap or jitdump
  std::string max_module_size;
  uint64_t fuel = 0;
  CLI::Option* fuel_opt = nullptr;
  std::string disable;  // --disable: WebAssembly 3.0 features to switch off
};

// --max-module-size and --disable, on the main command, `validate` and `compile`.
void add_module_options(CLI::App& app, CliFlags& flags);
// The features --disable leaves on; nullopt (after a message on stderr) for an unknown name.
std::optional<Features> enabled_features(const CliFlags& flags);

// --max-module-size's value in bytes (kDefaultMaxModuleBytes when not given); nullopt (after a
// message on stderr) when malformed.
std::optional<uint64_t> module_size_limit(const CliFlags& flags);

void add_run_options(CLI::App& app, RunOptions& run, CliFlags& flags);

// Fills the rest of `run` from `flags`; false (after a message on stderr) on a bad value.
bool finish_run_options(RunOptions& run, const CliFlags& flags);

// "HOST::GUEST" or "DIR" (the same path for both).
wasi::Preopen parse_dir(const std::string& spec);

// --max-memory's value: "N" mebibytes, or "Np" 64 KiB pages. nullopt when malformed or above the
// 4 GiB a 32-bit memory can have.
std::optional<uint32_t> parse_memory_limit(const std::string& text);

}  // namespace wasmrun::cli
