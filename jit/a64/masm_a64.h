// The arm64 back end of the baseline JIT on asmjit's a64::Assembler (AAPCS64 hosts: Linux and
// Apple Silicon).
//
// Register use:
//   x19  the instance context (InstanceContext*) of the running function, pinned
//   x20  the execution state (ExecState*), pinned
//   x29  frame pointer (frames are chained so traps can walk them for a backtrace), x30 link
//   x16, x17  scratch of this back end (addresses, immediates, helper call targets)
//   v30, v31  vector scratch, kept out of allocation (v31: popcount, v128 slot copies)
//   x28  the base of memory 0 of the running instance, pinned (the base never moves)
//   x27  the LinearMemory of memory 0 (its current size for explicit checks), pinned in explicit
//        mode and allocatable in guard-page mode
//   x0..x15, x21..x26, (x27), v0..v29   allocated by the driver
//   x18  never touched: the platform register on Apple
// Every allocatable register is caller-saved between JIT functions: the driver spills the value
// stack before each call. x27 and x28 are set by the entry trampoline and whenever a call switches
// instances (and restored after it), whatever the bounds mode. x19/x20 are callee-saved in AAPCS64,
// so C++ helpers preserve them; the entry trampoline saves x19..x28 and d8..d15 for its host
// caller.
//
// Frame (grows down):
//   [fp + 16 ...]  argument/result area written by the caller (8-byte cells)
//   [fp + 8]       return address (x30)
//   [fp]           caller's fp
//   [fp - 8]       this function's context (x19), reloaded after calls into other instances
//   [fp - 16 ...]  locals and spill slots, laid out by the driver
//   [sp ...]       outgoing argument area for calls and helpers
// sp stays 16-byte aligned at all times and fixed inside a body (sp = fp - frame size), so frame
// slots are addressed from sp with positive scaled offsets where they fit.
// Immediates asmjit would expand into several instructions are materialised here instead, so the
// listing shows every instruction emitted.
#pragma once

#include <asmjit/arm/a64assembler.h>
#include <asmjit/core.h>

#include "jit/masm.h"

namespace wasmrun::jit::a64 {

class A64MacroAssembler final : public MacroAssembler {
 public:
  explicit A64MacroAssembler(asmjit::CodeHolder& code);

  std::span<const Reg> allocatable(RegClass cls) const override;
  uint32_t code_offset() const override { return static_cast<uint32_t>(a_.offset()); }
  Label new_label() override;
  void bind(Label l) override;
  void jump(Label l) override;
  void jump_if_zero(Reg i32, Label l) override;
  void jump_if_nonzero(Reg i32, Label l) override;
  void jump_if(Cond cond, ValType type, Reg lhs, Operand rhs, Label l) override;
  void jump_table(Reg index, std::span<const Label> targets, Label fallback) override;

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
  void load_v128_constant(Reg dst, uint64_t lo, uint64_t hi) override;
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
  using Gp = asmjit::a64::Gp;

  // Pinned for the running instance's memory 0 (callee-saved in AAPCS64, so helpers keep them).
  static constexpr asmjit::a64::GpX kMemoryBaseReg = asmjit::a64::x28;
  static constexpr asmjit::a64::GpX kMemoryReg = asmjit::a64::x27;
  using Vec = asmjit::a64::Vec;
  using Mem = asmjit::a64::Mem;

  static Gp gp32(Reg r) { return asmjit::a64::w(r.code); }
  static Gp gp64(Reg r) { return asmjit::a64::x(r.code); }
  static Gp gp(Reg r, bool wide) { return wide ? gp64(r) : gp32(r); }
  static Vec vs(Reg r) { return asmjit::a64::s(r.code); }
  static Vec vd(Reg r) { return asmjit::a64::d(r.code); }
  static Vec vq(Reg r) { return asmjit::a64::VecV(r.code); }
  static Vec vf(Reg r, bool wide) { return wide ? vd(r) : vs(r); }
  static asmjit::Label label(Label l) { return asmjit::Label(l.id); }

  // Conditional branches to driver labels (block ends, trap stubs): b.cond/cbz/cbnz reach
  // 1 MiB; with far branches they skip over an unconditional b (128 MiB) instead.
  void branch_if(asmjit::arm::CondCode cc, Label target);
  void branch_if_zero(const Gp& r, Label target);
  void branch_if_nonzero(const Gp& r, Label target);

