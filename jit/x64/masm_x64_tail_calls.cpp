// x64 back end: the pieces of tail calls (jit/masm_tail_calls.cpp, jit/README.md "Tail calls").
// Registers: rax the FuncInst*, rcx the callee's code, rdx its context, r11 the copied cell.
#include <cstddef>

#include "jit/call_layout.h"
#include "jit/exec_state.h"
#include "jit/func_inst_layout.h"
#include "jit/x64/masm_x64.h"

namespace wasmrun::jit::x64 {

namespace x86 = asmjit::x86;

namespace {

// `nop dword [rax + rax + disp32]` with a displacement nothing else emits: the 8 bytes at an
// adapter call's return address. JIT code emits no other instruction with these bytes, and a
// frame's return address always points into JIT code (its caller, the trampoline or an adapter).
constexpr uint8_t kAdapterMarker[8] = {0x0f, 0x1f, 0x84, 0x00, 0x74, 0x61, 0x69, 0x6c};
constexpr uint64_t kAdapterMarkerBits = 0x6c696174'00841f0full;
static_assert(kAdapterMarker[7] == (kAdapterMarkerBits >> 56));

}  // namespace

void X64MacroAssembler::copy_cells(const x86::Gp& dst, int32_t dst_offset, const x86::Gp& src,
                                   int32_t src_offset, uint32_t bytes) {
  for (uint32_t i = 0; i < bytes; i += 8) {
    a_.mov(x86::r11, x86::qword_ptr(src, src_offset + static_cast<int32_t>(i)));
    a_.mov(x86::qword_ptr(dst, dst_offset + static_cast<int32_t>(i)), x86::r11);
  }
}

void X64MacroAssembler::enter_callee_instance(Label callee) {
  if (callee.valid()) return;
  a_.mov(x86::r14, x86::rdx);
  load_memory_registers();
}

void X64MacroAssembler::load_tail_callee(Label host) {
  a_.mov(x86::rcx, x86::qword_ptr(x86::rax, func_inst_jit_code_offset()));
  a_.test(x86::rcx, x86::rcx);
  a_.jz(label(host));
  a_.mov(x86::rdx, x86::qword_ptr(x86::rax, func_inst_ctx_offset()));
}

void X64MacroAssembler::jump_if_callee_in_this_instance(Label target) {
  a_.cmp(x86::rdx, x86::r14);
  a_.je(label(target));
}

void X64MacroAssembler::jump_if_in_adapter_area(Label target) {
  a_.mov(x86::r11, x86::qword_ptr(x86::rbp, 8));
  a_.mov(x86::rax, kAdapterMarkerBits);
  a_.cmp(x86::qword_ptr(x86::r11), x86::rax);
  a_.je(label(target));
}

// Arguments to the incoming area, the frame dropped, a jump: the callee returns to our caller.
void X64MacroAssembler::tail_jump(Label callee, const TailCall& t) {
  copy_cells(x86::rbp, 16, x86::rsp, 0, t.param_bytes);
  enter_callee_instance(callee);
  a_.mov(x86::rsp, x86::rbp);
  a_.pop(x86::rbp);
  if (callee.valid()) {
    a_.jmp(label(callee));
  } else {
    a_.jmp(x86::rcx);
  }
}

// This frame becomes an adapter: an area of kAdapterAreaBytes below it receives the arguments,
// the callee is called there (the marker after the call), its results move up to this frame's
// incoming area, this frame's context comes back and the adapter returns. The rest of this
// frame lies idle meanwhile.
void X64MacroAssembler::tail_adapter(Label callee, const TailCall& t) {
  a_.lea(x86::rax, x86::ptr(x86::rsp, -static_cast<int32_t>(kAdapterAreaBytes)));
  a_.cmp(x86::rax, x86::qword_ptr(x86::r15, kStackLimitOffset));
  a_.jb(label(t.stack_trap));
  copy_cells(x86::rax, 0, x86::rsp, 0, t.param_bytes);
  a_.mov(x86::rsp, x86::rax);
  enter_callee_instance(callee);
  if (callee.valid()) {
    a_.call(label(callee));
  } else {
    a_.call(x86::rcx);
  }
  last_adapter_return_ = code_offset();
  a_.embed(kAdapterMarker, sizeof kAdapterMarker);
  copy_cells(x86::rbp, 16, x86::rsp, 0, t.result_bytes);
  a_.mov(x86::r14, x86::qword_ptr(x86::rbp, -8));
  load_memory_registers();
  emit_epilogue();
}

void X64MacroAssembler::tail_call_host(const TailCall& t) {
  call_host(t.pending_trap);
  copy_cells(x86::rbp, 16, x86::rsp, 0, t.result_bytes);
  emit_epilogue();
}

}  // namespace wasmrun::jit::x64
