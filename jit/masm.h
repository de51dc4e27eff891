// The per-architecture emitter interface of the baseline JIT. The driver (jit/compiler.cpp) decides
// where values live; a MacroAssembler turns one wasm operation at a time into machine code for
// operands it is handed in registers, immediates or frame slots. Everything that differs between
// x64 and arm64 (instruction choice, scratch registers, the frame and call sequences) lives
// behind this interface, so a new back end needs no driver change.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "engine/core/opcodes.h"
#include "runtime/trap.h"
#include "wasmrun/types.hpp"

namespace wasmrun::jit {

enum class RegClass : uint8_t { Gp, Fp };

// A machine register by class and hardware number (x64: rax=0..r15=15, xmm0..15; arm64: x0..x30,
// v0..v31). Only the back end interprets the number.
struct Reg {
  RegClass cls = RegClass::Gp;
  uint8_t code = 0;
  bool operator==(const Reg&) const = default;
};

inline RegClass reg_class_of(ValType t) {
  return (t == ValType::F32 || t == ValType::F64 || t == ValType::V128) ? RegClass::Fp
                                                                        : RegClass::Gp;
}

// A right-hand operand: a register, or a constant the back end encodes as an immediate when the
// instruction allows it (and materialises in a scratch register otherwise).
struct Operand {
  bool is_imm = false;
  Reg reg;
  uint64_t imm = 0;  // the value's bits (i32: low 32 bits)
  static Operand of(Reg r) { return {false, r, 0}; }
  static Operand constant(uint64_t bits) { return {true, Reg{}, bits}; }
};

// A memory cell of the current frame: relative to the frame pointer (locals, spill slots, the
// incoming argument area) or to the stack pointer (the outgoing argument area at the bottom of
// the frame).
struct Slot {
  enum class Base : uint8_t { Frame, Stack };
  Base base = Base::Frame;
  int32_t offset = 0;
  static Slot frame(int32_t off) { return {Base::Frame, off}; }
  static Slot outgoing(int32_t off) { return {Base::Stack, off}; }
};

// A code position. Created and bound through the MacroAssembler; the id is the back end's.
struct Label {
  uint32_t id = UINT32_MAX;
  bool valid() const { return id != UINT32_MAX; }
};

// Integer comparisons (also used for fused compare-and-branch).
enum class Cond : uint8_t { Eq, Ne, LtS, LtU, GtS, GtU, LeS, LeU, GeS, GeU };
// Float comparisons: false on NaN except Ne (true on NaN), as wasm defines them.
enum class FCond : uint8_t { Eq, Ne, Lt, Gt, Le, Ge };

// Plain loads and stores of linear memory: access width and how a narrow load extends.
struct MemAccess {
  ValType type = ValType::I32;  // the wasm value type produced (load) or consumed (store)
  uint8_t size_log2 = 2;        // 0..3: 1, 2, 4 or 8 bytes
  bool sign_extend = false;     // narrow loads only
  bool addr64 = false;          // a 64-bit memory (memory64): i64 address, always checked
};

// Out-of-line C++ helpers that JIT code calls through the execution state's helper table, so
// that no absolute host address is baked into the code (the listings stay reproducible).
enum class Helper : uint8_t {
  RecordTrap,      // void(ExecState*, uint32 kind, uint32 func_index, uintptr fp, uintptr pc)
  CallFunc,        // uint32(ExecState*, FuncInst*, uint64* cells, InstanceContext* caller)
  LookupIndirect,  // FuncInst*(ExecState*, InstanceContext*, uint32 table, uint32 i, uint32 type)
  MemoryGrow,      // uint64(InstanceContext*, uint64 delta); i32 delta and result (zero-
                   // extended) for a 32-bit memory, whose delta's upper half is ignored
  Numeric,         // uint32(ExecState*, uint32 op, RawValue* cells): any numeric op of ops.h
  Instr,           // uint32(ExecState*, InstanceContext*, uint32 op, RawValue* cells,
                   //        uint64 imms): table, bulk memory and reference ops
  Count
};

// Kinds of trap stubs: the runtime's trap kinds plus one that re-raises a trap a helper has
// already recorded in the execution state (a host function's own trap, for instance).
inline constexpr uint32_t kPendingTrap = 0xff;

// A SIMD shift by its lane width (log2 of the lane's bytes, 0..3) and kind (0 shl, 1 shr_s,
// 2 shr_u); both back ends decode emit_v128_shift's op through it. Each family's three shifts
// are consecutive in opcodes.def.
struct V128Shift {
  uint8_t lane = 0;
  uint8_t kind = 0;
};
inline V128Shift v128_shift_of(Op op) {
  constexpr Op kFirst[] = {Op::I8x16Shl, Op::I16x8Shl, Op::I32x4Shl, Op::I64x2Shl};
  for (uint8_t lane = 0; lane < 4; ++lane) {
    int k = static_cast<int>(op) - static_cast<int>(kFirst[lane]);
    if (k >= 0 && k < 3) return {lane, static_cast<uint8_t>(k)};
  }
  return {};
}

class MacroAssembler {
 public:
  virtual ~MacroAssembler() = default;

