// perf's jitdump format (tools/perf/Documentation/jitdump-specification.txt in Linux): a header,
// then a JIT_CODE_LOAD record per code range carrying its address, name and the machine code
// itself, so `perf inject --jit` can turn samples in JIT code into symbols and `perf annotate`
// can show its instructions. The file, ./jit-PID.dump in the working directory, stays mapped
// executable for the life of the process: that mapping is how `perf record` finds it. Record
// with `perf record -k mono` (timestamps are CLOCK_MONOTONIC).
#pragma once

#include <span>
#include <string>

#include "jit/visibility/code_symbols.h"

namespace wasmrun::jit {

// The file this process writes (created with its header on first use).
std::string jitdump_path();

// Appends a JIT_CODE_LOAD record per symbol, with the code bytes read from the symbol's range;
// false when the file cannot be written.
bool jitdump_append(std::span<const CodeSymbol> symbols);

}  // namespace wasmrun::jit
