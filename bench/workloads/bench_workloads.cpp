// The C workloads (bench/workloads/c) natively, in the interpreter and in the JIT:
//
//   BM_Native/<name>        the native build, run as a child process (posix_spawn, stdout to
//                           /dev/null); time is the child's user + system CPU time (wait4).
//   BM_Run/<name>/<variant> a fresh Store and WASI context, instantiation and `_start` of the
//                           already compiled module, stdout to /dev/null; time is this process's
//                           CPU time over exactly that. Variants: interp, jit (the default
//                           explicit bounds checks) and jit-guard (guard pages); interp-fuel
//                           and jit-fuel are interp and jit with fuel metering on (the `fuel`
//                           counter: units the run consumed).
//   BM_Compile/<name>/<tier> Module::compile (decode + validate + the tier's translation).
//
// Run and native times are manual (CPU seconds, so that waiting for a core on a shared machine
// does not count); wall-clock time is the `wall_ms` counter. Before any timing, each tier's
// output is compared once with the native program's; a mismatch fails that benchmark.
// scripts/bench-table.sh turns the JSON output into Markdown tables.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "bench/support/code_section.h"
#include "bench/workloads/wasi_program.h"
#include "wasmrun/wasmrun.hpp"

extern char** environ;

namespace {

using wasmrun::Tier;

struct Workload {
  std::string name;
  std::string wasm_path;
  std::string native_path;
  std::vector<uint8_t> bytes;
  uint64_t code_bytes = 0;
};

std::vector<Workload> load_workloads() {
  std::vector<Workload> out;
  std::stringstream list(WASMRUN_WORKLOADS_LIST);
  std::string name;
  while (std::getline(list, name, ',')) {
    Workload w;
    w.name = name;
    w.wasm_path = std::string(WASMRUN_WORKLOADS_WASM_DIR) + "/" + name + ".wasm";
    w.native_path = std::string(WASMRUN_WORKLOADS_NATIVE_DIR) + "/" + name;
    if (auto bytes = wasmrun::workloads::read_file(w.wasm_path)) w.bytes = std::move(*bytes);
    w.code_bytes = wasmrun::bench::code_section_bytes(w.bytes);
    out.push_back(std::move(w));
  }
  return out;
}

double process_cpu_seconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double wall_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// An anonymous temporary file for capturing a program's output: unlike a pipe it cannot fill
// up while nobody reads it.
struct CaptureFile {
  FILE* f = std::tmpfile();
  ~CaptureFile() {
    if (f) std::fclose(f);
  }
  int fd() const { return f ? fileno(f) : -1; }
  std::string contents() const {
    std::string s;
    if (!f) return s;
    lseek(fd(), 0, SEEK_SET);
    char buf[4096];
    ssize_t n;
    while ((n = read(fd(), buf, sizeof buf)) > 0) s.append(buf, static_cast<size_t>(n));
    return s;
  }
};

struct DevNull {
  int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
  ~DevNull() {
    if (fd >= 0) close(fd);
  }
};

struct ChildRun {
  std::string error;  // empty on exit status 0
  double cpu_seconds = 0;
  double wall_seconds = 0;
};

ChildRun spawn_native(const std::string& path, int stdout_fd) {
  ChildRun run;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, stdout_fd, 1);
  std::vector<char*> argv{const_cast<char*>(path.c_str()), nullptr};
  double start = wall_seconds();
  pid_t pid;
  int rc = posix_spawn(&pid, path.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    run.error = "cannot start " + path;
    return run;
  }
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) != pid) {
    run.error = "wait4 failed";
    return run;
  }
  run.wall_seconds = wall_seconds() - start;
  auto secs = [](const timeval& tv) {
    return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) * 1e-6;
  };
  run.cpu_seconds = secs(usage.ru_utime) + secs(usage.ru_stime);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) run.error = path + " failed";
  return run;
}

// The native program's output, produced once and kept for every tier's check.
const std::string* native_output(const Workload& w, std::string* error) {
  static std::map<std::string, std::string> outputs;
  auto it = outputs.find(w.name);
  if (it != outputs.end()) return &it->second;
  CaptureFile capture;
  ChildRun run = spawn_native(w.native_path, capture.fd());
  if (!run.error.empty()) {
    *error = run.error;
    return nullptr;
  }
  return &outputs.emplace(w.name, capture.contents()).first->second;
}

void BM_Native(benchmark::State& state, const Workload* w) {
  std::string error;
  if (!native_output(*w, &error)) return state.SkipWithError(error.c_str());
  DevNull null;
  double wall = 0;
  for (auto _ : state) {
    ChildRun run = spawn_native(w->native_path, null.fd);
    if (!run.error.empty()) return state.SkipWithError(run.error.c_str());
    state.SetIterationTime(run.cpu_seconds);
    wall += run.wall_seconds;
  }
  state.counters["wall_ms"] = benchmark::Counter(wall * 1e3, benchmark::Counter::kAvgIterations);
}

