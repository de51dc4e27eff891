// Builds large, valid modules for the decode benchmark: many functions whose bodies mix the
// instructions real compilers emit (locals, integer and float arithmetic, loads and stores,
// blocks, loops, if/else, br_if, br_table, calls). Deterministic for a given seed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace wasmrun::bench {

// A module of roughly `code_bytes` bytes of function bodies.
std::vector<uint8_t> generate_module(size_t code_bytes, uint64_t seed = 1);

// One function declaring `locals` i32 locals around `loops` loops, each reading one of them: the
// shape that makes a compiler doing per-label work over every local take locals x labels time.
std::vector<uint8_t> generate_locals_and_loops(uint32_t locals, uint32_t loops);

}  // namespace wasmrun::bench
