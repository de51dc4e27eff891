// The baseline JIT tier: compile a validated module once into machine code (through the
// code-memory layer), then run its functions. Mirrors engine/interp/interpreter.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/error.h"
#include "engine/core/function_info.h"
#include "jit/visibility/code_symbols.h"
#include "runtime/context.h"
#include "runtime/func.h"
#include "runtime/trap.h"
#include "runtime/value.h"
#include "wasmrun/code_allocator.hpp"

namespace wasmrun::jit {

// Machine code for every defined function of one module, in one published block of code memory.
// Immutable and shareable between instances and threads; the code lives as long as this object.
struct CompiledModule;

struct CompileOptions {
  // Loads and stores rely on the memory's guard region instead of comparing with its size: every
  // memory the code will run against must be created with rt::BoundsMode::GuardPages. A process-
  // wide SIGSEGV/SIGBUS handler (installed on first use) turns faults in JIT code into traps and
  // passes every other fault to the handler installed before it.
  bool guard_pages = false;
  // Profilers and debuggers told about the module's code once it is published
  // (jit/visibility/).
  CodeVisibility visibility;
  // Fuel metering: every function entry and every loop header reached (fall-through or branch)
  // takes one unit of the store's fuel (rt::InstanceContext::fuel) and traps with OutOfFuel when
  // none is left, at the same points as the interpreter's XFuel. Off: no code is emitted for it.
  bool fuel = false;
};

// Fails (with the reason as error text) when the CPU lacks what the back end needs (x64: SSE4.1),
// when the module uses an instruction the JIT does not compile yet, or when the allocator
// refuses executable memory.
CoreResult<std::shared_ptr<const CompiledModule>> compile_module(
    std::shared_ptr<const ValidatedModule> module, std::shared_ptr<CodeAllocator> allocator,
    CompileOptions options = {});

// Why this host cannot run the JIT at all (nullopt when it can).
std::optional<std::string> host_unsupported_reason();

// What to store in FuncInst::jit_code for defined function `func_index` (index space of the
// module, imports included; must not be an imported function).
const void* function_entry(const CompiledModule& compiled, uint32_t func_index);

// Per-store execution state. Re-entrant: a host function called from wasm may call into wasm
// again on the same Thread. Wasm frames may use the calling thread's stack down to a reserve
// kept for traps and host calls (rt::stack_limit_for_entry), and at most `max_stack_bytes` below
// the outermost entry when that is not 0.
class Thread {
 public:
  explicit Thread(size_t max_stack_bytes = 0);
  ~Thread();
  Thread(const Thread&) = delete;
  Thread& operator=(const Thread&) = delete;

  struct State;
  State* state() { return state_.get(); }

 private:
  std::unique_ptr<State> state_;
};

// Calls `f` (a wasm function with jit_code set, or a host function) with one cell per parameter
// and writes one cell per result. Returns the trap if one occurred; the thread is usable again
// afterwards.
std::optional<rt::TrapInfo> invoke(Thread& thread, rt::FuncInst* f, const rt::RawValue* args,
                                   rt::RawValue* results);

// The assembly listing of a module's code (asmjit's text form) as compiled with `options`, for
// golden tests and debugging.
CoreResult<std::string> disassemble_module(std::shared_ptr<const ValidatedModule> module,
                                           CompileOptions options = {});
// The same listing cut per defined function (index: function index - imported functions).
CoreResult<std::vector<std::string>> disassemble_functions(
    std::shared_ptr<const ValidatedModule> module, CompileOptions options = {});

}  // namespace wasmrun::jit
