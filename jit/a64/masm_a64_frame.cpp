// arm64 back end: the function frame, its checks, trap stubs, and the two pieces emitted once per
// module: the trap tail that unwinds to the entry trampoline, and the trampoline.
#include <cstddef>

#include "jit/a64/masm_a64.h"
#include "jit/exec_state.h"
#include "runtime/context.h"

namespace wasmrun::jit::a64 {

namespace a64 = asmjit::a64;

namespace {

// The trampoline's frame below its frame record: x19..x28 at [fp-160, fp-80), d8..d15 at
// [fp-80, fp-16), then the cells pointer and their size in bytes at fp-16 and fp-8.
constexpr int32_t kTrampolineSaveBytes = 160;
constexpr int32_t kTrampolineCellsSlot = -16;

}  // namespace

// ---- frame ----

// The frame record (fp, lr) is what RecordTrap walks: [fp] = caller's fp, [fp+8] = return address.
// The new stack pointer is computed in x16 and checked against the limit before sp moves. Below
// 64 KiB no stack can sit at an address smaller than the frame (the kernel never maps the first
// 64 KiB), so small frames need no borrow check of `sp - frame_size`.
void A64MacroAssembler::emit_prologue(uint32_t frame_size, Label stack_trap) {
  frame_size_ = frame_size;
  a_.stp(a64::x29, a64::x30, a64::ptr_pre(a64::sp, -16));
  a_.mov(a64::x29, a64::sp);
  if (frame_size <= 0xfff || ((frame_size & 0xfff) == 0 && frame_size < (64u << 10))) {
    a_.sub(a64::x16, a64::sp, frame_size);
  } else {
    materialize(a64::x17, frame_size);
    a_.subs(a64::x16, a64::sp, a64::x17);
    if (frame_size >= (64u << 10)) branch_if(asmjit::arm::CondCode::kLO, stack_trap);
  }
  a_.ldr(a64::x17, a64::ptr(a64::x20, kStackLimitOffset));
  a_.cmp(a64::x16, a64::x17);
  branch_if(asmjit::arm::CondCode::kLO, stack_trap);
  a_.mov(a64::sp, a64::x16);
  a_.str(a64::x19, a64::ptr(a64::x29, -8));
}

void A64MacroAssembler::emit_interrupt_check(Label trap) {
  a_.ldr(a64::x16, a64::ptr(a64::x19, offsetof(rt::InstanceContext, interrupt)));
  a_.ldr(a64::w16, a64::ptr(a64::x16));
  branch_if_nonzero(a64::w16, trap);
}

void A64MacroAssembler::emit_fuel_check(Label trap) {
  a_.ldr(a64::x16, a64::ptr(a64::x19, offsetof(rt::InstanceContext, fuel)));
  a_.ldr(a64::x17, a64::ptr(a64::x16));
  a_.subs(a64::x17, a64::x17, 1);
  a_.str(a64::x17, a64::ptr(a64::x16));
  branch_if(asmjit::arm::CondCode::kMI, trap);
}

void A64MacroAssembler::emit_epilogue() {
  a_.mov(a64::sp, a64::x29);
  a_.ldp(a64::x29, a64::x30, a64::ptr_post(a64::sp, 16));
  a_.ret(a64::x30);
}

// ---- traps ----

void A64MacroAssembler::emit_trap_jump(Label trap) { a_.b(label(trap)); }

// An unbound label's entry lists the branches waiting for it.
bool A64MacroAssembler::has_branches_to(Label l) const {
  const asmjit::LabelEntry* e = a_.code()->labelEntry(label(l));
  return e != nullptr && e->links() != nullptr;
}

uint32_t A64MacroAssembler::emit_trap_site(Label site, Label stub) {
  a_.bind(label(site));
  a_.bl(label(stub));
  return code_offset();
}

// Entered by a site's bl: its return address (x30, already saved by the prologue or never
// needed again) becomes RecordTrap's pc in x4. The fault handler enters the tail the same way
// (see fault_context_a64.cpp).
void A64MacroAssembler::emit_trap_stub(Label stub, uint32_t kind, uint32_t func_index,
                                       Label common) {
  a_.bind(label(stub));
  a_.mov(a64::x4, a64::x30);
  materialize(a64::w1, kind);
  materialize(a64::w2, func_index);
  a_.b(label(common));
}

// RecordTrap(ExecState*, kind w1, func_index w2, fp, pc x4): pc (set by the stub or the fault
// handler) is where the trap happened: a trap site's return address or the faulting access,
// which the helper maps back to the module and the instruction. Then the activation is dropped:
// the trampoline's frame is restored and it returns 1.
void A64MacroAssembler::emit_trap_common(Label common) {
  a_.bind(label(common));
  a_.mov(a64::x0, a64::x20);
  a_.mov(a64::x3, a64::x29);
  call_helper(Helper::RecordTrap);
  a_.ldr(a64::x29, a64::ptr(a64::x20, kEntryFpOffset));
  a_.mov(a64::w0, 1);
  trampoline_return();
}

void A64MacroAssembler::trampoline_return() {
  a_.sub(a64::sp, a64::x29, kTrampolineSaveBytes);
  a_.ldp(a64::x19, a64::x20, a64::ptr(a64::sp, 0));
  a_.ldp(a64::x21, a64::x22, a64::ptr(a64::sp, 16));
  a_.ldp(a64::x23, a64::x24, a64::ptr(a64::sp, 32));
  a_.ldp(a64::x25, a64::x26, a64::ptr(a64::sp, 48));
  a_.ldp(a64::x27, a64::x28, a64::ptr(a64::sp, 64));
  a_.ldp(a64::d8, a64::d9, a64::ptr(a64::sp, 80));
  a_.ldp(a64::d10, a64::d11, a64::ptr(a64::sp, 96));
  a_.ldp(a64::d12, a64::d13, a64::ptr(a64::sp, 112));
  a_.ldp(a64::d14, a64::d15, a64::ptr(a64::sp, 128));
  a_.mov(a64::sp, a64::x29);
  a_.ldp(a64::x29, a64::x30, a64::ptr_post(a64::sp, 16));
  a_.ret(a64::x30);
}

// int trampoline(ExecState* x0, InstanceContext* x1, const void* code x2, uint64_t* cells x3,
//                size_t bytes x4)   (bytes a multiple of 16)
// The cells become the callee's argument/result area at the bottom of this frame.
void A64MacroAssembler::emit_entry_trampoline(Label entry) {
  asmjit::Label copy_in = a_.newLabel(), in_done = a_.newLabel();
  asmjit::Label copy_out = a_.newLabel(), out_done = a_.newLabel();
  a_.bind(label(entry));
  a_.stp(a64::x29, a64::x30, a64::ptr_pre(a64::sp, -16));
  a_.mov(a64::x29, a64::sp);
  a_.sub(a64::sp, a64::sp, kTrampolineSaveBytes);
  a_.stp(a64::x19, a64::x20, a64::ptr(a64::sp, 0));
  a_.stp(a64::x21, a64::x22, a64::ptr(a64::sp, 16));
  a_.stp(a64::x23, a64::x24, a64::ptr(a64::sp, 32));
  a_.stp(a64::x25, a64::x26, a64::ptr(a64::sp, 48));
  a_.stp(a64::x27, a64::x28, a64::ptr(a64::sp, 64));
  a_.stp(a64::d8, a64::d9, a64::ptr(a64::sp, 80));
  a_.stp(a64::d10, a64::d11, a64::ptr(a64::sp, 96));
  a_.stp(a64::d12, a64::d13, a64::ptr(a64::sp, 112));
  a_.stp(a64::d14, a64::d15, a64::ptr(a64::sp, 128));
  a_.stp(a64::x3, a64::x4, a64::ptr(a64::sp, 144));
  a_.mov(a64::x20, a64::x0);
  a_.mov(a64::x19, a64::x1);
  load_memory_registers();
  a_.mov(a64::x16, a64::sp);
  a_.str(a64::x16, a64::ptr(a64::x20, kEntrySpOffset));
  a_.str(a64::x29, a64::ptr(a64::x20, kEntryFpOffset));
  a_.sub(a64::sp, a64::sp, a64::x4);

  a_.mov(a64::x16, 0);
  a_.bind(copy_in);
  a_.cmp(a64::x16, a64::x4);
  a_.b(asmjit::arm::CondCode::kHS, in_done);
  a_.ldr(a64::x17, a64::ptr(a64::x3, a64::x16));
  a_.str(a64::x17, a64::ptr(a64::sp, a64::x16));
  a_.add(a64::x16, a64::x16, 8);
  a_.b(copy_in);
  a_.bind(in_done);

  a_.blr(a64::x2);

  // JIT code preserves only x19, x20, fp and sp: reload the rest from the frame.
  a_.ldp(a64::x3, a64::x4, a64::ptr(a64::x29, kTrampolineCellsSlot));
  a_.mov(a64::x16, 0);
  a_.bind(copy_out);
  a_.cmp(a64::x16, a64::x4);
  a_.b(asmjit::arm::CondCode::kHS, out_done);
  a_.ldr(a64::x17, a64::ptr(a64::sp, a64::x16));
  a_.str(a64::x17, a64::ptr(a64::x3, a64::x16));
  a_.add(a64::x16, a64::x16, 8);
  a_.b(copy_out);
  a_.bind(out_done);

  a_.mov(a64::w0, 0);
  trampoline_return();
}

}  // namespace wasmrun::jit::a64
