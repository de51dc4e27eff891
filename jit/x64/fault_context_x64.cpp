// The x64 registers of a signal context (Linux and macOS), for the guard-page fault handler.
#include <signal.h>
#include <ucontext.h>

#include "jit/fault_handler.h"

namespace wasmrun::jit {

namespace {

#if defined(__APPLE__)
using RegWord = uint64_t;
RegWord* rip(ucontext_t* uc) { return &uc->uc_mcontext->__ss.__rip; }
RegWord* r14(ucontext_t* uc) { return &uc->uc_mcontext->__ss.__r14; }
RegWord* rsi(ucontext_t* uc) { return &uc->uc_mcontext->__ss.__rsi; }
RegWord* rdx(ucontext_t* uc) { return &uc->uc_mcontext->__ss.__rdx; }
RegWord* r8(ucontext_t* uc) { return &uc->uc_mcontext->__ss.__r8; }
#else
using RegWord = greg_t;
RegWord* rip(ucontext_t* uc) { return &uc->uc_mcontext.gregs[REG_RIP]; }
RegWord* r14(ucontext_t* uc) { return &uc->uc_mcontext.gregs[REG_R14]; }
RegWord* rsi(ucontext_t* uc) { return &uc->uc_mcontext.gregs[REG_RSI]; }
RegWord* rdx(ucontext_t* uc) { return &uc->uc_mcontext.gregs[REG_RDX]; }
RegWord* r8(ucontext_t* uc) { return &uc->uc_mcontext.gregs[REG_R8]; }
#endif

ucontext_t* context(const void* uc) { return static_cast<ucontext_t*>(const_cast<void*>(uc)); }

}  // namespace

uintptr_t fault_pc(const void* uc) { return static_cast<uintptr_t>(*rip(context(uc))); }

uintptr_t fault_instance_context(const void* uc) {
  return static_cast<uintptr_t>(*r14(context(uc)));
}

// The trap tail expects what a stub loads: the kind in esi, the function index in edx, the
// trapping pc in r8 (like a trap site's return address, one past the start of the faulting
// access), and the faulting function's rbp (unchanged) for the backtrace.
void redirect_fault(void* uc, uintptr_t target, uint32_t kind, uint32_t func_index) {
  ucontext_t* c = context(uc);
  *r8(c) = *rip(c) + 1;
  *rsi(c) = static_cast<RegWord>(kind);
  *rdx(c) = static_cast<RegWord>(func_index);
  *rip(c) = static_cast<RegWord>(target);
}

}  // namespace wasmrun::jit
