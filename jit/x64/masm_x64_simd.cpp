// x64 back end: inline SIMD on SSE4.1 (which the back end requires; SSSE3's pshufb, pabs* and
// pmulhrsw come with it). No AVX. xmm15 (S) and xmm14 (T) are the scratch registers; constants are
// built in them through rax. Left to the numeric helper: the SIMD memory ops other than
// v128.load/store, and the unsigned saturating float->int lane truncations (long sequences).
//
// NaN results are the ones engine/ops computes on this host, bit for bit (the differential test
// compares bits): SSE's packed arithmetic picks and quiets a NaN operand exactly as the scalar
// SSE code of the C++ operations does, and min/max take lhs + rhs in NaN lanes, as engine/ops.
#include <cstdlib>
#include <cstring>

#include "jit/x64/masm_x64.h"

namespace wasmrun::jit::x64 {

namespace x86 = asmjit::x86;
namespace Inst = x86::Inst;

namespace {

const x86::Xmm S = x86::xmm15;
const x86::Xmm T = x86::xmm14;

constexpr uint64_t rep8(uint8_t v) { return v * 0x0101010101010101ull; }
constexpr uint64_t rep16(uint16_t v) { return v * 0x0001000100010001ull; }
constexpr uint64_t rep32(uint32_t v) { return v * 0x0000000100000001ull; }

// Lane size (log2 bytes: 0..3) of the integer compare families, and the compare within it.
enum class Cmp : uint8_t { Eq, Ne, LtS, LtU, GtS, GtU, LeS, LeU, GeS, GeU };

struct IntCompare {
  uint8_t lane = 0;
  Cmp cmp = Cmp::Eq;
};

bool int_compare(Op op, IntCompare* out) {
  auto in = [&](Op first, Op last, uint8_t lane) {
    if (op < first || op > last) return false;
    *out = {lane, static_cast<Cmp>(static_cast<int>(op) - static_cast<int>(first))};
    return true;
  };
  if (in(Op::I8x16Eq, Op::I8x16GeU, 0) || in(Op::I16x8Eq, Op::I16x8GeU, 1) ||
      in(Op::I32x4Eq, Op::I32x4GeU, 2)) {
    return true;
  }
  switch (op) {
    case Op::I64x2Eq: *out = {3, Cmp::Eq}; return true;
    case Op::I64x2Ne: *out = {3, Cmp::Ne}; return true;
    case Op::I64x2LtS: *out = {3, Cmp::LtS}; return true;
    case Op::I64x2GtS: *out = {3, Cmp::GtS}; return true;
    case Op::I64x2LeS: *out = {3, Cmp::LeS}; return true;
    case Op::I64x2GeS: *out = {3, Cmp::GeS}; return true;
    default: return false;
  }
}

constexpr Inst::Id kPcmpeq[] = {Inst::kIdPcmpeqb, Inst::kIdPcmpeqw, Inst::kIdPcmpeqd,
                                Inst::kIdPcmpeqq};
constexpr Inst::Id kPcmpgt[] = {Inst::kIdPcmpgtb, Inst::kIdPcmpgtw, Inst::kIdPcmpgtd};
constexpr Inst::Id kPmaxu[] = {Inst::kIdPmaxub, Inst::kIdPmaxuw, Inst::kIdPmaxud};
constexpr Inst::Id kPminu[] = {Inst::kIdPminub, Inst::kIdPminuw, Inst::kIdPminud};
constexpr Inst::Id kPsub[] = {Inst::kIdPsubb, Inst::kIdPsubw, Inst::kIdPsubd, Inst::kIdPsubq};

// Binops that are one two-operand instruction, dst op= rhs (0: not one of them).
Inst::Id single_binop(Op op) {
  switch (op) {
    case Op::I8x16Add: return Inst::kIdPaddb;
    case Op::I8x16AddSatS: return Inst::kIdPaddsb;
    case Op::I8x16AddSatU: return Inst::kIdPaddusb;
    case Op::I8x16Sub: return Inst::kIdPsubb;
    case Op::I8x16SubSatS: return Inst::kIdPsubsb;
    case Op::I8x16SubSatU: return Inst::kIdPsubusb;
    case Op::I8x16MinS: return Inst::kIdPminsb;
    case Op::I8x16MinU: return Inst::kIdPminub;
    case Op::I8x16MaxS: return Inst::kIdPmaxsb;
    case Op::I8x16MaxU: return Inst::kIdPmaxub;
    case Op::I8x16AvgrU: return Inst::kIdPavgb;
    case Op::I16x8Add: return Inst::kIdPaddw;
    case Op::I16x8AddSatS: return Inst::kIdPaddsw;
    case Op::I16x8AddSatU: return Inst::kIdPaddusw;
    case Op::I16x8Sub: return Inst::kIdPsubw;
    case Op::I16x8SubSatS: return Inst::kIdPsubsw;
    case Op::I16x8SubSatU: return Inst::kIdPsubusw;
    case Op::I16x8Mul: return Inst::kIdPmullw;
    case Op::I16x8MinS: return Inst::kIdPminsw;
    case Op::I16x8MinU: return Inst::kIdPminuw;
    case Op::I16x8MaxS: return Inst::kIdPmaxsw;
    case Op::I16x8MaxU: return Inst::kIdPmaxuw;
    case Op::I16x8AvgrU: return Inst::kIdPavgw;
    case Op::I32x4Add: return Inst::kIdPaddd;
    case Op::I32x4Sub: return Inst::kIdPsubd;
    case Op::I32x4Mul: return Inst::kIdPmulld;
    case Op::I32x4MinS: return Inst::kIdPminsd;
    case Op::I32x4MinU: return Inst::kIdPminud;
    case Op::I32x4MaxS: return Inst::kIdPmaxsd;
    case Op::I32x4MaxU: return Inst::kIdPmaxud;
    case Op::I32x4DotI16x8S: return Inst::kIdPmaddwd;
    case Op::I64x2Add: return Inst::kIdPaddq;
    case Op::I64x2Sub: return Inst::kIdPsubq;
    case Op::F32x4Add: return Inst::kIdAddps;
    case Op::F32x4Sub: return Inst::kIdSubps;
    case Op::F32x4Mul: return Inst::kIdMulps;
    case Op::F32x4Div: return Inst::kIdDivps;
    case Op::F64x2Add: return Inst::kIdAddpd;
    case Op::F64x2Sub: return Inst::kIdSubpd;
    case Op::F64x2Mul: return Inst::kIdMulpd;
    case Op::F64x2Div: return Inst::kIdDivpd;
    case Op::V128And: return Inst::kIdPand;
    case Op::V128Or: return Inst::kIdPor;
    case Op::V128Xor: return Inst::kIdPxor;
    case Op::I8x16NarrowI16x8S: return Inst::kIdPacksswb;
    case Op::I8x16NarrowI16x8U: return Inst::kIdPackuswb;
    case Op::I16x8NarrowI32x4S: return Inst::kIdPackssdw;
    case Op::I16x8NarrowI32x4U: return Inst::kIdPackusdw;
    default: return Inst::kIdNone;
  }
}

// cmpps/cmppd predicates.
constexpr uint8_t kCmpEq = 0, kCmpLt = 1, kCmpLe = 2, kCmpUnord = 3, kCmpNeq = 4;

}  // namespace

// A 128-bit constant in `dst` through rax.
void X64MacroAssembler::v128_constant(Xmm dst, uint64_t lo, uint64_t hi) {
  if (lo == 0 && hi == 0) {
    a_.pxor(dst, dst);
    return;
  }
  a_.mov(x86::rax, lo);
  a_.movq(dst, x86::rax);
  if (hi == lo) {
    a_.punpcklqdq(dst, dst);
  } else {
    a_.mov(x86::rax, hi);
    a_.pinsrq(dst, x86::rax, 1);
  }
}

bool X64MacroAssembler::has_inline_simd(Op op) const {
  switch (op) {
    // Unsigned saturating truncation has no SSE instruction: clamping both ends and correcting
    // lanes above 2^31 takes a dozen instructions, so it stays out of line.
    case Op::I32x4TruncSatF32x4U:
    case Op::I32x4TruncSatF64x2UZero: return false;
    default: break;
  }
  ImmKind imm = op_info(op).imm;
  return op_info(op).prefix == 0xfd &&
         (imm == ImmKind::None || imm == ImmKind::Lane || imm == ImmKind::Shuffle);
}

// out = a > b per signed i64 lane (SSE4.2's pcmpgtq is not assumed): the high dwords compared
// signed, and where they are equal the borrow of b - a (the low dwords compared unsigned).
// Reads a and b to the end, so out may be either.
void X64MacroAssembler::i64x2_greater(Xmm out, Xmm a, Xmm b) {
  a_.movdqa(T, b);
  a_.psubq(T, a);
  a_.movdqa(S, a);
  a_.pcmpeqd(S, b);
  a_.pand(T, S);
  a_.movdqa(S, a);
  a_.pcmpgtd(S, b);
  a_.por(T, S);
  a_.pshufd(out, T, 0xf5);
}

void X64MacroAssembler::v128_not(Xmm d) {
  a_.pcmpeqd(S, S);
  a_.pxor(d, S);
}

void X64MacroAssembler::v128_compare(Op op, Xmm d, Xmm r) {
  IntCompare c;
  if (!int_compare(op, &c)) {  // f32x4 / f64x2
    bool wide = op >= Op::F64x2Eq;
    int k = static_cast<int>(op) - static_cast<int>(wide ? Op::F64x2Eq : Op::F32x4Eq);
    auto cmp = [&](Xmm x, Xmm y, uint8_t pred) {
      wide ? a_.cmppd(x, y, pred) : a_.cmpps(x, y, pred);
    };
    switch (k) {
      case 0: cmp(d, r, kCmpEq); break;
      case 1: cmp(d, r, kCmpNeq); break;
      case 2: cmp(d, r, kCmpLt); break;
      case 4: cmp(d, r, kCmpLe); break;
      default:  // gt, ge: lt, le with the operands swapped
        a_.movaps(S, r);
        cmp(S, d, k == 3 ? kCmpLt : kCmpLe);
        a_.movaps(d, S);
        break;
    }
    return;
  }
  const uint8_t l = c.lane;
  auto eq = [&](Xmm x, Xmm y) { a_.emit(kPcmpeq[l], x, y); };
  // a > b, signed, into d.
  auto gt = [&](Xmm a, Xmm b) {
    if (l == 3) {
      i64x2_greater(d, a, b);
    } else if (a == d) {
      a_.emit(kPcmpgt[l], d, b);
    } else {
      a_.movdqa(S, a);
      a_.emit(kPcmpgt[l], S, b);
      a_.movdqa(d, S);
    }
  };
  // d = (d == max/min(d, r)): d >= r or d <= r unsigned.
  auto via = [&](const Inst::Id* minmax) {
    a_.movdqa(S, d);
    a_.emit(minmax[l], S, r);
    eq(d, S);
  };
  switch (c.cmp) {
    case Cmp::Eq: eq(d, r); break;
    case Cmp::Ne: eq(d, r), v128_not(d); break;
    case Cmp::GtS: gt(d, r); break;
    case Cmp::LtS: gt(r, d); break;
    case Cmp::LeS: gt(d, r), v128_not(d); break;
    case Cmp::GeS: gt(r, d), v128_not(d); break;
    case Cmp::GeU: via(kPmaxu); break;
    case Cmp::LeU: via(kPminu); break;
    case Cmp::GtU: via(kPminu), v128_not(d); break;
    case Cmp::LtU: via(kPmaxu), v128_not(d); break;
  }
}

// wasm min/max: minps/maxps return the second operand for NaNs and for zeros of either sign, so
// both operand orders are combined: or-ing them (min) keeps a -0, and-ing them (max) keeps a +0.
// Lanes with a NaN take lhs + rhs instead: the first NaN operand, quieted, which is what
// engine/ops produces on x86, so results match the interpreter bit for bit.
void X64MacroAssembler::v128_float_minmax(bool is_min, bool wide, Xmm d, Xmm r) {
  auto op = [&](Xmm x, Xmm y) {
    if (is_min) {
      wide ? a_.minpd(x, y) : a_.minps(x, y);
    } else {
      wide ? a_.maxpd(x, y) : a_.maxps(x, y);
    }
  };
  a_.movaps(T, d);
  op(T, r);  // T = op(a, b)
  a_.movaps(S, r);
  op(S, d);  // S = op(b, a)
  is_min ? a_.orps(T, S) : a_.andps(T, S);
  a_.movaps(S, d);
  wide ? a_.cmppd(S, r, kCmpUnord) : a_.cmpps(S, r, kCmpUnord);  // NaN lanes
  wide ? a_.addpd(d, r) : a_.addps(d, r);
  a_.andps(d, S);
  a_.andnps(S, T);
  a_.orps(d, S);
}

// i16x8.relaxed_dot_i8x16_i7x16_s into d: both operands sign-extended to words, multiplied
// (exact in 16 bits), and adjacent products summed with phaddw, which wraps as engine/ops does.
// pmaddubsw is not used: it reads one operand unsigned and saturates.
void X64MacroAssembler::i8x16_dot_i7x16(Xmm d, Xmm r) {
  a_.pshufd(T, d, 0xee);  // high halves first, before d is overwritten
  a_.pmovsxbw(T, T);
  a_.pshufd(S, r, 0xee);
  a_.pmovsxbw(S, S);
  a_.pmullw(T, S);
  a_.pmovsxbw(d, d);
  a_.pmovsxbw(S, r);
  a_.pmullw(d, S);
  a_.phaddw(d, T);
}

void X64MacroAssembler::emit_v128_binop(Op op, Reg dst, Reg lhs, Reg rhs) {
  if (dst != lhs) a_.movdqa(xmm(dst), xmm(lhs));
  Xmm d = xmm(dst), r = xmm(rhs);
  if (Inst::Id id = single_binop(op); id != Inst::kIdNone) {
    a_.emit(id, d, r);
    return;
  }
  IntCompare c;
  if (int_compare(op, &c) || (op >= Op::F32x4Eq && op <= Op::F64x2Ge)) {
    v128_compare(op, d, r);
    return;
  }
  switch (op) {
    case Op::V128AndNot:  // d & ~r
      a_.movdqa(S, r);
      a_.pandn(S, d);
      a_.movdqa(d, S);
      return;
    case Op::I8x16Swizzle:
      // pshufb zeroes a lane whose index has bit 7 set and otherwise uses its low four bits:
      // adding 0x70 with unsigned saturation sets bit 7 exactly for indexes >= 16.
      v128_constant(S, rep8(0x70), rep8(0x70));
      a_.paddusb(S, r);
      a_.pshufb(d, S);
      return;
    case Op::I16x8Q15mulrSatS:
      // pmulhrsw is the rounding Q15 product; only -1 * -1 overflows (to 0x8000): flip it.
      a_.pmulhrsw(d, r);
      v128_constant(S, rep16(0x8000), rep16(0x8000));
      a_.pcmpeqw(S, d);
      a_.pxor(d, S);
      return;
    case Op::I64x2Mul:
      // lo(a)*lo(b) + ((hi(a)*lo(b) + lo(a)*hi(b)) << 32), from 32x32->64 products.
      a_.movdqa(T, d);
      a_.psrlq(T, 32);
      a_.pmuludq(T, r);
      a_.movdqa(S, r);
      a_.psrlq(S, 32);
      a_.pmuludq(S, d);
      a_.paddq(T, S);
      a_.psllq(T, 32);
      a_.pmuludq(d, r);
      a_.paddq(d, T);
      return;
    case Op::I16x8RelaxedDotI8x16I7x16S: i8x16_dot_i7x16(d, r); return;
    case Op::F32x4Min: v128_float_minmax(true, false, d, r); return;
    case Op::F32x4Max: v128_float_minmax(false, false, d, r); return;
    case Op::F64x2Min: v128_float_minmax(true, true, d, r); return;
    case Op::F64x2Max: v128_float_minmax(false, true, d, r); return;
    // pmin(a, b) = b < a ? b : a, which is minps(b, a) (the second operand on NaN and on equal
    // zeros); pmax(a, b) = a < b ? b : a = maxps(b, a).
    case Op::F32x4Pmin:
    case Op::F32x4Pmax:
    case Op::F64x2Pmin:
    case Op::F64x2Pmax:
      a_.movaps(S, r);
      switch (op) {
        case Op::F32x4Pmin: a_.minps(S, d); break;
        case Op::F32x4Pmax: a_.maxps(S, d); break;
        case Op::F64x2Pmin: a_.minpd(S, d); break;
        default: a_.maxpd(S, d); break;
      }
      a_.movaps(d, S);
      return;
    case Op::I16x8ExtmulLowI8x16S:
    case Op::I16x8ExtmulLowI8x16U:
    case Op::I16x8ExtmulHighI8x16S:
    case Op::I16x8ExtmulHighI8x16U: {
      bool high = op == Op::I16x8ExtmulHighI8x16S || op == Op::I16x8ExtmulHighI8x16U;
      bool sign = op == Op::I16x8ExtmulLowI8x16S || op == Op::I16x8ExtmulHighI8x16S;
      Inst::Id widen = sign ? Inst::kIdPmovsxbw : Inst::kIdPmovzxbw;
      if (high) {
        a_.pshufd(S, r, 0xee);
        a_.emit(widen, S, S);
        a_.pshufd(d, d, 0xee);
      } else {
        a_.emit(widen, S, r);
      }
      a_.emit(widen, d, d);
      a_.pmullw(d, S);
      return;
    }
    case Op::I32x4ExtmulLowI16x8S:
    case Op::I32x4ExtmulLowI16x8U:
    case Op::I32x4ExtmulHighI16x8S:
    case Op::I32x4ExtmulHighI16x8U: {
      // Low and high halves of the 16x16 products, interleaved into 32-bit lanes.
      bool high = op == Op::I32x4ExtmulHighI16x8S || op == Op::I32x4ExtmulHighI16x8U;
      bool sign = op == Op::I32x4ExtmulLowI16x8S || op == Op::I32x4ExtmulHighI16x8S;
      a_.movdqa(S, d);
      a_.pmullw(S, r);
      sign ? a_.pmulhw(d, r) : a_.pmulhuw(d, r);
      high ? a_.punpckhwd(S, d) : a_.punpcklwd(S, d);
      a_.movdqa(d, S);
      return;
    }
    case Op::I64x2ExtmulLowI32x4S:
    case Op::I64x2ExtmulLowI32x4U:
    case Op::I64x2ExtmulHighI32x4S:
    case Op::I64x2ExtmulHighI32x4U: {
      // pmul(u)dq multiplies dwords 0 and 2: spread the wanted half's dwords there.
      bool high = op == Op::I64x2ExtmulHighI32x4S || op == Op::I64x2ExtmulHighI32x4U;
      bool sign = op == Op::I64x2ExtmulLowI32x4S || op == Op::I64x2ExtmulHighI32x4S;
      uint8_t spread = high ? 0xfa : 0x50;
      a_.pshufd(d, d, spread);
      a_.pshufd(S, r, spread);
      sign ? a_.pmuldq(d, S) : a_.pmuludq(d, S);
      return;
    }
    default: std::abort();  // has_inline_simd and this switch disagree
  }
}

void X64MacroAssembler::emit_v128_ternop(Op op, Reg dst, Reg a, Reg b, Reg c) {
  if (dst != a) a_.movdqa(xmm(dst), xmm(a));
  Xmm d = xmm(dst), y = xmm(b), z = xmm(c);
  switch (op) {
    case Op::V128Bitselect:  // ((a ^ b) & c) ^ b
      a_.pxor(d, y);
      a_.pand(d, z);
      a_.pxor(d, y);
      return;
    // Not fused (no FMA3 assumed): the same two roundings and operand orders as engine/ops, so
    // NaN lanes pick the same operand.
    case Op::F32x4RelaxedMadd:
    case Op::F64x2RelaxedMadd:
    case Op::F32x4RelaxedNmadd:
    case Op::F64x2RelaxedNmadd: {
      const bool wide = op == Op::F64x2RelaxedMadd || op == Op::F64x2RelaxedNmadd;
      a_.emit(wide ? Inst::kIdMulpd : Inst::kIdMulps, d, y);
      if (op == Op::F32x4RelaxedMadd || op == Op::F64x2RelaxedMadd) {
        a_.emit(wide ? Inst::kIdAddpd : Inst::kIdAddps, d, z);
        return;
      }
      a_.movaps(S, z);  // c - a * b
      a_.emit(wide ? Inst::kIdSubpd : Inst::kIdSubps, S, d);
      a_.movaps(d, S);
      return;
    }
    case Op::I32x4RelaxedDotI8x16I7x16AddS:
      // The i16 dot product, adjacent words summed to dwords (pmaddwd by ones), plus c.
      i8x16_dot_i7x16(d, y);
      v128_constant(S, rep16(1), rep16(1));
      a_.pmaddwd(d, S);
      a_.paddd(d, z);
      return;
    default: std::abort();  // has_inline_simd and this switch disagree
  }
}

void X64MacroAssembler::emit_v128_unop(Op op, Reg dst, Reg src) {
  if (dst != src) a_.movdqa(xmm(dst), xmm(src));
  Xmm d = xmm(dst);
  auto widen_high = [&](Inst::Id widen) {
    a_.pshufd(d, d, 0xee);
    a_.emit(widen, d, d);
  };
  switch (op) {
    case Op::V128Not: v128_not(d); return;
    case Op::I8x16Abs: a_.pabsb(d, d); return;
    case Op::I16x8Abs: a_.pabsw(d, d); return;
    case Op::I32x4Abs: a_.pabsd(d, d); return;
    case Op::I64x2Abs:  // (x ^ s) - s with s the lane's sign spread
      a_.pshufd(S, d, 0xf5);
      a_.psrad(S, 31);
      a_.pxor(d, S);
      a_.psubq(d, S);
      return;
    case Op::I8x16Neg:
    case Op::I16x8Neg:
    case Op::I32x4Neg:
    case Op::I64x2Neg: {
      int lane = op == Op::I8x16Neg ? 0 : op == Op::I16x8Neg ? 1 : op == Op::I32x4Neg ? 2 : 3;
      a_.pxor(S, S);
      a_.emit(kPsub[lane], S, d);
      a_.movdqa(d, S);
      return;
    }
    case Op::I8x16Popcnt:
      // Nibble table lookups with pshufb.
      v128_constant(S, rep8(0x0f), rep8(0x0f));
      a_.movdqa(T, d);
      a_.psrlw(T, 4);
      a_.pand(T, S);
      a_.pand(d, S);
      v128_constant(S, 0x0302020102010100ull, 0x0403030203020201ull);
      a_.pshufb(S, d);
      v128_constant(d, 0x0302020102010100ull, 0x0403030203020201ull);
      a_.pshufb(d, T);
      a_.paddb(d, S);
      return;
    // abs and neg of floats touch only the sign bits (NaN payloads pass unchanged).
    case Op::F32x4Abs:
    case Op::F64x2Abs:
      a_.pcmpeqd(S, S);
      op == Op::F32x4Abs ? a_.psrld(S, 1) : a_.psrlq(S, 1);
      a_.andps(d, S);
      return;
    case Op::F32x4Neg:
    case Op::F64x2Neg:
      a_.pcmpeqd(S, S);
      op == Op::F32x4Neg ? a_.pslld(S, 31) : a_.psllq(S, 63);
      a_.xorps(d, S);
      return;
    case Op::F32x4Sqrt: a_.sqrtps(d, d); return;
    case Op::F64x2Sqrt: a_.sqrtpd(d, d); return;
    // roundps/roundpd immediates (bit 3 suppresses the precision exception); NaNs come out quiet.
    case Op::F32x4Ceil: a_.roundps(d, d, 0xa); return;
    case Op::F32x4Floor: a_.roundps(d, d, 0x9); return;
    case Op::F32x4Trunc: a_.roundps(d, d, 0xb); return;
    case Op::F32x4Nearest: a_.roundps(d, d, 0x8); return;
    case Op::F64x2Ceil: a_.roundpd(d, d, 0xa); return;
    case Op::F64x2Floor: a_.roundpd(d, d, 0x9); return;
    case Op::F64x2Trunc: a_.roundpd(d, d, 0xb); return;
    case Op::F64x2Nearest: a_.roundpd(d, d, 0x8); return;
    case Op::I16x8ExtendLowI8x16S: a_.pmovsxbw(d, d); return;
    case Op::I16x8ExtendLowI8x16U: a_.pmovzxbw(d, d); return;
    case Op::I32x4ExtendLowI16x8S: a_.pmovsxwd(d, d); return;
    case Op::I32x4ExtendLowI16x8U: a_.pmovzxwd(d, d); return;
    case Op::I64x2ExtendLowI32x4S: a_.pmovsxdq(d, d); return;
    case Op::I64x2ExtendLowI32x4U: a_.pmovzxdq(d, d); return;
    case Op::I16x8ExtendHighI8x16S: widen_high(Inst::kIdPmovsxbw); return;
    case Op::I16x8ExtendHighI8x16U: widen_high(Inst::kIdPmovzxbw); return;
    case Op::I32x4ExtendHighI16x8S: widen_high(Inst::kIdPmovsxwd); return;
    case Op::I32x4ExtendHighI16x8U: widen_high(Inst::kIdPmovzxwd); return;
    case Op::I64x2ExtendHighI32x4S: widen_high(Inst::kIdPmovsxdq); return;
    case Op::I64x2ExtendHighI32x4U: widen_high(Inst::kIdPmovzxdq); return;
    // Pairwise sums as multiply-adds by ones: pmaddubsw takes its first operand unsigned and
    // its second signed.
    case Op::I16x8ExtaddPairwiseI8x16S:
      v128_constant(S, rep8(1), rep8(1));
      a_.pmaddubsw(S, d);
      a_.movdqa(d, S);
      return;
    case Op::I16x8ExtaddPairwiseI8x16U:
      v128_constant(S, rep8(1), rep8(1));
      a_.pmaddubsw(d, S);
      return;
    case Op::I32x4ExtaddPairwiseI16x8S:
      v128_constant(S, rep16(1), rep16(1));
      a_.pmaddwd(d, S);
      return;
    case Op::I32x4ExtaddPairwiseI16x8U:
      // Bias the lanes to signed (x - 0x8000), sum signed, add the two biases back.
      v128_constant(S, rep16(0x8000), rep16(0x8000));
      a_.pxor(d, S);
      v128_constant(S, rep16(1), rep16(1));
      a_.pmaddwd(d, S);
      v128_constant(S, rep32(0x10000), rep32(0x10000));
      a_.paddd(d, S);
      return;
    case Op::F32x4ConvertI32x4S: a_.cvtdq2ps(d, d); return;
    case Op::F32x4ConvertI32x4U:
      // Low 16 bits and the (halved) high part convert exactly; their sum rounds once.
      a_.movdqa(S, d);
      a_.pslld(S, 16);
      a_.psrld(S, 16);
      a_.psubd(d, S);
      a_.cvtdq2ps(S, S);
      a_.psrld(d, 1);
      a_.cvtdq2ps(d, d);
      a_.addps(d, d);
      a_.addps(d, S);
      return;
    case Op::F64x2ConvertLowI32x4S: a_.cvtdq2pd(d, d); return;
    case Op::F64x2ConvertLowI32x4U:
      // 2^52 + u as a double's bits, minus 2^52: exact.
      v128_constant(S, rep32(0x43300000), rep32(0x43300000));
      a_.unpcklps(d, S);
      v128_constant(S, 0x4330000000000000ull, 0x4330000000000000ull);
      a_.subpd(d, S);
      return;
    case Op::F32x4DemoteF64x2Zero: a_.cvtpd2ps(d, d); return;
    case Op::F64x2PromoteLowF32x4: a_.cvtps2pd(d, d); return;
    case Op::I32x4TruncSatF32x4S:
      // NaN lanes to 0 first; cvttps2dq gives 0x80000000 on overflow, which becomes 0x7fffffff
      // where the input was positive.
      a_.movaps(S, d);
      a_.cmpps(S, S, kCmpEq);
      a_.andps(d, S);
      a_.pxor(S, d);
      a_.cvttps2dq(d, d);
      a_.pand(S, d);
      a_.psrad(S, 31);
      a_.pxor(d, S);
      return;
    case Op::I32x4TruncSatF64x2SZero:
      // NaN lanes to 0 and the top clamped to INT32_MAX; below the range cvttpd2dq gives
      // 0x80000000, INT32_MIN. The upper lanes come out zero.
      a_.movapd(S, d);
      a_.cmppd(S, S, kCmpEq);
      v128_constant(T, 0x41dfffffffc00000ull, 0x41dfffffffc00000ull);  // 2147483647.0
      a_.andpd(S, T);
      a_.minpd(d, S);
      a_.cvttpd2dq(d, d);
      return;
    default: std::abort();
  }
}

void X64MacroAssembler::emit_v128_test(Op op, Reg dst, Reg src) {
  Gp d = gp32(dst);
  Xmm v = xmm(src);
  auto all_true = [&](Inst::Id eq) {
    a_.pxor(S, S);
    a_.emit(eq, S, v);  // all-ones in the zero lanes
    a_.xor_(d, d);
    a_.ptest(S, S);
    a_.setz(x86::gpb(dst.code));
  };
  switch (op) {
    case Op::V128AnyTrue:
      a_.xor_(d, d);
      a_.ptest(v, v);
      a_.setnz(x86::gpb(dst.code));
      return;
    case Op::I8x16AllTrue: all_true(Inst::kIdPcmpeqb); return;
    case Op::I16x8AllTrue: all_true(Inst::kIdPcmpeqw); return;
    case Op::I32x4AllTrue: all_true(Inst::kIdPcmpeqd); return;
    case Op::I64x2AllTrue: all_true(Inst::kIdPcmpeqq); return;
    case Op::I8x16Bitmask: a_.pmovmskb(d, v); return;
    case Op::I16x8Bitmask:  // saturating to bytes keeps each lane's sign
      a_.movdqa(S, v);
      a_.packsswb(S, S);
      a_.pmovmskb(d, S);
      a_.movzx(d, x86::gpb(dst.code));
      return;
    case Op::I32x4Bitmask: a_.movmskps(d, v); return;
    case Op::I64x2Bitmask: a_.movmskpd(d, v); return;
    default: std::abort();
  }
}

void X64MacroAssembler::emit_v128_shift(Op op, Reg dst, Reg lhs, Operand count) {
  if (dst != lhs) a_.movdqa(xmm(dst), xmm(lhs));
  Xmm d = xmm(dst);
  const V128Shift shape = v128_shift_of(op);
  const int lane = shape.lane, kind = shape.kind;
  const uint32_t mask = (8u << lane) - 1;
  // The count: an immediate, or masked in ecx and moved to T for the xmm-count shift forms.
  const bool imm = count.is_imm;
  const uint32_t n = static_cast<uint32_t>(count.imm) & mask;
  if (!imm) {
    a_.mov(x86::ecx, gp32(count.reg));
    a_.and_(x86::ecx, mask);
    a_.movd(T, x86::ecx);
  }
  // One x64 shift of 16/32/64-bit lanes by the count (plus `extra` for immediates).
  auto shift = [&](Inst::Id by_imm, Inst::Id by_xmm, Xmm x, uint32_t extra = 0) {
    if (imm) {
      a_.emit(by_imm, x, asmjit::Imm(n + extra));
    } else {
      a_.emit(by_xmm, x, T);
    }
  };
  static constexpr Inst::Id kShl[] = {Inst::kIdPsllw, Inst::kIdPsllw, Inst::kIdPslld,
                                      Inst::kIdPsllq};
  static constexpr Inst::Id kShrS[] = {Inst::kIdPsraw, Inst::kIdPsraw, Inst::kIdPsrad,
                                       Inst::kIdNone};
  static constexpr Inst::Id kShrU[] = {Inst::kIdPsrlw, Inst::kIdPsrlw, Inst::kIdPsrld,
                                       Inst::kIdPsrlq};
  if (lane == 0 && kind == 1) {
    // Bytes duplicated into words (the byte in the high half), shifted by 8 more, repacked.
    if (!imm) {
      a_.add(x86::ecx, 8);
      a_.movd(T, x86::ecx);
    }
    a_.movdqa(S, d);
    a_.punpckhbw(S, S);
    a_.punpcklbw(d, d);
    shift(Inst::kIdPsraw, Inst::kIdPsraw, S, 8);
    shift(Inst::kIdPsraw, Inst::kIdPsraw, d, 8);
    a_.packsswb(d, S);
    return;
  }
  if (lane == 0) {
    // Word shifts, then the bits that crossed between the bytes of a word are masked off.
    shift(kind == 0 ? Inst::kIdPsllw : Inst::kIdPsrlw, kind == 0 ? Inst::kIdPsllw : Inst::kIdPsrlw,
          d);
    if (imm) {
      uint8_t keep = kind == 0 ? static_cast<uint8_t>(0xff << n) : static_cast<uint8_t>(0xff >> n);
      v128_constant(S, rep8(keep), rep8(keep));
    } else {
      a_.mov(x86::eax, 0xff);
      kind == 0 ? a_.shl(x86::eax, x86::cl) : a_.shr(x86::eax, x86::cl);
      a_.movzx(x86::eax, x86::al);
      a_.imul(x86::eax, x86::eax, 0x01010101);
      a_.movd(S, x86::eax);
      a_.pshufd(S, S, 0);
    }
    a_.pand(d, S);
    return;
  }
  if (lane == 3 && kind == 1) {
    // No arithmetic 64-bit shift in SSE: ((x >>u n) ^ m) - m with m = 2^63 >>u n.
    if (imm && n == 0) return;
    a_.pcmpeqd(S, S);
    a_.psllq(S, 63);
    shift(Inst::kIdPsrlq, Inst::kIdPsrlq, S);
    shift(Inst::kIdPsrlq, Inst::kIdPsrlq, d);
    a_.pxor(d, S);
    a_.psubq(d, S);
    return;
  }
  const Inst::Id* table = kind == 0 ? kShl : kind == 1 ? kShrS : kShrU;
  shift(table[lane], table[lane], d);
}

void X64MacroAssembler::emit_v128_splat(Op op, Reg dst, Reg src) {
  Xmm d = xmm(dst);
  switch (op) {
    case Op::I8x16Splat:
      a_.movd(d, gp32(src));
      a_.pxor(S, S);
      a_.pshufb(d, S);
      return;
    case Op::I16x8Splat:
      a_.movd(d, gp32(src));
      a_.pshuflw(d, d, 0);
      a_.pshufd(d, d, 0);
      return;
    case Op::I32x4Splat:
      a_.movd(d, gp32(src));
      a_.pshufd(d, d, 0);
      return;
    case Op::I64x2Splat:
      a_.movq(d, gp64(src));
      a_.punpcklqdq(d, d);
      return;
    case Op::F32x4Splat:
      if (dst != src) a_.movaps(d, xmm(src));
      a_.shufps(d, d, 0);
      return;
    case Op::F64x2Splat:
      if (dst != src) a_.movaps(d, xmm(src));
      a_.movlhps(d, d);
      return;
    default: std::abort();
  }
}

void X64MacroAssembler::emit_v128_extract_lane(Op op, Reg dst, Reg src, uint8_t lane) {
  Xmm v = xmm(src);
  switch (op) {
    case Op::I8x16ExtractLaneS:
      a_.pextrb(gp32(dst), v, lane);
      a_.movsx(gp32(dst), x86::gpb(dst.code));
      return;
    case Op::I8x16ExtractLaneU: a_.pextrb(gp32(dst), v, lane); return;
    case Op::I16x8ExtractLaneS:
      a_.pextrw(gp32(dst), v, lane);
      a_.movsx(gp32(dst), x86::gpw(dst.code));
      return;
    case Op::I16x8ExtractLaneU: a_.pextrw(gp32(dst), v, lane); return;
    case Op::I32x4ExtractLane: a_.pextrd(gp32(dst), v, lane); return;
    case Op::I64x2ExtractLane: a_.pextrq(gp64(dst), v, lane); return;
    // A float in an xmm register is its low lane; the upper lanes are never read.
    case Op::F32x4ExtractLane:
      if (lane != 0) {
        a_.pshufd(xmm(dst), v, lane);
      } else if (dst != src) {
        a_.movaps(xmm(dst), v);
      }
      return;
    case Op::F64x2ExtractLane:
      if (lane != 0) {
        a_.pshufd(xmm(dst), v, 0xee);
      } else if (dst != src) {
        a_.movaps(xmm(dst), v);
      }
      return;
    default: std::abort();
  }
}

void X64MacroAssembler::emit_v128_replace_lane(Op op, Reg dst, Reg scalar, uint8_t lane) {
  Xmm d = xmm(dst);
  switch (op) {
    case Op::I8x16ReplaceLane: a_.pinsrb(d, gp32(scalar), lane); return;
    case Op::I16x8ReplaceLane: a_.pinsrw(d, gp32(scalar), lane); return;
    case Op::I32x4ReplaceLane: a_.pinsrd(d, gp32(scalar), lane); return;
    case Op::I64x2ReplaceLane: a_.pinsrq(d, gp64(scalar), lane); return;
    case Op::F32x4ReplaceLane: a_.insertps(d, xmm(scalar), lane << 4); return;
    case Op::F64x2ReplaceLane:
      lane == 0 ? a_.movsd(d, xmm(scalar)) : a_.movlhps(d, xmm(scalar));
      return;
    default: std::abort();
  }
}

// One pshufb per operand that supplies lanes (index bytes with bit 7 set give zero), merged.
void X64MacroAssembler::emit_v128_shuffle(Reg dst, Reg lhs, Reg rhs, const uint8_t* lanes) {
  if (dst != lhs) a_.movdqa(xmm(dst), xmm(lhs));
  Xmm d = xmm(dst);
  uint8_t from_lhs[16], from_rhs[16];
  bool uses_lhs = false, uses_rhs = false;
  for (int i = 0; i < 16; ++i) {
    uint8_t k = lanes[i] & 31;
    from_lhs[i] = k < 16 ? k : 0x80;
    from_rhs[i] = k >= 16 ? k - 16 : 0x80;
    uses_lhs |= k < 16;
    uses_rhs |= k >= 16;
  }
  auto pattern = [&](Xmm x, const uint8_t* bytes) {
    uint64_t lo, hi;
    std::memcpy(&lo, bytes, 8);
    std::memcpy(&hi, bytes + 8, 8);
    v128_constant(x, lo, hi);
  };
  if (uses_rhs) {
    pattern(S, from_rhs);
    a_.movdqa(T, xmm(rhs));
    a_.pshufb(T, S);
  }
  if (!uses_lhs) {
    a_.movdqa(d, T);
    return;
  }
  pattern(S, from_lhs);
  a_.pshufb(d, S);
  if (uses_rhs) a_.por(d, T);
}

}  // namespace wasmrun::jit::x64
