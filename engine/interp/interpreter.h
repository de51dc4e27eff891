// The interpreter tier: translate a validated module once, then run its functions.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "engine/core/error.h"
#include "engine/core/function_info.h"
#include "runtime/context.h"
#include "runtime/func.h"
#include "runtime/trap.h"
#include "runtime/value.h"

namespace wasmrun::interp {

// Internal code for every defined function of one module. Immutable and shareable between
// instances and threads, like the Module it came from.
struct CompiledModule;

struct TranslateOptions {
  // Fuel metering: an XFuel instruction starts every function and every loop header, so each
  // entry and each loop iteration (fall-through or branch) takes one unit of the store's fuel
  // (rt::InstanceContext::fuel), exactly where the JIT takes it. Off: no code at all.
  bool fuel = false;
  // Functions are translated on up to this many threads (1: the calling thread only). The
  // code is the same for any count.
  unsigned threads = 1;
};

CoreResult<std::shared_ptr<const CompiledModule>> translate_module(
    std::shared_ptr<const ValidatedModule> module, TranslateOptions options = {});

// What to store in FuncInst::interp_code for defined function `func_index` (index space of the
// module, imports included; must not be an imported function).
const void* function_code(const CompiledModule& compiled, uint32_t func_index);

// Per-store execution state: the value stack and the call-depth budget. Re-entrant: a host
// function called from wasm may call into wasm again on the same Thread, as long as the calling
// thread's native stack allows (see rt::stack_limit_for_entry; `max_stack_bytes` 0: no bound
// beyond the thread's own stack).
class Thread {
 public:
  explicit Thread(uint32_t max_call_depth, size_t max_stack_bytes = 0,
                  size_t value_stack_bytes = 8u << 20);
  ~Thread();
  Thread(const Thread&) = delete;
  Thread& operator=(const Thread&) = delete;

  struct State;
  State* state() { return state_.get(); }

 private:
  std::unique_ptr<State> state_;
};

// Calls `f` (a wasm function of any instance, or a host function) with one cell per parameter
// and writes one cell per result. Returns the trap if one occurred; the thread is usable again
// afterwards.
std::optional<rt::TrapInfo> invoke(Thread& thread, rt::FuncInst* f, const rt::RawValue* args,
                                   rt::RawValue* results);

}  // namespace wasmrun::interp
