// The x64 back end of the baseline JIT on asmjit's x86::Assembler.
//
// Register use:
//   r14  the instance context (InstanceContext*) of the running function, pinned
//   r15  the execution state (ExecState*), pinned
//   rbp  frame pointer (frames are chained so traps can walk them for a backtrace)
//   rax, rcx, rdx, r11, xmm14, xmm15   scratch of this back end (division, shifts, helper calls)
//   r13  the base of memory 0 of the running instance, pinned (the base never moves)
//   r12  the LinearMemory of memory 0 (its current size for explicit checks), pinned in explicit
//        mode and allocatable in guard-page mode
//   rbx, rsi, rdi, r8, r9, r10, (r12), xmm0..xmm13   allocated by the driver
// Every allocatable register is caller-saved between JIT functions: the driver spills the value
// stack before each call. r12 and r13 are set by the entry trampoline and whenever a call switches
// instances (and restored after it), whatever the bounds mode, since the callee may use either.
//
// Frame (grows down):
//   [rbp + 16 ...]  argument/result area written by the caller (8-byte cells)
//   [rbp + 8]       return address
//   [rbp]           caller's rbp
//   [rbp - 8]       this function's context (r14), reloaded after calls into other instances
//   [rbp - 16 ...]  locals and spill slots, laid out by the driver
//   [rsp ...]       outgoing argument area for calls and helpers
// rsp stays 16-byte aligned inside the body, so helpers (SysV C++ functions) can be called
// directly.
#pragma once

#include <asmjit/x86.h>

#include <vector>

#include "jit/masm.h"

namespace wasmrun::jit::x64 {

class X64MacroAssembler final : public MacroAssembler {
 public:
  // Emits into `code` (already initialised for the host); `cpu` features pick instruction forms.
  explicit X64MacroAssembler(asmjit::CodeHolder& code);

  std::span<const Reg> allocatable(RegClass cls) const override;
  uint32_t code_offset() const override { return static_cast<uint32_t>(a_.offset()); }
  Label new_label() override;
  void bind(Label l) override;
  void jump(Label l) override;
  void jump_if_zero(Reg i32, Label l) override;
  void jump_if_nonzero(Reg i32, Label l) override;
  void jump_if(Cond cond, ValType type, Reg lhs, Operand rhs, Label l) override;
  void jump_table(Reg index, std::span<const Label> targets, Label fallback) override;
  void finish_function() override;

  int32_t incoming_area_offset() const override { return 16; }
  int32_t frame_header_size() const override { return 8; }
  void emit_prologue(uint32_t frame_size, Label stack_trap) override;
  void emit_interrupt_check(Label trap) override;
  void emit_fuel_check(Label trap) override;
  void emit_epilogue() override;

  void load(Reg dst, ValType type, Slot src) override;
  void store(Slot dst, ValType type, Reg src) override;
  void store_constant(Slot dst, ValType type, uint64_t bits) override;
  void copy_slot(Slot dst, Slot src, ValType type) override;
  void move(Reg dst, Reg src, ValType type) override;
  void load_constant(Reg dst, ValType type, uint64_t bits) override;

  void emit_global_get(Reg dst, ValType type, uint32_t index) override;
  void emit_global_set(uint32_t index, ValType type, Reg src) override;

  void emit_i32_add(Reg dst, Reg lhs, Operand rhs) override;
  void emit_i32_sub(Reg dst, Reg lhs, Operand rhs) override;
  void emit_i32_mul(Reg dst, Reg lhs, Operand rhs) override;
  void emit_i32_and(Reg dst, Reg lhs, Operand rhs) override;
  void emit_i32_or(Reg dst, Reg lhs, Operand rhs) override;
  void emit_i32_xor(Reg dst, Reg lhs, Operand rhs) override;
  void emit_i32_shl(Reg dst, Reg lhs, Operand rhs) override;
  void emit_i32_shr_s(Reg dst, Reg lhs, Operand rhs) override;
  void emit_i32_shr_u(Reg dst, Reg lhs, Operand rhs) override;
  void emit_i32_rotl(Reg dst, Reg lhs, Operand rhs) override;
  void emit_i32_rotr(Reg dst, Reg lhs, Operand rhs) override;
  void emit_i32_div_s(Reg dst, Reg lhs, Reg rhs, Label div_by_zero, Label overflow) override;
  void emit_i32_div_u(Reg dst, Reg lhs, Reg rhs, Label div_by_zero) override;
  void emit_i32_rem_s(Reg dst, Reg lhs, Reg rhs, Label div_by_zero) override;
  void emit_i32_rem_u(Reg dst, Reg lhs, Reg rhs, Label div_by_zero) override;
  void emit_i32_clz(Reg dst, Reg src) override;
  void emit_i32_ctz(Reg dst, Reg src) override;
  void emit_i32_popcnt(Reg dst, Reg src) override;
  void emit_i32_eqz(Reg dst, Reg src) override;
  void emit_i32_extend8_s(Reg dst, Reg src) override;
  void emit_i32_extend16_s(Reg dst, Reg src) override;
  void emit_i32_set_cond(Cond cond, Reg dst, Reg lhs, Operand rhs) override;

