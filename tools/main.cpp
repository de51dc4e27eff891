// wasmrun: run a WebAssembly module (a WASI command, or any module's export), or validate modules.
//
//   wasmrun [OPTIONS] FILE.wasm [ARGS...]
//   wasmrun validate FILE...
//   wasmrun compile [--interp|--jit] [--explicit-bounds-checks] -o OUT.cwasm FILE.wasm
#include <fcntl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string_view>

#include "commands.h"
#include "options.h"

namespace {

constexpr const char* kFooter = R"(
ARGS after FILE.wasm go to the program untouched (argv[0] is FILE.wasm), or are --invoke's
arguments. FILE.wasm must be a regular file; - reads the module from standard input.
Exit status: the program's own (proc_exit, 0 when _start returns); 124 on --timeout (reading
and compiling count); 125 when wasmrun itself fails (usage, unreadable or invalid module, no
_start to run, link or instantiation error, including an active segment that does not fit);
134 when wasm code traps, the start function's included (its kind and wasm backtrace go to
stderr; running out of --fuel is such a trap). validate: 0 when every module is valid, 1 when some is not, 125 when some file cannot
be read or on a usage error.)";

// Descriptors 0-2 that are closed when wasmrun starts are opened on /dev/null, so that nothing
// wasmrun opens later (the module, a preopen, a duplicate) can land on them and be written to
// as the program's stdout. Returns the guest's view: -1 for each one that was closed.
std::array<int, 3> claim_closed_stdio() {
  std::array<int, 3> fds = {0, 1, 2};
  for (int fd = 0; fd < 3; ++fd) {
    if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    fds[fd] = -1;
    // open() takes the lowest free number, which is `fd` since the lower ones are open by now.
    int got = ::open("/dev/null", O_RDWR);
    if (got >= 0 && got != fd) ::close(got);
  }
  return fds;
}

// Options that take their value as the next argument, as the parser itself declares them
// (--print-code's value is optional: it takes one only when spelled with '=').
bool takes_value(const CLI::App& app, std::string_view arg) {
  if (arg.find('=') != std::string_view::npos) return false;
  const CLI::Option* option = app.get_option_no_throw(std::string(arg));
  return option != nullptr && option->get_items_expected_min() > 0;
}

// The index of FILE.wasm (or of the `validate` subcommand): the first argument that is neither
// an option nor an option's value. Everything after it belongs to the program, so CLI11 never
// sees it and `-x` there is not taken for an option of ours.
int first_positional(const CLI::App& app, int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--") return i + 1;
    if (a.size() > 1 && a[0] == '-') {
      if (takes_value(app, a)) ++i;
      continue;
    }
    return i;
  }
  return argc;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace wasmrun::cli;
  std::array<int, 3> stdio_fds = claim_closed_stdio();
  // A write to a pipe whose reader is gone must fail with EPIPE (which the program sees from
  // fd_write), not kill wasmrun. Ignored, not blocked: the disposition is inherited by nothing
  // wasmrun starts, and no signal stays pending.
  std::signal(SIGPIPE, SIG_IGN);
  CLI::App app{"wasmrun: a WebAssembly engine with an interpreter and a baseline JIT", "wasmrun"};
  app.set_version_flag("--version", std::string("wasmrun ") + wasmrun::version());
  app.require_subcommand(0, 1);
  app.footer(kFooter);

  std::vector<std::string> validate_files_list;
  auto* validate =
      app.add_subcommand("validate", "Decode and validate modules; print FILE: ok or the error");
  validate->add_option("files", validate_files_list, "Module binaries (- for standard input)")
      ->required();

  RunOptions run;
  run.stdio_fds = stdio_fds;
  CliFlags flags;
  add_run_options(app, run, flags);
  add_module_options(*validate, flags);

  // Compiles for the engine the same flags give `wasmrun FILE`, so that run loads it.
  auto* compile = app.add_subcommand(
      "compile",
      "Compile a module ahead of time into a compiled-module file (FILE.cwasm), which "
      "wasmrun then runs without compiling again. Running it trusts its machine code.");
  RunOptions compile_run;
  CliFlags compile_flags;
  std::string compile_output;
  compile->add_flag("--interp", compile_flags.interp, "Compile for the interpreter");
  compile->add_flag("--jit", compile_flags.jit, "Compile for the JIT");
  compile->add_flag("--explicit-bounds-checks", compile_flags.explicit_bounds,
                    "Code for explicit bounds checks (run it with the same flag)");
  compile->add_option("-o,--output", compile_output, "The compiled module to write")->required();
  add_module_options(*compile, compile_flags);
  compile->add_option("file", compile_run.file, "The module (- reads it from standard input)")
      ->required();

  int file_index = first_positional(app, argc, argv);
  // A bare --print-code (every function) would take FILE.wasm for its FUNC, and CLI11 reads
  // "--print-code=" the same way: it is taken out here and only --print-code=FUNC is parsed.
  std::vector<char*> args{argv[0]};
  for (int i = 1; i < argc; ++i) {
    if (i < file_index && std::strcmp(argv[i], "--print-code") == 0) {
      flags.print_all_code = true;
      continue;
    }
    args.push_back(argv[i]);
  }
  file_index -= argc - static_cast<int>(args.size());
  argc = static_cast<int>(args.size());
  argv = args.data();
  bool is_validate = file_index < argc && (std::strcmp(argv[file_index], "validate") == 0 ||
                                           std::strcmp(argv[file_index], "compile") == 0);
  int parse_count = is_validate ? argc : std::min(argc, file_index + 1);
  try {
    app.parse(parse_count, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : kExitError;
  }

  if (*validate) {
    auto max_module = module_size_limit(flags);
    auto features = enabled_features(flags);
    if (!max_module || !features) return kExitError;
    return validate_files(validate_files_list, *max_module, *features);
  }
  if (*compile) {
    if (compile_flags.interp && compile_flags.jit) {
      std::fputs("wasmrun: --interp and --jit exclude each other\n", stderr);
      return kExitError;
    }
    auto max_module = module_size_limit(compile_flags);
    auto features = enabled_features(compile_flags);
    if (!max_module || !features) return kExitError;
    compile_run.max_module_bytes = *max_module;
    compile_run.features = *features;
    compile_run.tier = compile_flags.jit      ? wasmrun::Tier::Jit
                       : compile_flags.interp ? wasmrun::Tier::Interp
                                              : wasmrun::Tier::Auto;
    compile_run.bounds = compile_flags.explicit_bounds ? wasmrun::BoundsChecks::Explicit
                                                       : wasmrun::BoundsChecks::GuardPages;
    return compile_to_file(compile_run, compile_output);
  }
  if (run.file.empty()) {
    std::fputs("wasmrun: no module to run (FILE.wasm)\n\n", stderr);
    std::fputs(app.help().c_str(), stderr);
    return kExitError;
  }
  for (int i = file_index + 1; i < argc; ++i) run.args.emplace_back(argv[i]);
  if (!finish_run_options(run, flags)) return kExitError;
  return run_module(run);
}
