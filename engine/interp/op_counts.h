// Dynamic op and op-pair counts of the dispatch loop, for choosing superinstructions by
// measurement. Only in builds configured with -DWASMRUN_INTERP_OP_COUNTS=ON (which also selects
// switch dispatch, so a handler is its op number): every executed instruction is counted, and
// the totals go to stderr when the process exits.
#pragma once

#include <cstdint>

namespace wasmrun::interp {

// Name of an internal op (the WebAssembly mnemonic, an internal op's name, plus the variant).
const char* iop_name(uint32_t iop);

#if defined(WASMRUN_INTERP_OP_COUNTS)
// Counts the instruction `cur` executed right after `prev`.
void count_op(uint32_t prev, uint32_t cur);
#endif

}  // namespace wasmrun::interp
