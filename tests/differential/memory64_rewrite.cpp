#include "tests/differential/memory64_rewrite.h"

#include <span>

#include "engine/core/decoder.h"
#include "engine/core/opcodes.h"
#include "engine/core/test_module_builder.h"
#include "engine/interp/instr_reader.h"
#include "tests/differential/splitmix.h"

namespace wasmrun::differential {
namespace {

using testing::Bytes;

constexpr uint8_t kLocalGet = 0x20;
constexpr uint8_t kLocalSet = 0x21;
constexpr uint8_t kI32WrapI64 = 0xa7;
constexpr uint8_t kI64ExtendS = 0xac;
constexpr uint8_t kI64ExtendU = 0xad;

using testing::append_u32;

// Locals appended to every function, for moving operands above an address out of the way.
struct Scratch {
  uint32_t base = 0;  // first scratch local: i32, i32, i64, f32, f64, v128
  uint32_t of(ValType t) const {
    switch (t) {
      case ValType::I64: return base + 2;
      case ValType::F32: return base + 3;
      case ValType::F64: return base + 4;
      case ValType::V128: return base + 5;
      default: return base;
    }
  }
};

class BodyRewriter {
 public:
  BodyRewriter(Bytes& out, Scratch s, uint64_t seed) : out_(out), s_(s), rng_{seed} {}

  void run(const uint8_t* begin, const uint8_t* end) {
    interp::InstrReader reader(begin, end);
    interp::Instr in;
    while (!reader.at_end()) {
      const uint8_t* at = reader.pos();
      reader.read(in);
      rewrite(in, at, reader.pos());
    }
  }

 private:
  void local(uint8_t op, uint32_t index) {
    out_.push_back(op);
    append_u32(out_, index);
  }
  // One address in four is sign-extended (the choice follows the seed).
  void extend_address() { out_.push_back(rng_.below(4) == 0 ? kI64ExtendS : kI64ExtendU); }

  void rewrite(const interp::Instr& in, const uint8_t* begin, const uint8_t* end) {
    const ImmKind imm = op_info(in.op).imm;
    const OpSig& sig = op_sig(in.op);
    const uint32_t a = s_.base, b = s_.base + 1;
    if (imm == ImmKind::MemArg || imm == ImmKind::MemArgLane) {
      if (sig.num_params == 1) {
        extend_address();
      } else {  // a stored value or a lane vector sits above the address
        local(kLocalSet, s_.of(sig.params[1]));
        extend_address();
        local(kLocalGet, s_.of(sig.params[1]));
      }
    } else if (in.op == Op::MemoryGrow) {
      out_.push_back(kI64ExtendU);
    } else if (in.op == Op::MemoryFill || in.op == Op::MemoryCopy || in.op == Op::MemoryInit) {
      local(kLocalSet, a);  // the length
      local(kLocalSet, b);  // fill: the value; copy and init: the source
      extend_address();
      local(kLocalGet, b);
      if (in.op == Op::MemoryCopy) extend_address();
      local(kLocalGet, a);
      if (in.op != Op::MemoryInit) out_.push_back(kI64ExtendU);
    }
    out_.insert(out_.end(), begin, end);
    if (in.op == Op::MemorySize || in.op == Op::MemoryGrow) out_.push_back(kI32WrapI64);
  }

  Bytes& out_;
  Scratch s_;
  SplitMix64 rng_;
};

}  // namespace

std::optional<std::vector<uint8_t>> to_memory64(const std::vector<uint8_t>& wasm, uint64_t seed) {
  auto decoded = decode_module(std::span<const uint8_t>(wasm));
  if (!decoded.ok()) return std::nullopt;
  const core::Module& m = **decoded.value;
  if (m.memories.size() != 1 || m.num_imported_memories != 0) return std::nullopt;

  Bytes patched = wasm;
  patched[m.offsets.memories[0]] |= 0x04;  // limits flags 0x00/0x01 -> 0x04/0x05
  for (const core::DataSegment& d : m.datas) {
    if (d.mode != core::SegmentMode::Active) continue;
    // i32.const N with 0 <= N < 2^31 reads the same as i64.const N.
    if (d.offset.kind != core::ConstExpr::Kind::I32 || d.offset.lo >= (uint64_t{1} << 31) ||
        patched[d.offset.at] != 0x41) {
      return std::nullopt;
    }
    patched[d.offset.at] = 0x42;
  }

  Bytes code = {};
  append_u32(code, static_cast<uint32_t>(m.bodies.size()));
  for (size_t i = 0; i < m.bodies.size(); ++i) {
    const core::FunctionBody& body = m.bodies[i];
    Bytes entry;
    append_u32(entry, static_cast<uint32_t>(body.locals.size() + 5));
    for (const core::LocalDecl& d : body.locals) {
      append_u32(entry, d.count);
      entry.push_back(static_cast<uint8_t>(d.type));
    }
    for (ValType t : {ValType::I32, ValType::I64, ValType::F32, ValType::F64, ValType::V128}) {
      append_u32(entry, t == ValType::I32 ? 2 : 1);
      entry.push_back(static_cast<uint8_t>(t));
    }
    const Scratch scratch{static_cast<uint32_t>(m.types[body.type_index].params.size()) +
                          body.num_locals};
    BodyRewriter(entry, scratch, seed * 31 + i)
        .run(wasm.data() + body.code_begin, wasm.data() + body.code_end);
    append_u32(code, static_cast<uint32_t>(entry.size()));
    code.insert(code.end(), entry.begin(), entry.end());
  }

  // Copy the sections, replacing the code section's payload.
  Bytes out(patched.begin(), patched.begin() + 8);
  const uint8_t* p = patched.data() + 8;
  const uint8_t* end = patched.data() + patched.size();
  while (p < end) {
    const uint8_t id = *p++;
    uint32_t size = 0;
    if (read_leb_u32(p, end, size) || size > static_cast<size_t>(end - p)) return std::nullopt;
    out.push_back(id);
    if (id == 10) {
      append_u32(out, static_cast<uint32_t>(code.size()));
      out.insert(out.end(), code.begin(), code.end());
    } else {
      append_u32(out, size);
      out.insert(out.end(), p, p + size);
    }
    p += size;
  }
  return out;
}

}  // namespace wasmrun::differential
