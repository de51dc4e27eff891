// arm64 back end: calls (direct, imported, indirect, helpers). Helpers are AAPCS64 functions:
// arguments in x0..x7, result in x0/w0, x19..x28 preserved.
#include <cstddef>

#include "jit/a64/masm_a64.h"
#include "jit/exec_state.h"
#include "jit/func_inst_layout.h"
#include "runtime/context.h"
#include "runtime/func.h"

namespace wasmrun::jit::a64 {

namespace a64 = asmjit::a64;

void A64MacroAssembler::call_helper(Helper h) {
  a_.ldr(a64::x16, a64::ptr(a64::x20, helper_offset(h)));
  a_.blr(a64::x16);
}

void A64MacroAssembler::load_memory_registers() {
  a_.ldr(kMemoryBaseReg, a64::ptr(a64::x19, offsetof(rt::InstanceContext, memory_base)));
  a_.ldr(kMemoryReg, a64::ptr(a64::x19, offsetof(rt::InstanceContext, memory)));
}

void A64MacroAssembler::emit_call_direct(Label callee) {
  a_.bl(label(callee));
  last_call_return_ = code_offset();
}

// x16 = FuncInst*. JIT code of any instance is entered directly with that instance's context in
// x19 (restored from the frame afterwards); anything else (host functions) goes through the
// CallFunc helper, which reads and writes the same outgoing cells.
void A64MacroAssembler::call_func_inst(Label pending_trap) {
  asmjit::Label host = a_.newLabel(), done = a_.newLabel();
  a_.ldr(a64::x17, a64::ptr(a64::x16, func_inst_jit_code_offset()));
  a_.cbz(a64::x17, host);
  a_.ldr(a64::x19, a64::ptr(a64::x16, func_inst_ctx_offset()));
  load_memory_registers();
  a_.blr(a64::x17);
  last_call_return_ = code_offset();
  a_.ldr(a64::x19, a64::ptr(a64::x29, -8));
  load_memory_registers();
  a_.b(done);
  a_.bind(host);
  call_host(pending_trap);
  a_.bind(done);
}

// The host function in x16 through CallFunc, on the outgoing cells.
void A64MacroAssembler::call_host(Label pending_trap) {
  a_.mov(a64::x0, a64::x20);
  a_.mov(a64::x1, a64::x16);
  a_.mov(a64::x2, a64::sp);
  a_.mov(a64::x3, a64::x19);
  call_helper(Helper::CallFunc);
  branch_if_nonzero(a64::w0, pending_trap);
}

// x16 = ctx->funcs[func_index].
void A64MacroAssembler::load_import(uint32_t func_index) {
  a_.ldr(a64::x16, a64::ptr(a64::x19, offsetof(rt::InstanceContext, funcs)));
  a_.ldr(a64::x16, mem(a64::x16, int64_t{func_index} * 8, 8, a64::x17));
}

void A64MacroAssembler::emit_call_import(uint32_t func_index, Label pending_trap) {
  load_import(func_index);
  call_func_inst(pending_trap);
}

void A64MacroAssembler::emit_call_indirect(Reg index, uint32_t table, uint32_t type_index,
                                           Label pending_trap) {
  lookup_indirect(index, table, type_index, pending_trap);
  call_func_inst(pending_trap);
}

// x16 = the FuncInst* at `index` of table `table` after the type check, from
// FuncInst* lookup(ExecState*, InstanceContext*, uint32 table, uint32 index, uint32 type): null
// after recording the trap. The index moves to w3 first: it may sit in any argument register.
void A64MacroAssembler::lookup_indirect(Reg index, uint32_t table, uint32_t type_index,
                                        Label pending_trap) {
  a_.mov(a64::w3, gp32(index));
  a_.mov(a64::x0, a64::x20);
  a_.mov(a64::x1, a64::x19);
  materialize(a64::w2, table);
  materialize(a64::w4, type_index);
  call_helper(Helper::LookupIndirect);
  branch_if_zero(a64::x0, pending_trap);
  a_.mov(a64::x16, a64::x0);
}

void A64MacroAssembler::emit_call_numeric_helper(uint32_t op, Label pending_trap) {
  a_.mov(a64::x0, a64::x20);
  materialize(a64::w1, op);
  a_.mov(a64::x2, a64::sp);
  call_helper(Helper::Numeric);
  branch_if_nonzero(a64::w0, pending_trap);
}

void A64MacroAssembler::emit_call_instr_helper(uint32_t op, uint64_t imms, Label pending_trap) {
  a_.mov(a64::x0, a64::x20);
  a_.mov(a64::x1, a64::x19);
  materialize(a64::w2, op);
  a_.mov(a64::x3, a64::sp);
  materialize(a64::x4, imms);
  call_helper(Helper::Instr);
  branch_if_nonzero(a64::w0, pending_trap);
}

}  // namespace wasmrun::jit::a64