  // Plain loads and stores leave bounds to the memory's guard region (see CompileOptions).
  void set_guard_pages(bool on) { guard_pages_ = on; }
  bool guard_pages() const { return guard_pages_; }
  // Whether emit_load/emit_store with this offset compare with the memory's size (and so may
  // branch to their `oob` label). In guard-page mode the memory reserves 8 GiB: any index plus an
  // offset below 4 GiB - 32 stays inside the reservation, and whatever lies past the committed
  // pages faults. Larger offsets (never produced by real toolchains) keep the explicit check, and
  // so do all accesses to a 64-bit memory (`addr64`), which no reservation can cover.
  bool access_is_checked(uint64_t offset, bool addr64 = false) const {
    return !guard_pages_ || addr64 || offset > (uint64_t{1} << 32) - 32;
  }
  // Every branch to a Label must reach anywhere in the module. Back ends whose conditional
  // branches have a short range (arm64: 1 MiB) then emit a longer sequence; the module is emitted
  // again with this set when a short branch did not reach.
  void set_far_branches(bool on) { far_branches_ = on; }

  // ---- code positions (for the backtrace side table, CompiledModule::code_offsets) ----
  // Bytes emitted so far in the module's code.
  virtual uint32_t code_offset() const = 0;
  // Where the last call into wasm code emitted (emit_call_direct, or the wasm path of an
  // imported or indirect call) returns to: the return address its callee's frame records.
  uint32_t last_call_return() const { return last_call_return_; }

  // ---- registers and labels ----
  // Registers the driver may allocate; the back end keeps its scratch registers out of these.
  virtual std::span<const Reg> allocatable(RegClass cls) const = 0;
  virtual Label new_label() = 0;
  virtual void bind(Label l) = 0;
  virtual void jump(Label l) = 0;
  virtual void jump_if_zero(Reg i32, Label l) = 0;
  virtual void jump_if_nonzero(Reg i32, Label l) = 0;
  // Jumps when `lhs cond rhs` holds (i32 or i64 compare).
  virtual void jump_if(Cond cond, ValType type, Reg lhs, Operand rhs, Label l) = 0;
  // Multi-way jump on an i32 index: targets[index], or `fallback` when index >= targets.size().
  virtual void jump_table(Reg index, std::span<const Label> targets, Label fallback) = 0;
  // The function's code is complete: every label it uses is bound. Back ends that defer
  // patching (x64 jump tables) finish here.
  virtual void finish_function() {}

  // ---- frame ----
  // Offset from the frame pointer of the caller-written argument/result area (same on every
  // architecture that keeps the return address and saved frame pointer above the frame).
  virtual int32_t incoming_area_offset() const = 0;
  // Bytes below the frame pointer the prologue reserves for itself (the saved context pointer).
  virtual int32_t frame_header_size() const = 0;
  // Sets up the frame: `frame_size` bytes below the frame pointer (header included, a multiple
  // of 16), the outgoing area at the bottom. Before reserving it, jumps to `stack_trap` when the
  // frame would reach below the execution state's stack limit: a frame larger than the reserve
  // below the limit must never be reserved first, or the trap path would run off the stack.
  virtual void emit_prologue(uint32_t frame_size, Label stack_trap) = 0;
  // Traps with "interrupted" when the instance's interrupt flag is raised.
  virtual void emit_interrupt_check(Label trap) = 0;
  // Fuel metering: subtracts 1 from the counter InstanceContext::fuel points to and jumps to
  // `trap` when the result is negative (one read-modify-write of memory and a branch).
  virtual void emit_fuel_check(Label trap) = 0;
  virtual void emit_epilogue() = 0;

