// The opcode switch: which driver routine and emitter routine each instruction uses.
#include "jit/function_compiler.h"
#include "jit/helpers.h"

namespace wasmrun::jit::detail {

namespace {

MemAccess access(ValType type, uint8_t size_log2, bool sign_extend = false) {
  return MemAccess{type, size_log2, sign_extend};
}

}  // namespace

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
    case Op::ReturnCall: tail_call(u32()); return true;
    case Op::ReturnCallIndirect: {
      uint32_t type_index = u32();
      uint32_t table = u32();
      tail_call_indirect(type_index, table);
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
    case Op::LocalGet: stack_.local_get(u32()); return true;
    case Op::LocalSet: stack_.local_set(u32(), false); return true;
    case Op::LocalTee: stack_.local_set(u32(), true); return true;
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
    // The page count and delta are i64 on a 64-bit memory (memory64); the helpers of the bulk
    // operations read their operands' width from the memories. Memory 0's size and grow are
    // inline, any other memory's (multi-memory) go through Helper::Instr.
    case Op::MemorySize: {
      if (uint32_t memory = u32(); memory != 0) {
        instr_helper(op, memory, 0, module_.memory_address_type(memory));
        return true;
      }
      Reg r = stack_.alloc(RegClass::Gp);
      masm_.emit_memory_size(r);
      stack_.push_reg(module_.memory_address_type(0), r);
      return true;
    }
    case Op::MemoryGrow: {
      if (uint32_t memory = u32(); memory != 0) {
        instr_helper(op, memory, 0, module_.memory_address_type(memory));
        return true;
      }
      VarState delta = stack_.pop();
      Reg r = stack_.to_reg(delta);
      stack_.prepare_for_call();
      masm_.emit_memory_grow(r);
      stack_.push_reg(module_.memory_address_type(0), r);
      return true;
    }
    case Op::DataDrop:
    case Op::ElemDrop:
    case Op::MemoryFill: instr_helper(op, u32(), 0, I32); return true;
    // Two indexes: memory.init (segment, memory), memory.copy (destination, source memory),
    // table.init (segment, table), table.copy (destination, source table).
    case Op::MemoryInit:
    case Op::MemoryCopy:
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
  if (simd_inline(op)) return true;
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

}  // namespace wasmrun::jit::detail
