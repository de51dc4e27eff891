// Structured control flow, branches and calls.
#include "jit/function_compiler.h"

namespace wasmrun::jit::detail {

// ---- control ----

// Operand values stay in their spill slots across the whole block, so values below the block
// cannot change inside it and a label only records where locals live (ControlFrame::state).
// Locals stay cached into a block and an if's true arm; at a loop header the locals the loop
// reads are put in registers and that state is the header's.
void FunctionCompiler::begin_block(ControlFrame::Kind kind) {
  if (kind == ControlFrame::Kind::If) {
    VarState cond = stack_.pop();
    Reg c = stack_.to_reg(cond);
    ControlFrame f = new_if_frame();
    masm_.jump_if_zero(c, f.else_label);
    stack_.release(c);
    frames_.push_back(std::move(f));
    return;
  }
  ControlFrame f;
  f.kind = kind;
  read_block_type(f.params, f.results);
  stack_.spill_all();
  f.height = stack_.height() - static_cast<uint32_t>(f.params.size());
  f.label = masm_.new_label();
  if (kind == ControlFrame::Kind::Loop) {
    stack_.keep_for_loop(info_.loop_reads.data() + size_t(next_loop_++) * info_.loop_words);
    f.state = stack_.label_state();
    // Slots of locals kept in registers may go stale inside the loop: the back edge then need
    // not write them, only edges to labels that keep them in slots do.
    for (LabelLocal& e : f.state.locals) e.dirty = true;
    stack_.adopt(f.state);  // constants do not survive the back edge
    masm_.bind(f.label);
    masm_.emit_interrupt_check(trap_label(static_cast<uint32_t>(rt::TrapKind::Interrupted)));
    if (m_.fuel) emit_fuel_check();
  }
  frames_.push_back(std::move(f));
}

// An if frame for the condition just popped: the caller emits the jump to else_label, which
// leaves with the state fixed here.
ControlFrame FunctionCompiler::new_if_frame() {
  ControlFrame f;
  f.kind = ControlFrame::Kind::If;
  read_block_type(f.params, f.results);
  stack_.spill_all();
  f.else_state = stack_.label_state();
  f.else_label = masm_.new_label();
  f.height = stack_.height() - static_cast<uint32_t>(f.params.size());
  f.label = masm_.new_label();
  return f;
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

// The first edge into a label fixes its state. Called before any conditional jump, since fixing
// may write constant locals back.
void FunctionCompiler::fix_label(ControlFrame& f) {
  if (!f.state.fixed) f.state = stack_.label_state();
}

// Needs `target`'s state fixed.
bool FunctionCompiler::branch_is_plain_jump(const ControlFrame& target) const {
  if (target.kind == ControlFrame::Kind::Function) return false;
  uint32_t arity = static_cast<uint32_t>(target.branch_types().size());
  if (stack_.height() - arity != target.height) return false;
  for (uint32_t k = 0; k < arity; ++k) {
    if (stack_.at(target.height + k).loc != VarState::Loc::Stack) return false;
  }
  return stack_.matches(target.state);
}

// The edge into `f`'s label from here (fall-through or before a jump): carried values to their
// slots, then the locals into the label's registers.
void FunctionCompiler::edge_to(ControlFrame& f) {
  fix_label(f);
  move_carried(f.height, static_cast<uint32_t>(f.branch_types().size()));
  stack_.move_to(f.state);
}

// The jump itself with the moves that put the carried values where the target expects them.
// The value stack is left untouched (br_if falls through with it).
void FunctionCompiler::branch_to(uint32_t depth) {
  ControlFrame& target = frames_[frames_.size() - 1 - depth];
  if (target.kind == ControlFrame::Kind::Function) {
    write_results_and_return();
    return;
  }
  edge_to(target);
  masm_.jump(target.label);
}

// The fall-through keeps its registers: moves for the taken edge run only on that path.
void FunctionCompiler::br_if(uint32_t depth) {
  VarState cond = stack_.pop();
  Reg c = stack_.to_reg(cond);
  ControlFrame& target = frames_[frames_.size() - 1 - depth];
  if (target.kind != ControlFrame::Kind::Function) fix_label(target);
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
  for (uint32_t d : depths) {
    ControlFrame& f = frames_[frames_.size() - 1 - d];
    if (f.kind != ControlFrame::Kind::Function) fix_label(f);
  }
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
  if (f.kind == ControlFrame::Kind::Function) {
    if (reachable_) {
      uint32_t arity = static_cast<uint32_t>(f.results.size());
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
  bool falls = reachable_;
  reachable_ = true;
  dead_depth_ = 0;
  bool false_edge = f.kind == ControlFrame::Kind::If && !f.has_else;
  if (f.kind == ControlFrame::Kind::Loop || (!f.state.fixed && !false_edge)) {
    // No edge reaches the end: it is no label, and the fall-through keeps its state. Without
    // one, what follows is unreachable up to the enclosing frame's else or end.
    if (falls) return;
    reachable_ = false;
    stack_.truncate(f.height);
    for (ValType t : f.results) stack_.push_stack(t);
    return;
  }
  if (falls) edge_to(f);
  if (false_edge) {
    // The false edge of an if without else: its params, in their slots, are the results.
    stack_.truncate(f.height);
    for (ValType t : f.params) stack_.push_stack(t);
    stack_.adopt(f.else_state);
    fix_label(f);
    if (falls && !stack_.matches(f.state)) masm_.jump(f.label);
    masm_.bind(f.else_label);
    stack_.move_to(f.state);
  }
  masm_.bind(f.label);
  stack_.truncate(f.height);
  for (ValType t : f.results) stack_.push_stack(t);
  stack_.adopt(f.state);
}

void FunctionCompiler::else_arm() {
  ControlFrame& f = frames_.back();
  if (reachable_) {
    edge_to(f);
    masm_.jump(f.label);
  }
  masm_.bind(f.else_label);
  f.has_else = true;
  stack_.truncate(f.height);
  for (ValType t : f.params) stack_.push_stack(t);
  stack_.adopt(f.else_state);
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
void FunctionCompiler::store_call_args(const FuncType& type, const CallLayout& layout) {
  size_t n = type.params.size();
  uint32_t first = stack_.height() - static_cast<uint32_t>(n);
  for (size_t j = 0; j < n; ++j) {
    VarState v = stack_.at(first + static_cast<uint32_t>(j));
    v.pos = first + static_cast<uint32_t>(j);
    stack_.store_to(Slot::outgoing(layout.params[j]), v);
  }
  stack_.truncate(first);
  stack_.prepare_for_call();
}

void FunctionCompiler::call(uint32_t func_index) {
  const FuncType& type = module_.func_type(func_index);
  CallLayout layout = call_layout(type);
  store_call_args(type, layout);
  if (func_index < module_.num_imported_funcs) {
    masm_.emit_call_import(func_index, pending_trap());
  } else {
    masm_.emit_call_direct(m_.func_labels[func_index - module_.num_imported_funcs]);
  }
  note_call();
  push_call_results(type, layout);
}

void FunctionCompiler::call_indirect(uint32_t type_index, uint32_t table) {
  const FuncType& type = module_.types[type_index];
  CallLayout layout = call_layout(type);
  VarState index = stack_.pop();
  Reg idx = stack_.to_reg(index);
  store_call_args(type, layout);
  masm_.emit_call_indirect(idx, table, type_index, pending_trap());
  note_call();
  stack_.release(idx);
  push_call_results(type, layout);
}

}  // namespace wasmrun::jit::detail
