// wasmrun: run a WebAssembly module, or validate modules.
//
//   wasmrun [--interp|--jit] [--print-code[=FUNC]] [--invoke NAME] FILE.wasm [ARGS...]
//   wasmrun validate FILE...
#include <CLI/CLI.hpp>
#include <cstdio>

#include "commands.h"

int main(int argc, char** argv) {
  CLI::App app{"wasmrun: a WebAssembly engine with an interpreter and a baseline JIT", "wasmrun"};
  app.set_version_flag("--version", std::string("wasmrun ") + wasmrun::version());
  app.require_subcommand(0, 1);

  std::vector<std::string> validate_files;
  auto* validate =
      app.add_subcommand("validate", "Decode and validate modules; print FILE: ok or the error");
  validate->add_option("files", validate_files, "Module binaries")->required();

  wasmrun::cli::RunOptions run;
  bool interp = false;
  bool jit = false;
  bool explicit_bounds = false;
  app.add_flag("--interp", interp, "Run in the interpreter");
  app.add_flag("--jit", jit, "Run in the JIT (fails with the reason when it cannot)");
  app.add_flag("--explicit-bounds-checks", explicit_bounds,
               "Check every memory access explicitly instead of relying on guard pages");
  app.add_option("--invoke", run.invoke,
                 "Call this exported function with ARGS and print its results");
  std::string print_code;
  auto* print_code_opt =
      app.add_option("--print-code", print_code,
                     "Print the JIT's machine code for every function, or for FUNC (name or index)")
          ->expected(0, 1)
          ->type_name("[FUNC]");
  app.add_option("file", run.file, "The module to run");
  // Everything after the module belongs to the program.
  app.prefix_command();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  if (*validate) return wasmrun::cli::validate_files(validate_files);
  if (run.file.empty()) {
    std::fputs(app.help().c_str(), stderr);
    return wasmrun::cli::kExitError;
  }
  if (interp && jit) {
    std::fputs("wasmrun: --interp and --jit exclude each other\n", stderr);
    return wasmrun::cli::kExitError;
  }
  run.tier = jit ? wasmrun::Tier::Jit : interp ? wasmrun::Tier::Interp : wasmrun::Tier::Auto;
  run.bounds =
      explicit_bounds ? wasmrun::BoundsChecks::Explicit : wasmrun::BoundsChecks::GuardPages;
  run.args = app.remaining();
  if (print_code_opt->count() > 0) run.print_code = print_code;
  return wasmrun::cli::run_module(run);
}
