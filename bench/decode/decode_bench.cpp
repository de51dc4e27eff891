// Decode+validate throughput through the public API (Module::validate), in bytes per second.
// BM_ValidateGenerated uses a generated module of several MB; set WASMRUN_BENCH_DECODE_FILE to
// a .wasm file to also measure that module.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <vector>

#include "bench/decode/module_generator.h"
#include "wasmrun/wasmrun.hpp"

namespace {

void run_validate(benchmark::State& state, const std::vector<uint8_t>& bytes) {
  if (auto err = wasmrun::Module::validate(bytes)) {
    state.SkipWithError(("module does not validate: " + err->message).c_str());
    return;
  }
  for (auto _ : state) {
    auto err = wasmrun::Module::validate(bytes);
    benchmark::DoNotOptimize(err);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(bytes.size()));
  state.counters["module_bytes"] = static_cast<double>(bytes.size());
}

void BM_ValidateGenerated(benchmark::State& state) {
  static const std::vector<uint8_t> bytes =
      wasmrun::bench::generate_module(static_cast<size_t>(state.range(0)) << 20);
  run_validate(state, bytes);
}
BENCHMARK(BM_ValidateGenerated)->Arg(8)->Unit(benchmark::kMillisecond);

void BM_ValidateFile(benchmark::State& state) {
  static const std::vector<uint8_t> bytes = [] {
    std::ifstream in(std::getenv("WASMRUN_BENCH_DECODE_FILE"), std::ios::binary);
    return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)),
                                std::istreambuf_iterator<char>());
  }();
  run_validate(state, bytes);
}

}  // namespace

int main(int argc, char** argv) {
  if (std::getenv("WASMRUN_BENCH_DECODE_FILE")) {
    benchmark::RegisterBenchmark("BM_ValidateFile", BM_ValidateFile)->Unit(benchmark::kMillisecond);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
