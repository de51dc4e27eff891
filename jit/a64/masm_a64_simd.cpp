// arm64 back end: inline SIMD on NEON (Advanced SIMD, part of every AArch64 CPU). Most wasm
// SIMD ops are one NEON instruction: saturating arithmetic, rounding averages, saturating
// narrows and float->int conversions, and tbl, whose out-of-range indexes give 0 as swizzle
// requires, and wasm's float min/max (fmin/fmax: -0 below +0, and the NaN engine/ops picks). v30
// and v31 are the scratch registers (consecutive, as a two-register tbl needs). Only the SIMD
// memory ops other than v128.load/store stay with the numeric helper.
#include <cstdlib>
#include <cstring>

#include "jit/a64/masm_a64.h"

namespace wasmrun::jit::a64 {

namespace a64 = asmjit::a64;
using Inst = a64::Inst;

namespace {

// A register as a vector of lanes of 1 << lane bytes (b16, h8, s4, d2).
a64::Vec lanes(uint8_t code, int lane) {
  a64::Vec v = a64::VecV(code);
  switch (lane) {
    case 0: return v.b16();
    case 1: return v.h8();
    case 2: return v.s4();
    default: return v.d2();
  }
}
// The low half as narrow lanes (8b, 4h, 2s).
a64::Vec half(uint8_t code, int lane) {
  a64::Vec v = a64::VecV(code);
  switch (lane) {
    case 0: return v.b8();
    case 1: return v.h4();
    default: return v.s2();
  }
}

struct Shape {
  Inst::Id id = Inst::kIdNone;
  int lane = 0;
  bool swap = false;    // operands exchanged (lt, le as gt, ge)
  bool invert = false;  // result negated (ne)
};

// Binops that are one NEON instruction d = op(l, r) (id kIdNone: not one of them).
Shape single_binop(Op op) {
  switch (op) {
    case Op::I8x16Add: return {Inst::kIdAdd_v, 0};
    case Op::I8x16AddSatS: return {Inst::kIdSqadd_v, 0};
    case Op::I8x16AddSatU: return {Inst::kIdUqadd_v, 0};
    case Op::I8x16Sub: return {Inst::kIdSub_v, 0};
    case Op::I8x16SubSatS: return {Inst::kIdSqsub_v, 0};
    case Op::I8x16SubSatU: return {Inst::kIdUqsub_v, 0};
    case Op::I8x16MinS: return {Inst::kIdSmin_v, 0};
    case Op::I8x16MinU: return {Inst::kIdUmin_v, 0};
    case Op::I8x16MaxS: return {Inst::kIdSmax_v, 0};
    case Op::I8x16MaxU: return {Inst::kIdUmax_v, 0};
    case Op::I8x16AvgrU: return {Inst::kIdUrhadd_v, 0};
    case Op::I16x8Add: return {Inst::kIdAdd_v, 1};
    case Op::I16x8AddSatS: return {Inst::kIdSqadd_v, 1};
    case Op::I16x8AddSatU: return {Inst::kIdUqadd_v, 1};
    case Op::I16x8Sub: return {Inst::kIdSub_v, 1};
    case Op::I16x8SubSatS: return {Inst::kIdSqsub_v, 1};
    case Op::I16x8SubSatU: return {Inst::kIdUqsub_v, 1};
    case Op::I16x8Mul: return {Inst::kIdMul_v, 1};
    case Op::I16x8MinS: return {Inst::kIdSmin_v, 1};
    case Op::I16x8MinU: return {Inst::kIdUmin_v, 1};
    case Op::I16x8MaxS: return {Inst::kIdSmax_v, 1};
    case Op::I16x8MaxU: return {Inst::kIdUmax_v, 1};
    case Op::I16x8AvgrU: return {Inst::kIdUrhadd_v, 1};
    case Op::I16x8Q15mulrSatS: return {Inst::kIdSqrdmulh_v, 1};
    case Op::I32x4Add: return {Inst::kIdAdd_v, 2};
    case Op::I32x4Sub: return {Inst::kIdSub_v, 2};
    case Op::I32x4Mul: return {Inst::kIdMul_v, 2};
    case Op::I32x4MinS: return {Inst::kIdSmin_v, 2};
    case Op::I32x4MinU: return {Inst::kIdUmin_v, 2};
    case Op::I32x4MaxS: return {Inst::kIdSmax_v, 2};
    case Op::I32x4MaxU: return {Inst::kIdUmax_v, 2};
    case Op::I64x2Add: return {Inst::kIdAdd_v, 3};
    case Op::I64x2Sub: return {Inst::kIdSub_v, 3};
    case Op::F32x4Add: return {Inst::kIdFadd_v, 2};
    case Op::F32x4Sub: return {Inst::kIdFsub_v, 2};
    case Op::F32x4Mul: return {Inst::kIdFmul_v, 2};
    case Op::F32x4Div: return {Inst::kIdFdiv_v, 2};
    case Op::F32x4Min: return {Inst::kIdFmin_v, 2};
    case Op::F32x4Max: return {Inst::kIdFmax_v, 2};
    case Op::F64x2Add: return {Inst::kIdFadd_v, 3};
    case Op::F64x2Sub: return {Inst::kIdFsub_v, 3};
    case Op::F64x2Mul: return {Inst::kIdFmul_v, 3};
    case Op::F64x2Div: return {Inst::kIdFdiv_v, 3};
    case Op::F64x2Min: return {Inst::kIdFmin_v, 3};
    case Op::F64x2Max: return {Inst::kIdFmax_v, 3};
    case Op::V128And: return {Inst::kIdAnd_v, 0};
    case Op::V128Or: return {Inst::kIdOrr_v, 0};
    case Op::V128Xor: return {Inst::kIdEor_v, 0};
    case Op::V128AndNot: return {Inst::kIdBic_v, 0};
    default: return {};
  }
}

// Compares: cmeq/cmgt/cmhi/cmge/cmhs (and the float forms), lt/le by exchanging the operands, ne
// by inverting eq.
Shape lane_compare(Op op) {
  auto int_family = [](int k, int lane) -> Shape {
    switch (k) {  // Eq, Ne, LtS, LtU, GtS, GtU, LeS, LeU, GeS, GeU
      case 0: return {Inst::kIdCmeq_v, lane};
      case 1: return {Inst::kIdCmeq_v, lane, false, true};
      case 2: return {Inst::kIdCmgt_v, lane, true};
      case 3: return {Inst::kIdCmhi_v, lane, true};
      case 4: return {Inst::kIdCmgt_v, lane};
      case 5: return {Inst::kIdCmhi_v, lane};
      case 6: return {Inst::kIdCmge_v, lane, true};
      case 7: return {Inst::kIdCmhs_v, lane, true};
      case 8: return {Inst::kIdCmge_v, lane};
      default: return {Inst::kIdCmhs_v, lane};
    }
  };
  auto float_family = [](int k, int lane) -> Shape {
    switch (k) {  // Eq, Ne, Lt, Gt, Le, Ge
      case 0: return {Inst::kIdFcmeq_v, lane};
      case 1: return {Inst::kIdFcmeq_v, lane, false, true};
      case 2: return {Inst::kIdFcmgt_v, lane, true};
      case 3: return {Inst::kIdFcmgt_v, lane};
      case 4: return {Inst::kIdFcmge_v, lane, true};
      default: return {Inst::kIdFcmge_v, lane};
    }
  };
  auto k = [&](Op first) { return static_cast<int>(op) - static_cast<int>(first); };
  if (op >= Op::I8x16Eq && op <= Op::I8x16GeU) return int_family(k(Op::I8x16Eq), 0);
  if (op >= Op::I16x8Eq && op <= Op::I16x8GeU) return int_family(k(Op::I16x8Eq), 1);
  if (op >= Op::I32x4Eq && op <= Op::I32x4GeU) return int_family(k(Op::I32x4Eq), 2);
  if (op >= Op::F32x4Eq && op <= Op::F32x4Ge) return float_family(k(Op::F32x4Eq), 2);
  if (op >= Op::F64x2Eq && op <= Op::F64x2Ge) return float_family(k(Op::F64x2Eq), 3);
  switch (op) {
    case Op::I64x2Eq: return int_family(0, 3);
    case Op::I64x2Ne: return int_family(1, 3);
    case Op::I64x2LtS: return int_family(2, 3);
    case Op::I64x2GtS: return int_family(4, 3);
    case Op::I64x2LeS: return int_family(6, 3);
    case Op::I64x2GeS: return int_family(8, 3);
    default: return {};
  }
}

}  // namespace

bool A64MacroAssembler::has_inline_simd(Op op) const {
  ImmKind imm = op_info(op).imm;
  return op_info(op).prefix == 0xfd &&
         (imm == ImmKind::None || imm == ImmKind::Lane || imm == ImmKind::Shuffle);
}

// A 128-bit constant in `dst` through x16.
void A64MacroAssembler::v128_constant(const Vec& dst, uint64_t lo, uint64_t hi) {
  materialize(a64::x16, lo);
  a_.fmov(dst.d(), a64::x16);
  if (hi != 0) {
    if (hi != lo) materialize(a64::x16, hi);
    a_.mov(dst.d(1), a64::x16);
  }
}

void A64MacroAssembler::load_v128_constant(Reg dst, uint64_t lo, uint64_t hi) {
  v128_constant(a64::VecV(dst.code), lo, hi);
}

// i16x8.relaxed_dot_i8x16_i7x16_s into d: signed widening products of the low and high halves
// (exact in 16 bits), adjacent ones summed by addp, which wraps as engine/ops does.
void A64MacroAssembler::i8x16_dot_i7x16(uint8_t d, uint8_t l, uint8_t r) {
  a_.smull(a64::v31.h8(), half(l, 0), half(r, 0));
  a_.smull2(a64::v30.h8(), lanes(l, 0), lanes(r, 0));
  a_.addp(lanes(d, 1), a64::v31.h8(), a64::v30.h8());
}

void A64MacroAssembler::emit_v128_binop(Op op, Reg dst, Reg lhs, Reg rhs) {
  const uint8_t d = dst.code, l = lhs.code, r = rhs.code;
  if (Shape s = single_binop(op); s.id != Inst::kIdNone) {
    a_.emit(s.id, lanes(d, s.lane), lanes(l, s.lane), lanes(r, s.lane));
    return;
  }
  if (Shape s = lane_compare(op); s.id != Inst::kIdNone) {
    a_.emit(s.id, lanes(d, s.lane), lanes(s.swap ? r : l, s.lane), lanes(s.swap ? l : r, s.lane));
    if (s.invert) a_.mvn(lanes(d, 0), lanes(d, 0));
    return;
  }
  const a64::Vec v31 = a64::v31, v30 = a64::v30;
  switch (op) {
    case Op::I8x16Swizzle: a_.tbl(lanes(d, 0), lanes(l, 0), lanes(r, 0)); return;
    // pmin(a, b) = b < a ? b : a and pmax(a, b) = a < b ? b : a: a compare mask picks b.
    case Op::F32x4Pmin:
    case Op::F64x2Pmin:
    case Op::F32x4Pmax:
    case Op::F64x2Pmax: {
      int lane = (op == Op::F32x4Pmin || op == Op::F32x4Pmax) ? 2 : 3;
      bool is_min = op == Op::F32x4Pmin || op == Op::F64x2Pmin;
      a_.fcmgt(lanes(31, lane), lanes(is_min ? l : r, lane), lanes(is_min ? r : l, lane));
      a_.bsl(v31.b16(), lanes(r, 0), lanes(l, 0));
      a_.mov(lanes(d, 0), v31.b16());
      return;
    }
    case Op::I64x2Mul:
      // No 64-bit lane multiply in NEON: two scalar multiplies.
      a_.umov(a64::x16, a64::VecV(l).d(0));
      a_.umov(a64::x17, a64::VecV(r).d(0));
      a_.mul(a64::x16, a64::x16, a64::x17);
      a_.mov(v31.d(0), a64::x16);
      a_.umov(a64::x16, a64::VecV(l).d(1));
      a_.umov(a64::x17, a64::VecV(r).d(1));
      a_.mul(a64::x16, a64::x16, a64::x17);
      a_.mov(a64::VecV(d).d(1), a64::x16);
      a_.mov(a64::VecV(d).d(0), v31.d(0));
      return;
    case Op::I16x8RelaxedDotI8x16I7x16S: i8x16_dot_i7x16(d, l, r); return;
    case Op::I32x4DotI16x8S:
      a_.smull(v31.s4(), half(l, 1), half(r, 1));
      a_.smull2(v30.s4(), lanes(l, 1), lanes(r, 1));
      a_.addp(lanes(d, 2), v31.s4(), v30.s4());
      return;
    case Op::I8x16NarrowI16x8S:
    case Op::I8x16NarrowI16x8U:
    case Op::I16x8NarrowI32x4S:
    case Op::I16x8NarrowI32x4U: {
      int lane = (op == Op::I8x16NarrowI16x8S || op == Op::I8x16NarrowI16x8U) ? 0 : 1;
      bool sign = op == Op::I8x16NarrowI16x8S || op == Op::I16x8NarrowI32x4S;
      a_.emit(sign ? Inst::kIdSqxtn_v : Inst::kIdSqxtun_v, half(31, lane), lanes(l, lane + 1));
      a_.emit(sign ? Inst::kIdSqxtn2_v : Inst::kIdSqxtun2_v, lanes(31, lane), lanes(r, lane + 1));
      a_.mov(lanes(d, 0), v31.b16());
      return;
    }
    default: break;
  }
  // extmul: the widening multiplies of the low (smull/umull) or high (…2) halves.
  struct Extmul {
    Op op;
    int lane;  // of the inputs
    bool sign, high;
  };
  static constexpr Extmul kExtmul[] = {
      {Op::I16x8ExtmulLowI8x16S, 0, true, false},  {Op::I16x8ExtmulHighI8x16S, 0, true, true},
      {Op::I16x8ExtmulLowI8x16U, 0, false, false}, {Op::I16x8ExtmulHighI8x16U, 0, false, true},
      {Op::I32x4ExtmulLowI16x8S, 1, true, false},  {Op::I32x4ExtmulHighI16x8S, 1, true, true},
      {Op::I32x4ExtmulLowI16x8U, 1, false, false}, {Op::I32x4ExtmulHighI16x8U, 1, false, true},
      {Op::I64x2ExtmulLowI32x4S, 2, true, false},  {Op::I64x2ExtmulHighI32x4S, 2, true, true},
      {Op::I64x2ExtmulLowI32x4U, 2, false, false}, {Op::I64x2ExtmulHighI32x4U, 2, false, true},
  };
  for (const Extmul& e : kExtmul) {
    if (e.op != op) continue;
    if (e.high) {
      a_.emit(e.sign ? Inst::kIdSmull2_v : Inst::kIdUmull2_v, lanes(d, e.lane + 1),
              lanes(l, e.lane), lanes(r, e.lane));
    } else {
      a_.emit(e.sign ? Inst::kIdSmull_v : Inst::kIdUmull_v, lanes(d, e.lane + 1), half(l, e.lane),
              half(r, e.lane));
    }
    return;
  }
  std::abort();  // has_inline_simd and this routine disagree
}

void A64MacroAssembler::emit_v128_ternop(Op op, Reg dst, Reg a, Reg b, Reg c) {
  const uint8_t d = dst.code, x = a.code, y = b.code, z = c.code;
  // Not fused (fmla would round once): the same two roundings and operand orders as engine/ops.
  auto madd = [&](int lane, bool negate) {
    if (!negate) {
      a_.fmul(lanes(d, lane), lanes(x, lane), lanes(y, lane));
      a_.fadd(lanes(d, lane), lanes(d, lane), lanes(z, lane));
      return;
    }
    a_.fmul(lanes(31, lane), lanes(x, lane), lanes(y, lane));  // c - a * b
    a_.fsub(lanes(d, lane), lanes(z, lane), lanes(31, lane));
  };
  switch (op) {
    case Op::V128Bitselect:
      // bif inserts b's bits where the mask c is clear into dst (= a).
      if (d != x) a_.mov(lanes(d, 0), lanes(x, 0));
      a_.bif(lanes(d, 0), lanes(y, 0), lanes(z, 0));
      return;
    case Op::F32x4RelaxedMadd: madd(2, false); return;
    case Op::F32x4RelaxedNmadd: madd(2, true); return;
    case Op::F64x2RelaxedMadd: madd(3, false); return;
    case Op::F64x2RelaxedNmadd: madd(3, true); return;
    case Op::I32x4RelaxedDotI8x16I7x16AddS:
      // The i16 dot product, adjacent lanes summed to i32 (saddlp), plus c.
      i8x16_dot_i7x16(d, x, y);
      a_.saddlp(lanes(d, 2), lanes(d, 1));
      a_.add(lanes(d, 2), lanes(d, 2), lanes(z, 2));
      return;
    default: std::abort();  // has_inline_simd and this routine disagree
  }
}

void A64MacroAssembler::emit_v128_unop(Op op, Reg dst, Reg src) {
  const uint8_t d = dst.code, s = src.code;
  auto one = [&](Inst::Id id, int lane) { a_.emit(id, lanes(d, lane), lanes(s, lane)); };
  // Widening from the low (…l) or high (…l2) half of src.
  auto widen = [&](Inst::Id id, int lane, bool high) {
    a_.emit(id, lanes(d, lane + 1), high ? lanes(s, lane) : half(s, lane));
  };
  switch (op) {
    case Op::V128Not: one(Inst::kIdMvn_v, 0); return;
    case Op::I8x16Abs: one(Inst::kIdAbs_v, 0); return;
    case Op::I16x8Abs: one(Inst::kIdAbs_v, 1); return;
    case Op::I32x4Abs: one(Inst::kIdAbs_v, 2); return;
    case Op::I64x2Abs: one(Inst::kIdAbs_v, 3); return;
    case Op::I8x16Neg: one(Inst::kIdNeg_v, 0); return;
    case Op::I16x8Neg: one(Inst::kIdNeg_v, 1); return;
    case Op::I32x4Neg: one(Inst::kIdNeg_v, 2); return;
    case Op::I64x2Neg: one(Inst::kIdNeg_v, 3); return;
    case Op::I8x16Popcnt: one(Inst::kIdCnt_v, 0); return;
    case Op::F32x4Abs: one(Inst::kIdFabs_v, 2); return;
    case Op::F64x2Abs: one(Inst::kIdFabs_v, 3); return;
    case Op::F32x4Neg: one(Inst::kIdFneg_v, 2); return;
    case Op::F64x2Neg: one(Inst::kIdFneg_v, 3); return;
    case Op::F32x4Sqrt: one(Inst::kIdFsqrt_v, 2); return;
    case Op::F64x2Sqrt: one(Inst::kIdFsqrt_v, 3); return;
    case Op::F32x4Ceil: one(Inst::kIdFrintp_v, 2); return;
    case Op::F32x4Floor: one(Inst::kIdFrintm_v, 2); return;
    case Op::F32x4Trunc: one(Inst::kIdFrintz_v, 2); return;
    case Op::F32x4Nearest: one(Inst::kIdFrintn_v, 2); return;
    case Op::F64x2Ceil: one(Inst::kIdFrintp_v, 3); return;
    case Op::F64x2Floor: one(Inst::kIdFrintm_v, 3); return;
    case Op::F64x2Trunc: one(Inst::kIdFrintz_v, 3); return;
    case Op::F64x2Nearest: one(Inst::kIdFrintn_v, 3); return;
    case Op::I16x8ExtendLowI8x16S: widen(Inst::kIdSxtl_v, 0, false); return;
    case Op::I16x8ExtendHighI8x16S: widen(Inst::kIdSxtl2_v, 0, true); return;
    case Op::I16x8ExtendLowI8x16U: widen(Inst::kIdUxtl_v, 0, false); return;
    case Op::I16x8ExtendHighI8x16U: widen(Inst::kIdUxtl2_v, 0, true); return;
    case Op::I32x4ExtendLowI16x8S: widen(Inst::kIdSxtl_v, 1, false); return;
    case Op::I32x4ExtendHighI16x8S: widen(Inst::kIdSxtl2_v, 1, true); return;
    case Op::I32x4ExtendLowI16x8U: widen(Inst::kIdUxtl_v, 1, false); return;
    case Op::I32x4ExtendHighI16x8U: widen(Inst::kIdUxtl2_v, 1, true); return;
    case Op::I64x2ExtendLowI32x4S: widen(Inst::kIdSxtl_v, 2, false); return;
    case Op::I64x2ExtendHighI32x4S: widen(Inst::kIdSxtl2_v, 2, true); return;
    case Op::I64x2ExtendLowI32x4U: widen(Inst::kIdUxtl_v, 2, false); return;
    case Op::I64x2ExtendHighI32x4U: widen(Inst::kIdUxtl2_v, 2, true); return;
    case Op::I16x8ExtaddPairwiseI8x16S: a_.saddlp(lanes(d, 1), lanes(s, 0)); return;
    case Op::I16x8ExtaddPairwiseI8x16U: a_.uaddlp(lanes(d, 1), lanes(s, 0)); return;
    case Op::I32x4ExtaddPairwiseI16x8S: a_.saddlp(lanes(d, 2), lanes(s, 1)); return;
    case Op::I32x4ExtaddPairwiseI16x8U: a_.uaddlp(lanes(d, 2), lanes(s, 1)); return;
    case Op::F32x4ConvertI32x4S: one(Inst::kIdScvtf_v, 2); return;
    case Op::F32x4ConvertI32x4U: one(Inst::kIdUcvtf_v, 2); return;
    case Op::F64x2ConvertLowI32x4S:
      a_.sxtl(lanes(d, 3), half(s, 2));
      a_.scvtf(lanes(d, 3), lanes(d, 3));
      return;
    case Op::F64x2ConvertLowI32x4U:
      a_.uxtl(lanes(d, 3), half(s, 2));
      a_.ucvtf(lanes(d, 3), lanes(d, 3));
      return;
    case Op::F32x4DemoteF64x2Zero: a_.fcvtn(half(d, 2), lanes(s, 3)); return;
    case Op::F64x2PromoteLowF32x4: a_.fcvtl(lanes(d, 3), half(s, 2)); return;
    // fcvtz* saturate and give 0 for NaN, as trunc_sat wants; the f64 forms narrow with
    // saturation into the low lanes and zero the high ones.
    case Op::I32x4TruncSatF32x4S: one(Inst::kIdFcvtzs_v, 2); return;
    case Op::I32x4TruncSatF32x4U: one(Inst::kIdFcvtzu_v, 2); return;
    case Op::I32x4TruncSatF64x2SZero:
      a_.fcvtzs(lanes(d, 3), lanes(s, 3));
      a_.sqxtn(half(d, 2), lanes(d, 3));
      return;
    case Op::I32x4TruncSatF64x2UZero:
      a_.fcvtzu(lanes(d, 3), lanes(s, 3));
      a_.uqxtn(half(d, 2), lanes(d, 3));
      return;
    default: std::abort();
  }
}

void A64MacroAssembler::emit_v128_test(Op op, Reg dst, Reg src) {
  const uint8_t s = src.code;
  const a64::Vec v31 = a64::v31;
  auto nonzero = [&](const a64::Gp& x) {
    a_.cmp(x, 0);
    a_.cset(gp32(dst), asmjit::arm::CondCode::kNE);
  };
  switch (op) {
    case Op::V128AnyTrue:
      a_.umaxp(v31.s4(), lanes(s, 2), lanes(s, 2));
      a_.fmov(a64::x16, v31.d());
      nonzero(a64::x16);
      return;
    // The smallest lane is non-zero.
    case Op::I8x16AllTrue:
    case Op::I16x8AllTrue:
    case Op::I32x4AllTrue: {
      int lane = op == Op::I8x16AllTrue ? 0 : op == Op::I16x8AllTrue ? 1 : 2;
      a64::Vec scalar = lane == 0   ? a64::Vec(v31.b())
                        : lane == 1 ? a64::Vec(v31.h())
                                    : a64::Vec(v31.s());
      a_.uminv(scalar, lanes(s, lane));
      a_.fmov(a64::w16, v31.s());
      nonzero(a64::w16);
      return;
    }
    case Op::I64x2AllTrue:
      a_.cmeq(v31.d2(), lanes(s, 3), 0);  // all-ones for zero lanes
      a_.umaxp(v31.s4(), v31.s4(), v31.s4());
      a_.fmov(a64::x16, v31.d());
      a_.cmp(a64::x16, 0);
      a_.cset(gp32(dst), asmjit::arm::CondCode::kEQ);
      return;
    default: break;
  }
  // bitmask: each lane's sign spread over the lane, anded with its bit's weight, summed.
  int lane;
  switch (op) {
    case Op::I8x16Bitmask: lane = 0; break;
    case Op::I16x8Bitmask: lane = 1; break;
    case Op::I32x4Bitmask: lane = 2; break;
    case Op::I64x2Bitmask: lane = 3; break;
    default: std::abort();
  }
  a_.sshr(lanes(31, lane), lanes(s, lane), (8 << lane) - 1);
  switch (lane) {
    case 0:
      v128_constant(a64::v30, 0x8040201008040201ull, 0x8040201008040201ull);
      a_.and_(v31.b16(), v31.b16(), a64::v30.b16());
      // Bytes 0..7 and 8..15 interleaved into halfwords: one sum gives both bitmask bytes.
      a_.ext(a64::v30.b16(), v31.b16(), v31.b16(), 8);
      a_.zip1(v31.b16(), v31.b16(), a64::v30.b16());
      a_.addv(v31.h(), v31.h8());
      break;
    case 1:
      v128_constant(a64::v30, 0x0008000400020001ull, 0x0080004000200010ull);
      a_.and_(v31.b16(), v31.b16(), a64::v30.b16());
      a_.addv(v31.h(), v31.h8());
      break;
    case 2:
      v128_constant(a64::v30, 0x0000000200000001ull, 0x0000000800000004ull);
      a_.and_(v31.b16(), v31.b16(), a64::v30.b16());
      a_.addv(v31.s(), v31.s4());
      break;
    default:
      v128_constant(a64::v30, 1, 2);
      a_.and_(v31.b16(), v31.b16(), a64::v30.b16());
      a_.addp(v31.d(), v31.d2());
      break;
  }
  a_.fmov(gp32(dst), v31.s());
}

void A64MacroAssembler::emit_v128_shift(Op op, Reg dst, Reg lhs, Operand count) {
  const V128Shift shape = v128_shift_of(op);
  const int lane = shape.lane, kind = shape.kind;
  const uint32_t mask = (8u << lane) - 1;
  a64::Vec d = lanes(dst.code, lane), l = lanes(lhs.code, lane);
  if (count.is_imm) {
    uint32_t n = static_cast<uint32_t>(count.imm) & mask;
    if (n == 0) {
      if (dst != lhs) a_.mov(lanes(dst.code, 0), lanes(lhs.code, 0));
    } else if (kind == 0) {
      a_.shl(d, l, n);
    } else {
      a_.emit(kind == 1 ? Inst::kIdSshr_v : Inst::kIdUshr_v, d, l, asmjit::Imm(n));
    }
    return;
  }
  // sshl/ushl shift left by a signed per-lane count: right shifts take the negated count.
  a_.and_(a64::w16, gp32(count.reg), mask);
  if (kind != 0) a_.neg(a64::w16, a64::w16);
  a_.dup(lanes(31, lane), lane == 3 ? a64::Gp(a64::x16) : a64::Gp(a64::w16));
  a_.emit(kind == 1 ? Inst::kIdSshl_v : Inst::kIdUshl_v, d, l, lanes(31, lane));
}

void A64MacroAssembler::emit_v128_splat(Op op, Reg dst, Reg src) {
  const uint8_t d = dst.code;
  switch (op) {
    case Op::I8x16Splat: a_.dup(lanes(d, 0), gp32(src)); return;
    case Op::I16x8Splat: a_.dup(lanes(d, 1), gp32(src)); return;
    case Op::I32x4Splat: a_.dup(lanes(d, 2), gp32(src)); return;
    case Op::I64x2Splat: a_.dup(lanes(d, 3), gp64(src)); return;
    case Op::F32x4Splat: a_.dup(lanes(d, 2), a64::VecV(src.code).s(0)); return;
    case Op::F64x2Splat: a_.dup(lanes(d, 3), a64::VecV(src.code).d(0)); return;
    default: std::abort();
  }
}

void A64MacroAssembler::emit_v128_extract_lane(Op op, Reg dst, Reg src, uint8_t lane) {
  a64::Vec v = a64::VecV(src.code);
  switch (op) {
    case Op::I8x16ExtractLaneS: a_.smov(gp32(dst), v.b(lane)); return;
    case Op::I8x16ExtractLaneU: a_.umov(gp32(dst), v.b(lane)); return;
    case Op::I16x8ExtractLaneS: a_.smov(gp32(dst), v.h(lane)); return;
    case Op::I16x8ExtractLaneU: a_.umov(gp32(dst), v.h(lane)); return;
    case Op::I32x4ExtractLane: a_.umov(gp32(dst), v.s(lane)); return;
    case Op::I64x2ExtractLane: a_.umov(gp64(dst), v.d(lane)); return;
    case Op::F32x4ExtractLane: a_.dup(vs(dst), v.s(lane)); return;
    case Op::F64x2ExtractLane: a_.dup(vd(dst), v.d(lane)); return;
    default: std::abort();
  }
}

void A64MacroAssembler::emit_v128_replace_lane(Op op, Reg dst, Reg scalar, uint8_t lane) {
  a64::Vec v = a64::VecV(dst.code);
  switch (op) {
    case Op::I8x16ReplaceLane: a_.mov(v.b(lane), gp32(scalar)); return;
    case Op::I16x8ReplaceLane: a_.mov(v.h(lane), gp32(scalar)); return;
    case Op::I32x4ReplaceLane: a_.mov(v.s(lane), gp32(scalar)); return;
    case Op::I64x2ReplaceLane: a_.mov(v.d(lane), gp64(scalar)); return;
    case Op::F32x4ReplaceLane: a_.mov(v.s(lane), a64::VecV(scalar.code).s(0)); return;
    case Op::F64x2ReplaceLane: a_.mov(v.d(lane), a64::VecV(scalar.code).d(0)); return;
    default: std::abort();
  }
}

// tbl over the register pair v30:v31 (the operands copied there), indexes in dst.
void A64MacroAssembler::emit_v128_shuffle(Reg dst, Reg lhs, Reg rhs, const uint8_t* lanes_in) {
  a_.mov(a64::v30.b16(), lanes(lhs.code, 0));
  a_.mov(a64::v31.b16(), lanes(rhs.code, 0));
  uint64_t lo, hi;
  std::memcpy(&lo, lanes_in, 8);
  std::memcpy(&hi, lanes_in + 8, 8);
  a64::Vec d = a64::VecV(dst.code);
  materialize(a64::x16, lo);
  a_.fmov(d.d(), a64::x16);
  materialize(a64::x16, hi);
  a_.mov(d.d(1), a64::x16);
  a_.tbl(d.b16(), a64::v30.b16(), a64::v31.b16(), d.b16());
}

}  // namespace wasmrun::jit::a64
