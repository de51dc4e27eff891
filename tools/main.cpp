// wasmrun: run a WebAssembly module (a WASI command, or any module's export), or validate modules.
//
//   wasmrun [OPTIONS] FILE.wasm [ARGS...]
//   wasmrun validate FILE...
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

// Options that take their value as the next argument.
bool takes_value(std::string_view arg) {
  return arg == "--invoke" || arg == "--dir" || arg == "--env" || arg == "--max-memory" ||
         arg == "--timeout" || arg == "--max-module-size" || arg == "--fuel";
}

// The index of FILE.wasm (or of the `validate` subcommand): the first argument that is neither
// an option nor an option's value. Everything after it belongs to the program, so CLI11 never
// sees it and `-x` there is not taken for an option of ours.
int first_positional(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--") return i + 1;
    if (a.size() > 1 && a[0] == '-') {
      if (takes_value(a)) ++i;
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
  add_module_size_option(*validate, flags);

  int file_index = first_positional(argc, argv);
  // A bare --print-code would take FILE.wasm for its FUNC; spelled with '=' it takes nothing.
  std::vector<char*> args(argv, argv + argc);
  static char print_all[] = "--print-code=";
  for (int i = 1; i < file_index && i < argc && std::strcmp(argv[i], "--") != 0; ++i) {
    if (std::strcmp(argv[i], "--print-code") == 0) args[i] = print_all;
  }
  argv = args.data();
  bool is_validate = file_index < argc && std::strcmp(argv[file_index], "validate") == 0;
  int parse_count = is_validate ? argc : std::min(argc, file_index + 1);
  try {
    app.parse(parse_count, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : kExitError;
  }

  if (*validate) {
    auto max_module = module_size_limit(flags);
    if (!max_module) return kExitError;
    return validate_files(validate_files_list, *max_module);
  }
  if (run.file.empty()) {
    std::fputs(app.help().c_str(), stderr);
    return kExitError;
  }
  for (int i = file_index + 1; i < argc; ++i) run.args.emplace_back(argv[i]);
  if (!finish_run_options(run, flags)) return kExitError;
  return run_module(run);
}
