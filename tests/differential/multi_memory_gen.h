// Differential-test modules with several memories (see multi_memory_gen.cpp); binaryen's -ttf
// makes none.
#pragma once

#include <cstdint>
#include <string>

namespace wasmrun::differential {

// The module of `seed` in the text format (wat2wasm --enable-multi-memory): two or three
// memories, all exported, and a few exported functions (i32 a, i32 b, i32 c) -> (i32, i64).
std::string multi_memory_module(uint64_t seed);

}  // namespace wasmrun::differential
