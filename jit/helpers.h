// The C++ side of JIT code: helpers generated code calls through ExecState::helpers (traps,
// calls into host functions, call_indirect lookup, memory.grow, numeric ops from engine/ops,
// table and bulk-memory instructions), and the backtrace walk.
#pragma once

#include <cstdint>

#include "engine/core/opcodes.h"
#include "jit/exec_state.h"
#include "runtime/context.h"
#include "runtime/func.h"
#include "runtime/value.h"

namespace wasmrun::jit {

// Fills the helper table of a fresh execution state.
void install_helpers(ExecState& state);

// True when Helper::Numeric implements `op` (every plain numeric and SIMD op of engine/ops).
bool has_numeric_helper(Op op);
// Helper::Numeric itself: runs `op` of engine/ops on 16-byte cells (operands in, the result left
// in cells[0], a lane index or shuffle pattern in cells[3]); 0, or 1 after recording a trap in
// `state`. The JIT's SIMD tests use it as the reference for the inline sequences.
uint32_t numeric_helper_entry(ExecState* state, uint32_t op, rt::RawValue* cells);

// The ops Helper::Instr implements, with their operand counts.
struct InstrShape {
  uint8_t num_params = 0;
  bool has_result = false;
};
bool instr_helper_shape(Op op, InstrShape* shape);

// Calls a host function (or any FuncInst without JIT code) with the 8-byte argument cells of a
// wasm call; 0 on success, non-zero after recording the trap in `state`.
uint32_t call_func_from_jit(ExecState* state, rt::FuncInst* f, uint64_t* cells,
                            rt::InstanceContext* caller);

}  // namespace wasmrun::jit