  // ---- moves between registers, constants and slots ----
  virtual void load(Reg dst, ValType type, Slot src) = 0;
  virtual void store(Slot dst, ValType type, Reg src) = 0;
  virtual void store_constant(Slot dst, ValType type, uint64_t bits) = 0;
  virtual void copy_slot(Slot dst, Slot src, ValType type) = 0;
  virtual void move(Reg dst, Reg src, ValType type) = 0;
  virtual void load_constant(Reg dst, ValType type, uint64_t bits) = 0;

  // ---- variables ----
  virtual void emit_global_get(Reg dst, ValType type, uint32_t index) = 0;
  virtual void emit_global_set(uint32_t index, ValType type, Reg src) = 0;

  // ---- i32 ----
  virtual void emit_i32_add(Reg dst, Reg lhs, Operand rhs) = 0;
  virtual void emit_i32_sub(Reg dst, Reg lhs, Operand rhs) = 0;
  virtual void emit_i32_mul(Reg dst, Reg lhs, Operand rhs) = 0;
  virtual void emit_i32_and(Reg dst, Reg lhs, Operand rhs) = 0;
  virtual void emit_i32_or(Reg dst, Reg lhs, Operand rhs) = 0;
  virtual void emit_i32_xor(Reg dst, Reg lhs, Operand rhs) = 0;
  virtual void emit_i32_shl(Reg dst, Reg lhs, Operand rhs) = 0;
  virtual void emit_i32_shr_s(Reg dst, Reg lhs, Operand rhs) = 0;
  virtual void emit_i32_shr_u(Reg dst, Reg lhs, Operand rhs) = 0;
  virtual void emit_i32_rotl(Reg dst, Reg lhs, Operand rhs) = 0;
  virtual void emit_i32_rotr(Reg dst, Reg lhs, Operand rhs) = 0;
  virtual void emit_i32_div_s(Reg dst, Reg lhs, Reg rhs, Label div_by_zero, Label overflow) = 0;
  virtual void emit_i32_div_u(Reg dst, Reg lhs, Reg rhs, Label div_by_zero) = 0;
  virtual void emit_i32_rem_s(Reg dst, Reg lhs, Reg rhs, Label div_by_zero) = 0;
  virtual void emit_i32_rem_u(Reg dst, Reg lhs, Reg rhs, Label div_by_zero) = 0;
  virtual void emit_i32_clz(Reg dst, Reg src) = 0;
  virtual void emit_i32_ctz(Reg dst, Reg src) = 0;
  virtual void emit_i32_popcnt(Reg dst, Reg src) = 0;
  virtual void emit_i32_eqz(Reg dst, Reg src) = 0;
  virtual void emit_i32_extend8_s(Reg dst, Reg src) = 0;
  virtual void emit_i32_extend16_s(Reg dst, Reg src) = 0;
  virtual void emit_i32_set_cond(Cond cond, Reg dst, Reg lhs, Operand rhs) = 0;

