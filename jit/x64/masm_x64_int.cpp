// x64 back end: i32 and i64 arithmetic, comparisons and integer conversions. i32 values live in
// the low half of a register; 32-bit instructions clear the upper half, which 64-bit uses
// (addresses, i64.extend_i32_u) rely on.
#include <cstdint>

#include "jit/x64/masm_x64.h"

namespace wasmrun::jit::x64 {

namespace x86 = asmjit::x86;

namespace {

constexpr bool fits_int32(uint64_t v) {
  int64_t s = static_cast<int64_t>(v);
  return s >= INT32_MIN && s <= INT32_MAX;
}

x86::CondCode cond_code(Cond c) {
  switch (c) {
    case Cond::Eq: return x86::CondCode::kE;
    case Cond::Ne: return x86::CondCode::kNE;
    case Cond::LtS: return x86::CondCode::kL;
    case Cond::LtU: return x86::CondCode::kB;
    case Cond::GtS: return x86::CondCode::kG;
    case Cond::GtU: return x86::CondCode::kA;
    case Cond::LeS: return x86::CondCode::kLE;
    case Cond::LeU: return x86::CondCode::kBE;
    case Cond::GeS: return x86::CondCode::kGE;
    case Cond::GeU: return x86::CondCode::kAE;
  }
  return x86::CondCode::kE;
}

}  // namespace

// dst = lhs op rhs with x64's two-operand forms. When dst already holds rhs (and not lhs) the
// commutative ops swap; sub saves rhs in r11 first.
void X64MacroAssembler::alu(AluOp op, bool wide, Reg dst, Reg lhs, Operand rhs) {
  Gp d = gp(dst, wide);
  auto apply = [&](const asmjit::Operand& src) {
    switch (op) {
      case AluOp::Add: a_.emit(x86::Inst::kIdAdd, d, src); break;
      case AluOp::Sub: a_.emit(x86::Inst::kIdSub, d, src); break;
      case AluOp::Mul: a_.emit(x86::Inst::kIdImul, d, src); break;
      case AluOp::And: a_.emit(x86::Inst::kIdAnd, d, src); break;
      case AluOp::Or: a_.emit(x86::Inst::kIdOr, d, src); break;
      case AluOp::Xor: a_.emit(x86::Inst::kIdXor, d, src); break;
    }
  };
  if (!rhs.is_imm && rhs.reg == dst && dst != lhs) {
    if (op == AluOp::Sub) {
      a_.mov(gp(Reg{RegClass::Gp, 11}, wide), gp(rhs.reg, wide));
      a_.mov(d, gp(lhs, wide));
      apply(gp(Reg{RegClass::Gp, 11}, wide));
    } else {
      apply(gp(lhs, wide));
    }
    return;
  }
  if (dst != lhs) a_.mov(d, gp(lhs, wide));
  if (!rhs.is_imm) {
    apply(gp(rhs.reg, wide));
  } else if (!wide) {
    uint32_t v = static_cast<uint32_t>(rhs.imm);
    if (op == AluOp::Mul) {
      a_.imul(d, d, static_cast<int32_t>(v));
    } else {
      apply(asmjit::Imm(static_cast<int32_t>(v)));
    }
  } else if (fits_int32(rhs.imm)) {
    int32_t v = static_cast<int32_t>(rhs.imm);
    if (op == AluOp::Mul) {
      a_.imul(d, d, v);
    } else {
      apply(asmjit::Imm(v));
    }
  } else {
    a_.mov(x86::r11, rhs.imm);
    apply(x86::r11);
  }
}

// Shift counts go through cl (masked by the hardware to 5 or 6 bits, as wasm wants).
void X64MacroAssembler::shift(ShiftOp op, bool wide, Reg dst, Reg lhs, Operand rhs) {
  Gp d = gp(dst, wide);
  asmjit::Operand count;
  if (rhs.is_imm) {
    count = asmjit::Imm(static_cast<uint8_t>(rhs.imm & (wide ? 63 : 31)));
  } else {
    a_.mov(x86::ecx, gp32(rhs.reg));
    count = x86::cl;
  }
  if (dst != lhs) a_.mov(d, gp(lhs, wide));
  switch (op) {
    case ShiftOp::Shl: a_.emit(x86::Inst::kIdShl, d, count); break;
    case ShiftOp::Sar: a_.emit(x86::Inst::kIdSar, d, count); break;
    case ShiftOp::Shr: a_.emit(x86::Inst::kIdShr, d, count); break;
    case ShiftOp::Rol: a_.emit(x86::Inst::kIdRol, d, count); break;
    case ShiftOp::Ror: a_.emit(x86::Inst::kIdRor, d, count); break;
  }
}

// Division by zero traps; signed MIN / -1 traps for div and yields 0 for rem (idiv itself would
// raise #DE for both, so they are peeled off before it).
void X64MacroAssembler::divide(bool wide, bool is_signed, bool want_remainder, Reg dst, Reg lhs,
                               Reg rhs, Label div_by_zero, Label overflow) {
  Gp ax = wide ? Gp(x86::rax) : Gp(x86::eax);
  Gp dx = wide ? Gp(x86::rdx) : Gp(x86::edx);
  Gp r = gp(rhs, wide);
  asmjit::Label done = a_.newLabel();
  a_.test(r, r);
  a_.jz(label(div_by_zero));
  if (is_signed) {
    asmjit::Label normal = a_.newLabel();
    a_.cmp(r, -1);
    a_.jne(normal);
    if (want_remainder) {
      a_.xor_(x86::edx, x86::edx);
      a_.jmp(done);
    } else {
      if (wide) {
        a_.mov(x86::rax, INT64_MIN);
        a_.cmp(gp64(lhs), x86::rax);
      } else {
        a_.cmp(gp32(lhs), INT32_MIN);
      }
      a_.je(label(overflow));
    }
    a_.bind(normal);
    a_.mov(ax, gp(lhs, wide));
    if (wide) {
      a_.cqo(x86::rdx, x86::rax);
    } else {
      a_.cdq(x86::edx, x86::eax);
    }
    a_.idiv(dx, ax, r);
  } else {
    a_.mov(ax, gp(lhs, wide));
    a_.xor_(x86::edx, x86::edx);
    a_.div(dx, ax, r);
  }
  a_.bind(done);
  a_.mov(gp(dst, wide), want_remainder ? dx : ax);
}

void X64MacroAssembler::compare(bool wide, Reg lhs, Operand rhs) {
  if (!rhs.is_imm) {
    a_.cmp(gp(lhs, wide), gp(rhs.reg, wide));
  } else if (!wide) {
    a_.cmp(gp32(lhs), static_cast<int32_t>(static_cast<uint32_t>(rhs.imm)));
  } else if (fits_int32(rhs.imm)) {
    a_.cmp(gp64(lhs), static_cast<int32_t>(rhs.imm));
  } else {
    a_.mov(x86::r11, rhs.imm);
    a_.cmp(gp64(lhs), x86::r11);
  }
}

void X64MacroAssembler::set_cond(Cond cond, bool wide, Reg dst, Reg lhs, Operand rhs) {
  compare(wide, lhs, rhs);
  a_.set(cond_code(cond), x86::gpb(dst.code));
  a_.movzx(gp32(dst), x86::gpb(dst.code));
}

void X64MacroAssembler::jump_if(Cond cond, ValType type, Reg lhs, Operand rhs, Label l) {
  compare(type != ValType::I32, lhs, rhs);
  a_.j(cond_code(cond), label(l));
}

// Without LZCNT: bsr gives the index of the highest set bit (and ZF for a zero input);
// (bits-1) - index == index ^ (bits-1), and the zero case is patched to `bits` via cmov.
void X64MacroAssembler::count_leading_zeros(bool wide, Reg dst, Reg src) {
  if (has_lzcnt_) {
    a_.lzcnt(gp(dst, wide), gp(src, wide));
    return;
  }
  a_.bsr(gp(dst, wide), gp(src, wide));
  a_.mov(x86::r11d, wide ? 127 : 63);
  a_.cmovz(gp(dst, wide), gp(Reg{RegClass::Gp, 11}, wide));
  a_.xor_(gp(dst, wide), wide ? 63 : 31);
}

void X64MacroAssembler::count_trailing_zeros(bool wide, Reg dst, Reg src) {
  if (has_tzcnt_) {
    a_.tzcnt(gp(dst, wide), gp(src, wide));
    return;
  }
  a_.bsf(gp(dst, wide), gp(src, wide));
  a_.mov(x86::r11d, wide ? 64 : 32);
  a_.cmovz(gp(dst, wide), gp(Reg{RegClass::Gp, 11}, wide));
}

// Without POPCNT: the classic parallel bit count (pairs, nibbles, bytes, then a multiply that
// sums the bytes into the top byte).
void X64MacroAssembler::population_count(bool wide, Reg dst, Reg src) {
  if (has_popcnt_) {
    a_.popcnt(gp(dst, wide), gp(src, wide));
    return;
  }
  Gp x = wide ? Gp(x86::rax) : Gp(x86::eax);
  Gp t = wide ? Gp(x86::rdx) : Gp(x86::edx);
  Gp m = wide ? Gp(x86::r11) : Gp(x86::r11d);
  auto mask = [&](uint64_t pattern) {
    if (wide) {
      a_.mov(x86::r11, pattern);
    } else {
      a_.mov(x86::r11d, static_cast<uint32_t>(pattern));
    }
  };
  a_.mov(x, gp(src, wide));
  a_.mov(t, x);
  a_.shr(t, 1);
  mask(0x5555555555555555ull);
  a_.and_(t, m);
  a_.sub(x, t);
  mask(0x3333333333333333ull);
  a_.mov(t, x);
  a_.and_(x, m);
  a_.shr(t, 2);
  a_.and_(t, m);
  a_.add(x, t);
  a_.mov(t, x);
  a_.shr(t, 4);
  a_.add(x, t);
  mask(0x0f0f0f0f0f0f0f0full);
  a_.and_(x, m);
  mask(0x0101010101010101ull);
  a_.imul(x, m);
  a_.shr(x, wide ? 56 : 24);
  a_.mov(gp(dst, wide), x);
}

// ---- i32 ----

void X64MacroAssembler::emit_i32_add(Reg d, Reg l, Operand r) { alu(AluOp::Add, false, d, l, r); }
void X64MacroAssembler::emit_i32_sub(Reg d, Reg l, Operand r) { alu(AluOp::Sub, false, d, l, r); }
void X64MacroAssembler::emit_i32_mul(Reg d, Reg l, Operand r) { alu(AluOp::Mul, false, d, l, r); }
void X64MacroAssembler::emit_i32_and(Reg d, Reg l, Operand r) { alu(AluOp::And, false, d, l, r); }
void X64MacroAssembler::emit_i32_or(Reg d, Reg l, Operand r) { alu(AluOp::Or, false, d, l, r); }
void X64MacroAssembler::emit_i32_xor(Reg d, Reg l, Operand r) { alu(AluOp::Xor, false, d, l, r); }
void X64MacroAssembler::emit_i32_shl(Reg d, Reg l, Operand r) {
  shift(ShiftOp::Shl, false, d, l, r);
}
void X64MacroAssembler::emit_i32_shr_s(Reg d, Reg l, Operand r) {
  shift(ShiftOp::Sar, false, d, l, r);
}
void X64MacroAssembler::emit_i32_shr_u(Reg d, Reg l, Operand r) {
  shift(ShiftOp::Shr, false, d, l, r);
}
void X64MacroAssembler::emit_i32_rotl(Reg d, Reg l, Operand r) {
  shift(ShiftOp::Rol, false, d, l, r);
}
void X64MacroAssembler::emit_i32_rotr(Reg d, Reg l, Operand r) {
  shift(ShiftOp::Ror, false, d, l, r);
}
void X64MacroAssembler::emit_i32_div_s(Reg d, Reg l, Reg r, Label zero, Label overflow) {
  divide(false, true, false, d, l, r, zero, overflow);
}
void X64MacroAssembler::emit_i32_div_u(Reg d, Reg l, Reg r, Label zero) {
  divide(false, false, false, d, l, r, zero, Label{});
}
void X64MacroAssembler::emit_i32_rem_s(Reg d, Reg l, Reg r, Label zero) {
  divide(false, true, true, d, l, r, zero, Label{});
}
void X64MacroAssembler::emit_i32_rem_u(Reg d, Reg l, Reg r, Label zero) {
  divide(false, false, true, d, l, r, zero, Label{});
}
void X64MacroAssembler::emit_i32_clz(Reg d, Reg s) { count_leading_zeros(false, d, s); }
void X64MacroAssembler::emit_i32_ctz(Reg d, Reg s) { count_trailing_zeros(false, d, s); }
void X64MacroAssembler::emit_i32_popcnt(Reg d, Reg s) { population_count(false, d, s); }
void X64MacroAssembler::emit_i32_eqz(Reg d, Reg s) {
  a_.test(gp32(s), gp32(s));
  a_.sete(x86::gpb(d.code));
  a_.movzx(gp32(d), x86::gpb(d.code));
}
void X64MacroAssembler::emit_i32_extend8_s(Reg d, Reg s) { a_.movsx(gp32(d), x86::gpb(s.code)); }
void X64MacroAssembler::emit_i32_extend16_s(Reg d, Reg s) { a_.movsx(gp32(d), x86::gpw(s.code)); }
void X64MacroAssembler::emit_i32_set_cond(Cond c, Reg d, Reg l, Operand r) {
  set_cond(c, false, d, l, r);
}

// ---- i64 ----

void X64MacroAssembler::emit_i64_add(Reg d, Reg l, Operand r) { alu(AluOp::Add, true, d, l, r); }
void X64MacroAssembler::emit_i64_sub(Reg d, Reg l, Operand r) { alu(AluOp::Sub, true, d, l, r); }
void X64MacroAssembler::emit_i64_mul(Reg d, Reg l, Operand r) { alu(AluOp::Mul, true, d, l, r); }
void X64MacroAssembler::emit_i64_and(Reg d, Reg l, Operand r) { alu(AluOp::And, true, d, l, r); }
void X64MacroAssembler::emit_i64_or(Reg d, Reg l, Operand r) { alu(AluOp::Or, true, d, l, r); }
void X64MacroAssembler::emit_i64_xor(Reg d, Reg l, Operand r) { alu(AluOp::Xor, true, d, l, r); }
void X64MacroAssembler::emit_i64_shl(Reg d, Reg l, Operand r) {
  shift(ShiftOp::Shl, true, d, l, r);
}
void X64MacroAssembler::emit_i64_shr_s(Reg d, Reg l, Operand r) {
  shift(ShiftOp::Sar, true, d, l, r);
}
void X64MacroAssembler::emit_i64_shr_u(Reg d, Reg l, Operand r) {
  shift(ShiftOp::Shr, true, d, l, r);
}
void X64MacroAssembler::emit_i64_rotl(Reg d, Reg l, Operand r) {
  shift(ShiftOp::Rol, true, d, l, r);
}
void X64MacroAssembler::emit_i64_rotr(Reg d, Reg l, Operand r) {
  shift(ShiftOp::Ror, true, d, l, r);
}
void X64MacroAssembler::emit_i64_div_s(Reg d, Reg l, Reg r, Label zero, Label overflow) {
  divide(true, true, false, d, l, r, zero, overflow);
}
void X64MacroAssembler::emit_i64_div_u(Reg d, Reg l, Reg r, Label zero) {
  divide(true, false, false, d, l, r, zero, Label{});
}
void X64MacroAssembler::emit_i64_rem_s(Reg d, Reg l, Reg r, Label zero) {
  divide(true, true, true, d, l, r, zero, Label{});
}
void X64MacroAssembler::emit_i64_rem_u(Reg d, Reg l, Reg r, Label zero) {
  divide(true, false, true, d, l, r, zero, Label{});
}
void X64MacroAssembler::emit_i64_clz(Reg d, Reg s) { count_leading_zeros(true, d, s); }
void X64MacroAssembler::emit_i64_ctz(Reg d, Reg s) { count_trailing_zeros(true, d, s); }
void X64MacroAssembler::emit_i64_popcnt(Reg d, Reg s) { population_count(true, d, s); }
void X64MacroAssembler::emit_i64_eqz(Reg d, Reg s) {
  a_.test(gp64(s), gp64(s));
  a_.sete(x86::gpb(d.code));
  a_.movzx(gp32(d), x86::gpb(d.code));
}
void X64MacroAssembler::emit_i64_extend8_s(Reg d, Reg s) { a_.movsx(gp64(d), x86::gpb(s.code)); }
void X64MacroAssembler::emit_i64_extend16_s(Reg d, Reg s) { a_.movsx(gp64(d), x86::gpw(s.code)); }
void X64MacroAssembler::emit_i64_extend32_s(Reg d, Reg s) { a_.movsxd(gp64(d), gp32(s)); }
void X64MacroAssembler::emit_i64_set_cond(Cond c, Reg d, Reg l, Operand r) {
  set_cond(c, true, d, l, r);
}

// ---- conversions between i32 and i64 ----

void X64MacroAssembler::emit_i32_wrap_i64(Reg d, Reg s) { a_.mov(gp32(d), gp32(s)); }
void X64MacroAssembler::emit_i64_extend_i32_s(Reg d, Reg s) { a_.movsxd(gp64(d), gp32(s)); }
void X64MacroAssembler::emit_i64_extend_i32_u(Reg d, Reg s) { a_.mov(gp32(d), gp32(s)); }

}  // namespace wasmrun::jit::x64
