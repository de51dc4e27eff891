// Relaxed SIMD for the differential test. binaryen 108's -ttf accepts --enable-relaxed-simd but
// never emits a relaxed instruction, so `--relaxed` rewrites its modules in the text format
// (wasm2wat's one instruction per line) into ones full of them; see relaxed_rewrite.cpp.
#pragma once

#include <cstdint>
#include <string>

namespace wasmrun::differential {

struct RelaxedRewrite {
  std::string wat;
  uint64_t rewritten = 0;  // instructions replaced
};

// Replaces about three quarters of the v128 instructions of the shapes v:v, vv:v and vvv:v in `wat`
// (with `seed` choosing which and by what) with relaxed ones of the same or a larger shape, the
// extra operand a v128.const of edge-case lanes, follows about three quarters of the v128.const,
// loads and splats with a relaxed op taking their value, and puts one in front of about three
// quarters of the stores, extract_lanes and tests, on the v128 they take.
RelaxedRewrite relax_simd(const std::string& wat, uint64_t seed);

}  // namespace wasmrun::differential