  // ---- i64 ----
  virtual void emit_i64_add(Reg dst, Reg lhs, Operand rhs) = 0;
  virtual void emit_i64_sub(Reg dst, Reg lhs, Operand rhs) = 0;
  virtual void emit_i64_mul(Reg dst, Reg lhs, Operand rhs) = 0;
  virtual void emit_i64_and(Reg dst, Reg lhs, Operand rhs) = 0;
  virtual void emit_i64_or(Reg dst, Reg lhs, Operand rhs) = 0;
  virtual void emit_i64_xor(Reg dst, Reg lhs, Operand rhs) = 0;
  virtual void emit_i64_shl(Reg dst, Reg lhs, Operand rhs) = 0;
  virtual void emit_i64_shr_s(Reg dst, Reg lhs, Operand rhs) = 0;
  virtual void emit_i64_shr_u(Reg dst, Reg lhs, Operand rhs) = 0;
  virtual void emit_i64_rotl(Reg dst, Reg lhs, Operand rhs) = 0;
  virtual void emit_i64_rotr(Reg dst, Reg lhs, Operand rhs) = 0;
  virtual void emit_i64_div_s(Reg dst, Reg lhs, Reg rhs, Label div_by_zero, Label overflow) = 0;
  virtual void emit_i64_div_u(Reg dst, Reg lhs, Reg rhs, Label div_by_zero) = 0;
  virtual void emit_i64_rem_s(Reg dst, Reg lhs, Reg rhs, Label div_by_zero) = 0;
  virtual void emit_i64_rem_u(Reg dst, Reg lhs, Reg rhs, Label div_by_zero) = 0;
  virtual void emit_i64_clz(Reg dst, Reg src) = 0;
  virtual void emit_i64_ctz(Reg dst, Reg src) = 0;
  virtual void emit_i64_popcnt(Reg dst, Reg src) = 0;
  virtual void emit_i64_eqz(Reg dst, Reg src) = 0;
  virtual void emit_i64_extend8_s(Reg dst, Reg src) = 0;
  virtual void emit_i64_extend16_s(Reg dst, Reg src) = 0;
  virtual void emit_i64_extend32_s(Reg dst, Reg src) = 0;
  virtual void emit_i64_set_cond(Cond cond, Reg dst, Reg lhs, Operand rhs) = 0;

  // ---- integer conversions ----
  virtual void emit_i32_wrap_i64(Reg dst, Reg src) = 0;
  virtual void emit_i64_extend_i32_s(Reg dst, Reg src) = 0;
  virtual void emit_i64_extend_i32_u(Reg dst, Reg src) = 0;

  // ---- f32 / f64 (the common ones inline; the rest go through Helper::Numeric) ----
  virtual void emit_f32_add(Reg dst, Reg lhs, Reg rhs) = 0;
  virtual void emit_f32_sub(Reg dst, Reg lhs, Reg rhs) = 0;
  virtual void emit_f32_mul(Reg dst, Reg lhs, Reg rhs) = 0;
  virtual void emit_f32_div(Reg dst, Reg lhs, Reg rhs) = 0;
  virtual void emit_f32_min(Reg dst, Reg lhs, Reg rhs) = 0;
  virtual void emit_f32_max(Reg dst, Reg lhs, Reg rhs) = 0;
  virtual void emit_f32_copysign(Reg dst, Reg lhs, Reg rhs) = 0;
  virtual void emit_f32_abs(Reg dst, Reg src) = 0;
  virtual void emit_f32_neg(Reg dst, Reg src) = 0;
  virtual void emit_f32_sqrt(Reg dst, Reg src) = 0;
  virtual void emit_f32_ceil(Reg dst, Reg src) = 0;
  virtual void emit_f32_floor(Reg dst, Reg src) = 0;
  virtual void emit_f32_trunc(Reg dst, Reg src) = 0;
  virtual void emit_f32_nearest(Reg dst, Reg src) = 0;
  virtual void emit_f32_set_cond(FCond cond, Reg dst, Reg lhs, Reg rhs) = 0;
  virtual void emit_f64_add(Reg dst, Reg lhs, Reg rhs) = 0;
  virtual void emit_f64_sub(Reg dst, Reg lhs, Reg rhs) = 0;
  virtual void emit_f64_mul(Reg dst, Reg lhs, Reg rhs) = 0;
  virtual void emit_f64_div(Reg dst, Reg lhs, Reg rhs) = 0;
  virtual void emit_f64_min(Reg dst, Reg lhs, Reg rhs) = 0;
  virtual void emit_f64_max(Reg dst, Reg lhs, Reg rhs) = 0;
  virtual void emit_f64_copysign(Reg dst, Reg lhs, Reg rhs) = 0;
  virtual void emit_f64_abs(Reg dst, Reg src) = 0;
  virtual void emit_f64_neg(Reg dst, Reg src) = 0;
  virtual void emit_f64_sqrt(Reg dst, Reg src) = 0;
  virtual void emit_f64_ceil(Reg dst, Reg src) = 0;
  virtual void emit_f64_floor(Reg dst, Reg src) = 0;
  virtual void emit_f64_trunc(Reg dst, Reg src) = 0;
  virtual void emit_f64_nearest(Reg dst, Reg src) = 0;
  virtual void emit_f64_set_cond(FCond cond, Reg dst, Reg lhs, Reg rhs) = 0;
  // Bit-preserving moves between the register classes and the float<->float conversions.
  virtual void emit_i32_reinterpret_f32(Reg dst, Reg src) = 0;
  virtual void emit_i64_reinterpret_f64(Reg dst, Reg src) = 0;
  virtual void emit_f32_reinterpret_i32(Reg dst, Reg src) = 0;
  virtual void emit_f64_reinterpret_i64(Reg dst, Reg src) = 0;
  virtual void emit_f32_demote_f64(Reg dst, Reg src) = 0;
  virtual void emit_f64_promote_f32(Reg dst, Reg src) = 0;
  virtual void emit_f32_convert_i32_s(Reg dst, Reg src) = 0;
  virtual void emit_f64_convert_i32_s(Reg dst, Reg src) = 0;
  virtual void emit_f32_convert_i64_s(Reg dst, Reg src) = 0;
  virtual void emit_f64_convert_i64_s(Reg dst, Reg src) = 0;
  virtual void emit_f32_convert_i32_u(Reg dst, Reg src) = 0;
  virtual void emit_f64_convert_i32_u(Reg dst, Reg src) = 0;

