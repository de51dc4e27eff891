// Small facts the translator and the dispatch loop share.
#pragma once

#include <cstdint>
#include <string>

#include "engine/core/module.h"
#include "engine/core/opcodes.h"

namespace wasmrun::interp {

// Whether the dispatch loop has a handler for `op` (every op once engine/ops is complete).
bool op_supported(Op op);

// Name for backtraces: the name section's, else an export name, else empty.
std::string function_name(const Module& m, uint32_t func_index);

}  // namespace wasmrun::interp
