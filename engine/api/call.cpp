// Calls from the host and of the per-store execution threads.
#include <algorithm>
#include <cstddef>

#include "engine/api/api_internal.h"
#include "engine/interp/interpreter.h"
#if WASMRUN_HAS_JIT
#include "jit/jit.h"
#endif

namespace wasmrun::internal {

// Exactly one of the two is set: a store runs the tier of its engine only.
struct Threads {
  std::unique_ptr<interp::Thread> interp;
#if WASMRUN_HAS_JIT
  std::unique_ptr<jit::Thread> jit;
#endif
};

void ThreadDeleter::operator()(Threads* t) const { delete t; }

std::optional<std::string> jit_host_unsupported_reason() {
#if WASMRUN_HAS_JIT
  return jit::host_unsupported_reason();
#else
  return "this build has no JIT";
#endif
}

ThreadPtr new_thread(uint32_t max_call_depth, size_t max_stack_bytes, bool jit) {
  ThreadPtr t(new Threads);
#if WASMRUN_HAS_JIT
  // JIT frames live on the native stack, so its bytes bound them, not a frame count.
  if (jit) {
    t->jit = std::make_unique<jit::Thread>(max_stack_bytes);
    return t;
  }
#else
  (void)jit;
#endif
  t->interp = std::make_unique<interp::Thread>(max_call_depth, max_stack_bytes);
  return t;
}

std::optional<rt::TrapInfo> call_from_host(rt::Store& store, Threads& thread, rt::FuncInst* f,
                                           const rt::RawValue* args, rt::RawValue* results) {
  // Only the outermost call clears the flag: a host function re-entering wasm must not cancel
  // an interrupt aimed at the code that called it.
  if (store.active_calls == 0) store.interrupt.store(0, std::memory_order_relaxed);
  ++store.active_calls;
  struct Leave {
    rt::Store& s;
    ~Leave() { --s.active_calls; }
  } leave{store};
#if WASMRUN_HAS_JIT
  // Host functions run the same through either tier, so the store's tier picks the path.
  if (thread.jit) return jit::invoke(*thread.jit, f, args, results);
#endif
  return interp::invoke(*thread.interp, f, args, results);
}

}  // namespace wasmrun::internal
