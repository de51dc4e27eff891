// Interpreter vs JIT through the public API: for each kernel, the time to compile the module
// and the time to run it, per tier; and the compile throughput of each tier in MB/s of
// code-section bytes on a generated module of several MB.
//
// Names are BM_<what>/<kernel>/<tier>, so the JIT/interpreter ratio of a kernel is the ratio of
// two adjacent lines.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "bench/decode/module_generator.h"
#include "bench/support/code_section.h"
#include "wasmrun/wasmrun.hpp"

namespace {

using wasmrun::Tier;
using wasmrun::Value;

constexpr uint32_t kArrayBytes = 16u << 20;  // the memory-bound kernels' working set

const std::vector<uint8_t>& kernels_wasm() {
  static const std::vector<uint8_t> bytes = [] {
    std::ifstream in(WASMRUN_BENCH_TIERS_WASM, std::ios::binary);
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
  }();
  return bytes;
}

wasmrun::EngineConfig config_for(Tier tier) {
  wasmrun::EngineConfig c;
  c.tier = tier;
  return c;
}

const char* tier_name(Tier t) { return t == Tier::Jit ? "jit" : "interp"; }

// One instance of the kernels module in one tier.
struct Kernels {
  wasmrun::Engine engine;
  wasmrun::Store store{engine};
  std::optional<wasmrun::Instance> instance;
  std::string error;

  explicit Kernels(Tier tier) : engine(config_for(tier)) {
    auto module = wasmrun::Module::compile(engine, kernels_wasm());
    if (!module) {
      error = "compile failed: " + module.error().message;
      return;
    }
    auto inst = wasmrun::Instance::create(store, module.value(), {});
    if (!inst) {
      error = "instantiation failed: " + inst.error().message;
      return;
    }
    instance.emplace(inst.value());
  }
};

// Calls `name` once per iteration; `prepare` (by name, may be empty) runs once beforehand.
void run_kernel(benchmark::State& state, Tier tier, const char* name, std::vector<Value> args,
                const char* prepare, std::vector<Value> prepare_args, int64_t bytes_per_call) {
  Kernels k(tier);
  if (!k.instance) return state.SkipWithError(k.error.c_str());
  if (prepare) {
    auto r = k.instance->get_func(prepare)->call(prepare_args);
    if (r.index() != 0) return state.SkipWithError("preparation trapped");
  }
  auto f = *k.instance->get_func(name);
  for (auto _ : state) {
    auto r = f.call(args);
    if (r.index() != 0) return state.SkipWithError(std::get<1>(r).message.c_str());
    benchmark::DoNotOptimize(r);
  }
  if (bytes_per_call) state.SetBytesProcessed(state.iterations() * bytes_per_call);
}

void BM_Run(benchmark::State& state, Tier tier, std::string kernel) {
  if (kernel == "fib30") {
    run_kernel(state, tier, "fib", {Value::i32(30)}, nullptr, {}, 0);
  } else if (kernel == "intloop") {
    run_kernel(state, tier, "intloop", {Value::i32(100'000'000)}, nullptr, {}, 0);
  } else if (kernel == "mandel") {
    run_kernel(state, tier, "mandel", {Value::i32(400)}, nullptr, {}, 0);
  } else if (kernel == "sum16M") {
    run_kernel(state, tier, "sum", {Value::i32(kArrayBytes)}, "fill", {Value::i32(kArrayBytes)},
               kArrayBytes);
  } else if (kernel == "copy16M") {
    run_kernel(state, tier, "copy", {Value::i32(kArrayBytes)}, "fill", {Value::i32(kArrayBytes)},
               kArrayBytes);
  }
}

// Compiling the small kernels module: mostly fixed per-module cost.
void BM_CompileKernels(benchmark::State& state, Tier tier) {
  wasmrun::Engine engine(config_for(tier));
  for (auto _ : state) {
    auto m = wasmrun::Module::compile(engine, kernels_wasm());
    if (!m) return state.SkipWithError(m.error().message.c_str());
    benchmark::DoNotOptimize(m);
  }
}

// Compile throughput on the generated module; bytes/s counts code-section bytes only. The
// argument is EngineConfig::compile_threads: with one thread the rate is per CPU second, with
// more per wall-clock second (the speed-up a host sees), CPU time then covering every thread.
void BM_CompileGenerated(benchmark::State& state, Tier tier) {
  static const std::vector<uint8_t> bytes = wasmrun::bench::generate_module(size_t{8} << 20);
  const uint64_t code = wasmrun::bench::code_section_bytes(bytes);
  wasmrun::EngineConfig config = config_for(tier);
  config.compile_threads = static_cast<uint32_t>(state.range(0));
  wasmrun::Engine engine(config);
  for (auto _ : state) {
    auto m = wasmrun::Module::compile(engine, bytes);
    if (!m) return state.SkipWithError(m.error().message.c_str());
    benchmark::DoNotOptimize(m);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * code));
  state.counters["code_MB"] = static_cast<double>(code) / 1e6;
}

