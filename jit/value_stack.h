// The driver's abstract operand stack: where each wasm value lives while code is being emitted
// (a register, its fixed spill slot in the frame, or a constant not yet materialised), plus the
// register allocator that hands out registers on demand and spills the oldest value under
// pressure.
#pragma once

#include <cstdint>
#include <vector>

#include "jit/masm.h"
#include "wasmrun/types.hpp"

namespace wasmrun::jit {

struct VarState {
  enum class Loc : uint8_t { Stack, Reg, Const };
  Loc loc = Loc::Stack;
  ValType type = ValType::I32;
  Reg reg;            // Loc::Reg
  uint64_t bits = 0;  // Loc::Const
  uint32_t pos = 0;   // stack position (its spill slot), set for values that were popped
};

// A local variable in the register cache: in its frame slot only (Stack), in a register, or a
// known constant. `dirty`: the slot is stale and must be written before the next label or call.
struct LocalState {
  VarState::Loc loc = VarState::Loc::Stack;
  ValType type = ValType::I32;
  Reg reg;
  uint64_t bits = 0;
  bool dirty = false;
  Slot slot;
  uint32_t last_use = 0;  // for evicting the least recently used local under pressure
  bool listed = false;    // in ValueStack::active_
};

// The register state every edge into a label produces: the listed locals in those registers
// (`dirty`: their slots may be stale), every other local and every operand-stack value in its
// slot. The first edge into a label fixes it (a loop: the state at entry); later edges move into
// it. Sparse: at most one entry per allocatable register.
struct LabelLocal {
  uint32_t index = 0;
  Reg reg;
  bool dirty = false;
};
struct LabelState {
  bool fixed = false;
  std::vector<LabelLocal> locals;
};

// Every stack position owns a fixed 16-byte spill slot (wide enough for v128), so spilling never
// needs to find space and merge points agree on where each value lives.
inline constexpr uint32_t kSpillSlotSize = 16;

class ValueStack {
 public:
  // `spill_base`: frame offset just above position 0's slot; slots grow downwards from it.
  ValueStack(MacroAssembler& masm, int32_t spill_base);

  // Set once the frame is laid out (before any value is pushed).
  void set_spill_base(int32_t spill_base) { spill_base_ = spill_base; }

  uint32_t height() const { return static_cast<uint32_t>(values_.size()); }
  const VarState& at(uint32_t pos) const { return values_[pos]; }
  const VarState& top(uint32_t depth = 0) const { return values_[values_.size() - 1 - depth]; }
  Slot spill_slot(uint32_t pos) const {
    return Slot::frame(spill_base_ - static_cast<int32_t>(kSpillSlotSize * (pos + 1)));
  }

  void push_reg(ValType type, Reg reg);
  void push_const(ValType type, uint64_t bits);
  void push_stack(ValType type);  // the value is already in its spill slot

  // Removes the top value. A register it held stays allocated to the caller until release().
  VarState pop();

  // A register holding `v` (popped): its own register, or a new one loaded from its slot or
  // constant.
  Reg to_reg(const VarState& v);
  // A free register of `cls`, spilling the oldest register value of that class if none is free.
  Reg alloc(RegClass cls);
  void release(Reg reg);
  void release(const VarState& v) {
    if (v.loc == VarState::Loc::Reg) release(v.reg);
  }

  // Writes `v` (popped or not) to a memory cell.
  void store_to(Slot dst, const VarState& v);
  // Moves every register and constant of the stack into its spill slot (control merges, calls).
  void spill_all();
  // Drops values down to `height`, releasing their registers.
  void truncate(uint32_t height);

  // ---- locals ----
  // Locals stay in registers between calls, across labels too: each label has a LabelState.
  void add_local(ValType type, Slot slot, bool zero);
  void local_get(uint32_t i);
  void local_set(uint32_t i, bool tee);

  // ---- label states ----
  // The current locals as a label state (the first edge into a label). Writes dirty constant
  // locals to their slots first (a label state holds no constants), so emit it on every path.
  LabelState label_state();
  // Whether the current state already is `s` (an edge into it needs no code).
  bool matches(const LabelState& s) const;
  // Emits the moves that turn the current locals into `s`: stale slots written, registers moved
  // in parallel (cycles broken through a local's slot), the rest loaded. The tracked state is
  // left as it was (br_if falls through with it).
  void move_to(const LabelState& s);
  // Code after a label: locals as `s` says, operand values in their slots.
  void adopt(const LabelState& s);
  // At a loop header: the locals the loop reads (bit i of `reads`, i < kLoopTrackedLocals) go to
  // registers, up to a budget that leaves registers for operands; every other local is written
  // back and dropped.
  void keep_for_loop(const uint64_t* reads);
  // Before a call: the operand stack to its slots, locals in registers written back and
  // dropped (constant locals need no register and stay).
  void prepare_for_call() {
    spill_all();
    drop_local_registers();
  }
  void drop_local_registers();

 private:
  void spill(uint32_t pos);
  // Stores a dirty local to its slot; write_back also marks it clean.
  void emit_write_back(const LocalState& l) const;
  void write_back(LocalState& l);
  bool has_free(RegClass cls) const { return free_[cls == RegClass::Gp ? 0 : 1] != 0; }
  // Frees the register of the least recently used cached local of `cls` (not `locked_`).
  bool evict_local(RegClass cls);
  // A local that may leave its plain state (in its slot only, slot up to date) joins active_.
  void mark_active(uint32_t i) {
    if (locals_[i].listed) return;
    locals_[i].listed = true;
    active_.push_back(i);
  }
  // active_ without the locals back in their plain state, in index order (the order label
  // states list them in).
  const std::vector<uint32_t>& compact_active();

  MacroAssembler& masm_;
  int32_t spill_base_;
  std::vector<VarState> values_;
  uint32_t free_[2] = {0, 0};  // per RegClass: bit per hardware register number
  uint32_t all_[2] = {0, 0};   // per RegClass: the allocatable registers
  // move_to scratch, kept to spare an allocation per edge: per local, its entry in the label
  // state; pending register moves; loads of locals from their slot or constant.
  struct Move {
    Reg dst, src;
    uint32_t local;
  };
  struct Load {
    uint32_t local;
    bool from_slot;
  };
  std::vector<int32_t> label_entry_;
  std::vector<Move> moves_;
  std::vector<Load> loads_;
  std::vector<LocalState> locals_;
  // Every local not in its plain state, and perhaps a few that are again. Walks over the locals
  // at labels, calls and evictions go through it, so their cost is the number of locals touched
  // since the last such point rather than every local the function declares (a function with
  // many locals and many labels would otherwise compile in locals x labels time).
  std::vector<uint32_t> active_;
  uint32_t locked_ = UINT32_MAX;  // a local whose register alloc() must not take
  uint32_t clock_ = 0;
};

}  // namespace wasmrun::jit
