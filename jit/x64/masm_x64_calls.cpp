// x64 back end: calls (direct, imported, indirect, helpers), trap stubs, and the two pieces
// emitted once per module: the trap tail that unwinds to the entry trampoline, and the trampoline.
#include <cstddef>

#include "jit/exec_state.h"
#include "jit/func_inst_layout.h"
#include "jit/x64/masm_x64.h"
#include "runtime/context.h"
#include "runtime/func.h"

namespace wasmrun::jit::x64 {

namespace x86 = asmjit::x86;

namespace {

// Callee-saved registers of the SysV ABI that JIT code uses; the trampoline saves them.
// The frame it builds: [rbp-8]=rbx .. [rbp-40]=r15, [rbp-48]=the cells pointer, [rbp-56]=their
// size in bytes, then 8 bytes of padding that keep rsp 16-byte aligned.
constexpr int32_t kTrampolineSavedBytes = 40;
constexpr int32_t kTrampolineCellsSlot = -48;
constexpr int32_t kTrampolineBytesSlot = -56;

}  // namespace

void X64MacroAssembler::call_helper(Helper h) {
  a_.call(x86::qword_ptr(x86::r15, helper_offset(h)));
}

void X64MacroAssembler::load_memory_registers() {
  a_.mov(kMemoryBaseReg, x86::qword_ptr(x86::r14, offsetof(rt::InstanceContext, memory_base)));
  a_.mov(kMemoryReg, x86::qword_ptr(x86::r14, offsetof(rt::InstanceContext, memory)));
}

void X64MacroAssembler::emit_call_direct(Label callee) {
  a_.call(label(callee));
  last_call_return_ = code_offset();
}

// rax = FuncInst*. JIT code of any instance is entered directly with that instance's context in
// r14 (restored from the frame afterwards); anything else (host functions) goes through the
// CallFunc helper, which reads and writes the same outgoing cells.
void X64MacroAssembler::call_func_inst(Label pending_trap) {
  asmjit::Label host = a_.newLabel(), done = a_.newLabel();
  a_.mov(x86::rcx, x86::qword_ptr(x86::rax, func_inst_jit_code_offset()));
  a_.test(x86::rcx, x86::rcx);
  a_.jz(host);
  a_.mov(x86::r14, x86::qword_ptr(x86::rax, func_inst_ctx_offset()));
  load_memory_registers();
  a_.call(x86::rcx);
  last_call_return_ = code_offset();
  a_.mov(x86::r14, x86::qword_ptr(x86::rbp, -8));
  load_memory_registers();
  a_.jmp(done);
  a_.bind(host);
  call_host(pending_trap);
  a_.bind(done);
}

// The host function in rax through CallFunc, on the outgoing cells.
void X64MacroAssembler::call_host(Label pending_trap) {
  a_.mov(x86::rdi, x86::r15);
  a_.mov(x86::rsi, x86::rax);
  a_.mov(x86::rdx, x86::rsp);
  a_.mov(x86::rcx, x86::r14);
  call_helper(Helper::CallFunc);
  a_.test(x86::eax, x86::eax);
  a_.jnz(label(pending_trap));
}

// rax = ctx->funcs[func_index].
void X64MacroAssembler::load_import(uint32_t func_index) {
  a_.mov(x86::rax, x86::qword_ptr(x86::r14, offsetof(rt::InstanceContext, funcs)));
  a_.mov(x86::rax, x86::qword_ptr(x86::rax, static_cast<int32_t>(func_index * 8)));
}

void X64MacroAssembler::emit_call_import(uint32_t func_index, Label pending_trap) {
  load_import(func_index);
  call_func_inst(pending_trap);
}

void X64MacroAssembler::emit_call_indirect(Reg index, uint32_t table, uint32_t type_index,
                                           Label pending_trap) {
  lookup_indirect(index, table, type_index, pending_trap);
  call_func_inst(pending_trap);
}

// rax = the FuncInst* at `index` of table `table` after the type check, from
// FuncInst* lookup(ExecState*, InstanceContext*, uint32 table, uint32 index, uint32 type): null
// after recording the trap. The index moves to rcx first: it may sit in rdi, rsi or r8.
void X64MacroAssembler::lookup_indirect(Reg index, uint32_t table, uint32_t type_index,
                                        Label pending_trap) {
  a_.mov(x86::ecx, gp32(index));
  a_.mov(x86::rdi, x86::r15);
  a_.mov(x86::rsi, x86::r14);
  a_.mov(x86::edx, table);
  a_.mov(x86::r8d, type_index);
  call_helper(Helper::LookupIndirect);
  a_.test(x86::rax, x86::rax);
  a_.jz(label(pending_trap));
}

void X64MacroAssembler::emit_call_numeric_helper(uint32_t op, Label pending_trap) {
  a_.mov(x86::rdi, x86::r15);
  a_.mov(x86::esi, op);
  a_.mov(x86::rdx, x86::rsp);
  call_helper(Helper::Numeric);
  a_.test(x86::eax, x86::eax);
  a_.jnz(label(pending_trap));
}

void X64MacroAssembler::emit_call_instr_helper(uint32_t op, uint64_t imms, Label pending_trap) {
  a_.mov(x86::rdi, x86::r15);
  a_.mov(x86::rsi, x86::r14);
  a_.mov(x86::edx, op);
  a_.mov(x86::rcx, x86::rsp);
  a_.mov(x86::r8, imms);
  call_helper(Helper::Instr);
  a_.test(x86::eax, x86::eax);
  a_.jnz(label(pending_trap));
}

// ---- traps ----

void X64MacroAssembler::emit_trap_jump(Label trap) { a_.jmp(label(trap)); }

// An unbound label's entry lists the branches waiting for it.
bool X64MacroAssembler::has_branches_to(Label l) const {
  const asmjit::LabelEntry* e = a_.code()->labelEntry(label(l));
  return e != nullptr && e->links() != nullptr;
}

uint32_t X64MacroAssembler::emit_trap_site(Label site, Label stub) {
  a_.bind(label(site));
  a_.call(label(stub));
  return code_offset();
}

// Entered by a site's call: its return address becomes RecordTrap's pc (r8), and popping it
// leaves rsp as it was where the trap was detected.
void X64MacroAssembler::emit_trap_stub(Label stub, uint32_t kind, uint32_t func_index,
                                       Label common) {
  a_.bind(label(stub));
  a_.pop(x86::r8);
  a_.mov(x86::esi, kind);
  a_.mov(x86::edx, func_index);
  a_.jmp(label(common));
}

// RecordTrap(ExecState*, kind, func_index, fp, pc): pc (r8, set by the stub or the fault handler)
// is where the trap happened: a trap site's return address or the faulting access, which the
// helper maps back to the module and the instruction. Then the activation is dropped: the
// trampoline's frame pointer is restored and its epilogue returns 1.
void X64MacroAssembler::emit_trap_common(Label common) {
  a_.bind(label(common));
  a_.mov(x86::rdi, x86::r15);
  a_.mov(x86::rcx, x86::rbp);
  call_helper(Helper::RecordTrap);
  a_.mov(x86::rbp, x86::qword_ptr(x86::r15, kEntryFpOffset));
  a_.mov(x86::eax, 1);
  a_.lea(x86::rsp, x86::ptr(x86::rbp, -kTrampolineSavedBytes));
  a_.pop(x86::r15);
  a_.pop(x86::r14);
  a_.pop(x86::r13);
  a_.pop(x86::r12);
  a_.pop(x86::rbx);
  a_.pop(x86::rbp);
  a_.ret();
}

// int trampoline(ExecState* rdi, InstanceContext* rsi, const void* code rdx, uint64_t* cells rcx,
//                size_t bytes r8)   (bytes a multiple of 16)
// The cells become the callee's argument/result area at the bottom of this frame.
void X64MacroAssembler::emit_entry_trampoline(Label entry) {
  asmjit::Label copy_in = a_.newLabel(), in_done = a_.newLabel();
  asmjit::Label copy_out = a_.newLabel(), out_done = a_.newLabel();
  a_.bind(label(entry));
  a_.push(x86::rbp);
  a_.mov(x86::rbp, x86::rsp);
  a_.push(x86::rbx);
  a_.push(x86::r12);
  a_.push(x86::r13);
  a_.push(x86::r14);
  a_.push(x86::r15);
  a_.push(x86::rcx);
  a_.push(x86::r8);
  a_.sub(x86::rsp, 8);
  a_.mov(x86::r15, x86::rdi);
  a_.mov(x86::r14, x86::rsi);
  load_memory_registers();
  a_.mov(x86::qword_ptr(x86::r15, kEntrySpOffset), x86::rsp);
  a_.mov(x86::qword_ptr(x86::r15, kEntryFpOffset), x86::rbp);
  a_.mov(x86::rbx, x86::r8);
  a_.sub(x86::rsp, x86::rbx);

  a_.xor_(x86::eax, x86::eax);
  a_.bind(copy_in);
  a_.cmp(x86::rax, x86::rbx);
  a_.jae(in_done);
  a_.mov(x86::r11, x86::qword_ptr(x86::rcx, x86::rax));
  a_.mov(x86::qword_ptr(x86::rsp, x86::rax), x86::r11);
  a_.add(x86::rax, 8);
  a_.jmp(copy_in);
  a_.bind(in_done);

  a_.call(x86::rdx);

  // JIT code preserves only r14 and r15 (and rbp, rsp): reload the rest from the frame.
  a_.mov(x86::rcx, x86::qword_ptr(x86::rbp, kTrampolineCellsSlot));
  a_.mov(x86::rbx, x86::qword_ptr(x86::rbp, kTrampolineBytesSlot));
  a_.xor_(x86::eax, x86::eax);
  a_.bind(copy_out);
  a_.cmp(x86::rax, x86::rbx);
  a_.jae(out_done);
  a_.mov(x86::r11, x86::qword_ptr(x86::rsp, x86::rax));
  a_.mov(x86::qword_ptr(x86::rcx, x86::rax), x86::r11);
  a_.add(x86::rax, 8);
  a_.jmp(copy_out);
  a_.bind(out_done);

  a_.xor_(x86::eax, x86::eax);
  a_.lea(x86::rsp, x86::ptr(x86::rbp, -kTrampolineSavedBytes));
  a_.pop(x86::r15);
  a_.pop(x86::r14);
  a_.pop(x86::r13);
  a_.pop(x86::r12);
  a_.pop(x86::rbx);
  a_.pop(x86::rbp);
  a_.ret();
}

}  // namespace wasmrun::jit::x64
