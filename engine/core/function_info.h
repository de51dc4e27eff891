// What validation records per function so that no tier re-derives types or sizes. Branch targets
// are not recorded: each tier walks a body forward with its own control stack, and a forward
// branch waits for its block's `end` there.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "engine/core/module.h"

namespace wasmrun {

// Loop read sets cover the first this many locals (a few registers hold locals at a loop
// header anyway, and the sets stay small however many locals and loops a function declares).
inline constexpr uint32_t kLoopTrackedLocals = 256;

struct FunctionInfo {
  uint32_t func_index = 0;
  uint32_t type_index = 0;
  std::vector<ValType> locals;   // params first, then the declared locals
  uint32_t max_stack = 0;        // deepest operand stack, in values
  uint32_t max_stack_slots = 0;  // the same in 8-byte slots, a v128 counting two
  uint32_t const_slots = 0;      // constant instructions in the body (dead code included), in
                                 // 8-byte slots (v128.const counting two): sizes a constant pool
  // Per loop in body order (dead code included), loop_words words each: bit i set when the loop
  // body, nested loops included, has a local.get of local i (i < kLoopTrackedLocals). The JIT
  // keeps those locals in registers across the loop header.
  std::vector<uint64_t> loop_reads;
  uint32_t loop_words = 0;
};

// A module that passed validation, with the per-function facts both tiers consume.
struct ValidatedModule {
  std::shared_ptr<const core::Module> module;
  std::vector<FunctionInfo> functions;  // defined functions (index - num_imported_funcs)
  std::vector<bool> declared_refs;      // per function index: may appear in ref.func
};

}  // namespace wasmrun
