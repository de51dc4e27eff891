// Helpers for the API tests: test modules compiled from testdata/*.wat at build time.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "wasmrun/wasmrun.hpp"

namespace wasmrun::testing {

inline std::vector<uint8_t> wasm_bytes(const std::string& name) {
  std::ifstream in(std::string(WASMRUN_API_TESTDATA) + "/" + name + ".wasm", std::ios::binary);
  EXPECT_TRUE(in) << "missing test module " << name;
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

// Compiles a test module; a failure is reported and leaves `out` empty.
inline std::optional<Module> compile(const Engine& engine, const std::string& name) {
  auto bytes = wasm_bytes(name);
  auto m = Module::compile(engine, bytes);
  if (!m) {
    ADD_FAILURE() << name << ": " << m.error().message;
    return std::nullopt;
  }
  return m.value();
}

inline std::vector<Value> results_of(const CallResult& r) {
  if (auto* trap = std::get_if<Trap>(&r)) {
    ADD_FAILURE() << "unexpected trap: " << trap->to_string();
    return {};
  }
  return std::get<std::vector<Value>>(r);
}

inline std::optional<Trap> trap_of(const CallResult& r) {
  if (auto* trap = std::get_if<Trap>(&r)) return *trap;
  return std::nullopt;
}

// Whether a call trapped with an out-of-bounds memory access.
inline bool is_memory_oob(const CallResult& r) {
  auto trap = trap_of(r);
  return trap && trap->kind == TrapKind::MemoryOutOfBounds;
}

// The little-endian u32 at byte `at` of a memory.
inline uint32_t word_at(const Memory& m, uint64_t at) {
  uint32_t v = 0;
  std::memcpy(&v, m.data() + at, 4);
  return v;
}

// The tiers and bounds modes that tests of behaviour every tier shares run in.
struct TierCase {
  const char* name;
  Tier tier;
  BoundsChecks bounds;
};

// An engine configuration for one of the cases.
inline EngineConfig config_of(const TierCase& c) {
  EngineConfig config;
  config.tier = c.tier;
  config.bounds_checks = c.bounds;
  return config;
}

inline std::vector<TierCase> tier_cases() {
  std::vector<TierCase> cases = {{"interp", Tier::Interp, BoundsChecks::Explicit}};
#if WASMRUN_HAS_JIT
  cases.push_back({"jit", Tier::Jit, BoundsChecks::Explicit});
  cases.push_back({"jit_guard", Tier::Jit, BoundsChecks::GuardPages});
#endif
  return cases;
}

// A host function that does nothing, of type [] -> [].
inline Func nop_func(Store& store) {
  return Func::create(
      store, FuncType{},
      [](std::span<const Value>, std::span<Value>) -> std::optional<Trap> { return std::nullopt; });
}

}  // namespace wasmrun::testing
