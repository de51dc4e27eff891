// perf's map file for JIT code: /tmp/perf-PID.map, one "START SIZE NAME" line (hexadecimal, no
// 0x) per code range. perf report reads it after the process ends to name samples that fall in
// anonymous executable memory.
#pragma once

#include <span>
#include <string>

#include "jit/visibility/code_symbols.h"

namespace wasmrun::jit {

// The file this process appends to.
std::string perf_map_path();

// Appends one line per symbol; false when the file cannot be written.
bool perf_map_append(std::span<const CodeSymbol> symbols);

}  // namespace wasmrun::jit