  void emit_i64_add(Reg dst, Reg lhs, Operand rhs) override;
  void emit_i64_sub(Reg dst, Reg lhs, Operand rhs) override;
  void emit_i64_mul(Reg dst, Reg lhs, Operand rhs) override;
  void emit_i64_and(Reg dst, Reg lhs, Operand rhs) override;
  void emit_i64_or(Reg dst, Reg lhs, Operand rhs) override;
  void emit_i64_xor(Reg dst, Reg lhs, Operand rhs) override;
  void emit_i64_shl(Reg dst, Reg lhs, Operand rhs) override;
  void emit_i64_shr_s(Reg dst, Reg lhs, Operand rhs) override;
  void emit_i64_shr_u(Reg dst, Reg lhs, Operand rhs) override;
  void emit_i64_rotl(Reg dst, Reg lhs, Operand rhs) override;
  void emit_i64_rotr(Reg dst, Reg lhs, Operand rhs) override;
  void emit_i64_div_s(Reg dst, Reg lhs, Reg rhs, Label div_by_zero, Label overflow) override;
  void emit_i64_div_u(Reg dst, Reg lhs, Reg rhs, Label div_by_zero) override;
  void emit_i64_rem_s(Reg dst, Reg lhs, Reg rhs, Label div_by_zero) override;
  void emit_i64_rem_u(Reg dst, Reg lhs, Reg rhs, Label div_by_zero) override;
  void emit_i64_clz(Reg dst, Reg src) override;
  void emit_i64_ctz(Reg dst, Reg src) override;
  void emit_i64_popcnt(Reg dst, Reg src) override;
  void emit_i64_eqz(Reg dst, Reg src) override;
  void emit_i64_extend8_s(Reg dst, Reg src) override;
  void emit_i64_extend16_s(Reg dst, Reg src) override;
  void emit_i64_extend32_s(Reg dst, Reg src) override;
  void emit_i64_set_cond(Cond cond, Reg dst, Reg lhs, Operand rhs) override;

  void emit_i32_wrap_i64(Reg dst, Reg src) override;
  void emit_i64_extend_i32_s(Reg dst, Reg src) override;
  void emit_i64_extend_i32_u(Reg dst, Reg src) override;

  void emit_f32_add(Reg dst, Reg lhs, Reg rhs) override;
  void emit_f32_sub(Reg dst, Reg lhs, Reg rhs) override;
  void emit_f32_mul(Reg dst, Reg lhs, Reg rhs) override;
  void emit_f32_div(Reg dst, Reg lhs, Reg rhs) override;
  void emit_f32_min(Reg dst, Reg lhs, Reg rhs) override;
  void emit_f32_max(Reg dst, Reg lhs, Reg rhs) override;
  void emit_f32_copysign(Reg dst, Reg lhs, Reg rhs) override;
  void emit_f32_abs(Reg dst, Reg src) override;
  void emit_f32_neg(Reg dst, Reg src) override;
  void emit_f32_sqrt(Reg dst, Reg src) override;
  void emit_f32_ceil(Reg dst, Reg src) override;
  void emit_f32_floor(Reg dst, Reg src) override;
  void emit_f32_trunc(Reg dst, Reg src) override;
  void emit_f32_nearest(Reg dst, Reg src) override;
  void emit_f32_set_cond(FCond cond, Reg dst, Reg lhs, Reg rhs) override;
  void emit_f64_add(Reg dst, Reg lhs, Reg rhs) override;
  void emit_f64_sub(Reg dst, Reg lhs, Reg rhs) override;
  void emit_f64_mul(Reg dst, Reg lhs, Reg rhs) override;
  void emit_f64_div(Reg dst, Reg lhs, Reg rhs) override;
  void emit_f64_min(Reg dst, Reg lhs, Reg rhs) override;
  void emit_f64_max(Reg dst, Reg lhs, Reg rhs) override;
  void emit_f64_copysign(Reg dst, Reg lhs, Reg rhs) override;
  void emit_f64_abs(Reg dst, Reg src) override;
  void emit_f64_neg(Reg dst, Reg src) override;
  void emit_f64_sqrt(Reg dst, Reg src) override;
  void emit_f64_ceil(Reg dst, Reg src) override;
  void emit_f64_floor(Reg dst, Reg src) override;
  void emit_f64_trunc(Reg dst, Reg src) override;
  void emit_f64_nearest(Reg dst, Reg src) override;
  void emit_f64_set_cond(FCond cond, Reg dst, Reg lhs, Reg rhs) override;
  void emit_i32_reinterpret_f32(Reg dst, Reg src) override;
  void emit_i64_reinterpret_f64(Reg dst, Reg src) override;
  void emit_f32_reinterpret_i32(Reg dst, Reg src) override;
  void emit_f64_reinterpret_i64(Reg dst, Reg src) override;
  void emit_f32_demote_f64(Reg dst, Reg src) override;
  void emit_f64_promote_f32(Reg dst, Reg src) override;
  void emit_f32_convert_i32_s(Reg dst, Reg src) override;
  void emit_f64_convert_i32_s(Reg dst, Reg src) override;
  void emit_f32_convert_i64_s(Reg dst, Reg src) override;
  void emit_f64_convert_i64_s(Reg dst, Reg src) override;
  void emit_f32_convert_i32_u(Reg dst, Reg src) override;
  void emit_f64_convert_i32_u(Reg dst, Reg src) override;

