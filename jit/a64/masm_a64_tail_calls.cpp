// arm64 back end: the pieces of tail calls (jit/masm_tail_calls.cpp, jit/README.md "Tail calls").
// Registers: x16 the FuncInst*, x1 the callee's code, x2 its context, x3 the copied cell, x0 and
// x17 addresses; every allocatable register is free here (the driver has spilled).
#include <cstddef>

#include "jit/a64/masm_a64.h"
#include "jit/call_layout.h"
#include "jit/exec_state.h"
#include "jit/func_inst_layout.h"

namespace wasmrun::jit::a64 {

namespace a64 = asmjit::a64;

namespace {

// `movz xzr, #0x7a11`: no effect, and emitted nowhere else; the word at an adapter call's
// return address. A frame's return address always points into JIT code.
constexpr uint32_t kAdapterMarker = 0xd28f423f;

}  // namespace

void A64MacroAssembler::copy_cells(const Gp& dst, int32_t dst_offset, const Gp& src,
                                   int32_t src_offset, uint32_t bytes) {
  for (uint32_t i = 0; i < bytes; i += 8) {
    a_.ldr(a64::x3, mem(src, src_offset + static_cast<int64_t>(i), 8, a64::x17));
    a_.str(a64::x3, mem(dst, dst_offset + static_cast<int64_t>(i), 8, a64::x17));
  }
}

void A64MacroAssembler::enter_callee_instance(Label callee) {
  if (callee.valid()) return;
  a_.mov(a64::x19, a64::x2);
  load_memory_registers();
}

void A64MacroAssembler::load_tail_callee(Label host) {
  a_.ldr(a64::x1, a64::ptr(a64::x16, func_inst_jit_code_offset()));
  branch_if_zero(a64::x1, host);
  a_.ldr(a64::x2, a64::ptr(a64::x16, func_inst_ctx_offset()));
}

void A64MacroAssembler::jump_if_callee_in_this_instance(Label target) {
  a_.cmp(a64::x2, a64::x19);
  branch_if(asmjit::arm::CondCode::kEQ, target);
}

void A64MacroAssembler::jump_if_in_adapter_area(Label target) {
  a_.ldr(a64::x17, a64::ptr(a64::x29, 8));
  a_.ldr(a64::w17, a64::ptr(a64::x17));
  materialize(a64::w0, kAdapterMarker);
  a_.cmp(a64::w17, a64::w0);
  branch_if(asmjit::arm::CondCode::kEQ, target);
}

void A64MacroAssembler::tail_jump(Label callee, const TailCall& t) {
  copy_cells(a64::x29, 16, a64::sp, 0, t.param_bytes);
  enter_callee_instance(callee);
  a_.mov(a64::sp, a64::x29);
  a_.ldp(a64::x29, a64::x30, a64::ptr_post(a64::sp, 16));
  if (callee.valid()) {
    a_.b(label(callee));
  } else {
    a_.br(a64::x1);
  }
}

// See X64MacroAssembler::tail_adapter.
void A64MacroAssembler::tail_adapter(Label callee, const TailCall& t) {
  materialize(a64::x17, kAdapterAreaBytes);
  a_.sub(a64::x0, a64::sp, a64::x17);
  a_.ldr(a64::x17, a64::ptr(a64::x20, kStackLimitOffset));
  a_.cmp(a64::x0, a64::x17);
  branch_if(asmjit::arm::CondCode::kLO, t.stack_trap);
  copy_cells(a64::x0, 0, a64::sp, 0, t.param_bytes);
  a_.mov(a64::sp, a64::x0);
  enter_callee_instance(callee);
  if (callee.valid()) {
    a_.bl(label(callee));
  } else {
    a_.blr(a64::x1);
  }
  last_adapter_return_ = code_offset();
  a_.embed(&kAdapterMarker, sizeof kAdapterMarker);
  copy_cells(a64::x29, 16, a64::sp, 0, t.result_bytes);
  a_.ldr(a64::x19, a64::ptr(a64::x29, -8));
  load_memory_registers();
  emit_epilogue();
}

void A64MacroAssembler::tail_call_host(const TailCall& t) {
  call_host(t.pending_trap);
  copy_cells(a64::x29, 16, a64::sp, 0, t.result_bytes);
  emit_epilogue();
}

}  // namespace wasmrun::jit::a64