  // ---- SIMD (v128 values live in Fp registers) ----
  // One entry point per operand shape; each back end switches on the wasm op. The driver asks
  // has_inline_simd first and calls Helper::Numeric for ops a back end leaves out of line (long
  // and rare sequences). Register contract: dst is the first operand's register (unop: the
  // operand's), every other operand is a different register, and the back end's own vector
  // scratch registers are free to use.
  virtual bool has_inline_simd(Op op) const = 0;
  // v128.const into a register from immediates (a store of two halves to a slot and a 16-byte
  // load of it cannot be store-forwarded: the load waits for both stores to retire).
  virtual void load_v128_constant(Reg dst, uint64_t lo, uint64_t hi) = 0;
  // "v:v" ops: integer and float lane arithmetic, conversions, extends, v128.not.
  virtual void emit_v128_unop(Op op, Reg dst, Reg src) = 0;
  // "vv:v" ops: lane arithmetic, bitwise, compares, narrow, extmul, dot (also the relaxed
  // i8 one), swizzle.
  virtual void emit_v128_binop(Op op, Reg dst, Reg lhs, Reg rhs) = 0;
  // "vvv:v" ops, dst is a: v128.bitselect (dst = (a & c) | (b & ~c)), the relaxed madd
  // (a * b + c) and nmadd (c - a * b), both rounding twice, and
  // i32x4.relaxed_dot_i8x16_i7x16_add_s (engine/ops/simd_relaxed.h).
  virtual void emit_v128_ternop(Op op, Reg dst, Reg a, Reg b, Reg c) = 0;
  // Shifts: the count (an i32 register or constant) is taken modulo the lane width.
  virtual void emit_v128_shift(Op op, Reg dst, Reg lhs, Operand count) = 0;
  // "v:i" ops: any_true, all_true, bitmask (dst is a Gp register).
  virtual void emit_v128_test(Op op, Reg dst, Reg src) = 0;
  // Splats from a Gp (i32/i64) or Fp (f32/f64) register; dst is a fresh Fp register (or src
  // itself for the float splats).
  virtual void emit_v128_splat(Op op, Reg dst, Reg src) = 0;
  // extract_lane into a Gp or Fp register (for the float lanes dst may be src).
  virtual void emit_v128_extract_lane(Op op, Reg dst, Reg src, uint8_t lane) = 0;
  // replace_lane: dst (the vector) gets `scalar` in lane `lane`.
  virtual void emit_v128_replace_lane(Op op, Reg dst, Reg scalar, uint8_t lane) = 0;
  // i8x16.shuffle with its 16 lane indexes (0..31).
  virtual void emit_v128_shuffle(Reg dst, Reg lhs, Reg rhs, const uint8_t* lanes) = 0;