// What is measured: a tier, and for the JIT its bounds-checking mode. "jit" is the engine's
// default configuration (explicit bounds checks); "jit-guard" relies on guard pages instead.
struct Variant {
  const char* name;
  Tier tier;
  wasmrun::BoundsChecks bounds;
  bool fuel = false;
};
constexpr Variant kInterp{"interp", Tier::Interp, wasmrun::BoundsChecks::Explicit};
constexpr Variant kJit{"jit", Tier::Jit, wasmrun::BoundsChecks::Explicit};
constexpr Variant kJitGuard{"jit-guard", Tier::Jit, wasmrun::BoundsChecks::GuardPages};
constexpr Variant kInterpFuel{"interp-fuel", Tier::Interp, wasmrun::BoundsChecks::Explicit, true};
constexpr Variant kJitFuel{"jit-fuel", Tier::Jit, wasmrun::BoundsChecks::Explicit, true};

wasmrun::EngineConfig config_for(const Variant& v) {
  wasmrun::EngineConfig c;
  c.tier = v.tier;
  c.bounds_checks = v.bounds;
  c.fuel = v.fuel;
  return c;
}

// Runs the module once with its output captured and compares it with the native build's;
// returns why they differ, or an empty string.
std::string check_output(const wasmrun::Engine& engine, const wasmrun::Module& module,
                         const Workload& w, const std::vector<std::string>& args) {
  std::string error;
  const std::string* expected = native_output(w, &error);
  if (!expected) return error;
  CaptureFile capture;
  auto outcome = wasmrun::workloads::run_wasi_program(engine, module, args, capture.fd());
  if (!outcome.failure.empty()) return outcome.failure;
  if (outcome.exit_code != 0) return "exit status " + std::to_string(outcome.exit_code);
  std::string got = capture.contents();
  if (got != *expected) return "output differs from native: " + got;
  return {};
}

void BM_Run(benchmark::State& state, const Workload* w, Variant variant) {
  wasmrun::Engine engine(config_for(variant));
  if (engine.effective_tier() != variant.tier) {
    std::string why = "tier unavailable: " + engine.jit_unavailable_reason();
    return state.SkipWithError(why.c_str());
  }
  auto module = wasmrun::Module::compile(engine, w->bytes);
  if (!module) return state.SkipWithError(("compile: " + module.error().message).c_str());
  const std::vector<std::string> args{w->name};

  // Checked once per workload and tier: the library calls this function again for every
  // repetition and while it settles the iteration count.
  static std::map<std::string, std::string> verdicts;  // empty string: output matched
  const std::string key = w->name + "/" + variant.name;
  if (!verdicts.contains(key)) verdicts[key] = check_output(engine, module.value(), *w, args);
  if (!verdicts[key].empty()) return state.SkipWithError(verdicts[key].c_str());

  DevNull null;
  double wall = 0;
  uint64_t fuel = 0;
  for (auto _ : state) {
    double cpu0 = process_cpu_seconds(), wall0 = wall_seconds();
    auto outcome = wasmrun::workloads::run_wasi_program(engine, module.value(), args, null.fd);
    double cpu = process_cpu_seconds() - cpu0;
    wall += wall_seconds() - wall0;
    if (!outcome.failure.empty()) return state.SkipWithError(outcome.failure.c_str());
    state.SetIterationTime(cpu);
    fuel = outcome.fuel_consumed.value_or(0);
  }
  state.counters["wall_ms"] = benchmark::Counter(wall * 1e3, benchmark::Counter::kAvgIterations);
  if (variant.fuel) state.counters["fuel"] = static_cast<double>(fuel);
}

void BM_Compile(benchmark::State& state, const Workload* w, Variant variant) {
  wasmrun::Engine engine(config_for(variant));
  if (engine.effective_tier() != variant.tier) {
    std::string why = "tier unavailable: " + engine.jit_unavailable_reason();
    return state.SkipWithError(why.c_str());
  }
  for (auto _ : state) {
    auto m = wasmrun::Module::compile(engine, w->bytes);
    if (!m) return state.SkipWithError(m.error().message.c_str());
    benchmark::DoNotOptimize(m);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * w->code_bytes));
  state.counters["wasm_bytes"] = static_cast<double>(w->bytes.size());
  state.counters["code_bytes"] = static_cast<double>(w->code_bytes);
}

}  // namespace

int main(int argc, char** argv) {
  // Registered benchmarks keep pointers into this list.
  static const std::vector<Workload> workloads = load_workloads();
  for (const Workload& w : workloads) {
    benchmark::RegisterBenchmark(("BM_Native/" + w.name).c_str(), BM_Native, &w)
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond);
    for (const Variant& v : {kInterp, kJit, kJitGuard, kInterpFuel, kJitFuel}) {
      benchmark::RegisterBenchmark(("BM_Run/" + w.name + "/" + v.name).c_str(), BM_Run, &w, v)
          ->UseManualTime()
          ->Unit(benchmark::kMillisecond);
    }
  }
  // The bounds mode hardly changes what the JIT does at compile time; one JIT line suffices.
  for (const Workload& w : workloads) {
    for (const Variant& v : {kInterp, kJit}) {
      benchmark::RegisterBenchmark(("BM_Compile/" + w.name + "/" + v.name).c_str(), BM_Compile, &w,
                                   v)
          ->Unit(benchmark::kMicrosecond);
    }
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
