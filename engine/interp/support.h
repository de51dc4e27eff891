// Small facts the translator and the dispatch loop share.
#pragma once

#include <cstdint>

#include "engine/core/module.h"
#include "engine/core/opcodes.h"

namespace wasmrun::interp {

// Whether the dispatch loop has a handler for `op` (every op once engine/ops is complete).
bool op_supported(Op op);
// Whether `op` has a form with a constant second operand (IOp Variant::Imm).
bool op_has_imm_form(Op op);
// Whether `op` is a comparison with compare-and-branch forms (Variant::BrT ... BrFImm).
bool op_has_branch_form(Op op);
// Whether the memory op `op` has the form with an i32.add address (Variant::Indexed).
bool op_has_indexed_form(Op op);

}  // namespace wasmrun::interp
