// Core side of calls from the host and of the per-store interpreter thread.
#include "engine/api/core_bridge.h"
#include "engine/interp/interpreter.h"

namespace wasmrun::bridge {

void ThreadDeleter::operator()(interp::Thread* t) const { delete t; }

ThreadPtr new_thread(uint32_t max_call_depth) {
  return ThreadPtr(new interp::Thread(max_call_depth));
}

std::optional<rt::TrapInfo> call_from_host(rt::Store& store, interp::Thread& thread,
                                           rt::FuncInst* f, const rt::RawValue* args,
                                           rt::RawValue* results) {
  // Only the outermost call clears the flag: a host function re-entering wasm must not cancel
  // an interrupt aimed at the code that called it.
  if (store.active_calls == 0) store.interrupt.store(0, std::memory_order_relaxed);
  ++store.active_calls;
  struct Leave {
    rt::Store& s;
    ~Leave() { --s.active_calls; }
  } leave{store};
  return interp::invoke(thread, f, args, results);
}

}  // namespace wasmrun::bridge
