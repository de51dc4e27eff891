// Where arguments and results of a wasm call live in the argument area the caller reserves at
// the bottom of its frame (and the callee reads above its return address). Results overwrite the
// arguments' cells, so the area is as large as the larger of the two lists.
#pragma once

#include <cstdint>
#include <vector>

#include "wasmrun/types.hpp"

namespace wasmrun::jit {

inline uint32_t call_cell_size(ValType t) { return t == ValType::V128 ? 16 : 8; }

struct CallLayout {
  std::vector<int32_t> params;   // byte offset of each parameter's cell
  std::vector<int32_t> results;  // byte offset of each result's cell
  uint32_t bytes = 0;            // area size, a multiple of 16
};

inline CallLayout call_layout(const FuncType& type) {
  CallLayout layout;
  uint32_t p = 0, r = 0;
  for (ValType t : type.params) {
    layout.params.push_back(static_cast<int32_t>(p));
    p += call_cell_size(t);
  }
  for (ValType t : type.results) {
    layout.results.push_back(static_cast<int32_t>(r));
    r += call_cell_size(t);
  }
  uint32_t bytes = p > r ? p : r;
  layout.bytes = (bytes + 15) & ~15u;
  return layout;
}

}  // namespace wasmrun::jit
