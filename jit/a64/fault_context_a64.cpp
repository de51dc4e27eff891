// The arm64 registers of a signal context (Linux and macOS), for the guard-page fault handler.
#include <signal.h>
#include <ucontext.h>

#include <cstdint>

#include "jit/fault_handler.h"

namespace wasmrun::jit {

namespace {

// The registers the back end pins or the trap tail reads (see jit/a64/masm_a64.h).
constexpr int kContextReg = 19;
constexpr int kKindReg = 1;
constexpr int kFuncIndexReg = 2;
constexpr int kTrapPcReg = 4;

ucontext_t* context(const void* uc) { return static_cast<ucontext_t*>(const_cast<void*>(uc)); }

#if defined(__APPLE__)
// The plain (non-arm64e) thread state: JIT code is never signed, so pc is a raw address.
auto& pc(ucontext_t* uc) { return uc->uc_mcontext->__ss.__pc; }
auto& x(ucontext_t* uc, int n) { return uc->uc_mcontext->__ss.__x[n]; }
#else
auto& pc(ucontext_t* uc) { return uc->uc_mcontext.pc; }
auto& x(ucontext_t* uc, int n) { return uc->uc_mcontext.regs[n]; }
#endif

}  // namespace

uintptr_t fault_pc(const void* uc) { return static_cast<uintptr_t>(pc(context(uc))); }

uintptr_t fault_instance_context(const void* uc) {
  return static_cast<uintptr_t>(x(context(uc), kContextReg));
}

// The trap tail expects what a stub loads: the kind in w1, the function index in w2, the trapping
// pc in x4 (like a trap site's return address, one past the start of the faulting access), and
// the faulting function's fp (unchanged) for the backtrace. sp is 16-byte aligned inside a body, so
// the tail may call its helper from there.
void redirect_fault(void* uc, uintptr_t target, uint32_t kind, uint32_t func_index) {
  ucontext_t* c = context(uc);
  x(c, kKindReg) = kind;
  x(c, kFuncIndexReg) = func_index;
  x(c, kTrapPcReg) = pc(c) + 1;
  pc(c) = target;
}

}  // namespace wasmrun::jit
