// Start-up of a ~300 KB module: compile (decode, validate, compile) against load from its
// serialized form, each followed by instantiation (with WASI) and the first call, per tier.
// Run with --benchmark_repetitions=5 and compare the medians of one run.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <vector>

#include "wasmrun/wasi.hpp"
#include "wasmrun/wasmrun.hpp"

namespace {

using namespace wasmrun;

const std::vector<uint8_t>& startup_wasm() {
  static const std::vector<uint8_t> bytes = [] {
    std::ifstream in(WASMRUN_BENCH_STARTUP_WASM, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "missing %s\n", WASMRUN_BENCH_STARTUP_WASM);
      std::exit(1);
    }
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
  }();
  return bytes;
}

Engine make_engine(Tier tier) {
  EngineConfig config;
  config.tier = tier;
  return Engine(config);
}

// Instantiates with WASI and calls _initialize; false when anything fails.
bool instantiate_and_call(const Engine& engine, const Module& m) {
  auto ctx = wasi::Context::create(wasi::Config{});
  if (!ctx) return false;
  Store store(engine);
  auto inst = wasi::instantiate(store, m, *ctx.value());
  if (!inst) return false;
  auto init = inst->get_func("_initialize");
  return init && std::holds_alternative<std::vector<Value>>(init->call({}));
}

void BM_StartupCompile(benchmark::State& state) {
  Engine engine = make_engine(static_cast<Tier>(state.range(0)));
  if (engine.effective_tier() != static_cast<Tier>(state.range(0))) {
    state.SkipWithError("tier unavailable");
    return;
  }
  for (auto _ : state) {
    auto m = Module::compile(engine, startup_wasm());
    if (!m || !instantiate_and_call(engine, m.value())) {
      state.SkipWithError("compile or run failed");
      return;
    }
  }
  state.SetLabel(std::to_string(startup_wasm().size()) + " bytes of wasm");
}

void BM_StartupLoad(benchmark::State& state) {
  Engine engine = make_engine(static_cast<Tier>(state.range(0)));
  if (engine.effective_tier() != static_cast<Tier>(state.range(0))) {
    state.SkipWithError("tier unavailable");
    return;
  }
  auto compiled = Module::compile(engine, startup_wasm());
  auto blob = compiled ? compiled.value().serialize() : Result<std::vector<uint8_t>>(Error{});
  if (!blob) {
    state.SkipWithError("serialize failed");
    return;
  }
  for (auto _ : state) {
    auto m = Module::deserialize(engine, blob.value());
    if (!m || !instantiate_and_call(engine, m.value())) {
      state.SkipWithError("load or run failed");
      return;
    }
  }
  state.SetLabel(std::to_string(blob.value().size()) + " bytes serialized");
}

// What both paths share: instantiation and the first call of an already loaded module.
void BM_StartupInstantiateOnly(benchmark::State& state) {
  Engine engine = make_engine(static_cast<Tier>(state.range(0)));
  auto m = Module::compile(engine, startup_wasm());
  if (!m || engine.effective_tier() != static_cast<Tier>(state.range(0))) {
    state.SkipWithError("compile failed");
    return;
  }
  for (auto _ : state) {
    if (!instantiate_and_call(engine, m.value())) {
      state.SkipWithError("run failed");
      return;
    }
  }
}

// Loading alone, without instantiating.
void BM_LoadOnly(benchmark::State& state) {
  Engine engine = make_engine(static_cast<Tier>(state.range(0)));
  auto compiled = Module::compile(engine, startup_wasm());
  auto blob = compiled ? compiled.value().serialize() : Result<std::vector<uint8_t>>(Error{});
  if (!blob) {
    state.SkipWithError("serialize failed");
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(Module::deserialize(engine, blob.value()));
}

void tiers(benchmark::internal::Benchmark* b) {
  b->ArgName("tier")->Arg(static_cast<int>(Tier::Interp))->Arg(static_cast<int>(Tier::Jit));
  b->Unit(benchmark::kMillisecond);
}

BENCHMARK(BM_StartupCompile)->Apply(tiers);
BENCHMARK(BM_StartupLoad)->Apply(tiers);
BENCHMARK(BM_StartupInstantiateOnly)->Apply(tiers);
BENCHMARK(BM_LoadOnly)->Apply(tiers);

}  // namespace

BENCHMARK_MAIN();
