// x64 back end: f32/f64 arithmetic (SSE2 scalar forms, SSE4.1 rounding), comparisons and the
// conversions that map to one instruction. Conversions that can trap or need long sequences go
// through the numeric helper instead (see compiler.cpp).
#include "jit/x64/masm_x64.h"

namespace wasmrun::jit::x64 {

namespace x86 = asmjit::x86;

namespace {

// SSE4.1 round immediates; bit 3 suppresses the precision exception.
constexpr uint8_t kRoundNearest = 0x8;
constexpr uint8_t kRoundDown = 0x9;
constexpr uint8_t kRoundUp = 0xa;
constexpr uint8_t kRoundTruncate = 0xb;

}  // namespace

// dst = lhs op rhs; when dst already holds rhs, rhs moves to xmm15 first.
void X64MacroAssembler::farith(FArith op, bool wide, Reg dst, Reg lhs, Reg rhs) {
  Xmm r = xmm(rhs);
  if (dst == rhs && dst != lhs) {
    a_.movaps(x86::xmm15, r);
    r = x86::xmm15;
  }
  if (dst != lhs) a_.movaps(xmm(dst), xmm(lhs));
  Xmm d = xmm(dst);
  switch (op) {
    case FArith::Add: wide ? a_.addsd(d, r) : a_.addss(d, r); break;
    case FArith::Sub: wide ? a_.subsd(d, r) : a_.subss(d, r); break;
    case FArith::Mul: wide ? a_.mulsd(d, r) : a_.mulss(d, r); break;
    case FArith::Div: wide ? a_.divsd(d, r) : a_.divss(d, r); break;
  }
}

// minss/maxss return the second operand for NaNs and for +0 vs -0, which wasm defines
// differently: NaN in either operand gives a NaN, and min(-0, +0) is -0 (max: +0). Equal operands
// are merged bitwise (or for min keeps a -0, and for max keeps a +0).
void X64MacroAssembler::fminmax(bool is_min, bool wide, Reg dst, Reg lhs, Reg rhs) {
  Xmm r = xmm(rhs);
  if (dst == rhs && dst != lhs) {
    a_.movaps(x86::xmm15, r);
    r = x86::xmm15;
  }
  if (dst != lhs) a_.movaps(xmm(dst), xmm(lhs));
  Xmm d = xmm(dst);
  asmjit::Label nan = a_.newLabel(), ordered = a_.newLabel(), done = a_.newLabel();
  wide ? a_.ucomisd(d, r) : a_.ucomiss(d, r);
  a_.jp(nan);
  a_.jne(ordered);
  if (is_min) {
    a_.orps(d, r);
  } else {
    a_.andps(d, r);
  }
  a_.jmp(done);
  a_.bind(nan);
  wide ? a_.addsd(d, r) : a_.addss(d, r);  // propagates a (quiet) NaN
  a_.jmp(done);
  a_.bind(ordered);
  if (is_min) {
    wide ? a_.minsd(d, r) : a_.minss(d, r);
  } else {
    wide ? a_.maxsd(d, r) : a_.maxss(d, r);
  }
  a_.bind(done);
}

// Sign-bit manipulation in a general register: exact on every input, NaN payloads included.
void X64MacroAssembler::fsign_op(bool wide, int kind, Reg dst, Reg src) {
  if (wide) {
    a_.movq(x86::rax, xmm(src));
    kind == 0 ? a_.btr(x86::rax, 63) : a_.btc(x86::rax, 63);
    a_.movq(xmm(dst), x86::rax);
  } else {
    a_.movd(x86::eax, xmm(src));
    kind == 0 ? a_.and_(x86::eax, 0x7fffffff) : a_.xor_(x86::eax, 0x80000000);
    a_.movd(xmm(dst), x86::eax);
  }
}

void X64MacroAssembler::fcopysign(bool wide, Reg dst, Reg lhs, Reg rhs) {
  if (wide) {
    a_.movq(x86::rax, xmm(lhs));
    a_.movq(x86::rdx, xmm(rhs));
    a_.btr(x86::rax, 63);
    a_.shr(x86::rdx, 63);
    a_.shl(x86::rdx, 63);
    a_.or_(x86::rax, x86::rdx);
    a_.movq(xmm(dst), x86::rax);
  } else {
    a_.movd(x86::eax, xmm(lhs));
    a_.movd(x86::edx, xmm(rhs));
    a_.and_(x86::eax, 0x7fffffff);
    a_.and_(x86::edx, 0x80000000);
    a_.or_(x86::eax, x86::edx);
    a_.movd(xmm(dst), x86::eax);
  }
}

void X64MacroAssembler::fround(bool wide, uint8_t mode, Reg dst, Reg src) {
  wide ? a_.roundsd(xmm(dst), xmm(src), mode) : a_.roundss(xmm(dst), xmm(src), mode);
}

// ucomis sets ZF, PF, CF = 1,1,1 for unordered operands. "lhs < rhs" is tested as "rhs above
// lhs" so that every ordered relation reads CF/ZF only and is false on NaN.
void X64MacroAssembler::fset_cond(FCond cond, bool wide, Reg dst, Reg lhs, Reg rhs) {
  auto ucomis = [&](Reg x, Reg y) {
    wide ? a_.ucomisd(xmm(x), xmm(y)) : a_.ucomiss(xmm(x), xmm(y));
  };
  x86::Gp d8 = x86::gpb(dst.code);
  switch (cond) {
    case FCond::Eq:
      ucomis(lhs, rhs);
      a_.sete(d8);
      a_.setnp(x86::r11b);
      a_.and_(d8, x86::r11b);
      break;
    case FCond::Ne:
      ucomis(lhs, rhs);
      a_.setne(d8);
      a_.setp(x86::r11b);
      a_.or_(d8, x86::r11b);
      break;
    case FCond::Lt:
      ucomis(rhs, lhs);
      a_.seta(d8);
      break;
    case FCond::Gt:
      ucomis(lhs, rhs);
      a_.seta(d8);
      break;
    case FCond::Le:
      ucomis(rhs, lhs);
      a_.setae(d8);
      break;
    case FCond::Ge:
      ucomis(lhs, rhs);
      a_.setae(d8);
      break;
  }
  a_.movzx(gp32(dst), d8);
}

// ---- f32 ----

void X64MacroAssembler::emit_f32_add(Reg d, Reg l, Reg r) { farith(FArith::Add, false, d, l, r); }
void X64MacroAssembler::emit_f32_sub(Reg d, Reg l, Reg r) { farith(FArith::Sub, false, d, l, r); }
void X64MacroAssembler::emit_f32_mul(Reg d, Reg l, Reg r) { farith(FArith::Mul, false, d, l, r); }
void X64MacroAssembler::emit_f32_div(Reg d, Reg l, Reg r) { farith(FArith::Div, false, d, l, r); }
void X64MacroAssembler::emit_f32_min(Reg d, Reg l, Reg r) { fminmax(true, false, d, l, r); }
void X64MacroAssembler::emit_f32_max(Reg d, Reg l, Reg r) { fminmax(false, false, d, l, r); }
void X64MacroAssembler::emit_f32_copysign(Reg d, Reg l, Reg r) { fcopysign(false, d, l, r); }
void X64MacroAssembler::emit_f32_abs(Reg d, Reg s) { fsign_op(false, 0, d, s); }
void X64MacroAssembler::emit_f32_neg(Reg d, Reg s) { fsign_op(false, 1, d, s); }
void X64MacroAssembler::emit_f32_sqrt(Reg d, Reg s) { a_.sqrtss(xmm(d), xmm(s)); }
void X64MacroAssembler::emit_f32_ceil(Reg d, Reg s) { fround(false, kRoundUp, d, s); }
void X64MacroAssembler::emit_f32_floor(Reg d, Reg s) { fround(false, kRoundDown, d, s); }
void X64MacroAssembler::emit_f32_trunc(Reg d, Reg s) { fround(false, kRoundTruncate, d, s); }
void X64MacroAssembler::emit_f32_nearest(Reg d, Reg s) { fround(false, kRoundNearest, d, s); }
void X64MacroAssembler::emit_f32_set_cond(FCond c, Reg d, Reg l, Reg r) {
  fset_cond(c, false, d, l, r);
}

// ---- f64 ----

void X64MacroAssembler::emit_f64_add(Reg d, Reg l, Reg r) { farith(FArith::Add, true, d, l, r); }
void X64MacroAssembler::emit_f64_sub(Reg d, Reg l, Reg r) { farith(FArith::Sub, true, d, l, r); }
void X64MacroAssembler::emit_f64_mul(Reg d, Reg l, Reg r) { farith(FArith::Mul, true, d, l, r); }
void X64MacroAssembler::emit_f64_div(Reg d, Reg l, Reg r) { farith(FArith::Div, true, d, l, r); }
void X64MacroAssembler::emit_f64_min(Reg d, Reg l, Reg r) { fminmax(true, true, d, l, r); }
void X64MacroAssembler::emit_f64_max(Reg d, Reg l, Reg r) { fminmax(false, true, d, l, r); }
void X64MacroAssembler::emit_f64_copysign(Reg d, Reg l, Reg r) { fcopysign(true, d, l, r); }
void X64MacroAssembler::emit_f64_abs(Reg d, Reg s) { fsign_op(true, 0, d, s); }
void X64MacroAssembler::emit_f64_neg(Reg d, Reg s) { fsign_op(true, 1, d, s); }
void X64MacroAssembler::emit_f64_sqrt(Reg d, Reg s) { a_.sqrtsd(xmm(d), xmm(s)); }
void X64MacroAssembler::emit_f64_ceil(Reg d, Reg s) { fround(true, kRoundUp, d, s); }
void X64MacroAssembler::emit_f64_floor(Reg d, Reg s) { fround(true, kRoundDown, d, s); }
void X64MacroAssembler::emit_f64_trunc(Reg d, Reg s) { fround(true, kRoundTruncate, d, s); }
void X64MacroAssembler::emit_f64_nearest(Reg d, Reg s) { fround(true, kRoundNearest, d, s); }
void X64MacroAssembler::emit_f64_set_cond(FCond c, Reg d, Reg l, Reg r) {
  fset_cond(c, true, d, l, r);
}

// ---- moves between classes and simple conversions ----

void X64MacroAssembler::emit_i32_reinterpret_f32(Reg d, Reg s) { a_.movd(gp32(d), xmm(s)); }
void X64MacroAssembler::emit_i64_reinterpret_f64(Reg d, Reg s) { a_.movq(gp64(d), xmm(s)); }
void X64MacroAssembler::emit_f32_reinterpret_i32(Reg d, Reg s) { a_.movd(xmm(d), gp32(s)); }
void X64MacroAssembler::emit_f64_reinterpret_i64(Reg d, Reg s) { a_.movq(xmm(d), gp64(s)); }
void X64MacroAssembler::emit_f32_demote_f64(Reg d, Reg s) { a_.cvtsd2ss(xmm(d), xmm(s)); }
void X64MacroAssembler::emit_f64_promote_f32(Reg d, Reg s) { a_.cvtss2sd(xmm(d), xmm(s)); }

// cvtsi2s* only writes the low lane; clearing dst first breaks the dependency on its old value.
void X64MacroAssembler::emit_f32_convert_i32_s(Reg d, Reg s) {
  a_.xorps(xmm(d), xmm(d));
  a_.cvtsi2ss(xmm(d), gp32(s));
}
void X64MacroAssembler::emit_f64_convert_i32_s(Reg d, Reg s) {
  a_.xorps(xmm(d), xmm(d));
  a_.cvtsi2sd(xmm(d), gp32(s));
}
void X64MacroAssembler::emit_f32_convert_i64_s(Reg d, Reg s) {
  a_.xorps(xmm(d), xmm(d));
  a_.cvtsi2ss(xmm(d), gp64(s));
}
void X64MacroAssembler::emit_f64_convert_i64_s(Reg d, Reg s) {
  a_.xorps(xmm(d), xmm(d));
  a_.cvtsi2sd(xmm(d), gp64(s));
}
// An unsigned i32 is a non-negative i64: zero-extend and convert as signed 64-bit.
void X64MacroAssembler::emit_f32_convert_i32_u(Reg d, Reg s) {
  a_.mov(x86::eax, gp32(s));
  a_.xorps(xmm(d), xmm(d));
  a_.cvtsi2ss(xmm(d), x86::rax);
}
void X64MacroAssembler::emit_f64_convert_i32_u(Reg d, Reg s) {
  a_.mov(x86::eax, gp32(s));
  a_.xorps(xmm(d), xmm(d));
  a_.cvtsi2sd(xmm(d), x86::rax);
}

}  // namespace wasmrun::jit::x64
