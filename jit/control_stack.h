// Control frames of the single-pass driver: one per enclosing block, loop, if and the function
// itself, recording where branches to it go and which values they carry.
#pragma once

#include <cstdint>
#include <vector>

#include "jit/masm.h"
#include "jit/value_stack.h"
#include "wasmrun/types.hpp"

namespace wasmrun::jit {

struct ControlFrame {
  enum class Kind : uint8_t { Function, Block, Loop, If };
  Kind kind = Kind::Block;
  // Operand-stack height below the frame's params. At every label of the frame the values
  // below this height, and the carried values above it, are in their spill slots.
  uint32_t height = 0;
  // Locals in registers at `label` (fixed by its first edge; a loop's at entry) and, for an
  // if, at `else_label` (fixed at the if, where the false edge leaves).
  LabelState state;
  LabelState else_state;
  std::vector<ValType> params;
  std::vector<ValType> results;
  Label label;       // branch target: the loop header, or just after `end`
  Label else_label;  // if: where the false edge goes (bound at `else`, or at `end` without one)
  bool has_else = false;

  // Values a branch to this frame carries: a loop's params, everything else's results.
  const std::vector<ValType>& branch_types() const { return kind == Kind::Loop ? params : results; }
};

using ControlStack = std::vector<ControlFrame>;

}  // namespace wasmrun::jit
