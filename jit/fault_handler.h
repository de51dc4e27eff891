// Guard-page mode: a process-wide SIGSEGV/SIGBUS handler that turns an access fault inside a
// registered module's JIT code (on the running instance's linear memory) into an "out of bounds
// memory access" trap, and passes every other fault to the handler installed before it.
#pragma once

#include <cstdint>

namespace wasmrun::jit {

struct CompiledModule;

// Installs the handler once per process; false when the system refuses.
bool install_fault_handler();

// Modules whose code may fault on purpose. Registration fails when the (fixed, lock-free) table
// the signal handler reads is full.
bool register_fault_module(const CompiledModule* m);
void unregister_fault_module(const CompiledModule* m);

// Architecture hooks (jit/<arch>/fault_context_<arch>.cpp), on the signal's ucontext_t.
uintptr_t fault_pc(const void* ucontext);
uintptr_t fault_instance_context(const void* ucontext);  // the pinned context register
// Resumes at `target` (the module's trap tail) as a trap stub would have entered it.
void redirect_fault(void* ucontext, uintptr_t target, uint32_t kind, uint32_t func_index);

}  // namespace wasmrun::jit