  // ---- parametric ----
  // dst = cond != 0 ? if_true : if_false (dst may be if_true).
  virtual void emit_select(ValType type, Reg dst, Reg cond, Reg if_true, Reg if_false) = 0;

  // ---- linear memory ----
  // Effective address addr (an i32, zero-extended; an i64 with access.addr64) + offset; traps to
  // `oob` unless the whole access lies below the memory's current size (in guard-page mode:
  // faults and becomes the trap through the fault handler, except with addr64). With addr64 the
  // sum is checked for carrying out of 64 bits: such an access traps, it never wraps.
  virtual void emit_load(MemAccess access, Reg dst, Reg addr, uint64_t offset, Label oob) = 0;
  virtual void emit_store(MemAccess access, Reg addr, uint64_t offset, Reg value, Label oob) = 0;
  // Leaves the host address of a checked access (addr + offset, `size` bytes) in `dst` (a Gp
  // register holding an i64), for accesses done by a helper (SIMD lane and extending loads).
  virtual void emit_checked_address(Reg dst, Reg addr, uint64_t offset, uint32_t size, bool addr64,
                                    Label oob) = 0;
  // Multi-memory. Memory 0 is reached through pinned registers; any other memory through a
  // register holding its LinearMemory* (load_linear_memory: ctx->memories[index]). use_memory
  // makes the next emit_load, emit_store or emit_checked_address access that memory instead: it
  // reads the memory's size and base through the register and overwrites it. A 64-bit memory at
  // any index is checked explicitly (addr64), through that register too.
  virtual void load_linear_memory(Reg dst, uint32_t index) = 0;
  void use_memory(Reg linear_memory) { access_memory_ = linear_memory; }
  // Memory 0's page count (64 bits wide: an i32 for a 32-bit memory, an i64 for a 64-bit one);
  // other memories go through Helper::Instr.
  virtual void emit_memory_size(Reg dst) = 0;
  // Calls Helper::MemoryGrow; the delta is taken from and the result left in `reg` (all 64 bits).
  // Every other allocatable register is clobbered.
  virtual void emit_memory_grow(Reg reg) = 0;

  // ---- calls (every allocatable register is clobbered; the driver spills first) ----
  // A function of the same module: arguments are already in the outgoing area.
  virtual void emit_call_direct(Label callee) = 0;
  // Through ctx->funcs[func_index] (an import: a wasm function of any instance or a host one).
  virtual void emit_call_import(uint32_t func_index, Label pending_trap) = 0;
  // call_indirect: looks the callee up in table `table` at `index` with the type check (the
  // helper records undefined/uninitialized element and type mismatch traps), then calls it.
  virtual void emit_call_indirect(Reg index, uint32_t table, uint32_t type_index,
                                  Label pending_trap) = 0;
  // Calls Helper::Numeric for `op` on cells in the outgoing area (16 bytes each; the fourth holds
  // a lane index or shuffle pattern); the result is left in the first cell. Traps go to
  // `pending_trap`.
  virtual void emit_call_numeric_helper(uint32_t op, Label pending_trap) = 0;
  // Calls Helper::Instr for `op` with cells (16 bytes each) in the outgoing area and its two
  // immediates packed into `imms` (the first in the low half). Passed by value, not by address,
  // so the code embeds no address and a serialized module loads anywhere.
  virtual void emit_call_instr_helper(uint32_t op, uint64_t imms, Label pending_trap) = 0;