// Compile time of one function with 20,000 locals as its loop count grows: linear when the
// per-label work follows only the locals in use (the time per loop stays flat across the
// arguments).
void BM_CompileManyLocals(benchmark::State& state, Tier tier) {
  const auto loops = static_cast<uint32_t>(state.range(0));
  const std::vector<uint8_t> bytes = wasmrun::bench::generate_locals_and_loops(20000, loops);
  wasmrun::Engine engine(config_for(tier));
  for (auto _ : state) {
    auto m = wasmrun::Module::compile(engine, bytes);
    if (!m) return state.SkipWithError(m.error().message.c_str());
    benchmark::DoNotOptimize(m);
  }
  state.counters["per_loop"] =
      benchmark::Counter(static_cast<double>(loops), benchmark::Counter::kIsIterationInvariantRate |
                                                         benchmark::Counter::kInvert);
}

// Decode and validate alone, the part both tiers share, so the tier-specific share of compile
// time can be read off.
void BM_ValidateGenerated(benchmark::State& state) {
  static const std::vector<uint8_t> bytes = wasmrun::bench::generate_module(size_t{8} << 20);
  const uint64_t code = wasmrun::bench::code_section_bytes(bytes);
  for (auto _ : state) {
    auto err = wasmrun::Module::validate(bytes);
    if (err) return state.SkipWithError(err->message.c_str());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * code));
}

}  // namespace

int main(int argc, char** argv) {
  const Tier tiers[] = {Tier::Interp, Tier::Jit};
  for (const char* kernel : {"fib30", "intloop", "mandel", "sum16M", "copy16M"}) {
    for (Tier t : tiers) {
      std::string name = std::string("BM_Run/") + kernel + "/" + tier_name(t);
      benchmark::RegisterBenchmark(name.c_str(), BM_Run, t, std::string(kernel))
          ->Unit(benchmark::kMillisecond);
    }
  }
  for (Tier t : tiers) {
    benchmark::RegisterBenchmark((std::string("BM_CompileKernels/") + tier_name(t)).c_str(),
                                 BM_CompileKernels, t)
        ->Unit(benchmark::kMicrosecond);
  }
  benchmark::RegisterBenchmark("BM_ValidateGenerated", BM_ValidateGenerated)
      ->Unit(benchmark::kMillisecond);
  for (Tier t : tiers) {
    const std::string name = std::string("BM_CompileGenerated/") + tier_name(t);
    benchmark::RegisterBenchmark(name.c_str(), BM_CompileGenerated, t)
        ->ArgName("threads")
        ->Arg(1)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(name.c_str(), BM_CompileGenerated, t)
        ->ArgName("threads")
        ->Arg(2)
        ->MeasureProcessCPUTime()
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  }
  for (Tier t : tiers) {
    const std::string name = std::string("BM_CompileManyLocals/") + tier_name(t);
    benchmark::RegisterBenchmark(name.c_str(), BM_CompileManyLocals, t)
        ->ArgName("loops")
        ->RangeMultiplier(4)
        ->Range(4096, 65536)
        ->Unit(benchmark::kMillisecond);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
