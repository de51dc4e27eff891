#include "jit/value_stack.h"

#include <algorithm>
#include <bit>
#include <cassert>

#include "engine/core/function_info.h"

namespace wasmrun::jit {

namespace {

size_t class_index(RegClass cls) { return cls == RegClass::Gp ? 0 : 1; }

}  // namespace

ValueStack::ValueStack(MacroAssembler& masm, int32_t spill_base)
    : masm_(masm), spill_base_(spill_base) {
  for (RegClass cls : {RegClass::Gp, RegClass::Fp}) {
    for (Reg r : masm.allocatable(cls)) free_[class_index(cls)] |= 1u << r.code;
    all_[class_index(cls)] = free_[class_index(cls)];
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
  if (free == 0 && !evict_local(cls)) {
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

// ---- locals ----

void ValueStack::add_local(ValType type, Slot slot, bool zero) {
  LocalState l;
  l.type = type;
  l.slot = slot;
  if (zero) {
    // Declared locals start as zero without a store; the first flush writes the slot.
    l.loc = VarState::Loc::Const;
    l.dirty = true;
  }
  locals_.push_back(l);
  label_entry_.push_back(-1);
  if (zero) mark_active(static_cast<uint32_t>(locals_.size() - 1));
}

const std::vector<uint32_t>& ValueStack::compact_active() {
  size_t n = 0;
  for (uint32_t i : active_) {
    LocalState& l = locals_[i];
    if (l.loc == VarState::Loc::Stack && !l.dirty) {
      l.listed = false;
    } else {
      active_[n++] = i;
    }
  }
  active_.resize(n);
  std::sort(active_.begin(), active_.end());
  return active_;
}

bool ValueStack::evict_local(RegClass cls) {
  uint32_t victim = UINT32_MAX;
  for (uint32_t i : active_) {
    const LocalState& l = locals_[i];
    if (l.loc != VarState::Loc::Reg || l.reg.cls != cls || i == locked_) continue;
    if (victim == UINT32_MAX || l.last_use < locals_[victim].last_use ||
        (l.last_use == locals_[victim].last_use && i < victim)) {
      victim = i;
    }
  }
  if (victim == UINT32_MAX) return false;
  LocalState& l = locals_[victim];
  if (l.dirty) masm_.store(l.slot, l.type, l.reg);
  release(l.reg);
  l.loc = VarState::Loc::Stack;
  l.dirty = false;
  return true;
}

// A copy goes on the operand stack (a register move, or the constant itself); a local read from
// its slot is also kept in a register when one is free.
void ValueStack::local_get(uint32_t i) {
  LocalState& l = locals_[i];
  l.last_use = ++clock_;
  RegClass cls = reg_class_of(l.type);
  switch (l.loc) {
    case VarState::Loc::Const:
      if (l.type == ValType::V128) {  // only declared v128 locals are constant: zero
        Reg r = alloc(cls);
        masm_.load_v128_constant(r, 0, 0);
        push_reg(l.type, r);
        return;
      }
      push_const(l.type, l.bits);
      return;
    case VarState::Loc::Reg: {
      locked_ = i;
      Reg r = alloc(cls);
      locked_ = UINT32_MAX;
      masm_.move(r, locals_[i].reg, l.type);
      push_reg(l.type, r);
      return;
    }
    case VarState::Loc::Stack: {
      Reg r = alloc(cls);
      masm_.load(r, l.type, l.slot);
      if (has_free(cls)) {
        Reg c = alloc(cls);
        masm_.move(c, r, l.type);
        LocalState& cached = locals_[i];
        cached.loc = VarState::Loc::Reg;
        cached.reg = c;
        cached.dirty = false;
        mark_active(i);
      }
      push_reg(l.type, r);
      return;
    }
  }
}

// local.set hands the value's register to the local; local.tee keeps a copy when a register is
// free and otherwise stores to the slot.
void ValueStack::local_set(uint32_t i, bool tee) {
  VarState v = pop();
  {
    LocalState& l = locals_[i];
    l.last_use = ++clock_;
    if (l.loc == VarState::Loc::Reg) release(l.reg);
    l.loc = VarState::Loc::Stack;
    l.dirty = false;
  }
  mark_active(i);  // it is a register or a constant below, or plain again (compaction drops it)
  if (v.loc == VarState::Loc::Const) {
    LocalState& l = locals_[i];
    l.loc = VarState::Loc::Const;
    l.bits = v.bits;
    l.dirty = true;
    if (tee) push_const(v.type, v.bits);
    return;
  }
  Reg r = to_reg(v);
  if (!tee) {
    LocalState& l = locals_[i];
    l.loc = VarState::Loc::Reg;
    l.reg = r;
    l.dirty = true;
    return;
  }
  RegClass cls = reg_class_of(v.type);
  LocalState& l = locals_[i];
  if (has_free(cls)) {
    Reg c = alloc(cls);
    masm_.move(c, r, v.type);
    l.loc = VarState::Loc::Reg;
    l.reg = c;
    l.dirty = true;
  } else {
    masm_.store(l.slot, l.type, r);
  }
  push_reg(v.type, r);
}

void ValueStack::write_back(LocalState& l) {
  emit_write_back(l);
  l.dirty = false;
}

void ValueStack::emit_write_back(const LocalState& l) const {
  if (!l.dirty) return;
  if (l.loc == VarState::Loc::Reg) {
    masm_.store(l.slot, l.type, l.reg);
  } else if (l.loc == VarState::Loc::Const && l.type == ValType::V128) {
    masm_.store_constant(l.slot, ValType::I64, 0);  // only declared v128 locals are constant
    masm_.store_constant(Slot{l.slot.base, l.slot.offset + 8}, ValType::I64, 0);
  } else if (l.loc == VarState::Loc::Const) {
    masm_.store_constant(l.slot, l.type, l.bits);
  }
}

// ---- label states ----

LabelState ValueStack::label_state() {
  LabelState s;
  s.fixed = true;
  for (uint32_t i : compact_active()) {
    LocalState& l = locals_[i];
    if (l.loc == VarState::Loc::Const) write_back(l);
    if (l.loc == VarState::Loc::Reg) s.locals.push_back({i, l.reg, l.dirty});
  }
  return s;
}

bool ValueStack::matches(const LabelState& s) const {
  size_t in_regs = 0;
  for (uint32_t i : active_) {  // plain locals it may still list count for nothing
    const LocalState& l = locals_[i];
    if (l.loc == VarState::Loc::Reg)
      ++in_regs;
    else if (l.dirty)
      return false;
  }
  if (in_regs != s.locals.size()) return false;
  for (const LabelLocal& e : s.locals) {
    const LocalState& l = locals_[e.index];
    if (l.loc != VarState::Loc::Reg || !(l.reg == e.reg) || (l.dirty && !e.dirty)) return false;
  }
  return true;
}

void ValueStack::move_to(const LabelState& s) {
  // label_entry_ is all -1 between calls: only the label's entries are set, then reset.
  for (size_t k = 0; k < s.locals.size(); ++k) label_entry_[s.locals[k].index] = int32_t(k);
  // 1. Slots the label reads: every local it keeps in its slot, and those it keeps in a register
  //    with a clean slot. A v128 constant reaches its register through the slot.
  for (uint32_t i : compact_active()) {
    const LocalState& l = locals_[i];
    int32_t k = label_entry_[i];
    bool v128_const = l.loc == VarState::Loc::Const && l.type == ValType::V128;
    if (k < 0 || !s.locals[size_t(k)].dirty || v128_const) emit_write_back(l);
  }
  // 2. Register-to-register moves as a parallel move: a move runs once no other pending move
  //    still reads its destination; a cycle is broken by storing one source to its local's slot
  //    and loading it in step 3.
  std::vector<Move>& moves = moves_;
  std::vector<Load>& loads = loads_;
  moves.clear();
  loads.clear();
  for (const LabelLocal& e : s.locals) {
    const LocalState& l = locals_[e.index];
    if (l.loc == VarState::Loc::Reg) {
      if (!(l.reg == e.reg)) moves.push_back({e.reg, l.reg, e.index});
    } else {
      bool constant = l.loc == VarState::Loc::Const && l.type != ValType::V128;
      loads.push_back({e.index, !constant});
    }
  }
  while (!moves.empty()) {
    auto ready = std::find_if(moves.begin(), moves.end(), [&](const Move& m) {
      return std::none_of(moves.begin(), moves.end(),
                          [&](const Move& o) { return o.src == m.dst; });
    });
    if (ready != moves.end()) {
      masm_.move(ready->dst, ready->src, locals_[ready->local].type);
      moves.erase(ready);
      continue;
    }
    const LocalState& l = locals_[moves.back().local];
    masm_.store(l.slot, l.type, l.reg);
    loads.push_back({moves.back().local, true});
    moves.pop_back();
  }
  // 3. Loads into registers no move reads any more.
  for (const Load& ld : loads) {
    const LocalState& l = locals_[ld.local];
    Reg dst = s.locals[size_t(label_entry_[ld.local])].reg;
    if (ld.from_slot) {
      masm_.load(dst, l.type, l.slot);
    } else {
      masm_.load_constant(dst, l.type, l.bits);
    }
  }
  for (const LabelLocal& e : s.locals) label_entry_[e.index] = -1;
}

void ValueStack::adopt(const LabelState& s) {
  for (uint32_t i : active_) {
    LocalState& l = locals_[i];
    l.loc = VarState::Loc::Stack;
    l.dirty = false;
    l.listed = false;
  }
  active_.clear();
  free_[0] = all_[0];
  free_[1] = all_[1];
  for (const LabelLocal& e : s.locals) {
    LocalState& l = locals_[e.index];
    l.loc = VarState::Loc::Reg;
    l.reg = e.reg;
    l.dirty = e.dirty;
    mark_active(e.index);
    free_[class_index(e.reg.cls)] &= ~(1u << e.reg.code);
  }
  for (const VarState& v : values_) {
    if (v.loc == VarState::Loc::Reg) free_[class_index(v.reg.cls)] &= ~(1u << v.reg.code);
  }
}

void ValueStack::keep_for_loop(const uint64_t* reads) {
  // Registers left for operands inside the loop.
  constexpr uint32_t kOperandReserve = 3;
  uint32_t budget[2];
  for (size_t c = 0; c < 2; ++c) {
    uint32_t n = static_cast<uint32_t>(std::popcount(all_[c]));
    budget[c] = n > kOperandReserve ? n - kOperandReserve : 0;
  }
  auto read_in_loop = [&](uint32_t i) {
    return i < kLoopTrackedLocals && ((reads[i / 64] >> (i % 64)) & 1);
  };
  // Locals already in registers keep them first, then the others load in index order.
  for (uint32_t i : compact_active()) {
    LocalState& l = locals_[i];
    if (l.loc != VarState::Loc::Reg) continue;
    size_t c = class_index(l.reg.cls);
    if (read_in_loop(i) && budget[c] > 0) {
      --budget[c];
      continue;
    }
    write_back(l);
    release(l.reg);
    l.loc = VarState::Loc::Stack;
  }
  const size_t tracked = std::min<size_t>(locals_.size(), kLoopTrackedLocals);
  for (uint32_t w = 0; w < (tracked + 63) / 64; ++w) {
    for (uint64_t bits = reads[w]; bits != 0; bits &= bits - 1) {
      const uint32_t i = w * 64 + static_cast<uint32_t>(std::countr_zero(bits));
      LocalState& l = locals_[i];
      if (l.loc == VarState::Loc::Reg || l.type == ValType::V128) continue;
      RegClass cls = reg_class_of(l.type);
      uint32_t& left = budget[class_index(cls)];
      if (left == 0 || !has_free(cls)) continue;
      --left;
      Reg r = alloc(cls);
      if (l.loc == VarState::Loc::Const) {
        masm_.load_constant(r, l.type, l.bits);  // the slot stays as stale as it was
      } else {
        masm_.load(r, l.type, l.slot);
        l.dirty = false;
      }
      l.loc = VarState::Loc::Reg;
      l.reg = r;
      mark_active(i);
    }
  }
}

void ValueStack::drop_local_registers() {
  for (uint32_t i : compact_active()) {
    LocalState& l = locals_[i];
    if (l.loc != VarState::Loc::Reg) continue;
    write_back(l);
    release(l.reg);
    l.loc = VarState::Loc::Stack;
  }
}

}  // namespace wasmrun::jit