  bool has_inline_simd(Op op) const override;
  void emit_v128_unop(Op op, Reg dst, Reg src) override;
  void emit_v128_binop(Op op, Reg dst, Reg lhs, Reg rhs) override;
  void emit_v128_ternop(Op op, Reg dst, Reg a, Reg b, Reg c) override;
  void emit_v128_shift(Op op, Reg dst, Reg lhs, Operand count) override;
  void emit_v128_test(Op op, Reg dst, Reg src) override;
  void load_v128_constant(Reg dst, uint64_t lo, uint64_t hi) override {
    v128_constant(xmm(dst), lo, hi);
  }
  void emit_v128_splat(Op op, Reg dst, Reg src) override;
  void emit_v128_extract_lane(Op op, Reg dst, Reg src, uint8_t lane) override;
  void emit_v128_replace_lane(Op op, Reg dst, Reg scalar, uint8_t lane) override;
  void emit_v128_shuffle(Reg dst, Reg lhs, Reg rhs, const uint8_t* lanes) override;

  void emit_select(ValType type, Reg dst, Reg cond, Reg if_true, Reg if_false) override;

  void emit_load(MemAccess access, Reg dst, Reg addr, uint64_t offset, Label oob) override;
  void emit_store(MemAccess access, Reg addr, uint64_t offset, Reg value, Label oob) override;
  void emit_checked_address(Reg dst, Reg addr, uint64_t offset, uint32_t size, bool addr64,
                            Label oob) override;
  void load_linear_memory(Reg dst, uint32_t index) override;
  void emit_memory_size(Reg dst) override;
  void emit_memory_grow(Reg reg) override;

  void emit_call_direct(Label callee) override;
  void emit_call_import(uint32_t func_index, Label pending_trap) override;
  void emit_call_indirect(Reg index, uint32_t table, uint32_t type_index,
                          Label pending_trap) override;
  void emit_call_numeric_helper(uint32_t op, Label pending_trap) override;
  void emit_call_instr_helper(uint32_t op, uint64_t imms, Label pending_trap) override;

  void emit_ref_func(Reg dst, uint32_t func_index) override;

  void emit_trap_jump(Label trap) override;
  bool has_branches_to(Label l) const override;
  uint32_t emit_trap_site(Label site, Label stub) override;
  void emit_trap_stub(Label stub, uint32_t kind, uint32_t func_index, Label common) override;
  void emit_trap_common(Label common) override;
  void emit_entry_trampoline(Label entry) override;

 protected:
  void load_import(uint32_t func_index) override;
  void lookup_indirect(Reg index, uint32_t table, uint32_t type_index, Label pending_trap) override;
  void load_tail_callee(Label host) override;
  void jump_if_callee_in_this_instance(Label target) override;
  void jump_if_in_adapter_area(Label target) override;
  void tail_jump(Label callee, const TailCall& t) override;
  void tail_adapter(Label callee, const TailCall& t) override;
  void tail_call_host(const TailCall& t) override;

 private:
  using Gp = asmjit::x86::Gp;
  using Xmm = asmjit::x86::Xmm;
  using Mem = asmjit::x86::Mem;

  // Pinned for the running instance's memory 0 (callee-saved in SysV, so helpers keep them).
  static constexpr asmjit::x86::Gp kMemoryBaseReg = asmjit::x86::r13;
  static constexpr asmjit::x86::Gp kMemoryReg = asmjit::x86::r12;