  // ---- tail calls (return_call, return_call_indirect; jit/README.md "Tail calls") ----
  // The arguments are in the outgoing area, as for a call, and the driver has spilled. The
  // callee then takes over this frame's incoming area in place, or runs in an adapter frame.
  struct TailCall {
    uint32_t param_bytes = 0;   // the arguments' cells
    uint32_t result_bytes = 0;  // the results' cells (the callee's are this function's)
    // The callee's area fits the one every caller of this function reserved, so a callee of this
    // instance always reuses it; otherwise only when this frame stands in an adapter's area.
    bool fits = false;
    Label stack_trap;    // CallStackExhausted at this instruction (an adapter frame)
    Label pending_trap;  // traps recorded by the indirect lookup or a host callee
  };
  // The choice between the two is the same on every architecture (masm_tail_calls.cpp); the back
  // ends provide the pieces below.
  void emit_tail_call_direct(Label callee, const TailCall& t);
  void emit_tail_call_import(uint32_t func_index, const TailCall& t);
  void emit_tail_call_indirect(Reg index, uint32_t table, uint32_t type_index, const TailCall& t);
  // Where the adapter call of the last tail call returns to (0 when none was emitted); the
  // driver records it with kTailAdapterFrame so backtraces skip the adapter.
  uint32_t last_adapter_return() const { return last_adapter_return_; }

  // ---- references ----
  virtual void emit_ref_func(Reg dst, uint32_t func_index) = 0;

  // ---- traps ----
  virtual void emit_trap_jump(Label trap) = 0;  // unconditional (unreachable)
  // True when some branch emitted so far targets `l`, which is not bound yet.
  virtual bool has_branches_to(Label l) const = 0;
  // One trap site: the code bound at `site`, which every branch to that trap jumps to, calls the
  // function's stub for its kind; that return address identifies the site. Returns it (as a
  // code offset).
  virtual uint32_t emit_trap_site(Label site, Label stub) = 0;
  // The out-of-line stub bound at `stub`, called from trap sites: records `kind` (or
  // kPendingTrap) for `func_index`, with the site's return address as the trapping pc, and
  // unwinds to the entry trampoline through the module's `common` tail.
  virtual void emit_trap_stub(Label stub, uint32_t kind, uint32_t func_index, Label common) = 0;

  // ---- module-level pieces (emitted once per module) ----
  // Calls Helper::RecordTrap with the registers the stubs (or the guard-page fault handler, with
  // the faulting pc) set up, then unwinds the whole wasm
  // activation back into the entry trampoline, which returns non-zero.
  virtual void emit_trap_common(Label common) = 0;
  // The host-to-wasm entry: int trampoline(ExecState*, InstanceContext*, const void* code,
  // uint64_t* cells, size_t cell_bytes) copies the cells in, calls code, copies them back.
  virtual void emit_entry_trampoline(Label entry) = 0;

 protected:
  // ---- pieces of tail calls and calls through a FuncInst ----
  // The callee's FuncInst into the back end's FuncInst register: ctx->funcs[func_index], or the
  // table entry after call_indirect's lookup and type check (traps to `pending_trap`).
  virtual void load_import(uint32_t func_index) = 0;
  virtual void lookup_indirect(Reg index, uint32_t table, uint32_t type_index,
                               Label pending_trap) = 0;
  // From the FuncInst: its code and context into registers; jumps to `host` for a host function.
  virtual void load_tail_callee(Label host) = 0;
  virtual void jump_if_callee_in_this_instance(Label target) = 0;
  // Jumps to `target` when this frame's return address shows the adapter marker.
  virtual void jump_if_in_adapter_area(Label target) = 0;
  // The callee (`callee`, or when invalid the one load_tail_callee loaded, switching instances)
  // in place of this frame, or called from this frame turned adapter.
  virtual void tail_jump(Label callee, const TailCall& t) = 0;
  virtual void tail_adapter(Label callee, const TailCall& t) = 0;
  // Calls the host function in the FuncInst register and returns its results from this frame.
  virtual void tail_call_host(const TailCall& t) = 0;

 private:
  void tail_call_func_inst(const TailCall& t);

 protected:
  uint32_t last_call_return_ = 0;
  uint32_t last_adapter_return_ = 0;
  bool guard_pages_ = false;
  // The register use_memory gave the access being emitted; the back end clears it once read.
  std::optional<Reg> access_memory_;
  bool far_branches_ = false;
};

}  // namespace wasmrun::jit
