// WASI preview 1 (`wasi_snapshot_preview1`) for programs built with wasi-libc, on top of the
// public C++ API. The system calls themselves live in runtime/wasi/ (plain functions over guest
// memory and a host file-descriptor table); this header binds them to a Store as host functions.
//
// Typical use (what `wasmrun FILE.wasm ARGS...` does):
//
//   wasi::Config cfg;  cfg.args = {"prog", "x"};  cfg.preopens = {{"/tmp/data", "/data"}};
//   auto ctx = wasi::Context::create(std::move(cfg));          // Result<std::unique_ptr<Context>>
//   wasi::RunOutcome out = wasi::run_command(store, module, *ctx.value());
//   // out.exit_code, or out.trap / out.error
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "wasmrun/wasmrun.hpp"

namespace wasmrun::wasi {

inline constexpr const char* kModuleName = "wasi_snapshot_preview1";

// A host directory the guest may use under `guest_path` (e.g. {"/srv/data", "/data"}). Nothing
// outside it is reachable: `..` that climbs out, absolute paths and symlinks that escape are
// refused with ENOTCAPABLE / EPERM-style errnos, never followed.
struct Preopen {
  std::string host_path;
  std::string guest_path;
};

struct Config {
  std::vector<std::string> args;  // argv, args[0] is the program name
  std::vector<std::string> env;   // "NAME=VALUE" entries, in order
  std::vector<Preopen> preopens;  // guest fds 3, 4, ... in this order
  // Host descriptors behind the guest's 0, 1 and 2 (duplicated; the originals stay the
  // caller's). -1, or a descriptor that is closed in the host, makes the guest descriptor closed
  // (the guest gets EBADF on it). A host process started with 0, 1 or 2 closed should open
  // /dev/null on them first thing and pass -1 here: otherwise its next open() takes that number
  // and the guest would read or write whatever it opened.
  //
  // Writing to a pipe or socket whose reader is gone raises SIGPIPE in the host process, whose
  // default action ends it. wasmrun changes no signal disposition; a host that gives a guest a
  // pipe should ignore SIGPIPE (signal(SIGPIPE, SIG_IGN), as the wasmrun command does) or block
  // it in the calling thread, and the guest then gets EPIPE from fd_write.
  int stdin_fd = 0;
  int stdout_fd = 1;
  int stderr_fd = 2;
};

// One program's WASI state: descriptors, arguments, environment, exit status. Not thread-safe;
// one Context serves one instance.
class Context {
 public:
  // Fails (Error kind Other) when a preopen's host directory cannot be opened.
  static Result<std::unique_ptr<Context>> create(Config config);
  ~Context();

  // Host functions for every `wasi_snapshot_preview1` import of `module`, in the module's import
  // order, created in `store`. An import from another module, or a WASI name/type this
  // implementation lacks, is an Error of kind Link naming it. The functions refer to this
  // Context: it must outlive every call into the instance.
  Result<std::vector<Extern>> imports(Store& store, const Module& module);

  // WASI calls address the instance's exported "memory"; bind it after instantiation and before
  // the first call. A call made while no memory is bound returns EFAULT; it never crashes.
  void bind_memory(Memory memory);

  // Wakes the guest from a sleep in poll_oneoff (nanosleep, sleep, poll with a timeout) or a
  // wait in fd_read/fd_write on a pipe, socket or terminal, which then returns EINTR, and makes
  // later sleeps and such waits return at once. Safe from any thread; together
  // with Store::interrupt it stops a program that may be sleeping.
  void interrupt();

  // Set once the guest called proc_exit (the call then unwinds as a Host trap whose message
  // starts with "proc_exit").
  std::optional<uint32_t> exit_code() const;

  struct Impl;
  Impl* impl() const { return impl_.get(); }

 private:
  explicit Context(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Outcome of running a command module's `_start`.
struct RunOutcome {
  int exit_code = 0;           // proc_exit's code, 0 when _start returned, 1 on a trap or error
  std::optional<Trap> trap;    // set when the program trapped (not for proc_exit)
  std::optional<Error> error;  // set when it could not be linked or instantiated
};

// Links `module` against `ctx` (and nothing else), instantiates it and binds its exported
// "memory" to `ctx`; for calling exports other than `_start`. A start function runs before the
// memory is bound, so WASI calls made from it get EFAULT.
Result<Instance> instantiate(Store& store, const Module& module, Context& ctx,
                             std::optional<Trap>* trap = nullptr);

// Links `module` against `ctx` (and nothing else), instantiates it, binds its memory and calls
// `_start`. proc_exit becomes exit_code, not a trap.
RunOutcome run_command(Store& store, const Module& module, Context& ctx);

}  // namespace wasmrun::wasi
