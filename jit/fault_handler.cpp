#include "jit/fault_handler.h"

#include <signal.h>

#include <atomic>
#include <mutex>

#include "jit/compiled_module.h"
#include "runtime/context.h"
#include "runtime/memory.h"

namespace wasmrun::jit {

namespace {

// Read by the signal handler: plain atomics, no locks, no allocation.
constexpr size_t kMaxFaultModules = 4096;
std::atomic<const CompiledModule*> g_modules[kMaxFaultModules];

struct sigaction g_previous_segv;
struct sigaction g_previous_bus;

const CompiledModule* module_at(uintptr_t pc) {
  for (auto& slot : g_modules) {
    const CompiledModule* m = slot.load(std::memory_order_acquire);
    // Only function bodies access linear memory; the trap tail and trampoline never do.
    if (m && pc >= m->begin && pc < m->trap_common) return m;
  }
  return nullptr;
}

bool in_linear_memory(uintptr_t ctx_word, uintptr_t addr) {
  auto* ctx = reinterpret_cast<const rt::InstanceContext*>(ctx_word);
  if (!ctx) return false;
  // Any of the instance's memories (multi-memory): each has its own guard reservation.
  for (uint32_t i = 0; i < ctx->num_memories; ++i) {
    const rt::LinearMemory* m = ctx->memories[i];
    auto base = reinterpret_cast<uintptr_t>(m->base);
    if (addr >= base && addr - base < m->reserved) return true;
  }
  return false;
}

// Someone else's fault: hand it on exactly as the previous disposition would have seen it.
void chain(int sig, siginfo_t* info, void* uc) {
  struct sigaction& prev = sig == SIGSEGV ? g_previous_segv : g_previous_bus;
  if (prev.sa_flags & SA_SIGINFO) {
    if (prev.sa_sigaction) prev.sa_sigaction(sig, info, uc);
    return;
  }
  if (prev.sa_handler == SIG_IGN) return;
  if (prev.sa_handler == SIG_DFL) {
    // Blocked while this handler runs: delivered with the default action when it returns (a
    // real fault would also simply re-execute and fault again).
    sigaction(sig, &prev, nullptr);
    raise(sig);
    return;
  }
  prev.sa_handler(sig);
}

void on_fault(int sig, siginfo_t* info, void* uc) {
  const CompiledModule* m = module_at(fault_pc(uc));
  if (m &&
      in_linear_memory(fault_instance_context(uc), reinterpret_cast<uintptr_t>(info->si_addr))) {
    redirect_fault(uc, m->trap_common, static_cast<uint32_t>(rt::TrapKind::MemoryOutOfBounds),
                   m->func_index_at(fault_pc(uc)));
    return;
  }
  chain(sig, info, uc);
}

}  // namespace

bool install_fault_handler() {
  static bool ok = [] {
    struct sigaction sa = {};
    sa.sa_sigaction = &on_fault;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    return sigaction(SIGSEGV, &sa, &g_previous_segv) == 0 &&
           sigaction(SIGBUS, &sa, &g_previous_bus) == 0;
  }();
  return ok;
}

bool register_fault_module(const CompiledModule* m) {
  for (auto& slot : g_modules) {
    const CompiledModule* expected = nullptr;
    if (slot.compare_exchange_strong(expected, m, std::memory_order_acq_rel)) return true;
  }
  return false;
}

void unregister_fault_module(const CompiledModule* m) {
  for (auto& slot : g_modules) {
    const CompiledModule* expected = m;
    if (slot.compare_exchange_strong(expected, nullptr, std::memory_order_acq_rel)) return;
  }
}

}  // namespace wasmrun::jit
