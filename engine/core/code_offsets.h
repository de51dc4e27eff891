// Side tables that map a tier's code positions back to bytecode offsets, for trap backtraces.
//
// Each tier records an entry only where a frame can stand: at instructions that may trap and
// at calls (keyed by their return address in the JIT). Entries are plain data, sorted by `code`,
// so a compiled module can be serialized with them.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/module.h"
#include "engine/core/serial.h"
#include "runtime/trap.h"

namespace wasmrun {

struct CodeOffset {
  uint32_t code = 0;  // the tier's position (interpreter: code bytes; JIT: from the module start)
  uint32_t wasm = 0;  // offset of the instruction in Module::bytes
};

// The bytecode offset of the last entry at or before `pos` (a lookup key always lies inside the
// code recorded for its instruction, at or after its entry); none when `pos` precedes them all.
inline std::optional<uint32_t> wasm_offset_at(const std::vector<CodeOffset>& map, uint32_t pos) {
  auto it = std::upper_bound(map.begin(), map.end(), pos,
                             [](uint32_t p, const CodeOffset& e) { return p < e.code; });
  if (it == map.begin()) return std::nullopt;
  return std::prev(it)->wasm;
}

// Where function `func_index` (a defined one) starts in the binary: its locals declarations,
// right after the body's size field.
uint32_t function_body_start(const core::Module& m, uint32_t func_index);

// A backtrace frame of defined function `func_index` at `wasm_offset`; without one (a trap before
// the first instruction ran, e.g. in the prologue), at the function's first instruction.
rt::TrapFrame make_trap_frame(const core::Module& m, uint32_t func_index, std::string func_name,
                              std::optional<uint32_t> wasm_offset);

// A side table in a compiled-module file: a count, then the pairs. Reading checks that the
// entries ascend and stay below `code_limit` (the tier's code size), so lookups stay sound.
void write_code_offsets(serial::Writer& out, const std::vector<CodeOffset>& map);
bool read_code_offsets(serial::Reader& in, uint64_t code_limit, std::vector<CodeOffset>& map);

}  // namespace wasmrun
