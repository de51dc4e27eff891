// A second source of differential-test modules besides binaryen's -ttf: text-format modules
// shaped to stress the JIT's register state (see stress_gen.cpp).
#pragma once

#include <cstdint>
#include <string>

namespace wasmrun::differential {

// The module of `seed` in the text format: an exported memory, a 12-parameter callee and a few
// exported functions, each returning one i32, i64, f32 and f64.
std::string stress_module(uint64_t seed);

}  // namespace wasmrun::differential
