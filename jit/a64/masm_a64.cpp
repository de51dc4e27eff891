// arm64 back end: registers, labels, branches, addressing, moves, globals, select, references.
#include "jit/a64/masm_a64.h"

#include <asmjit/arm/a64utils.h>

#include <cstddef>
#include <iterator>

#include "runtime/context.h"
#include "runtime/global.h"

namespace wasmrun::jit::a64 {

namespace a64 = asmjit::a64;

namespace {

constexpr Reg gp_reg(uint8_t code) { return Reg{RegClass::Gp, code}; }
constexpr Reg fp_reg(uint8_t code) { return Reg{RegClass::Fp, code}; }

// x16/x17 are scratch, x18 is reserved by Apple, x19/x20 are pinned, x29/x30 are fp/lr.
constexpr Reg kAllocatableGp[] = {
    gp_reg(0),  gp_reg(1),  gp_reg(2),  gp_reg(3),  gp_reg(4),  gp_reg(5),  gp_reg(6),  gp_reg(7),
    gp_reg(8),  gp_reg(9),  gp_reg(10), gp_reg(11), gp_reg(12), gp_reg(13), gp_reg(14), gp_reg(15),
    gp_reg(21), gp_reg(22), gp_reg(23), gp_reg(24), gp_reg(25), gp_reg(26), gp_reg(27)};
// x28 (and x27 with explicit bounds checks) is pinned to the memory.
constexpr std::span<const Reg> kAllocatableGpExplicit(kAllocatableGp,
                                                      std::size(kAllocatableGp) - 1);
// v30 and v31 are scratch.
constexpr Reg kAllocatableFp[] = {
    fp_reg(0),  fp_reg(1),  fp_reg(2),  fp_reg(3),  fp_reg(4),  fp_reg(5),  fp_reg(6),  fp_reg(7),
    fp_reg(8),  fp_reg(9),  fp_reg(10), fp_reg(11), fp_reg(12), fp_reg(13), fp_reg(14), fp_reg(15),
    fp_reg(16), fp_reg(17), fp_reg(18), fp_reg(19), fp_reg(20), fp_reg(21), fp_reg(22), fp_reg(23),
    fp_reg(24), fp_reg(25), fp_reg(26), fp_reg(27), fp_reg(28), fp_reg(29)};

uint32_t value_bytes(ValType t) {
  switch (t) {
    case ValType::I32:
    case ValType::F32: return 4;
    case ValType::V128: return 16;
    default: return 8;
  }
}

// ldr/str with an unsigned offset scaled by the access size (12 bits), or ldur/stur (signed
// 9 bits, unscaled); asmjit picks between the two.
bool encodable_offset(int64_t offset, uint32_t size) {
  if (offset >= -256 && offset <= 255) return true;
  return offset >= 0 && offset % size == 0 && offset / size <= 4095;
}

}  // namespace

A64MacroAssembler::A64MacroAssembler(asmjit::CodeHolder& code) : a_(&code) {}

std::span<const Reg> A64MacroAssembler::allocatable(RegClass cls) const {
  if (cls == RegClass::Gp) return guard_pages_ ? kAllocatableGp : kAllocatableGpExplicit;
  return kAllocatableFp;
}

Label A64MacroAssembler::new_label() { return Label{a_.newLabel().id()}; }
void A64MacroAssembler::bind(Label l) { a_.bind(label(l)); }
void A64MacroAssembler::jump(Label l) { a_.b(label(l)); }
void A64MacroAssembler::branch_if(asmjit::arm::CondCode cc, Label target) {
  if (!far_branches_) {
    a_.b(cc, label(target));
    return;
  }
  asmjit::Label skip = a_.newLabel();
  a_.b(asmjit::arm::negateCond(cc), skip);
  a_.b(label(target));
  a_.bind(skip);
}

void A64MacroAssembler::branch_if_zero(const Gp& r, Label target) {
  if (!far_branches_) {
    a_.cbz(r, label(target));
    return;
  }
  asmjit::Label skip = a_.newLabel();
  a_.cbnz(r, skip);
  a_.b(label(target));
  a_.bind(skip);
}

void A64MacroAssembler::branch_if_nonzero(const Gp& r, Label target) {
  if (!far_branches_) {
    a_.cbnz(r, label(target));
    return;
  }
  asmjit::Label skip = a_.newLabel();
  a_.cbz(r, skip);
  a_.b(label(target));
  a_.bind(skip);
}

void A64MacroAssembler::jump_if_zero(Reg r, Label l) { branch_if_zero(gp32(r), l); }
void A64MacroAssembler::jump_if_nonzero(Reg r, Label l) { branch_if_nonzero(gp32(r), l); }

// A bounds check, then a computed jump into a table of branches (one 4-byte `b` per entry).
void A64MacroAssembler::jump_table(Reg index, std::span<const Label> targets, Label fallback) {
  if (targets.empty()) {
    a_.b(label(fallback));
    return;
  }
  compare(false, index, Operand::constant(targets.size()));
  branch_if(asmjit::arm::CondCode::kHS, fallback);
  asmjit::Label table = a_.newLabel();
  a_.adr(a64::x16, table);
  a_.add(a64::x16, a64::x16, gp64(index), asmjit::arm::uxtw(2));
  a_.br(a64::x16);
  a_.bind(table);
  for (Label t : targets) a_.b(label(t));
}

// ---- addressing ----

A64MacroAssembler::Mem A64MacroAssembler::mem(const Gp& base, int64_t offset, uint32_t size,
                                              const Gp& tmp) {
  if (encodable_offset(offset, size)) return a64::ptr(base, static_cast<int32_t>(offset));
  materialize(tmp.x(), static_cast<uint64_t>(offset));
  return a64::ptr(base, tmp.x());
}

// Frame slots are fp-relative for the driver; sp-relative positive offsets reach much further
// with one instruction. x17 is the address scratch of every slot access.
A64MacroAssembler::Mem A64MacroAssembler::slot_mem(Slot s, uint32_t size) {
  if (s.base == Slot::Base::Stack) return mem(a64::sp, s.offset, size, a64::x17);
  int64_t from_sp = static_cast<int64_t>(frame_size_) + s.offset;
  if (from_sp >= 0 && from_sp % size == 0 && from_sp / size <= 4095) {
    return a64::ptr(a64::sp, static_cast<int32_t>(from_sp));
  }
  return mem(a64::x29, s.offset, size, a64::x17);
}

void A64MacroAssembler::materialize(const Gp& dst, uint64_t value) {
  bool wide = dst.isGpX();
  if (!wide) value &= 0xffffffffu;
  unsigned chunks = wide ? 4 : 2;
  unsigned zeros = 0, ones = 0;
  for (unsigned i = 0; i < chunks; ++i) {
    uint16_t c = static_cast<uint16_t>(value >> (16 * i));
    zeros += c == 0;
    ones += c == 0xffff;
  }
  if (zeros == chunks) {
    a_.mov(dst, wide ? Gp(a64::xzr) : Gp(a64::wzr));
    return;
  }
  if (chunks - zeros > 1 && chunks - ones > 1 && a64::Utils::isLogicalImm(value, wide ? 64 : 32)) {
    a_.orr(dst, wide ? Gp(a64::xzr) : Gp(a64::wzr), value);
    return;
  }
  // Start from all-ones (movn) when that leaves fewer halfwords to patch.
  bool invert = ones > zeros;
  uint16_t skip = invert ? 0xffff : 0;
  bool first = true;
  for (unsigned i = 0; i < chunks; ++i) {
    uint16_t c = static_cast<uint16_t>(value >> (16 * i));
    if (c == skip) continue;
    if (first) {
      if (invert) {
        a_.movn(dst, static_cast<uint16_t>(~c), asmjit::arm::lsl(16 * i));
      } else {
        a_.movz(dst, c, asmjit::arm::lsl(16 * i));
      }
      first = false;
    } else {
      a_.movk(dst, c, asmjit::arm::lsl(16 * i));
    }
  }
  if (first) a_.movn(dst, 0);  // every halfword is 0xffff
}

void A64MacroAssembler::add_constant(const Gp& dst, const Gp& src, uint64_t value, const Gp& tmp) {
  if (value == 0) {
    if (dst.id() != src.id()) a_.mov(dst, src);
    return;
  }
  if (value <= 0xfff || ((value & 0xfff) == 0 && value <= 0xfff000)) {
    a_.add(dst, src, value);
    return;
  }
  materialize(tmp.x(), value);
  a_.add(dst, src, tmp.x());
}

void A64MacroAssembler::load_value(ValType type, Reg dst, const Mem& m) {
  switch (type) {
    case ValType::I32: a_.ldr(gp32(dst), m); break;
    case ValType::F32: a_.ldr(vs(dst), m); break;
    case ValType::F64: a_.ldr(vd(dst), m); break;
    case ValType::V128: a_.ldr(vq(dst), m); break;
    default: a_.ldr(gp64(dst), m); break;
  }
}

void A64MacroAssembler::store_value(ValType type, Reg src, const Mem& m) {
  switch (type) {
    case ValType::I32: a_.str(gp32(src), m); break;
    case ValType::F32: a_.str(vs(src), m); break;
    case ValType::F64: a_.str(vd(src), m); break;
    case ValType::V128: a_.str(vq(src), m); break;
    default: a_.str(gp64(src), m); break;
  }
}

// ---- moves ----

void A64MacroAssembler::load(Reg dst, ValType type, Slot src) {
  load_value(type, dst, slot_mem(src, value_bytes(type)));
}

void A64MacroAssembler::store(Slot dst, ValType type, Reg src) {
  store_value(type, src, slot_mem(dst, value_bytes(type)));
}

void A64MacroAssembler::store_constant(Slot dst, ValType type, uint64_t bits) {
  bool narrow = type == ValType::I32 || type == ValType::F32;
  Gp v = narrow ? Gp(a64::w16) : Gp(a64::x16);
  if ((narrow ? static_cast<uint32_t>(bits) : bits) == 0) {
    v = narrow ? Gp(a64::wzr) : Gp(a64::xzr);
  } else {
    materialize(v, bits);
  }
  a_.str(v, slot_mem(dst, narrow ? 4 : 8));
}

// Whole cells are copied: a 4-byte value's cell has 8 bytes and the upper half is never read.
void A64MacroAssembler::copy_slot(Slot dst, Slot src, ValType type) {
  if (type == ValType::V128) {
    a_.ldr(a64::q31, slot_mem(src, 16));
    a_.str(a64::q31, slot_mem(dst, 16));
    return;
  }
  a_.ldr(a64::x16, slot_mem(src, 8));
  a_.str(a64::x16, slot_mem(dst, 8));
}

void A64MacroAssembler::move(Reg dst, Reg src, ValType type) {
  if (dst == src) return;
  if (dst.cls == RegClass::Fp) {
    a_.mov(vq(dst).b16(), vq(src).b16());
  } else if (type == ValType::I32) {
    a_.mov(gp32(dst), gp32(src));
  } else {
    a_.mov(gp64(dst), gp64(src));
  }
}

// Float constants go through x16; fmov from a general register clears the rest of the vector.
void A64MacroAssembler::load_constant(Reg dst, ValType type, uint64_t bits) {
  switch (type) {
    case ValType::I32: materialize(gp32(dst), bits); break;
    case ValType::F32:
      if (static_cast<uint32_t>(bits) == 0) {
        a_.fmov(vs(dst), a64::wzr);
      } else {
        materialize(a64::w16, bits);
        a_.fmov(vs(dst), a64::w16);
      }
      break;
    case ValType::F64:
    case ValType::V128:
      if (bits == 0) {
        a_.fmov(vd(dst), a64::xzr);
      } else {
        materialize(a64::x16, bits);
        a_.fmov(vd(dst), a64::x16);
      }
      break;
    default: materialize(gp64(dst), bits); break;
  }
}

// ---- globals: ctx->globals[index]->value ----

void A64MacroAssembler::emit_global_get(Reg dst, ValType type, uint32_t index) {
  a_.ldr(a64::x16, a64::ptr(a64::x19, offsetof(rt::InstanceContext, globals)));
  a_.ldr(a64::x16, mem(a64::x16, int64_t{index} * 8, 8, a64::x17));
  static_assert(offsetof(rt::GlobalCell, value) == 0);
  load_value(type, dst, a64::ptr(a64::x16));
}

void A64MacroAssembler::emit_global_set(uint32_t index, ValType type, Reg src) {
  a_.ldr(a64::x16, a64::ptr(a64::x19, offsetof(rt::InstanceContext, globals)));
  a_.ldr(a64::x16, mem(a64::x16, int64_t{index} * 8, 8, a64::x17));
  store_value(type, src, a64::ptr(a64::x16));
}

// ---- select ----

void A64MacroAssembler::emit_select(ValType type, Reg dst, Reg cond, Reg if_true, Reg if_false) {
  if (type != ValType::V128) {
    a_.cmp(gp32(cond), 0);
    switch (type) {
      case ValType::I32:
        a_.csel(gp32(dst), gp32(if_true), gp32(if_false), asmjit::arm::CondCode::kNE);
        break;
      case ValType::F32:
        a_.fcsel(vs(dst), vs(if_true), vs(if_false), asmjit::arm::CondCode::kNE);
        break;
      case ValType::F64:
        a_.fcsel(vd(dst), vd(if_true), vd(if_false), asmjit::arm::CondCode::kNE);
        break;
      default: a_.csel(gp64(dst), gp64(if_true), gp64(if_false), asmjit::arm::CondCode::kNE); break;
    }
    return;
  }
  // v128 has no conditional select between registers: a short branch.
  asmjit::Label done = a_.newLabel();
  if (dst == if_false && dst != if_true) {
    a_.cbz(gp32(cond), done);
    move(dst, if_true, type);
    a_.bind(done);
    return;
  }
  move(dst, if_true, type);
  a_.cbnz(gp32(cond), done);
  move(dst, if_false, type);
  a_.bind(done);
}

// ---- references: a funcref is the FuncInst* of ctx->funcs ----

void A64MacroAssembler::emit_ref_func(Reg dst, uint32_t func_index) {
  a_.ldr(a64::x16, a64::ptr(a64::x19, offsetof(rt::InstanceContext, funcs)));
  a_.ldr(gp64(dst), mem(a64::x16, int64_t{func_index} * 8, 8, a64::x17));
}

}  // namespace wasmrun::jit::a64
