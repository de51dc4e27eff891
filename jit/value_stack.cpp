#include "jit/value_stack.h"

#include <bit>
#include <cassert>

namespace wasmrun::jit {

namespace {

size_t class_index(RegClass cls) { return cls == RegClass::Gp ? 0 : 1; }

}  // namespace

ValueStack::ValueStack(MacroAssembler& masm, int32_t spill_base)
    : masm_(masm), spill_base_(spill_base) {
  for (RegClass cls : {RegClass::Gp, RegClass::Fp}) {
    for (Reg r : masm.allocatable(cls)) free_[class_index(cls)] |= 1u << r.code;
  }
}

void ValueStack::push_reg(ValType type, Reg reg) {
  VarState v;
  v.loc = VarState::Loc::Reg;
  v.type = type;
  v.reg = reg;
  values_.push_back(v);
}

void ValueStack::push_const(ValType type, uint64_t bits) {
  VarState v;
  v.loc = VarState::Loc::Const;
  v.type = type;
  v.bits = bits;
  values_.push_back(v);
}

void ValueStack::push_stack(ValType type) {
  VarState v;
  v.loc = VarState::Loc::Stack;
  v.type = type;
  values_.push_back(v);
}

VarState ValueStack::pop() {
  VarState v = values_.back();
  values_.pop_back();
  v.pos = height();
  return v;
}

Reg ValueStack::alloc(RegClass cls) {
  uint32_t& free = free_[class_index(cls)];
  if (free == 0) {
    // Spill the oldest register value of this class: the deepest values are the least likely
    // to be needed soon.
    for (uint32_t pos = 0; pos < height(); ++pos) {
      const VarState& v = values_[pos];
      if (v.loc == VarState::Loc::Reg && v.reg.cls == cls) {
        spill(pos);
        break;
      }
    }
  }
  assert(free != 0 && "every register is held by popped operands");
  uint8_t code = static_cast<uint8_t>(std::countr_zero(free));
  free &= ~(1u << code);
  return Reg{cls, code};
}

void ValueStack::release(Reg reg) { free_[class_index(reg.cls)] |= 1u << reg.code; }

Reg ValueStack::to_reg(const VarState& v) {
  if (v.loc == VarState::Loc::Reg) return v.reg;
  Reg r = alloc(reg_class_of(v.type));
  if (v.loc == VarState::Loc::Const) {
    masm_.load_constant(r, v.type, v.bits);
  } else {
    masm_.load(r, v.type, spill_slot(v.pos));
  }
  return r;
}

void ValueStack::store_to(Slot dst, const VarState& v) {
  switch (v.loc) {
    case VarState::Loc::Reg: masm_.store(dst, v.type, v.reg); break;
    case VarState::Loc::Const: masm_.store_constant(dst, v.type, v.bits); break;
    case VarState::Loc::Stack: {
      Slot src = spill_slot(v.pos);
      if (src.base != dst.base || src.offset != dst.offset) masm_.copy_slot(dst, src, v.type);
      break;
    }
  }
}

void ValueStack::spill(uint32_t pos) {
  VarState& v = values_[pos];
  if (v.loc == VarState::Loc::Stack) return;
  v.pos = pos;
  store_to(spill_slot(pos), v);
  if (v.loc == VarState::Loc::Reg) release(v.reg);
  v.loc = VarState::Loc::Stack;
}

void ValueStack::spill_all() {
  for (uint32_t pos = 0; pos < height(); ++pos) spill(pos);
}

void ValueStack::truncate(uint32_t height) {
  while (values_.size() > height) release(pop());
}

}  // namespace wasmrun::jit
