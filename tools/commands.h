// The CLI's subcommands. Each returns the process exit code.
#pragma once

#include <array>
#include <cstdint>
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
constexpr int kExitInvalid = 1;    // `validate`: some module is not valid (all were read)

// `validate`: 0 when every module is valid, kExitInvalid when some is not, kExitError when some
// file could not be read (the others are still checked and reported, in order).
int validate_files(const std::vector<std::string>& files, uint64_t max_module_bytes,
                   const Features& features);

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
  uint64_t max_module_bytes = kDefaultMaxModuleBytes;
  Features features;             // --disable switches some off
  std::optional<uint64_t> fuel;  // --fuel: meter fuel (EngineConfig::fuel), starting with this
  // Host descriptors behind the guest's 0, 1 and 2; -1 where wasmrun was started with that
  // descriptor closed (the guest then gets EBADF on it, as a native program would).
  std::array<int, 3> stdio_fds = {0, 1, 2};
};
int run_module(const RunOptions& options);

// Prints a module error as `wasmrun: FILE: ...` and returns kExitError.
int report_error(const std::string& file, const Error& error);

// The engine configuration `options` ask for (shared by running and compiling, so that a
// compiled module matches the engine that runs it with the same options).
EngineConfig engine_config(const RunOptions& options);

// `compile -o OUT FILE.wasm`: compiles for the engine `options` configure and writes the
// compiled module (.cwasm), which `wasmrun OUT` then runs without compiling again.
int compile_to_file(const RunOptions& options, const std::string& output);

// Reads a module: a regular file in one go, or standard input when `path` is "-"; at most
// `max_bytes`. False with `error` set on failure (a directory, a device, too large, ...).
bool load_module(const std::string& path, uint64_t max_bytes, std::vector<uint8_t>& out,
                 std::string& error);

}  // namespace wasmrun::cli