  // ---- shared shapes (masm_a64.cpp) ----
  // `base + offset` as an operand of an access of `size` bytes; out-of-range offsets go through
  // `tmp` (which must differ from `base`).
  Mem mem(const Gp& base, int64_t offset, uint32_t size, const Gp& tmp);
  Mem slot_mem(Slot s, uint32_t size);
  // Any constant into a register (movz/movn/movk, or one orr when it is a logical immediate).
  void materialize(const Gp& dst, uint64_t value);
  // dst = src + value (64-bit), through `tmp` when value is no add/sub immediate.
  void add_constant(const Gp& dst, const Gp& src, uint64_t value, const Gp& tmp);
  void load_value(ValType type, Reg dst, const Mem& m);
  void store_value(ValType type, Reg src, const Mem& m);

  // ---- integer (masm_a64_int.cpp) ----
  enum class AluOp : uint8_t { Add, Sub, Mul, And, Or, Xor };
  enum class ShiftOp : uint8_t { Shl, Sar, Shr, Rol, Ror };
  void alu(AluOp op, bool wide, Reg dst, Reg lhs, Operand rhs);
  void shift(ShiftOp op, bool wide, Reg dst, Reg lhs, Operand rhs);
  void divide(bool wide, bool is_signed, bool want_remainder, Reg dst, Reg lhs, Reg rhs,
              Label div_by_zero, Label overflow);
  void compare(bool wide, Reg lhs, Operand rhs);
  void set_cond(Cond cond, bool wide, Reg dst, Reg lhs, Operand rhs);
  void population_count(bool wide, Reg dst, Reg src);

  // ---- float (masm_a64_float.cpp) ----
  enum class FArith : uint8_t { Add, Sub, Mul, Div, Min, Max };
  enum class FRound : uint8_t { Ceil, Floor, Trunc, Nearest };
  void farith(FArith op, bool wide, Reg dst, Reg lhs, Reg rhs);
  void fround(FRound mode, bool wide, Reg dst, Reg src);
  void fset_cond(FCond cond, bool wide, Reg dst, Reg lhs, Reg rhs);
  void fcopysign(bool wide, Reg dst, Reg lhs, Reg rhs);

  // ---- SIMD (masm_a64_simd.cpp) ----
  // A 128-bit constant in a vector register (through x16).
  void v128_constant(const Vec& dst, uint64_t lo, uint64_t hi);
  void i8x16_dot_i7x16(uint8_t d, uint8_t l, uint8_t r);

  // ---- memory (masm_a64_memory.cpp) ----
  // Checks bounds and returns the access operand [x17 + zero-extended addr] (x17 = memory base
  // + offset).
  Mem checked_address(Reg addr, uint64_t offset, uint32_t size, Label oob);
  // The same for an i64 address of a 64-bit memory (memory64), in either bounds mode: the operand
  // is [x17 + addr] (or [base + addr] when the offset is 0).
  Mem checked_address64(Reg addr, uint64_t offset, uint32_t size, Label oob);
  // The same for plain loads and stores, which skip the check in guard-page mode.
  Mem access_address(Reg addr, uint64_t offset, uint32_t size, bool addr64, Label oob);
  // [memory base + addr + offset], unchecked (may use x16, x17).
  Mem memory_operand(Reg addr, uint64_t offset);
  // The register holding the accessed memory's LinearMemory (for its size; may load x17) and
  // the one holding its base (see use_memory).
  Gp checked_memory();
  Gp access_base();
  // Loads the pinned memory registers from the context in x19 (after switching instances).
  void load_memory_registers();

  // ---- calls (masm_a64_calls.cpp) ----
  void call_helper(Helper h);
  // Calls the FuncInst* in x16: JIT code (switching the context register) or a host function.
  void call_func_inst(Label pending_trap);
  void call_host(Label pending_trap);
  // Tail calls (masm_a64_tail_calls.cpp).
  void copy_cells(const Gp& dst, int32_t dst_offset, const Gp& src, int32_t src_offset,
                  uint32_t bytes);
  // Switches to the loaded callee's instance when `callee` is invalid (a FuncInst's code).
  void enter_callee_instance(Label callee);
  // Restores x19..x28, d8..d15, fp and lr from the trampoline frame at fp and returns.
  void trampoline_return();

  asmjit::a64::Assembler a_;
  uint32_t frame_size_ = 0;  // of the function being emitted (sp = fp - frame_size_)
};

}  // namespace wasmrun::jit::a64
