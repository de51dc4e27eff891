// Operand shapes of the numeric instructions, memory accesses and helper calls.
#include "jit/function_compiler.h"
#include "jit/helpers.h"

namespace wasmrun::jit::detail {

namespace {

Cond negate(Cond c) {
  switch (c) {
    case Cond::Eq: return Cond::Ne;
    case Cond::Ne: return Cond::Eq;
    case Cond::LtS: return Cond::GeS;
    case Cond::LtU: return Cond::GeU;
    case Cond::GtS: return Cond::LeS;
    case Cond::GtU: return Cond::LeU;
    case Cond::LeS: return Cond::GtS;
    case Cond::LeU: return Cond::GtU;
    case Cond::GeS: return Cond::LtS;
    case Cond::GeU: return Cond::LtU;
  }
  return Cond::Eq;
}

}  // namespace

// ---- numeric ----

void FunctionCompiler::int_binary(IntBinary fn, ValType type) {
  VarState rhs = stack_.pop();
  VarState lhs = stack_.pop();
  Reg l = stack_.to_reg(lhs);
  Operand r = rhs.loc == VarState::Loc::Const ? Operand::constant(rhs.bits)
                                              : Operand::of(stack_.to_reg(rhs));
  (masm_.*fn)(l, l, r);
  if (!r.is_imm) stack_.release(r.reg);
  stack_.push_reg(type, l);
}

// A comparison directly followed by br_if or if becomes one compare-and-jump, without
// materialising the i32 condition. Returns false (consuming nothing) otherwise.
bool FunctionCompiler::fused_compare(Cond cond, ValType type, bool rhs_zero) {
  constexpr uint8_t kBrIf = 0x0d, kIf = 0x04;
  if (p_ >= end_ || (*p_ != kBrIf && *p_ != kIf)) return false;
  uint8_t next = byte();
  Operand r = Operand::constant(0);
  if (!rhs_zero) {
    VarState rhs = stack_.pop();
    if (rhs.loc != VarState::Loc::Const)
      r = Operand::of(stack_.to_reg(rhs));
    else
      r = Operand::constant(rhs.bits);
  }
  VarState lhs = stack_.pop();
  Reg l = stack_.to_reg(lhs);
  if (next == kBrIf) {
    uint32_t depth = u32();
    ControlFrame& target = frames_[frames_.size() - 1 - depth];
    if (target.kind != ControlFrame::Kind::Function) fix_label(target);
    if (branch_is_plain_jump(target)) {
      masm_.jump_if(cond, type, l, r, target.label);
    } else {
      Label skip = masm_.new_label();
      masm_.jump_if(negate(cond), type, l, r, skip);
      branch_to(depth);
      masm_.bind(skip);
    }
  } else {
    ControlFrame f = new_if_frame();
    masm_.jump_if(negate(cond), type, l, r, f.else_label);
    frames_.push_back(std::move(f));
  }
  stack_.release(l);
  if (!r.is_imm) stack_.release(r.reg);
  return true;
}

void FunctionCompiler::int_compare(Cond cond, ValType type) {
  if (fused_compare(cond, type, false)) return;
  VarState rhs = stack_.pop();
  VarState lhs = stack_.pop();
  Reg l = stack_.to_reg(lhs);
  Operand r = rhs.loc == VarState::Loc::Const ? Operand::constant(rhs.bits)
                                              : Operand::of(stack_.to_reg(rhs));
  if (type == ValType::I32) {
    masm_.emit_i32_set_cond(cond, l, l, r);
  } else {
    masm_.emit_i64_set_cond(cond, l, l, r);
  }
  if (!r.is_imm) stack_.release(r.reg);
  stack_.push_reg(ValType::I32, l);
}

void FunctionCompiler::int_divide(Op op) {
  bool wide = op >= Op::I64DivS && op <= Op::I64RemU;
  ValType type = wide ? ValType::I64 : ValType::I32;
  VarState rhs = stack_.pop();
  VarState lhs = stack_.pop();
  Reg l = stack_.to_reg(lhs);
  Reg r = stack_.to_reg(rhs);
  Label zero = trap_label(static_cast<uint32_t>(rt::TrapKind::IntegerDivideByZero));
  Label overflow;
  if (op == Op::I32DivS || op == Op::I64DivS) {
    overflow = trap_label(static_cast<uint32_t>(rt::TrapKind::IntegerOverflow));
  }
  switch (op) {
    case Op::I32DivS: masm_.emit_i32_div_s(l, l, r, zero, overflow); break;
    case Op::I32DivU: masm_.emit_i32_div_u(l, l, r, zero); break;
    case Op::I32RemS: masm_.emit_i32_rem_s(l, l, r, zero); break;
    case Op::I32RemU: masm_.emit_i32_rem_u(l, l, r, zero); break;
    case Op::I64DivS: masm_.emit_i64_div_s(l, l, r, zero, overflow); break;
    case Op::I64DivU: masm_.emit_i64_div_u(l, l, r, zero); break;
    case Op::I64RemS: masm_.emit_i64_rem_s(l, l, r, zero); break;
    default: masm_.emit_i64_rem_u(l, l, r, zero); break;
  }
  stack_.release(r);
  stack_.push_reg(type, l);
}

// A unary op reuses its operand's register when the result is of the same register class.
void FunctionCompiler::unary(Unary fn, ValType from, ValType to) {
  VarState v = stack_.pop();
  Reg src = stack_.to_reg(v);
  if (reg_class_of(from) == reg_class_of(to)) {
    (masm_.*fn)(src, src);
    stack_.push_reg(to, src);
    return;
  }
  Reg dst = stack_.alloc(reg_class_of(to));
  (masm_.*fn)(dst, src);
  stack_.release(src);
  stack_.push_reg(to, dst);
}

void FunctionCompiler::float_binary(FloatBinary fn, ValType type) {
  VarState rhs = stack_.pop();
  VarState lhs = stack_.pop();
  Reg l = stack_.to_reg(lhs);
  Reg r = stack_.to_reg(rhs);
  (masm_.*fn)(l, l, r);
  stack_.release(r);
  stack_.push_reg(type, l);
}

void FunctionCompiler::float_compare(FCond cond, ValType type) {
  VarState rhs = stack_.pop();
  VarState lhs = stack_.pop();
  Reg l = stack_.to_reg(lhs);
  Reg r = stack_.to_reg(rhs);
  Reg dst = stack_.alloc(RegClass::Gp);
  if (type == ValType::F32) {
    masm_.emit_f32_set_cond(cond, dst, l, r);
  } else {
    masm_.emit_f64_set_cond(cond, dst, l, r);
  }
  stack_.release(l);
  stack_.release(r);
  stack_.push_reg(ValType::I32, dst);
}

void FunctionCompiler::select() {
  VarState cond = stack_.pop();
  VarState if_false = stack_.pop();
  VarState if_true = stack_.pop();
  ValType type = if_true.type;
  Reg c = stack_.to_reg(cond);
  Reg t = stack_.to_reg(if_true);
  Reg f = stack_.to_reg(if_false);
  masm_.emit_select(type, t, c, t, f);
  stack_.release(c);
  stack_.release(f);
  stack_.push_reg(type, t);
}

// ---- memory ----

// The out-of-bounds trap of a load or store about to be emitted: a trap site when the access is
// checked; else a fault anywhere in the access's code becomes the trap, mapped from there.
Label FunctionCompiler::bounds_trap(uint64_t offset, bool addr64) {
  if (masm_.access_is_checked(offset, addr64)) {
    return trap_label(static_cast<uint32_t>(rt::TrapKind::MemoryOutOfBounds));
  }
  note_offset(masm_.code_offset());
  return Label{};
}

// Alignment (a hint only), the memory index when the alignment says one follows, the offset (64
// bits wide for a 64-bit memory).
FunctionCompiler::MemArg FunctionCompiler::read_memarg() {
  uint32_t align = u32();
  MemArg m;
  if ((align & kMemArgHasMemory) != 0) m.memory = u32();
  read_leb_u64(p_, end_, m.offset);
  return m;
}

std::optional<Reg> FunctionCompiler::use_memory(uint32_t memory) {
  if (memory == 0) return std::nullopt;
  Reg r = stack_.alloc(RegClass::Gp);
  masm_.load_linear_memory(r, memory);
  masm_.use_memory(r);
  return r;
}

void FunctionCompiler::load(MemAccess access) {
  const MemArg arg = read_memarg();
  const uint64_t offset = arg.offset;
  access.addr64 = module_.memory_is_64(arg.memory);
  VarState addr = stack_.pop();
  Reg a = stack_.to_reg(addr);
  Reg dst = reg_class_of(access.type) == RegClass::Gp ? a : stack_.alloc(RegClass::Fp);
  std::optional<Reg> memory = use_memory(arg.memory);
  Label oob = bounds_trap(offset, access.addr64);
  masm_.emit_load(access, dst, a, offset, oob);
  if (memory) stack_.release(*memory);
  if (dst != a) stack_.release(a);
  stack_.push_reg(access.type, dst);
}

void FunctionCompiler::store(MemAccess access) {
  const MemArg arg = read_memarg();
  const uint64_t offset = arg.offset;
  access.addr64 = module_.memory_is_64(arg.memory);
  VarState value = stack_.pop();
  VarState addr = stack_.pop();
  Reg v = stack_.to_reg(value);
  Reg a = stack_.to_reg(addr);
  std::optional<Reg> memory = use_memory(arg.memory);
  masm_.emit_store(access, a, offset, v, bounds_trap(offset, access.addr64));
  if (memory) stack_.release(*memory);
  stack_.release(v);
  stack_.release(a);
}

// ---- helpers ----

// Pops `count` values into helper cells first_cell.. (16 bytes each, outgoing area).
void FunctionCompiler::store_operands_to_cells(uint32_t count, uint32_t first_cell) {
  uint32_t first = stack_.height() - count;
  for (uint32_t j = 0; j < count; ++j) {
    VarState v = stack_.at(first + j);
    v.pos = first + j;
    stack_.store_to(Slot::outgoing(static_cast<int32_t>((first_cell + j) * kHelperCellSize)), v);
  }
  stack_.truncate(first);
}

// Operands go to 16-byte cells in the outgoing area, a lane index or shuffle pattern to the
// fourth; the helper leaves the result in the first.
void FunctionCompiler::numeric_helper(Op op, const uint8_t* imm, size_t imm_size) {
  const OpSig& sig = op_sig(op);
  store_operands_to_cells(sig.num_params, 0);
  for (size_t i = 0; i < imm_size; i += 8) {
    uint64_t chunk = 0;
    for (size_t b = 0; b < 8 && i + b < imm_size; ++b) chunk |= uint64_t{imm[i + b]} << (8 * b);
    masm_.store_constant(Slot::outgoing(static_cast<int32_t>(kImmCell * kHelperCellSize + i)),
                         ValType::I64, chunk);
  }
  stack_.prepare_for_call();
  masm_.emit_call_numeric_helper(static_cast<uint32_t>(op), pending_trap());
  if (sig.num_results == 1) {
    ValType t = sig.results[0];
    Reg r = stack_.alloc(reg_class_of(t));
    masm_.load(r, t, Slot::outgoing(0));
    stack_.push_reg(t, r);
  }
}

// SIMD loads and stores other than v128.load/store: the bounds check stays in JIT code, the
// access itself runs in engine/ops on the checked host address (cell 0).
void FunctionCompiler::memory_helper(Op op) {
  const OpInfo& info = op_info(op);
  const MemArg arg = read_memarg();
  const uint64_t offset = arg.offset;
  uint8_t lane = info.imm == ImmKind::MemArgLane ? byte() : 0;
  const OpSig& sig = op_sig(op);
  uint32_t others = sig.num_params - 1;  // operands after the address
  uint32_t addr_pos = stack_.height() - sig.num_params;
  VarState addr = stack_.at(addr_pos);
  addr.pos = addr_pos;
  // The address register is overwritten with the host pointer: the address is consumed, and
  // storing the other operands allocates nothing, so the register survives until it is stored.
  Reg a = stack_.to_reg(addr);
  std::optional<Reg> memory = use_memory(arg.memory);
  masm_.emit_checked_address(a, a, offset, 1u << info.n, module_.memory_is_64(arg.memory),
                             trap_label(static_cast<uint32_t>(rt::TrapKind::MemoryOutOfBounds)));
  if (memory) stack_.release(*memory);
  store_operands_to_cells(others, 1);
  masm_.store(Slot::outgoing(0), ValType::I64, a);
  if (addr.loc != VarState::Loc::Reg) stack_.release(a);
  stack_.truncate(addr_pos);  // releases the address's own register, if it had one
  if (info.imm == ImmKind::MemArgLane) {
    masm_.store_constant(Slot::outgoing(static_cast<int32_t>(kImmCell * kHelperCellSize)),
                         ValType::I64, lane);
  }
  stack_.prepare_for_call();
  masm_.emit_call_numeric_helper(static_cast<uint32_t>(op), pending_trap());
  if (sig.num_results == 1) {
    ValType t = sig.results[0];
    Reg r = stack_.alloc(reg_class_of(t));
    masm_.load(r, t, Slot::outgoing(0));
    stack_.push_reg(t, r);
  }
}

void FunctionCompiler::instr_helper(Op op, uint32_t imm0, uint32_t imm1, ValType result_type) {
  InstrShape shape;
  instr_helper_shape(op, &shape);
  const uint64_t imms = uint64_t{imm0} | (uint64_t{imm1} << 32);
  uint32_t first = stack_.height() - shape.num_params;
  for (uint32_t j = 0; j < shape.num_params; ++j) {
    VarState v = stack_.at(first + j);
    v.pos = first + j;
    stack_.store_to(Slot::outgoing(static_cast<int32_t>(j * kHelperCellSize)), v);
  }
  stack_.truncate(first);
  stack_.prepare_for_call();
  masm_.emit_call_instr_helper(static_cast<uint32_t>(op), imms, pending_trap());
  if (shape.has_result) {
    Reg r = stack_.alloc(reg_class_of(result_type));
    masm_.load(r, result_type, Slot::outgoing(0));
    stack_.push_reg(result_type, r);
  }
}

// A 128-bit constant is built in a register (the operand stack's constants are 64 bits wide).
void FunctionCompiler::v128_const() {
  uint64_t lo = fixed(8);
  uint64_t hi = fixed(8);
  Reg r = stack_.alloc(RegClass::Fp);
  masm_.load_v128_constant(r, lo, hi);
  stack_.push_reg(ValType::V128, r);
}

}  // namespace wasmrun::jit::detail
