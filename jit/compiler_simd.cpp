// SIMD instructions the back end emits inline: operands to registers by the op's shape (its
// signature and immediate kind), then one MacroAssembler entry point per shape. Ops a back end
// keeps out of line go through the numeric helper (compiler_dispatch.cpp).
#include <cstring>

#include "jit/function_compiler.h"

namespace wasmrun::jit::detail {

bool FunctionCompiler::simd_inline(Op op) {
  op = relaxed_simd_equivalent(op);  // the same code as the non-relaxed twin, where there is one
  const OpInfo& info = op_info(op);
  if (info.prefix != 0xfd || !masm_.has_inline_simd(op)) return false;
  const OpSig& sig = op_sig(op);
  constexpr ValType V = ValType::V128;
  // Two operands: the result replaces the first in its register.
  auto two_operands = [&](auto emit) {
    VarState rhs = stack_.pop();
    Reg l = stack_.to_reg(stack_.pop());
    Reg r = stack_.to_reg(rhs);
    emit(l, r);
    stack_.release(r);
    stack_.push_reg(V, l);
    return true;
  };
  if (info.imm == ImmKind::Shuffle) {
    uint8_t lanes[16];
    std::memcpy(lanes, p_, 16);
    p_ += 16;
    return two_operands([&](Reg l, Reg r) { masm_.emit_v128_shuffle(l, l, r, lanes); });
  }
  if (info.imm == ImmKind::Lane) {
    uint8_t lane = byte();
    if (sig.num_params == 1) {  // extract_lane
      ValType t = sig.results[0];
      Reg src = stack_.to_reg(stack_.pop());
      Reg dst = reg_class_of(t) == RegClass::Fp ? src : stack_.alloc(reg_class_of(t));
      masm_.emit_v128_extract_lane(op, dst, src, lane);
      if (dst != src) stack_.release(src);
      stack_.push_reg(t, dst);
      return true;
    }
    return two_operands([&](Reg v, Reg s) { masm_.emit_v128_replace_lane(op, v, s, lane); });
  }
  if (info.imm != ImmKind::None || sig.num_results != 1) return false;
  if (sig.results[0] != V) {  // any_true, all_true, bitmask
    Reg src = stack_.to_reg(stack_.pop());
    Reg dst = stack_.alloc(RegClass::Gp);
    masm_.emit_v128_test(op, dst, src);
    stack_.release(src);
    stack_.push_reg(sig.results[0], dst);
    return true;
  }
  if (sig.num_params == 1 && sig.params[0] != V) {  // splat
    Reg src = stack_.to_reg(stack_.pop());
    Reg dst = reg_class_of(sig.params[0]) == RegClass::Fp ? src : stack_.alloc(RegClass::Fp);
    masm_.emit_v128_splat(op, dst, src);
    if (dst != src) stack_.release(src);
    stack_.push_reg(V, dst);
    return true;
  }
  if (sig.num_params == 1) {
    Reg r = stack_.to_reg(stack_.pop());
    masm_.emit_v128_unop(op, r, r);
    stack_.push_reg(V, r);
    return true;
  }
  if (sig.num_params == 2 && sig.params[1] == ValType::I32) {  // shifts
    VarState count = stack_.pop();
    Reg l = stack_.to_reg(stack_.pop());
    Operand c = count.loc == VarState::Loc::Const ? Operand::constant(count.bits)
                                                  : Operand::of(stack_.to_reg(count));
    masm_.emit_v128_shift(op, l, l, c);
    if (!c.is_imm) stack_.release(c.reg);
    stack_.push_reg(V, l);
    return true;
  }
  if (sig.num_params == 2) {
    return two_operands([&](Reg l, Reg r) { masm_.emit_v128_binop(op, l, l, r); });
  }
  // Three operands (bitselect, relaxed madd/nmadd, relaxed dot add): the result replaces the
  // first in its register.
  VarState third = stack_.pop();
  VarState second = stack_.pop();
  Reg a = stack_.to_reg(stack_.pop());
  Reg b = stack_.to_reg(second);
  Reg c = stack_.to_reg(third);
  masm_.emit_v128_ternop(op, a, a, b, c);
  stack_.release(b);
  stack_.release(c);
  stack_.push_reg(V, a);
  return true;
}

}  // namespace wasmrun::jit::detail
