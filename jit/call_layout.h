// Where arguments and results of a wasm call live in the argument area the caller reserves at
// the bottom of its frame (and the callee reads above its return address). Results overwrite the
// arguments' cells, so the area is as large as the larger of the two lists.
#pragma once

#include <cstdint>
#include <vector>

#include "wasmrun/types.hpp"

namespace wasmrun::jit {

inline uint32_t call_cell_size(ValType t) { return t == ValType::V128 ? 16 : 8; }

// Tail calls (jit/README.md, "Tail calls"). Every entry into JIT code reserves at least
// kMinArgAreaBytes of argument area (the entry trampoline and every module's outgoing area), so a
// function may reuse max(kMinArgAreaBytes, its own area) in place for the callee of a tail call.
inline constexpr uint32_t kMinArgAreaBytes = 128;
// The argument area of a tail-call adapter frame: room for any signature the decoder accepts
// (1000 parameters or results of at most 16 bytes).
inline constexpr uint32_t kAdapterAreaBytes = 16000;
// The backtrace side-table value of an adapter's call return: no wasm frame stands there.
inline constexpr uint32_t kTailAdapterFrame = UINT32_MAX;

struct CallLayout {
  std::vector<int32_t> params;   // byte offset of each parameter's cell
  std::vector<int32_t> results;  // byte offset of each result's cell
  uint32_t bytes = 0;            // area size, a multiple of 16
  uint32_t param_bytes = 0;      // the parameters' cells
  uint32_t result_bytes = 0;     // the results' cells
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
  layout.param_bytes = p;
  layout.result_bytes = r;
  uint32_t bytes = p > r ? p : r;
  layout.bytes = (bytes + 15) & ~15u;
  return layout;
}

}  // namespace wasmrun::jit
