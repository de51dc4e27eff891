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

}  // namespace wasmrun::bench
