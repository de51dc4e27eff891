#include "engine/core/code_offsets.h"

#include <cstddef>

#include "engine/core/leb128.h"

namespace wasmrun {

uint32_t function_body_start(const core::Module& m, uint32_t func_index) {
  const core::FunctionBody& body = m.bodies[func_index - m.num_imported_funcs];
  const uint8_t* p = m.bytes.data() + body.entry_offset;
  uint32_t size = 0;
  read_leb_u32(p, m.bytes.data() + body.code_begin, size);  // moves `p` past the size field
  return static_cast<uint32_t>(p - m.bytes.data());
}

rt::TrapFrame make_trap_frame(const core::Module& m, uint32_t func_index, std::string func_name,
                              std::optional<uint32_t> wasm_offset) {
  rt::TrapFrame f;
  f.func_index = func_index;
  f.func_name = std::move(func_name);
  if (func_index < m.num_imported_funcs || func_index - m.num_imported_funcs >= m.bodies.size()) {
    return f;
  }
  uint32_t start = function_body_start(m, func_index);
  f.module_offset = wasm_offset.value_or(m.bodies[func_index - m.num_imported_funcs].code_begin);
  f.func_offset = f.module_offset >= start ? f.module_offset - start : 0;
  return f;
}

void write_code_offsets(serial::Writer& out, const std::vector<CodeOffset>& map) {
  out.u64(map.size());
  for (const CodeOffset& e : map) {
    out.u32(e.code);
    out.u32(e.wasm);
  }
}

bool read_code_offsets(serial::Reader& in, uint64_t code_limit, std::vector<CodeOffset>& map) {
  uint64_t n = 0;
  if (!in.count(n, 8, "offset table")) return false;
  // The pairs are stored as the writer's u32s are, in the host's byte order: one copy reads them.
  static_assert(sizeof(CodeOffset) == 8 && offsetof(CodeOffset, wasm) == 4);
  map.resize(static_cast<size_t>(n));
  if (!in.raw(map.data(), map.size() * sizeof(CodeOffset))) return false;
  for (size_t k = 0; k < map.size(); ++k) {
    if (map[k].code >= code_limit || (k > 0 && map[k].code <= map[k - 1].code)) {
      return in.fail("bad offset table");
    }
  }
  return true;
}

}  // namespace wasmrun
