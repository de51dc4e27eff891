// arm64 back end: i32 and i64 arithmetic, comparisons and integer conversions. i32 values live in
// w registers; every write of a w register clears the upper half.
#include <asmjit/arm/a64utils.h>

#include <cstdint>

#include "jit/a64/masm_a64.h"

namespace wasmrun::jit::a64 {

namespace a64 = asmjit::a64;
using asmjit::arm::CondCode;

namespace {

CondCode cond_code(Cond c) {
  switch (c) {
    case Cond::Eq: return CondCode::kEQ;
    case Cond::Ne: return CondCode::kNE;
    case Cond::LtS: return CondCode::kLT;
    case Cond::LtU: return CondCode::kLO;
    case Cond::GtS: return CondCode::kGT;
    case Cond::GtU: return CondCode::kHI;
    case Cond::LeS: return CondCode::kLE;
    case Cond::LeU: return CondCode::kLS;
    case Cond::GeS: return CondCode::kGE;
    case Cond::GeU: return CondCode::kHS;
  }
  return CondCode::kEQ;
}

// add/sub/cmp immediates: 12 bits, optionally shifted left by 12.
bool arith_imm(uint64_t v) { return v <= 0xfff || ((v & 0xfff) == 0 && v <= 0xfff000); }

}  // namespace

// Three-operand forms, so any aliasing of dst, lhs and rhs is fine. Immediates the instruction
// cannot encode go through x16.
void A64MacroAssembler::alu(AluOp op, bool wide, Reg dst, Reg lhs, Operand rhs) {
  Gp d = gp(dst, wide);
  Gp l = gp(lhs, wide);
  Gp tmp = wide ? Gp(a64::x16) : Gp(a64::w16);
  if (rhs.is_imm) {
    uint64_t v = wide ? rhs.imm : (rhs.imm & 0xffffffffu);
    uint64_t neg = wide ? (0 - v) : ((0 - v) & 0xffffffffu);
    unsigned width = wide ? 64 : 32;
    switch (op) {
      case AluOp::Add:
      case AluOp::Sub: {
        bool add = op == AluOp::Add;
        if (arith_imm(v)) {
          add ? a_.add(d, l, v) : a_.sub(d, l, v);
          return;
        }
        if (arith_imm(neg)) {
          add ? a_.sub(d, l, neg) : a_.add(d, l, neg);
          return;
        }
        break;
      }
      case AluOp::And:
      case AluOp::Or:
      case AluOp::Xor:
        if (v != 0 && a64::Utils::isLogicalImm(v, width)) {
          if (op == AluOp::And) a_.and_(d, l, v);
          if (op == AluOp::Or) a_.orr(d, l, v);
          if (op == AluOp::Xor) a_.eor(d, l, v);
          return;
        }
        break;
      case AluOp::Mul: break;
    }
    materialize(tmp, v);
  }
  Gp r = rhs.is_imm ? tmp : gp(rhs.reg, wide);
  switch (op) {
    case AluOp::Add: a_.add(d, l, r); break;
    case AluOp::Sub: a_.sub(d, l, r); break;
    case AluOp::Mul: a_.mul(d, l, r); break;
    case AluOp::And: a_.and_(d, l, r); break;
    case AluOp::Or: a_.orr(d, l, r); break;
    case AluOp::Xor: a_.eor(d, l, r); break;
  }
}

// lslv/lsrv/asrv/rorv use the count modulo the register width, as wasm wants. Rotating left by n
// is rotating right by -n.
void A64MacroAssembler::shift(ShiftOp op, bool wide, Reg dst, Reg lhs, Operand rhs) {
  Gp d = gp(dst, wide);
  Gp l = gp(lhs, wide);
  uint32_t mask = wide ? 63 : 31;
  if (rhs.is_imm) {
    uint32_t n = static_cast<uint32_t>(rhs.imm) & mask;
    switch (op) {
      case ShiftOp::Shl: a_.lsl(d, l, n); break;
      case ShiftOp::Sar: a_.asr(d, l, n); break;
      case ShiftOp::Shr: a_.lsr(d, l, n); break;
      case ShiftOp::Rol: a_.ror(d, l, (mask + 1 - n) & mask); break;
      case ShiftOp::Ror: a_.ror(d, l, n); break;
    }
    return;
  }
  Gp r = gp(rhs.reg, wide);
  switch (op) {
    case ShiftOp::Shl: a_.lsl(d, l, r); break;
    case ShiftOp::Sar: a_.asr(d, l, r); break;
    case ShiftOp::Shr: a_.lsr(d, l, r); break;
    case ShiftOp::Rol:
      a_.neg(a64::w16, gp32(rhs.reg));
      a_.ror(d, l, wide ? Gp(a64::x16) : Gp(a64::w16));
      break;
    case ShiftOp::Ror: a_.ror(d, l, r); break;
  }
}

// sdiv/udiv never fault: a zero divisor gives 0 and MIN / -1 gives MIN, so both wasm traps are
// explicit checks. MIN / -1 is detected as "rhs == -1 and lhs - 1 overflows". For rem_s it needs
// no check: msub computes MIN - MIN * -1 = 0, the wasm result.
void A64MacroAssembler::divide(bool wide, bool is_signed, bool want_remainder, Reg dst, Reg lhs,
                               Reg rhs, Label div_by_zero, Label overflow) {
  Gp l = gp(lhs, wide);
  Gp r = gp(rhs, wide);
  Gp q = wide ? Gp(a64::x16) : Gp(a64::w16);
  branch_if_zero(r, div_by_zero);
  if (is_signed && !want_remainder) {
    a_.cmn(r, 1);
    a_.ccmp(l, 1, 0, CondCode::kEQ);
    branch_if(CondCode::kVS, overflow);
  }
  if (is_signed) {
    a_.sdiv(q, l, r);
  } else {
    a_.udiv(q, l, r);
  }
  if (want_remainder) {
    a_.msub(gp(dst, wide), q, r, l);
  } else {
    a_.mov(gp(dst, wide), q);
  }
}

void A64MacroAssembler::compare(bool wide, Reg lhs, Operand rhs) {
  Gp l = gp(lhs, wide);
  if (!rhs.is_imm) {
    a_.cmp(l, gp(rhs.reg, wide));
    return;
  }
  uint64_t v = wide ? rhs.imm : (rhs.imm & 0xffffffffu);
  uint64_t neg = wide ? (0 - v) : ((0 - v) & 0xffffffffu);
  if (arith_imm(v)) {
    a_.cmp(l, v);
  } else if (arith_imm(neg)) {
    a_.cmn(l, neg);
  } else {
    Gp tmp = wide ? Gp(a64::x16) : Gp(a64::w16);
    materialize(tmp, v);
    a_.cmp(l, tmp);
  }
}

void A64MacroAssembler::set_cond(Cond cond, bool wide, Reg dst, Reg lhs, Operand rhs) {
  compare(wide, lhs, rhs);
  a_.cset(gp32(dst), cond_code(cond));
}

void A64MacroAssembler::jump_if(Cond cond, ValType type, Reg lhs, Operand rhs, Label l) {
  compare(type != ValType::I32, lhs, rhs);
  branch_if(cond_code(cond), l);
}

// No scalar popcount in the base ISA: count bits per byte in a vector register and sum them.
void A64MacroAssembler::population_count(bool wide, Reg dst, Reg src) {
  if (wide) {
    a_.fmov(a64::d31, gp64(src));
  } else {
    a_.fmov(a64::s31, gp32(src));
  }
  a_.cnt(a64::v31.b8(), a64::v31.b8());
  a_.addv(a64::b31, a64::v31.b8());
  a_.fmov(gp32(dst), a64::s31);
}

// ---- i32 ----

void A64MacroAssembler::emit_i32_add(Reg d, Reg l, Operand r) { alu(AluOp::Add, false, d, l, r); }
void A64MacroAssembler::emit_i32_sub(Reg d, Reg l, Operand r) { alu(AluOp::Sub, false, d, l, r); }
void A64MacroAssembler::emit_i32_mul(Reg d, Reg l, Operand r) { alu(AluOp::Mul, false, d, l, r); }
void A64MacroAssembler::emit_i32_and(Reg d, Reg l, Operand r) { alu(AluOp::And, false, d, l, r); }
void A64MacroAssembler::emit_i32_or(Reg d, Reg l, Operand r) { alu(AluOp::Or, false, d, l, r); }
void A64MacroAssembler::emit_i32_xor(Reg d, Reg l, Operand r) { alu(AluOp::Xor, false, d, l, r); }
void A64MacroAssembler::emit_i32_shl(Reg d, Reg l, Operand r) {
  shift(ShiftOp::Shl, false, d, l, r);
}
void A64MacroAssembler::emit_i32_shr_s(Reg d, Reg l, Operand r) {
  shift(ShiftOp::Sar, false, d, l, r);
}
void A64MacroAssembler::emit_i32_shr_u(Reg d, Reg l, Operand r) {
  shift(ShiftOp::Shr, false, d, l, r);
}
void A64MacroAssembler::emit_i32_rotl(Reg d, Reg l, Operand r) {
  shift(ShiftOp::Rol, false, d, l, r);
}
void A64MacroAssembler::emit_i32_rotr(Reg d, Reg l, Operand r) {
  shift(ShiftOp::Ror, false, d, l, r);
}
void A64MacroAssembler::emit_i32_div_s(Reg d, Reg l, Reg r, Label zero, Label overflow) {
  divide(false, true, false, d, l, r, zero, overflow);
}
void A64MacroAssembler::emit_i32_div_u(Reg d, Reg l, Reg r, Label zero) {
  divide(false, false, false, d, l, r, zero, Label{});
}
void A64MacroAssembler::emit_i32_rem_s(Reg d, Reg l, Reg r, Label zero) {
  divide(false, true, true, d, l, r, zero, Label{});
}
void A64MacroAssembler::emit_i32_rem_u(Reg d, Reg l, Reg r, Label zero) {
  divide(false, false, true, d, l, r, zero, Label{});
}
void A64MacroAssembler::emit_i32_clz(Reg d, Reg s) { a_.clz(gp32(d), gp32(s)); }
void A64MacroAssembler::emit_i32_ctz(Reg d, Reg s) {
  a_.rbit(gp32(d), gp32(s));
  a_.clz(gp32(d), gp32(d));
}
void A64MacroAssembler::emit_i32_popcnt(Reg d, Reg s) { population_count(false, d, s); }
void A64MacroAssembler::emit_i32_eqz(Reg d, Reg s) {
  a_.cmp(gp32(s), 0);
  a_.cset(gp32(d), CondCode::kEQ);
}
void A64MacroAssembler::emit_i32_extend8_s(Reg d, Reg s) { a_.sxtb(gp32(d), gp32(s)); }
void A64MacroAssembler::emit_i32_extend16_s(Reg d, Reg s) { a_.sxth(gp32(d), gp32(s)); }
void A64MacroAssembler::emit_i32_set_cond(Cond c, Reg d, Reg l, Operand r) {
  set_cond(c, false, d, l, r);
}

// ---- i64 ----

void A64MacroAssembler::emit_i64_add(Reg d, Reg l, Operand r) { alu(AluOp::Add, true, d, l, r); }
void A64MacroAssembler::emit_i64_sub(Reg d, Reg l, Operand r) { alu(AluOp::Sub, true, d, l, r); }
void A64MacroAssembler::emit_i64_mul(Reg d, Reg l, Operand r) { alu(AluOp::Mul, true, d, l, r); }
void A64MacroAssembler::emit_i64_and(Reg d, Reg l, Operand r) { alu(AluOp::And, true, d, l, r); }
void A64MacroAssembler::emit_i64_or(Reg d, Reg l, Operand r) { alu(AluOp::Or, true, d, l, r); }
void A64MacroAssembler::emit_i64_xor(Reg d, Reg l, Operand r) { alu(AluOp::Xor, true, d, l, r); }
void A64MacroAssembler::emit_i64_shl(Reg d, Reg l, Operand r) {
  shift(ShiftOp::Shl, true, d, l, r);
}
void A64MacroAssembler::emit_i64_shr_s(Reg d, Reg l, Operand r) {
  shift(ShiftOp::Sar, true, d, l, r);
}
void A64MacroAssembler::emit_i64_shr_u(Reg d, Reg l, Operand r) {
  shift(ShiftOp::Shr, true, d, l, r);
}
void A64MacroAssembler::emit_i64_rotl(Reg d, Reg l, Operand r) {
  shift(ShiftOp::Rol, true, d, l, r);
}
void A64MacroAssembler::emit_i64_rotr(Reg d, Reg l, Operand r) {
  shift(ShiftOp::Ror, true, d, l, r);
}
void A64MacroAssembler::emit_i64_div_s(Reg d, Reg l, Reg r, Label zero, Label overflow) {
  divide(true, true, false, d, l, r, zero, overflow);
}
void A64MacroAssembler::emit_i64_div_u(Reg d, Reg l, Reg r, Label zero) {
  divide(true, false, false, d, l, r, zero, Label{});
}
void A64MacroAssembler::emit_i64_rem_s(Reg d, Reg l, Reg r, Label zero) {
  divide(true, true, true, d, l, r, zero, Label{});
}
void A64MacroAssembler::emit_i64_rem_u(Reg d, Reg l, Reg r, Label zero) {
  divide(true, false, true, d, l, r, zero, Label{});
}
void A64MacroAssembler::emit_i64_clz(Reg d, Reg s) { a_.clz(gp64(d), gp64(s)); }
void A64MacroAssembler::emit_i64_ctz(Reg d, Reg s) {
  a_.rbit(gp64(d), gp64(s));
  a_.clz(gp64(d), gp64(d));
}
void A64MacroAssembler::emit_i64_popcnt(Reg d, Reg s) { population_count(true, d, s); }
void A64MacroAssembler::emit_i64_eqz(Reg d, Reg s) {
  a_.cmp(gp64(s), 0);
  a_.cset(gp32(d), CondCode::kEQ);
}
void A64MacroAssembler::emit_i64_extend8_s(Reg d, Reg s) { a_.sxtb(gp64(d), gp32(s)); }
void A64MacroAssembler::emit_i64_extend16_s(Reg d, Reg s) { a_.sxth(gp64(d), gp32(s)); }
void A64MacroAssembler::emit_i64_extend32_s(Reg d, Reg s) { a_.sxtw(gp64(d), gp32(s)); }
void A64MacroAssembler::emit_i64_set_cond(Cond c, Reg d, Reg l, Operand r) {
  set_cond(c, true, d, l, r);
}

// ---- conversions between i32 and i64 ----

void A64MacroAssembler::emit_i32_wrap_i64(Reg d, Reg s) { a_.mov(gp32(d), gp32(s)); }
void A64MacroAssembler::emit_i64_extend_i32_s(Reg d, Reg s) { a_.sxtw(gp64(d), gp32(s)); }
void A64MacroAssembler::emit_i64_extend_i32_u(Reg d, Reg s) { a_.mov(gp32(d), gp32(s)); }

}  // namespace wasmrun::jit::a64
