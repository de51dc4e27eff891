// Interpreter speed on two compute kernels, next to the same kernels compiled natively.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <vector>

#include "wasmrun/wasmrun.hpp"

namespace {

std::vector<uint8_t> kernels_wasm() {
  std::ifstream in(WASMRUN_BENCH_INTERP_WASM, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

struct Kernels {
  wasmrun::Engine engine{[] {
    wasmrun::EngineConfig config;
    config.tier = wasmrun::Tier::Interp;  // the default is Auto (the JIT where it can run)
    return config;
  }()};
  wasmrun::Store store{engine};
  std::optional<wasmrun::Instance> instance;

  Kernels() {
    auto bytes = kernels_wasm();
    auto module = wasmrun::Module::compile(engine, bytes);
    if (!module) return;
    auto inst = wasmrun::Instance::create(store, module.value(), {});
    if (inst) instance.emplace(inst.value());
  }
};

int32_t call_i32(benchmark::State& state, const wasmrun::Func& f,
                 std::vector<wasmrun::Value> args) {
  auto r = f.call(args);
  if (r.index() != 0) {
    state.SkipWithError("trapped");
    return 0;
  }
  return std::get<0>(r)[0].i32();
}

void BM_InterpFib(benchmark::State& state) {
  Kernels k;
  if (!k.instance) return state.SkipWithError("instantiation failed");
  auto fib = *k.instance->get_func("fib");
  for (auto _ : state) {
    benchmark::DoNotOptimize(call_i32(state, fib, {wasmrun::Value::i32(30)}));
  }
}
BENCHMARK(BM_InterpFib)->Unit(benchmark::kMillisecond);

void BM_InterpSumSquares(benchmark::State& state) {
  Kernels k;
  if (!k.instance) return state.SkipWithError("instantiation failed");
  auto f = *k.instance->get_func("sumsq");
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        call_i32(state, f, {wasmrun::Value::i32(100'000'000), wasmrun::Value::i32(1'000'003)}));
  }
}
BENCHMARK(BM_InterpSumSquares)->Unit(benchmark::kMillisecond);

// The same kernels in C++, for the slowdown ratio.
[[gnu::noinline]] uint32_t native_fib(uint32_t n) {
  return n < 2 ? n : native_fib(n - 1) + native_fib(n - 2);
}

[[gnu::noinline]] uint32_t native_sumsq(uint32_t n, uint32_t m) {
  uint32_t s = 0;
  for (uint32_t i = 0; i < n; ++i) s += (i * i) % m;
  return s;
}

void BM_NativeFib(benchmark::State& state) {
  uint32_t n = 30;
  for (auto _ : state) {
    benchmark::DoNotOptimize(n);
    benchmark::DoNotOptimize(native_fib(n));
  }
}
BENCHMARK(BM_NativeFib)->Unit(benchmark::kMillisecond);

void BM_NativeSumSquares(benchmark::State& state) {
  uint32_t n = 100'000'000, m = 1'000'003;
  for (auto _ : state) {
    benchmark::DoNotOptimize(n);
    benchmark::DoNotOptimize(m);
    benchmark::DoNotOptimize(native_sumsq(n, m));
  }
}
BENCHMARK(BM_NativeSumSquares)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
