#include "jit/compiler.h"

#include <algorithm>
#include <array>

#include "engine/core/leb128.h"
#include "engine/core/opcodes.h"
#include "jit/call_layout.h"
#include "jit/control_stack.h"
#include "jit/helpers.h"
#include "jit/value_stack.h"

namespace wasmrun::jit {

namespace {

constexpr uint32_t kHelperCellSize = 16;  // helpers take RawValue cells
constexpr uint32_t kHelperAreaBytes = 4 * kHelperCellSize;
constexpr uint32_t kImmCell = 3;  // helper cell holding a lane index or shuffle pattern
constexpr size_t kTrapKinds = static_cast<size_t>(rt::TrapKind::Host) + 2;  // + pending

uint32_t align16(uint32_t v) { return (v + 15) & ~15u; }

// Binary, unary and comparison routines of the MacroAssembler, by shape.
using IntBinary = void (MacroAssembler::*)(Reg, Reg, Operand);
using Unary = void (MacroAssembler::*)(Reg, Reg);
using FloatBinary = void (MacroAssembler::*)(Reg, Reg, Reg);

class FunctionCompiler {
 public:
  FunctionCompiler(ModuleCodegen& m, uint32_t defined_index)
      : m_(m),
        masm_(*m.masm),
        module_(*m.module->module),
        info_(m.module->functions[defined_index]),
        body_(module_.bodies[defined_index]),
        type_(module_.types[body_.type_index]),
        func_index_(module_.num_imported_funcs + defined_index),
        label_(m.func_labels[defined_index]),
        stack_(masm_, 0) {}

  std::optional<std::string> compile();

 private:
  // ---- reading the body ----
  uint8_t byte() { return *p_++; }
  uint32_t u32() {
    uint32_t v = 0;
    read_leb_u32(p_, end_, v);
    return v;
  }
  int32_t s32() {
    int32_t v = 0;
    read_leb_s32(p_, end_, v);
    return v;
  }
  int64_t s64() {
    int64_t v = 0;
    read_leb_s64(p_, end_, v);
    return v;
  }
  uint64_t fixed(int bytes) {
    uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v |= static_cast<uint64_t>(byte()) << (8 * i);
    return v;
  }
  Op read_op();
  void skip_immediates(Op op);
  void read_block_type(std::vector<ValType>& params, std::vector<ValType>& results);

  // ---- frame ----
  void lay_out_frame();
  Slot local_slot(uint32_t i) const { return local_slots_[i]; }
  Label trap_label(uint32_t kind);
  Label pending_trap() { return trap_label(kPendingTrap); }

  // ---- instructions ----
  bool compile_op(Op op);
  void dead_op(Op op);
  void begin_block(ControlFrame::Kind kind);
  void end_frame();
  void else_arm();
  void move_carried(uint32_t target_height, uint32_t arity);
  bool branch_is_plain_jump(const ControlFrame& target) const;
  void branch_to(uint32_t depth);
  void br_if(uint32_t depth);
  void br_table();
  void write_results_and_return();
  void call(uint32_t func_index);
  void call_indirect(uint32_t type_index, uint32_t table);
  void push_call_results(const FuncType& type, const CallLayout& layout);
  void int_binary(IntBinary fn, ValType type);
  void int_compare(Cond cond, ValType type);
  void int_divide(Op op);
  void unary(Unary fn, ValType from, ValType to);
  void float_binary(FloatBinary fn, ValType type);
  void float_compare(FCond cond, ValType type);
  void select();
  void load(MemAccess access);
  void store(MemAccess access);
  void numeric_helper(Op op, const uint8_t* imm = nullptr, size_t imm_size = 0);
  void memory_helper(Op op);
  bool fused_compare(Cond cond, ValType type, bool rhs_zero);
  void store_operands_to_cells(uint32_t count, uint32_t first_cell);
  void instr_helper(Op op, uint32_t imm0, uint32_t imm1, ValType result_type);
  void v128_const();

