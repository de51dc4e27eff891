// The x64 registers of a Linux signal context, for the guard-page fault handler.
#include <ucontext.h>

#include "jit/fault_handler.h"

namespace wasmrun::jit {

uintptr_t fault_pc(const void* uc) {
  return static_cast<uintptr_t>(static_cast<const ucontext_t*>(uc)->uc_mcontext.gregs[REG_RIP]);
}

uintptr_t fault_instance_context(const void* uc) {
  return static_cast<uintptr_t>(static_cast<const ucontext_t*>(uc)->uc_mcontext.gregs[REG_R14]);
}

// The trap tail expects what a stub loads: the kind in esi, the function index in edx, and the
// faulting function's rbp (unchanged) for the backtrace.
void redirect_fault(void* uc, uintptr_t target, uint32_t kind, uint32_t func_index) {
  greg_t* regs = static_cast<ucontext_t*>(uc)->uc_mcontext.gregs;
  regs[REG_RSI] = static_cast<greg_t>(kind);
  regs[REG_RDX] = static_cast<greg_t>(func_index);
  regs[REG_RIP] = static_cast<greg_t>(target);
}

}  // namespace wasmrun::jit
