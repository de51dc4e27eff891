// The driver's per-function state, shared by the files that implement it: compiler.cpp (the
// walk, the frame, unreachable code), compiler_control.cpp (blocks, branches, calls),
// compiler_ops.cpp (operand shapes, memory, helpers) and compiler_dispatch.cpp (the opcode switch).
// Internal to the JIT.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/leb128.h"
#include "engine/core/opcodes.h"
#include "jit/call_layout.h"
#include "jit/compiler.h"
#include "jit/control_stack.h"
#include "jit/value_stack.h"

namespace wasmrun::jit::detail {

inline constexpr uint32_t kHelperCellSize = 16;  // helpers take RawValue cells
inline constexpr uint32_t kHelperAreaBytes = 4 * kHelperCellSize;
inline constexpr uint32_t kImmCell = 3;  // helper cell holding a lane index or shuffle pattern
inline constexpr size_t kTrapKinds = rt::kTrapKindCount + 1;  // + pending

inline uint32_t align16(uint32_t v) { return (v + 15) & ~15u; }

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
  // A new trap site of `kind` at the current instruction (see MacroAssembler::emit_trap_site).
  Label trap_label(uint32_t kind);
  // Fuel metering (ModuleCodegen::fuel): one unit at function entry and at each loop header.
  void emit_fuel_check();
  Label pending_trap() { return trap_label(kPendingTrap); }
  // Maps code offset `code` to the current instruction in the backtrace side table.
  void note_offset(uint32_t code) { m_.code_offsets->push_back({code, op_pos_}); }
  void note_call() { note_offset(masm_.last_call_return() - 1); }
  void emit_trap_sites();
  Label bounds_trap(uint64_t offset, bool addr64);

  // ---- instructions ----
  bool compile_op(Op op);
  void dead_op(Op op);
  void begin_block(ControlFrame::Kind kind);
  void end_frame();
  void else_arm();
  ControlFrame new_if_frame();
  void move_carried(uint32_t target_height, uint32_t arity);
  void fix_label(ControlFrame& f);
  void edge_to(ControlFrame& f);
  bool branch_is_plain_jump(const ControlFrame& target) const;
  void branch_to(uint32_t depth);
  void br_if(uint32_t depth);
  void br_table();
  void write_results_and_return();
  void call(uint32_t func_index);
  void call_indirect(uint32_t type_index, uint32_t table);
  void push_call_results(const FuncType& type, const CallLayout& layout);
  void store_call_args(const FuncType& type, const CallLayout& layout);
  // return_call, return_call_indirect (compiler_tail_call.cpp).
  void tail_call(uint32_t func_index);
  void tail_call_indirect(uint32_t type_index, uint32_t table);
  MacroAssembler::TailCall tail_call_shape(const CallLayout& callee);
  void note_tail_call();
  void int_binary(IntBinary fn, ValType type);
  void int_compare(Cond cond, ValType type);
  void int_divide(Op op);
  void unary(Unary fn, ValType from, ValType to);
  void float_binary(FloatBinary fn, ValType type);
  void float_compare(FCond cond, ValType type);
  void select();
  // A load or store's memarg: the memory index (multi-memory) and the offset.
  struct MemArg {
    uint32_t memory = 0;
    uint64_t offset = 0;
  };
  MemArg read_memarg();
  // Points the back end's next access at `memory`: nothing for memory 0, else a register with
  // its LinearMemory*, which the caller releases after the access.
  std::optional<Reg> use_memory(uint32_t memory);
  void load(MemAccess access);
  void store(MemAccess access);
  void numeric_helper(Op op, const uint8_t* imm = nullptr, size_t imm_size = 0);
  void memory_helper(Op op);
  bool fused_compare(Cond cond, ValType type, bool rhs_zero);
  void store_operands_to_cells(uint32_t count, uint32_t first_cell);
  void instr_helper(Op op, uint32_t imm0, uint32_t imm1, ValType result_type);
  void v128_const();
  // An inline SIMD op (compiler_simd.cpp); false when the back end leaves `op` to the helper.
  bool simd_inline(Op op);

  ModuleCodegen& m_;
  MacroAssembler& masm_;
  const core::Module& module_;
  const FunctionInfo& info_;
  const core::FunctionBody& body_;
  const FuncType& type_;
  uint32_t func_index_;
  Label label_;
  ValueStack stack_;
  ControlStack frames_;
  uint32_t next_loop_ = 0;  // ordinal of the next loop the walk meets (FunctionInfo::loop_reads)
  std::vector<Slot> local_slots_;
  uint32_t frame_size_ = 0;
  CallLayout own_layout_;
  std::array<Label, kTrapKinds> trap_labels_{};  // per kind: the stub trap sites call
  struct TrapSite {
    Label label;
    size_t kind_index;
    uint32_t wasm;
  };
  std::vector<TrapSite> sites_;
  uint32_t op_pos_ = 0;  // offset in Module::bytes of the instruction being compiled
  Label return_label_;
  bool reachable_ = true;
  uint32_t dead_depth_ = 0;  // blocks opened inside unreachable code
  const uint8_t* p_ = nullptr;
  const uint8_t* end_ = nullptr;
  std::optional<std::string> error_;
};

}  // namespace wasmrun::jit::detail