  ModuleCodegen& m_;
  MacroAssembler& masm_;
  const Module& module_;
  const FunctionInfo& info_;
  const FunctionBody& body_;
  const FuncType& type_;
  uint32_t func_index_;
  Label label_;
  ValueStack stack_;
  ControlStack frames_;
  std::vector<Slot> local_slots_;
  uint32_t frame_size_ = 0;
  int32_t declared_locals_offset_ = 0;
  uint32_t declared_locals_bytes_ = 0;
  CallLayout own_layout_;
  std::array<Label, kTrapKinds> trap_labels_{};
  Label return_label_;
  bool reachable_ = true;
  uint32_t dead_depth_ = 0;  // blocks opened inside unreachable code
  const uint8_t* p_ = nullptr;
  const uint8_t* end_ = nullptr;
  std::optional<std::string> error_;
};

Op FunctionCompiler::read_op() {
  uint8_t b = byte();
  if (b == 0xfc || b == 0xfd) return *op_from_prefixed(b, u32());
  return *op_from_byte(b);
}

// Immediates of instructions in unreachable code still have to be stepped over.
void FunctionCompiler::skip_immediates(Op op) {
  switch (op_info(op).imm) {
    case ImmKind::None: break;
    case ImmKind::BlockType: {
      int64_t v = 0;
      read_leb_s33(p_, end_, v);
      break;
    }
    case ImmKind::BrTable: {
      uint32_t n = u32();
      for (uint32_t i = 0; i <= n; ++i) u32();
      break;
    }
    case ImmKind::CallIndirect:
    case ImmKind::MemArg:
    case ImmKind::TableInit:
    case ImmKind::TableCopy:
      u32();
      u32();
      break;
    case ImmKind::SelectT: {
      uint32_t n = u32();
      p_ += n;
      break;
    }
    case ImmKind::I32: s32(); break;
    case ImmKind::I64: s64(); break;
    case ImmKind::F32: p_ += 4; break;
    case ImmKind::F64: p_ += 8; break;
    case ImmKind::V128:
    case ImmKind::Shuffle: p_ += 16; break;
    case ImmKind::Lane:
    case ImmKind::Memory:
    case ImmKind::RefType: p_ += 1; break;
    case ImmKind::MemArgLane:
      u32();
      u32();
      p_ += 1;
      break;
    case ImmKind::MemoryInit:
      u32();
      p_ += 1;
      break;
    case ImmKind::MemoryCopy: p_ += 2; break;
    default: u32(); break;  // Label, Func, Local, Global, Table, Data, Elem
  }
}

void FunctionCompiler::read_block_type(std::vector<ValType>& params,
                                       std::vector<ValType>& results) {
  int64_t bt = 0;
  read_leb_s33(p_, end_, bt);
  if (bt >= 0) {
    const FuncType& t = module_.types[static_cast<uint32_t>(bt)];
    params = t.params;
    results = t.results;
    return;
  }
  uint8_t b = static_cast<uint8_t>(bt & 0x7f);
  if (b != 0x40) results.push_back(static_cast<ValType>(b));
}

// fp-relative layout: [header][declared locals][spill slots][.. outgoing area at sp]; params
// stay where the caller wrote them, above the return address.
void FunctionCompiler::lay_out_frame() {
  own_layout_ = call_layout(type_);
  const int32_t incoming = masm_.incoming_area_offset();
  for (size_t i = 0; i < type_.params.size(); ++i) {
    local_slots_.push_back(Slot::frame(incoming + own_layout_.params[i]));
  }
  int32_t offset = -masm_.frame_header_size();
  for (size_t i = type_.params.size(); i < info_.locals.size(); ++i) {
    offset -= static_cast<int32_t>(call_cell_size(info_.locals[i]));
    local_slots_.push_back(Slot::frame(offset));
  }
  declared_locals_offset_ = offset;
  declared_locals_bytes_ = static_cast<uint32_t>(-masm_.frame_header_size() - offset);
  stack_.set_spill_base(offset);
  uint32_t below_fp = static_cast<uint32_t>(-offset) + kSpillSlotSize * info_.max_stack;
  frame_size_ = align16(below_fp + m_.outgoing_bytes);
}

Label FunctionCompiler::trap_label(uint32_t kind) {
  size_t index = kind == kPendingTrap ? kTrapKinds - 1 : kind;
  if (!trap_labels_[index].valid()) trap_labels_[index] = masm_.new_label();
  return trap_labels_[index];
}

std::optional<std::string> FunctionCompiler::compile() {
  lay_out_frame();
  return_label_ = masm_.new_label();
  masm_.bind(label_);
  masm_.emit_prologue(frame_size_);
  masm_.emit_stack_check(trap_label(static_cast<uint32_t>(rt::TrapKind::CallStackExhausted)));
  masm_.emit_zero_frame(declared_locals_offset_, declared_locals_bytes_);
  masm_.emit_interrupt_check(trap_label(static_cast<uint32_t>(rt::TrapKind::Interrupted)));

  ControlFrame fn;
  fn.kind = ControlFrame::Kind::Function;
  fn.results = type_.results;
  fn.label = return_label_;
  frames_.push_back(std::move(fn));

  p_ = module_.bytes.data() + body_.code_begin;
  end_ = module_.bytes.data() + body_.code_end;
  while (p_ < end_ && !frames_.empty() && !error_) {
    Op op = read_op();
    if (!reachable_) {
      dead_op(op);
      continue;
    }
    if (!compile_op(op)) {
      error_ = std::string("instruction not supported by the JIT: ") + op_name(op);
    }
  }
  if (error_) return error_;

  for (size_t k = 0; k < kTrapKinds; ++k) {
    if (!trap_labels_[k].valid()) continue;
    uint32_t kind = k == kTrapKinds - 1 ? kPendingTrap : static_cast<uint32_t>(k);
    masm_.emit_trap_stub(trap_labels_[k], kind, func_index_, m_.trap_common);
  }
  return std::nullopt;
}

// Unreachable code is skipped, but its blocks are counted so the `else`/`end` that closes the
// current frame is recognised.
void FunctionCompiler::dead_op(Op op) {
  switch (op) {
    case Op::Block:
    case Op::Loop:
    case Op::If:
      skip_immediates(op);
      ++dead_depth_;
      break;
    case Op::Else:
      if (dead_depth_ == 0) else_arm();
      break;
    case Op::End:
      if (dead_depth_ > 0) {
        --dead_depth_;
      } else {
        end_frame();
      }
      break;
    default: skip_immediates(op); break;
  }
}

// ---- control ----

// Values stay in their spill slots across the whole block: a label then never needs a register
// state of its own, and values below the block cannot change inside it.
void FunctionCompiler::begin_block(ControlFrame::Kind kind) {
  ControlFrame f;
  f.kind = kind;
  read_block_type(f.params, f.results);
  if (kind == ControlFrame::Kind::If) {
    VarState cond = stack_.pop();
    Reg c = stack_.to_reg(cond);
    stack_.spill_all();
    f.else_label = masm_.new_label();
    masm_.jump_if_zero(c, f.else_label);
    stack_.release(c);
  } else {
    stack_.spill_all();
  }
  f.height = stack_.height() - static_cast<uint32_t>(f.params.size());
  f.label = masm_.new_label();
  if (kind == ControlFrame::Kind::Loop) {
    masm_.bind(f.label);
    masm_.emit_interrupt_check(trap_label(static_cast<uint32_t>(rt::TrapKind::Interrupted)));
  }
  frames_.push_back(std::move(f));
}

// Copies the top `arity` values to the slots of positions target_height.. (ascending, so a
// source is never overwritten before it is read: targets are at or below their sources).
void FunctionCompiler::move_carried(uint32_t target_height, uint32_t arity) {
  uint32_t first = stack_.height() - arity;
  for (uint32_t k = 0; k < arity; ++k) {
    VarState v = stack_.at(first + k);
    v.pos = first + k;
    stack_.store_to(stack_.spill_slot(target_height + k), v);
  }
}

bool FunctionCompiler::branch_is_plain_jump(const ControlFrame& target) const {
  if (target.kind == ControlFrame::Kind::Function) return false;
  uint32_t arity = static_cast<uint32_t>(target.branch_types().size());
  if (stack_.height() - arity != target.height) return false;
  for (uint32_t k = 0; k < arity; ++k) {
    if (stack_.at(target.height + k).loc != VarState::Loc::Stack) return false;
  }
  return true;
}

// The jump itself with the moves that put the carried values where the target expects them.
// The value stack is left untouched (br_if falls through with it).
void FunctionCompiler::branch_to(uint32_t depth) {
  ControlFrame& target = frames_[frames_.size() - 1 - depth];
  if (target.kind == ControlFrame::Kind::Function) {
    write_results_and_return();
    return;
  }
  move_carried(target.height, static_cast<uint32_t>(target.branch_types().size()));
  masm_.jump(target.label);
}

void FunctionCompiler::br_if(uint32_t depth) {
  VarState cond = stack_.pop();
  Reg c = stack_.to_reg(cond);
  const ControlFrame& target = frames_[frames_.size() - 1 - depth];
  if (branch_is_plain_jump(target)) {
    masm_.jump_if_nonzero(c, target.label);
  } else {
    Label skip = masm_.new_label();
    masm_.jump_if_zero(c, skip);
    branch_to(depth);
    masm_.bind(skip);
  }
  stack_.release(c);
}

// One compare-and-jump per entry; entries whose values need moving go through a small stub.
void FunctionCompiler::br_table() {
  uint32_t n = u32();
  std::vector<uint32_t> depths(n + 1);
  for (uint32_t& d : depths) d = u32();
  VarState index = stack_.pop();
  Reg idx = stack_.to_reg(index);
  stack_.spill_all();
  std::vector<Label> targets;
  std::vector<std::pair<Label, uint32_t>> stubs;
  for (uint32_t d : depths) {
    const ControlFrame& f = frames_[frames_.size() - 1 - d];
    if (branch_is_plain_jump(f)) {
      targets.push_back(f.label);
    } else {
      Label stub = masm_.new_label();
      stubs.emplace_back(stub, d);
      targets.push_back(stub);
    }
  }
  Label fallback = targets.back();
  targets.pop_back();
  masm_.jump_table(idx, targets, fallback);
  stack_.release(idx);
  for (auto& [stub, d] : stubs) {
    masm_.bind(stub);
    branch_to(d);
  }
  reachable_ = false;
}

void FunctionCompiler::write_results_and_return() {
  uint32_t r = static_cast<uint32_t>(type_.results.size());
  uint32_t first = stack_.height() - r;
  for (uint32_t k = 0; k < r; ++k) {
    VarState v = stack_.at(first + k);
    v.pos = first + k;
    stack_.store_to(Slot::frame(masm_.incoming_area_offset() + own_layout_.results[k]), v);
  }
  masm_.jump(return_label_);
}

void FunctionCompiler::end_frame() {
  ControlFrame f = std::move(frames_.back());
  frames_.pop_back();
  uint32_t arity = static_cast<uint32_t>(f.results.size());
  if (f.kind == ControlFrame::Kind::Function) {
    if (reachable_) {
      uint32_t first = stack_.height() - arity;
      for (uint32_t k = 0; k < arity; ++k) {
        VarState v = stack_.at(first + k);
        v.pos = first + k;
        stack_.store_to(Slot::frame(masm_.incoming_area_offset() + own_layout_.results[k]), v);
      }
    }
    masm_.bind(return_label_);
    masm_.emit_epilogue();
    return;
  }
  if (reachable_) move_carried(f.height, arity);
  if (f.kind == ControlFrame::Kind::If && !f.has_else) masm_.bind(f.else_label);
  if (f.kind != ControlFrame::Kind::Loop) masm_.bind(f.label);
  stack_.truncate(f.height);
  for (ValType t : f.results) stack_.push_stack(t);
  reachable_ = true;
  dead_depth_ = 0;
}

void FunctionCompiler::else_arm() {
  ControlFrame& f = frames_.back();
  if (reachable_) {
    move_carried(f.height, static_cast<uint32_t>(f.results.size()));
    masm_.jump(f.label);
  }
  masm_.bind(f.else_label);
  f.has_else = true;
  stack_.truncate(f.height);
  for (ValType t : f.params) stack_.push_stack(t);
  reachable_ = true;
  dead_depth_ = 0;
}

// ---- calls ----

void FunctionCompiler::push_call_results(const FuncType& type, const CallLayout& layout) {
  for (size_t k = 0; k < type.results.size(); ++k) {
    ValType t = type.results[k];
    Reg r = stack_.alloc(reg_class_of(t));
    masm_.load(r, t, Slot::outgoing(layout.results[k]));
    stack_.push_reg(t, r);
  }
}

// Arguments go straight from wherever they are into the outgoing area; everything else is
// spilled because the callee may use every allocatable register.
void FunctionCompiler::call(uint32_t func_index) {
  const FuncType& type = module_.func_type(func_index);
  CallLayout layout = call_layout(type);
  size_t n = type.params.size();
  uint32_t first = stack_.height() - static_cast<uint32_t>(n);
  for (size_t j = 0; j < n; ++j) {
    VarState v = stack_.at(first + static_cast<uint32_t>(j));
    v.pos = first + static_cast<uint32_t>(j);
    stack_.store_to(Slot::outgoing(layout.params[j]), v);
  }
  stack_.truncate(first);
  stack_.spill_all();
  if (func_index < module_.num_imported_funcs) {
    masm_.emit_call_import(func_index, pending_trap());
  } else {
    masm_.emit_call_direct(m_.func_labels[func_index - module_.num_imported_funcs]);
  }
  push_call_results(type, layout);
}

void FunctionCompiler::call_indirect(uint32_t type_index, uint32_t table) {
  const FuncType& type = module_.types[type_index];
  CallLayout layout = call_layout(type);
  VarState index = stack_.pop();
  Reg idx = stack_.to_reg(index);
  size_t n = type.params.size();
  uint32_t first = stack_.height() - static_cast<uint32_t>(n);
  for (size_t j = 0; j < n; ++j) {
    VarState v = stack_.at(first + static_cast<uint32_t>(j));
    v.pos = first + static_cast<uint32_t>(j);
    stack_.store_to(Slot::outgoing(layout.params[j]), v);
  }
  stack_.truncate(first);
  stack_.spill_all();
  masm_.emit_call_indirect(idx, table, type_index, pending_trap());
  stack_.release(idx);
  push_call_results(type, layout);
}

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
    const ControlFrame& target = frames_[frames_.size() - 1 - depth];
    if (branch_is_plain_jump(target)) {
      masm_.jump_if(cond, type, l, r, target.label);
    } else {
      Label skip = masm_.new_label();
      masm_.jump_if(negate(cond), type, l, r, skip);
      branch_to(depth);
      masm_.bind(skip);
    }
  } else {
    ControlFrame f;
    f.kind = ControlFrame::Kind::If;
    read_block_type(f.params, f.results);
    stack_.spill_all();
    f.else_label = masm_.new_label();
    masm_.jump_if(negate(cond), type, l, r, f.else_label);
    f.height = stack_.height() - static_cast<uint32_t>(f.params.size());
    f.label = masm_.new_label();
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

void FunctionCompiler::load(MemAccess access) {
  u32();  // alignment: a hint only
  uint64_t offset = u32();
  VarState addr = stack_.pop();
  Reg a = stack_.to_reg(addr);
  Label oob = trap_label(static_cast<uint32_t>(rt::TrapKind::MemoryOutOfBounds));
  if (reg_class_of(access.type) == RegClass::Gp) {
    masm_.emit_load(access, a, a, offset, oob);
    stack_.push_reg(access.type, a);
    return;
  }
  Reg dst = stack_.alloc(RegClass::Fp);
  masm_.emit_load(access, dst, a, offset, oob);
  stack_.release(a);
  stack_.push_reg(access.type, dst);
}

void FunctionCompiler::store(MemAccess access) {
  u32();
  uint64_t offset = u32();
  VarState value = stack_.pop();
  VarState addr = stack_.pop();
  Reg v = stack_.to_reg(value);
  Reg a = stack_.to_reg(addr);
  masm_.emit_store(access, a, offset, v,
                   trap_label(static_cast<uint32_t>(rt::TrapKind::MemoryOutOfBounds)));
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
  stack_.spill_all();
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
  u32();
  uint64_t offset = u32();
  uint8_t lane = info.imm == ImmKind::MemArgLane ? byte() : 0;
  const OpSig& sig = op_sig(op);
  uint32_t others = sig.num_params - 1;  // operands after the address
  uint32_t addr_pos = stack_.height() - sig.num_params;
  VarState addr = stack_.at(addr_pos);
  addr.pos = addr_pos;
  // The address register is overwritten with the host pointer: the address is consumed, and
  // storing the other operands allocates nothing, so the register survives until it is stored.
  Reg a = stack_.to_reg(addr);
  masm_.emit_checked_address(a, a, offset, 1u << info.n,
                             trap_label(static_cast<uint32_t>(rt::TrapKind::MemoryOutOfBounds)));
  store_operands_to_cells(others, 1);
  masm_.store(Slot::outgoing(0), ValType::I64, a);
  if (addr.loc != VarState::Loc::Reg) stack_.release(a);
  stack_.truncate(addr_pos);  // releases the address's own register, if it had one
  if (info.imm == ImmKind::MemArgLane) {
    masm_.store_constant(Slot::outgoing(static_cast<int32_t>(kImmCell * kHelperCellSize)),
                         ValType::I64, lane);
  }
  stack_.spill_all();
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
  m_.instr_immediates->push_back({imm0, imm1});
  const uint32_t* imms = m_.instr_immediates->back().data();
  uint32_t first = stack_.height() - shape.num_params;
  for (uint32_t j = 0; j < shape.num_params; ++j) {
    VarState v = stack_.at(first + j);
    v.pos = first + j;
    stack_.store_to(Slot::outgoing(static_cast<int32_t>(j * kHelperCellSize)), v);
  }
  stack_.truncate(first);
  stack_.spill_all();
  masm_.emit_call_instr_helper(static_cast<uint32_t>(op), imms, pending_trap());
  if (shape.has_result) {
    Reg r = stack_.alloc(reg_class_of(result_type));
    masm_.load(r, result_type, Slot::outgoing(0));
    stack_.push_reg(result_type, r);
  }
}

// A 128-bit constant goes straight to its spill slot: no register holds 16 immediate bytes.
void FunctionCompiler::v128_const() {
  uint64_t lo = fixed(8);
  uint64_t hi = fixed(8);
  Slot s = stack_.spill_slot(stack_.height());
  masm_.store_constant(s, ValType::I64, lo);
  masm_.store_constant(Slot::frame(s.offset + 8), ValType::I64, hi);
  stack_.push_stack(ValType::V128);
}

MemAccess access(ValType type, uint8_t size_log2, bool sign_extend = false) {
  return MemAccess{type, size_log2, sign_extend};
}

bool FunctionCompiler::compile_op(Op op) {
  using M = MacroAssembler;
  constexpr ValType I32 = ValType::I32, I64 = ValType::I64, F32 = ValType::F32, F64 = ValType::F64;
  switch (op) {
    // ---- control ----
    case Op::Unreachable:
      masm_.emit_trap_jump(trap_label(static_cast<uint32_t>(rt::TrapKind::Unreachable)));
      reachable_ = false;
      return true;
    case Op::Nop: return true;
    case Op::Block: begin_block(ControlFrame::Kind::Block); return true;
    case Op::Loop: begin_block(ControlFrame::Kind::Loop); return true;
    case Op::If: begin_block(ControlFrame::Kind::If); return true;
    case Op::Else: else_arm(); return true;
    case Op::End: end_frame(); return true;
    case Op::Br:
      branch_to(u32());
      reachable_ = false;
      return true;
    case Op::BrIf: br_if(u32()); return true;
    case Op::BrTable: br_table(); return true;
    case Op::Return:
      write_results_and_return();
      reachable_ = false;
      return true;
    case Op::Call: call(u32()); return true;
    case Op::CallIndirect: {
      uint32_t type_index = u32();
      uint32_t table = u32();
      call_indirect(type_index, table);
      return true;
    }

    // ---- parametric ----
    case Op::Drop: stack_.release(stack_.pop()); return true;
    case Op::Select: select(); return true;
    case Op::SelectT: {
      uint32_t n = u32();
      p_ += n;
      select();
      return true;
    }

    // ---- variables ----
    case Op::LocalGet: {
      uint32_t i = u32();
      ValType t = info_.locals[i];
      Reg r = stack_.alloc(reg_class_of(t));
      masm_.load(r, t, local_slot(i));
      stack_.push_reg(t, r);
      return true;
    }
    case Op::LocalSet:
    case Op::LocalTee: {
      uint32_t i = u32();
      VarState v = stack_.pop();
      stack_.store_to(local_slot(i), v);
      if (op == Op::LocalSet) {
        stack_.release(v);
      } else if (v.loc == VarState::Loc::Reg) {
        stack_.push_reg(v.type, v.reg);
      } else if (v.loc == VarState::Loc::Const) {
        stack_.push_const(v.type, v.bits);
      } else {
        stack_.push_stack(v.type);
      }
      return true;
    }
    case Op::GlobalGet: {
      uint32_t i = u32();
      ValType t = module_.global_types[i].type;
      Reg r = stack_.alloc(reg_class_of(t));
      masm_.emit_global_get(r, t, i);
      stack_.push_reg(t, r);
      return true;
    }
    case Op::GlobalSet: {
      uint32_t i = u32();
      VarState v = stack_.pop();
      Reg r = stack_.to_reg(v);
      masm_.emit_global_set(i, v.type, r);
      stack_.release(r);
      return true;
    }
    case Op::TableGet: {
      uint32_t t = u32();
      instr_helper(op, t, 0, module_.tables[t].elem);
      return true;
    }
    case Op::TableSet:
    case Op::TableSize:
    case Op::TableGrow:
    case Op::TableFill: instr_helper(op, u32(), 0, I32); return true;

    // ---- memory ----
    case Op::I32Load: load(access(I32, 2)); return true;
    case Op::I64Load: load(access(I64, 3)); return true;
    case Op::F32Load: load(access(F32, 2)); return true;
    case Op::F64Load: load(access(F64, 3)); return true;
    case Op::I32Load8S: load(access(I32, 0, true)); return true;
    case Op::I32Load8U: load(access(I32, 0)); return true;
    case Op::I32Load16S: load(access(I32, 1, true)); return true;
    case Op::I32Load16U: load(access(I32, 1)); return true;
    case Op::I64Load8S: load(access(I64, 0, true)); return true;
    case Op::I64Load8U: load(access(I64, 0)); return true;
    case Op::I64Load16S: load(access(I64, 1, true)); return true;
    case Op::I64Load16U: load(access(I64, 1)); return true;
    case Op::I64Load32S: load(access(I64, 2, true)); return true;
    case Op::I64Load32U: load(access(I64, 2)); return true;
    case Op::I32Store: store(access(I32, 2)); return true;
    case Op::I64Store: store(access(I64, 3)); return true;
    case Op::F32Store: store(access(F32, 2)); return true;
    case Op::F64Store: store(access(F64, 3)); return true;
    case Op::I32Store8: store(access(I32, 0)); return true;
    case Op::I32Store16: store(access(I32, 1)); return true;
    case Op::I64Store8: store(access(I64, 0)); return true;
    case Op::I64Store16: store(access(I64, 1)); return true;
    case Op::I64Store32: store(access(I64, 2)); return true;
    case Op::V128Load: load(access(ValType::V128, 4)); return true;
    case Op::V128Store: store(access(ValType::V128, 4)); return true;
    case Op::MemorySize: {
      byte();
      Reg r = stack_.alloc(RegClass::Gp);
      masm_.emit_memory_size(r);
      stack_.push_reg(I32, r);
      return true;
    }
    case Op::MemoryGrow: {
      byte();
      VarState delta = stack_.pop();
      Reg r = stack_.to_reg(delta);
      stack_.spill_all();
      masm_.emit_memory_grow(r);
      stack_.push_reg(I32, r);
      return true;
    }
    case Op::MemoryInit: {
      uint32_t data = u32();
      byte();
      instr_helper(op, data, 0, I32);
      return true;
    }
    case Op::DataDrop:
    case Op::ElemDrop: instr_helper(op, u32(), 0, I32); return true;
    case Op::MemoryCopy:
      p_ += 2;
      instr_helper(op, 0, 0, I32);
      return true;
    case Op::MemoryFill:
      byte();
      instr_helper(op, 0, 0, I32);
      return true;
    case Op::TableInit:
    case Op::TableCopy: {
      uint32_t a = u32();
      uint32_t b = u32();
      instr_helper(op, a, b, I32);
      return true;
    }

    // ---- constants ----
    case Op::I32Const: stack_.push_const(I32, static_cast<uint32_t>(s32())); return true;
    case Op::I64Const: stack_.push_const(I64, static_cast<uint64_t>(s64())); return true;
    case Op::F32Const: stack_.push_const(F32, fixed(4)); return true;
    case Op::F64Const: stack_.push_const(F64, fixed(8)); return true;
    case Op::V128Const: v128_const(); return true;

    // ---- i32 ----
    case Op::I32Eqz:
      if (!fused_compare(Cond::Eq, I32, true)) unary(&M::emit_i32_eqz, I32, I32);
      return true;
    case Op::I32Eq: int_compare(Cond::Eq, I32); return true;
    case Op::I32Ne: int_compare(Cond::Ne, I32); return true;
    case Op::I32LtS: int_compare(Cond::LtS, I32); return true;
    case Op::I32LtU: int_compare(Cond::LtU, I32); return true;
    case Op::I32GtS: int_compare(Cond::GtS, I32); return true;
    case Op::I32GtU: int_compare(Cond::GtU, I32); return true;
    case Op::I32LeS: int_compare(Cond::LeS, I32); return true;
    case Op::I32LeU: int_compare(Cond::LeU, I32); return true;
    case Op::I32GeS: int_compare(Cond::GeS, I32); return true;
    case Op::I32GeU: int_compare(Cond::GeU, I32); return true;
    case Op::I32Clz: unary(&M::emit_i32_clz, I32, I32); return true;
    case Op::I32Ctz: unary(&M::emit_i32_ctz, I32, I32); return true;
    case Op::I32Popcnt: unary(&M::emit_i32_popcnt, I32, I32); return true;
    case Op::I32Add: int_binary(&M::emit_i32_add, I32); return true;
    case Op::I32Sub: int_binary(&M::emit_i32_sub, I32); return true;
    case Op::I32Mul: int_binary(&M::emit_i32_mul, I32); return true;
    case Op::I32DivS:
    case Op::I32DivU:
    case Op::I32RemS:
    case Op::I32RemU:
    case Op::I64DivS:
    case Op::I64DivU:
    case Op::I64RemS:
    case Op::I64RemU: int_divide(op); return true;
    case Op::I32And: int_binary(&M::emit_i32_and, I32); return true;
    case Op::I32Or: int_binary(&M::emit_i32_or, I32); return true;
    case Op::I32Xor: int_binary(&M::emit_i32_xor, I32); return true;
    case Op::I32Shl: int_binary(&M::emit_i32_shl, I32); return true;
    case Op::I32ShrS: int_binary(&M::emit_i32_shr_s, I32); return true;
    case Op::I32ShrU: int_binary(&M::emit_i32_shr_u, I32); return true;
    case Op::I32Rotl: int_binary(&M::emit_i32_rotl, I32); return true;
    case Op::I32Rotr: int_binary(&M::emit_i32_rotr, I32); return true;
    case Op::I32Extend8S: unary(&M::emit_i32_extend8_s, I32, I32); return true;
    case Op::I32Extend16S: unary(&M::emit_i32_extend16_s, I32, I32); return true;

    // ---- i64 ----
    case Op::I64Eqz:
      if (!fused_compare(Cond::Eq, I64, true)) unary(&M::emit_i64_eqz, I64, I32);
      return true;
    case Op::I64Eq: int_compare(Cond::Eq, I64); return true;
    case Op::I64Ne: int_compare(Cond::Ne, I64); return true;
    case Op::I64LtS: int_compare(Cond::LtS, I64); return true;
    case Op::I64LtU: int_compare(Cond::LtU, I64); return true;
    case Op::I64GtS: int_compare(Cond::GtS, I64); return true;
    case Op::I64GtU: int_compare(Cond::GtU, I64); return true;
    case Op::I64LeS: int_compare(Cond::LeS, I64); return true;
    case Op::I64LeU: int_compare(Cond::LeU, I64); return true;
    case Op::I64GeS: int_compare(Cond::GeS, I64); return true;
    case Op::I64GeU: int_compare(Cond::GeU, I64); return true;
    case Op::I64Clz: unary(&M::emit_i64_clz, I64, I64); return true;
    case Op::I64Ctz: unary(&M::emit_i64_ctz, I64, I64); return true;
    case Op::I64Popcnt: unary(&M::emit_i64_popcnt, I64, I64); return true;
    case Op::I64Add: int_binary(&M::emit_i64_add, I64); return true;
    case Op::I64Sub: int_binary(&M::emit_i64_sub, I64); return true;
    case Op::I64Mul: int_binary(&M::emit_i64_mul, I64); return true;
    case Op::I64And: int_binary(&M::emit_i64_and, I64); return true;
    case Op::I64Or: int_binary(&M::emit_i64_or, I64); return true;
    case Op::I64Xor: int_binary(&M::emit_i64_xor, I64); return true;
    case Op::I64Shl: int_binary(&M::emit_i64_shl, I64); return true;
    case Op::I64ShrS: int_binary(&M::emit_i64_shr_s, I64); return true;
    case Op::I64ShrU: int_binary(&M::emit_i64_shr_u, I64); return true;
    case Op::I64Rotl: int_binary(&M::emit_i64_rotl, I64); return true;
    case Op::I64Rotr: int_binary(&M::emit_i64_rotr, I64); return true;
    case Op::I64Extend8S: unary(&M::emit_i64_extend8_s, I64, I64); return true;
    case Op::I64Extend16S: unary(&M::emit_i64_extend16_s, I64, I64); return true;
    case Op::I64Extend32S: unary(&M::emit_i64_extend32_s, I64, I64); return true;
    case Op::I32WrapI64: unary(&M::emit_i32_wrap_i64, I64, I32); return true;
    case Op::I64ExtendI32S: unary(&M::emit_i64_extend_i32_s, I32, I64); return true;
    case Op::I64ExtendI32U: unary(&M::emit_i64_extend_i32_u, I32, I64); return true;

    // ---- f32 / f64 ----
    case Op::F32Eq: float_compare(FCond::Eq, F32); return true;
    case Op::F32Ne: float_compare(FCond::Ne, F32); return true;
    case Op::F32Lt: float_compare(FCond::Lt, F32); return true;
    case Op::F32Gt: float_compare(FCond::Gt, F32); return true;
    case Op::F32Le: float_compare(FCond::Le, F32); return true;
    case Op::F32Ge: float_compare(FCond::Ge, F32); return true;
    case Op::F64Eq: float_compare(FCond::Eq, F64); return true;
    case Op::F64Ne: float_compare(FCond::Ne, F64); return true;
    case Op::F64Lt: float_compare(FCond::Lt, F64); return true;
    case Op::F64Gt: float_compare(FCond::Gt, F64); return true;
    case Op::F64Le: float_compare(FCond::Le, F64); return true;
    case Op::F64Ge: float_compare(FCond::Ge, F64); return true;
    case Op::F32Abs: unary(&M::emit_f32_abs, F32, F32); return true;
    case Op::F32Neg: unary(&M::emit_f32_neg, F32, F32); return true;
    case Op::F32Ceil: unary(&M::emit_f32_ceil, F32, F32); return true;
    case Op::F32Floor: unary(&M::emit_f32_floor, F32, F32); return true;
    case Op::F32Trunc: unary(&M::emit_f32_trunc, F32, F32); return true;
    case Op::F32Nearest: unary(&M::emit_f32_nearest, F32, F32); return true;
    case Op::F32Sqrt: unary(&M::emit_f32_sqrt, F32, F32); return true;
    case Op::F32Add: float_binary(&M::emit_f32_add, F32); return true;
    case Op::F32Sub: float_binary(&M::emit_f32_sub, F32); return true;
    case Op::F32Mul: float_binary(&M::emit_f32_mul, F32); return true;
    case Op::F32Div: float_binary(&M::emit_f32_div, F32); return true;
    case Op::F32Min: float_binary(&M::emit_f32_min, F32); return true;
    case Op::F32Max: float_binary(&M::emit_f32_max, F32); return true;
    case Op::F32Copysign: float_binary(&M::emit_f32_copysign, F32); return true;
    case Op::F64Abs: unary(&M::emit_f64_abs, F64, F64); return true;
    case Op::F64Neg: unary(&M::emit_f64_neg, F64, F64); return true;
    case Op::F64Ceil: unary(&M::emit_f64_ceil, F64, F64); return true;
    case Op::F64Floor: unary(&M::emit_f64_floor, F64, F64); return true;
    case Op::F64Trunc: unary(&M::emit_f64_trunc, F64, F64); return true;
    case Op::F64Nearest: unary(&M::emit_f64_nearest, F64, F64); return true;
    case Op::F64Sqrt: unary(&M::emit_f64_sqrt, F64, F64); return true;
    case Op::F64Add: float_binary(&M::emit_f64_add, F64); return true;
    case Op::F64Sub: float_binary(&M::emit_f64_sub, F64); return true;
    case Op::F64Mul: float_binary(&M::emit_f64_mul, F64); return true;
    case Op::F64Div: float_binary(&M::emit_f64_div, F64); return true;
    case Op::F64Min: float_binary(&M::emit_f64_min, F64); return true;
    case Op::F64Max: float_binary(&M::emit_f64_max, F64); return true;
    case Op::F64Copysign: float_binary(&M::emit_f64_copysign, F64); return true;
    case Op::I32ReinterpretF32: unary(&M::emit_i32_reinterpret_f32, F32, I32); return true;
    case Op::I64ReinterpretF64: unary(&M::emit_i64_reinterpret_f64, F64, I64); return true;
    case Op::F32ReinterpretI32: unary(&M::emit_f32_reinterpret_i32, I32, F32); return true;
    case Op::F64ReinterpretI64: unary(&M::emit_f64_reinterpret_i64, I64, F64); return true;
    case Op::F32DemoteF64: unary(&M::emit_f32_demote_f64, F64, F32); return true;
    case Op::F64PromoteF32: unary(&M::emit_f64_promote_f32, F32, F64); return true;
    case Op::F32ConvertI32S: unary(&M::emit_f32_convert_i32_s, I32, F32); return true;
    case Op::F64ConvertI32S: unary(&M::emit_f64_convert_i32_s, I32, F64); return true;
    case Op::F32ConvertI64S: unary(&M::emit_f32_convert_i64_s, I64, F32); return true;
    case Op::F64ConvertI64S: unary(&M::emit_f64_convert_i64_s, I64, F64); return true;
    case Op::F32ConvertI32U: unary(&M::emit_f32_convert_i32_u, I32, F32); return true;
    case Op::F64ConvertI32U: unary(&M::emit_f64_convert_i32_u, I32, F64); return true;

    // ---- references (a null reference is the zero word) ----
    case Op::RefNull:
      byte();
      stack_.push_const(ValType::FuncRef, 0);
      return true;
    case Op::RefIsNull: unary(&M::emit_i64_eqz, ValType::FuncRef, I32); return true;
    case Op::RefFunc: {
      Reg r = stack_.alloc(RegClass::Gp);
      masm_.emit_ref_func(r, u32());
      stack_.push_reg(ValType::FuncRef, r);
      return true;
    }

    default: break;
  }
  // Everything else with a plain numeric signature (the trapping and saturating truncations,
  // unsigned 64-bit conversions, SIMD arithmetic) runs out of line through engine/ops.
  const OpSig& sig = op_sig(op);
  if (sig.special || !has_numeric_helper(op)) return false;
  switch (op_info(op).imm) {
    case ImmKind::None: numeric_helper(op); return true;
    case ImmKind::Lane: {
      uint8_t lane = byte();
      numeric_helper(op, &lane, 1);
      return true;
    }
    case ImmKind::Shuffle: {
      const uint8_t* pattern = p_;
      p_ += 16;
      numeric_helper(op, pattern, 16);
      return true;
    }
    case ImmKind::MemArg:
    case ImmKind::MemArgLane: memory_helper(op); return true;
    default: return false;
  }
}

}  // namespace

uint32_t module_outgoing_bytes(const Module& module) {
  uint32_t bytes = kHelperAreaBytes;
  for (const FuncType& t : module.types) bytes = std::max(bytes, call_layout(t).bytes);
  return bytes;
}

std::optional<std::string> compile_function(ModuleCodegen& m, uint32_t defined_index) {
  FunctionCompiler fc(m, defined_index);
  return fc.compile();
}

}  // namespace wasmrun::jit
