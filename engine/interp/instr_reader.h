// Reads one instruction of an already validated function body: its op and decoded immediates.
// Validation has checked every encoding, so nothing here reports errors.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

#include "engine/core/leb128.h"
#include "engine/core/opcodes.h"

namespace wasmrun::interp {

struct Instr {
  Op op = Op::Nop;
  uint32_t a = 0;  // first index immediate (label, function, local, global, table, segment,
                   // type index of call_indirect, memarg offset, lane)
  uint32_t b = 0;  // second index immediate (call_indirect table, table.init/copy table, lane)
  int64_t block_type = -64;  // s33 as read: -64 (0x40) empty, negative value type, or type index
  uint64_t lo = 0, hi = 0;   // constants, shuffle lanes
  std::vector<uint32_t> targets;  // br_table labels, the default last
  uint8_t select_type = 0;        // select t: the one value type byte
  uint32_t memory = 0;      // memory index of a memarg or memory instruction (copy: destination)
  uint32_t memory_src = 0;  // memory.copy: the source memory
  uint64_t offset = 0;      // memarg offset (64 bits wide for a 64-bit memory)
};

class InstrReader {
 public:
  InstrReader(const uint8_t* p, const uint8_t* end) : p_(p), end_(end) {}
  bool at_end() const { return p_ >= end_; }
  const uint8_t* pos() const { return p_; }

  [[gnu::always_inline]] void read(Instr& in) {
    uint8_t byte = *p_++;
    if (byte == 0xfc || byte == 0xfd) {
      in.op = validated_prefixed_op(byte, u32());
    } else {
      in.op = validated_op(byte);
    }
    switch (op_info(in.op).imm) {
      case ImmKind::None: break;
      case ImmKind::BlockType: {
        int64_t bt = 0;
        read_leb_s33(p_, end_, bt);
        in.block_type = bt;
        break;
      }
      case ImmKind::Label:
      case ImmKind::Func:
      case ImmKind::Local:
      case ImmKind::Global:
      case ImmKind::Table:
      case ImmKind::Data:
      case ImmKind::Elem: in.a = u32(); break;
      case ImmKind::BrTable: {
        uint32_t n = u32();
        in.targets.resize(n + 1);
        for (uint32_t i = 0; i <= n; ++i) in.targets[i] = u32();
        break;
      }
      case ImmKind::CallIndirect:
      case ImmKind::TableInit:
      case ImmKind::TableCopy:
        in.a = u32();
        in.b = u32();
        break;
      case ImmKind::SelectT: {
        uint32_t n = u32();
        for (uint32_t i = 0; i < n; ++i) in.select_type = *p_++;
        break;
      }
      case ImmKind::MemArg: read_memarg(in); break;
      case ImmKind::MemArgLane:
        read_memarg(in);
        in.b = *p_++;
        break;
      case ImmKind::Memory: in.memory = u32(); break;
      case ImmKind::RefType: in.a = *p_++; break;
      case ImmKind::Lane: in.b = *p_++; break;
      case ImmKind::I32: {
        int32_t v = 0;
        read_leb_s32(p_, end_, v);
        in.lo = static_cast<uint32_t>(v);
        break;
      }
      case ImmKind::I64: {
        int64_t v = 0;
        read_leb_s64(p_, end_, v);
        in.lo = static_cast<uint64_t>(v);
        break;
      }
      case ImmKind::F32: {
        uint32_t v = 0;
        std::memcpy(&v, p_, 4);  // the host is little-endian, like the format
        p_ += 4;
        in.lo = v;
        break;
      }
      case ImmKind::F64:
        std::memcpy(&in.lo, p_, 8);
        p_ += 8;
        break;
      case ImmKind::V128:
      case ImmKind::Shuffle:
        std::memcpy(&in.lo, p_, 8);
        std::memcpy(&in.hi, p_ + 8, 8);
        p_ += 16;
        break;
      case ImmKind::MemoryInit:
        in.a = u32();
        in.memory = u32();
        break;
      case ImmKind::MemoryCopy:
        in.memory = u32();
        in.memory_src = u32();
        break;
    }
  }

 private:
  // Alignment (a hint only), the memory index when the alignment says one follows, the offset:
  // all 64 bits in `offset`, the low 32 bits (all of it for a 32-bit memory) in `a`.
  void read_memarg(Instr& in) {
    uint32_t align = u32();
    in.memory = (align & kMemArgHasMemory) != 0 ? u32() : 0;
    read_leb_u64(p_, end_, in.offset);
    in.a = static_cast<uint32_t>(in.offset);
  }
  uint32_t u32() {
    uint32_t v = 0;
    read_leb_u32(p_, end_, v);
    return v;
  }
  const uint8_t* p_;
  const uint8_t* end_;
};

}  // namespace wasmrun::interp