  static Gp gp32(Reg r) { return asmjit::x86::gpd(r.code); }
  static Gp gp64(Reg r) { return asmjit::x86::gpq(r.code); }
  static Gp gp(Reg r, bool wide) { return wide ? gp64(r) : gp32(r); }
  static Xmm xmm(Reg r) { return asmjit::x86::xmm(r.code); }
  static asmjit::Label label(Label l) { return asmjit::Label(l.id); }
  Mem slot_mem(Slot s, uint32_t size) const;

  // Shared shapes of the integer routines.
  enum class AluOp : uint8_t { Add, Sub, Mul, And, Or, Xor };
  enum class ShiftOp : uint8_t { Shl, Sar, Shr, Rol, Ror };
  void alu(AluOp op, bool wide, Reg dst, Reg lhs, Operand rhs);
  void shift(ShiftOp op, bool wide, Reg dst, Reg lhs, Operand rhs);
  void divide(bool wide, bool is_signed, bool want_remainder, Reg dst, Reg lhs, Reg rhs,
              Label div_by_zero, Label overflow);
  void set_cond(Cond cond, bool wide, Reg dst, Reg lhs, Operand rhs);
  void compare(bool wide, Reg lhs, Operand rhs);
  void count_leading_zeros(bool wide, Reg dst, Reg src);
  void count_trailing_zeros(bool wide, Reg dst, Reg src);
  void population_count(bool wide, Reg dst, Reg src);

  // Shared shapes of the float routines (`wide` = f64).
  enum class FArith : uint8_t { Add, Sub, Mul, Div };
  void farith(FArith op, bool wide, Reg dst, Reg lhs, Reg rhs);
  void fminmax(bool is_min, bool wide, Reg dst, Reg lhs, Reg rhs);
  void fsign_op(bool wide, int kind, Reg dst, Reg src);  // 0 abs, 1 neg
  void fround(bool wide, uint8_t mode, Reg dst, Reg src);
  void fset_cond(FCond cond, bool wide, Reg dst, Reg lhs, Reg rhs);
  void fcopysign(bool wide, Reg dst, Reg lhs, Reg rhs);

  // Shared pieces of the SIMD routines (masm_x64_simd.cpp).
  void v128_constant(Xmm dst, uint64_t lo, uint64_t hi);
  void v128_not(Xmm d);
  void v128_compare(Op op, Xmm d, Xmm r);
  void i64x2_greater(Xmm out, Xmm a, Xmm b);
  void v128_float_minmax(bool is_min, bool wide, Xmm d, Xmm r);
  void i8x16_dot_i7x16(Xmm d, Xmm r);

  // Address of an access: checks bounds and leaves the effective address's memory operand.
  Mem checked_address(Reg addr, uint64_t offset, uint32_t size, Label oob);
  // The same for an i64 address of a 64-bit memory (memory64), in either bounds mode.
  Mem checked_address64(Reg addr, uint64_t offset, uint32_t size, Label oob);
  // The same for plain loads and stores, which skip the check in guard-page mode.
  Mem access_address(Reg addr, uint64_t offset, uint32_t size, bool addr64, Label oob);
  // [memory base + addr + offset], unchecked.
  Mem memory_operand(Reg addr, uint64_t offset);
  // The register holding the accessed memory's LinearMemory, for an explicit check (may load rax).
  Gp checked_memory();
  // Loads the pinned memory registers from the context in r14 (after switching instances).
  void load_memory_registers();
  // Calls helper `h` through the execution state's table.
  void call_helper(Helper h);
  // Calls the FuncInst* in rax: JIT code (switching the context register) or a host function.
  void call_func_inst(Label pending_trap);
  void call_host(Label pending_trap);
  // Tail calls (masm_x64_tail_calls.cpp).
  void copy_cells(const asmjit::x86::Gp& dst, int32_t dst_offset, const asmjit::x86::Gp& src,
                  int32_t src_offset, uint32_t bytes);
  // Switches to the loaded callee's instance when `callee` is invalid (a FuncInst's code).
  void enter_callee_instance(Label callee);

  asmjit::x86::Assembler a_;
  // Jump tables of the function being emitted, filled in by finish_function(): a table's entries
  // are the targets' offsets from the table, known once the targets are bound. (asmjit's own
  // label deltas cost about 100 bytes of bookkeeping per entry; these cost 4.)
  struct PendingTable {
    size_t offset;  // of the table in the text section
    size_t first;   // its first entry in table_targets_
    size_t count;
  };
  std::vector<PendingTable> tables_;
  std::vector<uint32_t> table_targets_;  // label ids, entry by entry
  bool has_lzcnt_ = false;
  bool has_tzcnt_ = false;
  bool has_popcnt_ = false;
};

}  // namespace wasmrun::jit::x64
