// arm64 back end: f32/f64 arithmetic, rounding, comparisons and the conversions that map to one
// instruction. The scalar FP instructions already follow wasm where x64 needs fix-ups: fmin/fmax
// propagate NaN and order -0 below +0, frint* cover ceil/floor/trunc/nearest, fabs/fneg only
// touch the sign bit. Conversions that can trap or need long sequences go through the numeric
// helper instead (see compiler_dispatch.cpp).
#include "jit/a64/masm_a64.h"

namespace wasmrun::jit::a64 {

namespace a64 = asmjit::a64;
using asmjit::arm::CondCode;

void A64MacroAssembler::farith(FArith op, bool wide, Reg dst, Reg lhs, Reg rhs) {
  Vec d = vf(dst, wide), l = vf(lhs, wide), r = vf(rhs, wide);
  switch (op) {
    case FArith::Add: a_.fadd(d, l, r); break;
    case FArith::Sub: a_.fsub(d, l, r); break;
    case FArith::Mul: a_.fmul(d, l, r); break;
    case FArith::Div: a_.fdiv(d, l, r); break;
    case FArith::Min: a_.fmin(d, l, r); break;
    case FArith::Max: a_.fmax(d, l, r); break;
  }
}

void A64MacroAssembler::fround(FRound mode, bool wide, Reg dst, Reg src) {
  Vec d = vf(dst, wide), s = vf(src, wide);
  switch (mode) {
    case FRound::Ceil: a_.frintp(d, s); break;
    case FRound::Floor: a_.frintm(d, s); break;
    case FRound::Trunc: a_.frintz(d, s); break;
    case FRound::Nearest: a_.frintn(d, s); break;
  }
}

// fcmp sets NZCV = 0011 for unordered operands. mi (less), gt, ls (less or equal) and ge all
// read false on that pattern, as does eq; ne reads true, as wasm wants.
void A64MacroAssembler::fset_cond(FCond cond, bool wide, Reg dst, Reg lhs, Reg rhs) {
  a_.fcmp(vf(lhs, wide), vf(rhs, wide));
  CondCode cc = CondCode::kEQ;
  switch (cond) {
    case FCond::Eq: cc = CondCode::kEQ; break;
    case FCond::Ne: cc = CondCode::kNE; break;
    case FCond::Lt: cc = CondCode::kMI; break;
    case FCond::Gt: cc = CondCode::kGT; break;
    case FCond::Le: cc = CondCode::kLS; break;
    case FCond::Ge: cc = CondCode::kGE; break;
  }
  a_.cset(gp32(dst), cc);
}

// The sign of rhs with every other bit of lhs, bit-exact on NaNs: bfxil copies lhs's low 31/63
// bits over rhs's bits.
void A64MacroAssembler::fcopysign(bool wide, Reg dst, Reg lhs, Reg rhs) {
  if (wide) {
    a_.fmov(a64::x16, vd(rhs));
    a_.fmov(a64::x17, vd(lhs));
    a_.bfxil(a64::x16, a64::x17, 0, 63);
    a_.fmov(vd(dst), a64::x16);
  } else {
    a_.fmov(a64::w16, vs(rhs));
    a_.fmov(a64::w17, vs(lhs));
    a_.bfxil(a64::w16, a64::w17, 0, 31);
    a_.fmov(vs(dst), a64::w16);
  }
}

// ---- f32 ----

void A64MacroAssembler::emit_f32_add(Reg d, Reg l, Reg r) { farith(FArith::Add, false, d, l, r); }
void A64MacroAssembler::emit_f32_sub(Reg d, Reg l, Reg r) { farith(FArith::Sub, false, d, l, r); }
void A64MacroAssembler::emit_f32_mul(Reg d, Reg l, Reg r) { farith(FArith::Mul, false, d, l, r); }
void A64MacroAssembler::emit_f32_div(Reg d, Reg l, Reg r) { farith(FArith::Div, false, d, l, r); }
void A64MacroAssembler::emit_f32_min(Reg d, Reg l, Reg r) { farith(FArith::Min, false, d, l, r); }
void A64MacroAssembler::emit_f32_max(Reg d, Reg l, Reg r) { farith(FArith::Max, false, d, l, r); }
void A64MacroAssembler::emit_f32_copysign(Reg d, Reg l, Reg r) { fcopysign(false, d, l, r); }
void A64MacroAssembler::emit_f32_abs(Reg d, Reg s) { a_.fabs(vs(d), vs(s)); }
void A64MacroAssembler::emit_f32_neg(Reg d, Reg s) { a_.fneg(vs(d), vs(s)); }
void A64MacroAssembler::emit_f32_sqrt(Reg d, Reg s) { a_.fsqrt(vs(d), vs(s)); }
void A64MacroAssembler::emit_f32_ceil(Reg d, Reg s) { fround(FRound::Ceil, false, d, s); }
void A64MacroAssembler::emit_f32_floor(Reg d, Reg s) { fround(FRound::Floor, false, d, s); }
void A64MacroAssembler::emit_f32_trunc(Reg d, Reg s) { fround(FRound::Trunc, false, d, s); }
void A64MacroAssembler::emit_f32_nearest(Reg d, Reg s) { fround(FRound::Nearest, false, d, s); }
void A64MacroAssembler::emit_f32_set_cond(FCond c, Reg d, Reg l, Reg r) {
  fset_cond(c, false, d, l, r);
}

// ---- f64 ----

void A64MacroAssembler::emit_f64_add(Reg d, Reg l, Reg r) { farith(FArith::Add, true, d, l, r); }
void A64MacroAssembler::emit_f64_sub(Reg d, Reg l, Reg r) { farith(FArith::Sub, true, d, l, r); }
void A64MacroAssembler::emit_f64_mul(Reg d, Reg l, Reg r) { farith(FArith::Mul, true, d, l, r); }
void A64MacroAssembler::emit_f64_div(Reg d, Reg l, Reg r) { farith(FArith::Div, true, d, l, r); }
void A64MacroAssembler::emit_f64_min(Reg d, Reg l, Reg r) { farith(FArith::Min, true, d, l, r); }
void A64MacroAssembler::emit_f64_max(Reg d, Reg l, Reg r) { farith(FArith::Max, true, d, l, r); }
void A64MacroAssembler::emit_f64_copysign(Reg d, Reg l, Reg r) { fcopysign(true, d, l, r); }
void A64MacroAssembler::emit_f64_abs(Reg d, Reg s) { a_.fabs(vd(d), vd(s)); }
void A64MacroAssembler::emit_f64_neg(Reg d, Reg s) { a_.fneg(vd(d), vd(s)); }
void A64MacroAssembler::emit_f64_sqrt(Reg d, Reg s) { a_.fsqrt(vd(d), vd(s)); }
void A64MacroAssembler::emit_f64_ceil(Reg d, Reg s) { fround(FRound::Ceil, true, d, s); }
void A64MacroAssembler::emit_f64_floor(Reg d, Reg s) { fround(FRound::Floor, true, d, s); }
void A64MacroAssembler::emit_f64_trunc(Reg d, Reg s) { fround(FRound::Trunc, true, d, s); }
void A64MacroAssembler::emit_f64_nearest(Reg d, Reg s) { fround(FRound::Nearest, true, d, s); }
void A64MacroAssembler::emit_f64_set_cond(FCond c, Reg d, Reg l, Reg r) {
  fset_cond(c, true, d, l, r);
}

// ---- moves between classes and simple conversions ----

void A64MacroAssembler::emit_i32_reinterpret_f32(Reg d, Reg s) { a_.fmov(gp32(d), vs(s)); }
void A64MacroAssembler::emit_i64_reinterpret_f64(Reg d, Reg s) { a_.fmov(gp64(d), vd(s)); }
void A64MacroAssembler::emit_f32_reinterpret_i32(Reg d, Reg s) { a_.fmov(vs(d), gp32(s)); }
void A64MacroAssembler::emit_f64_reinterpret_i64(Reg d, Reg s) { a_.fmov(vd(d), gp64(s)); }
void A64MacroAssembler::emit_f32_demote_f64(Reg d, Reg s) { a_.fcvt(vs(d), vd(s)); }
void A64MacroAssembler::emit_f64_promote_f32(Reg d, Reg s) { a_.fcvt(vd(d), vs(s)); }
void A64MacroAssembler::emit_f32_convert_i32_s(Reg d, Reg s) { a_.scvtf(vs(d), gp32(s)); }
void A64MacroAssembler::emit_f64_convert_i32_s(Reg d, Reg s) { a_.scvtf(vd(d), gp32(s)); }
void A64MacroAssembler::emit_f32_convert_i64_s(Reg d, Reg s) { a_.scvtf(vs(d), gp64(s)); }
void A64MacroAssembler::emit_f64_convert_i64_s(Reg d, Reg s) { a_.scvtf(vd(d), gp64(s)); }
void A64MacroAssembler::emit_f32_convert_i32_u(Reg d, Reg s) { a_.ucvtf(vs(d), gp32(s)); }
void A64MacroAssembler::emit_f64_convert_i32_u(Reg d, Reg s) { a_.ucvtf(vd(d), gp32(s)); }

}  // namespace wasmrun::jit::a64
