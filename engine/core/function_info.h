// What validation records per function so that neither tier re-derives types or scans for `end`.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "engine/core/module.h"

namespace wasmrun {

// One control-flow edge. Entries are listed in the order their branch instructions appear in
// the body (dead code included), so a tier walking the body forward consumes them in sequence:
//   if        1 entry: the edge taken when the condition is false (to just after `else`, or
//             just after `end` when there is no else)
//   else      1 entry: the edge from the end of the then-arm to just after `end`
//   br/br_if  1 entry
//   br_table  n+1 entries, in immediate order, the default last
// `return` has none: it always leaves the function with the function's results.
struct BranchEntry {
  uint32_t pc = 0;             // offset in Module::bytes of the branch instruction's opcode
  uint32_t target_pc = 0;      // offset where execution continues (a loop: its first body op)
  uint32_t arity = 0;          // values carried to the target (a loop: its params)
  uint32_t target_height = 0;  // operand-stack height (values, locals excluded) the target
                               // expects below the carried values
};

struct FunctionInfo {
  uint32_t func_index = 0;
  uint32_t type_index = 0;
  std::vector<ValType> locals;   // params first, then the declared locals
  uint32_t max_stack = 0;        // deepest operand stack, in values
  uint32_t max_stack_slots = 0;  // the same in 8-byte slots, a v128 counting two
  uint32_t const_slots = 0;      // constant instructions in the body (dead code included), in
                                 // 8-byte slots (v128.const counting two): sizes a constant pool
  std::vector<BranchEntry> branches;
};

// A module that passed validation, with the per-function facts both tiers consume.
struct ValidatedModule {
  std::shared_ptr<const core::Module> module;
  std::vector<FunctionInfo> functions;  // defined functions (index - num_imported_funcs)
  std::vector<bool> declared_refs;      // per function index: may appear in ref.func
};

}  // namespace wasmrun
