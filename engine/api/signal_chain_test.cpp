// Guard-page mode installs a SIGSEGV/SIGBUS handler when the first such module is compiled. A
// host that installs its own handler later must chain to the one it replaces (documented in
// wasmrun.hpp); this is that contract, done the way a host would do it.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include "engine/api/api_test_util.h"

namespace wasmrun {
namespace {

#if WASMRUN_HAS_JIT
// Volatile: the handler reads them, and the faulting store must not be moved before they are set.
struct sigaction g_previous;
char* volatile g_host_page = nullptr;
volatile size_t g_page_size = 0;
volatile sig_atomic_t g_host_faults = 0;

// The host's handler: its own page faults are its business; everything else goes to the
// handler it replaced, with the same arguments.
void host_handler(int sig, siginfo_t* info, void* uc) {
  auto* addr = static_cast<char*>(info->si_addr);
  if (g_host_page && addr >= g_host_page && addr < g_host_page + g_page_size) {
    ::mprotect(g_host_page, g_page_size, PROT_READ | PROT_WRITE);
    g_host_faults = g_host_faults + 1;
    return;
  }
  if (g_previous.sa_flags & SA_SIGINFO) {
    g_previous.sa_sigaction(sig, info, uc);
    return;
  }
  // A default disposition: reinstate it; the faulting access runs again and ends the process.
  ::sigaction(sig, &g_previous, nullptr);
}

TEST(SignalChain, HostHandlerInstalledLaterChainsToGuardPageTraps) {
  EngineConfig config;
  config.tier = Tier::Jit;
  config.bounds_checks = BoundsChecks::GuardPages;
  Engine engine(config);
  if (engine.effective_tier() != Tier::Jit) GTEST_SKIP() << engine.jit_unavailable_reason();
  Store store(engine);
  auto module = testing::compile(engine, "traps");
  ASSERT_TRUE(module);
  std::vector<Extern> imports = {testing::nop_func(store), testing::nop_func(store)};
  auto instance = Instance::create(store, *module, imports);
  ASSERT_TRUE(instance) << instance.error().message;

  // Installed after the engine's handler, which compiling the module put in place.
  struct sigaction sa = {};
  sa.sa_sigaction = &host_handler;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  ASSERT_EQ(::sigaction(SIGSEGV, &sa, &g_previous), 0);
  EXPECT_TRUE(g_previous.sa_flags & SA_SIGINFO) << "no engine handler was installed";

  // A guard-page fault in wasm reaches the engine through the host's handler: a trap.
  auto oob = instance->get_func("memory_oob");
  ASSERT_TRUE(oob);
  auto trap = testing::trap_of(oob->call({}));
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->kind, TrapKind::MemoryOutOfBounds);

  // The host's own faults stay the host's.
  g_page_size = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  void* page = ::mmap(nullptr, g_page_size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(page, MAP_FAILED);
  g_host_page = static_cast<char*>(page);
  *reinterpret_cast<volatile int*>(g_host_page) = 7;
  EXPECT_EQ(g_host_faults, 1);
  EXPECT_EQ(*reinterpret_cast<volatile int*>(g_host_page), 7);

  // And the store is still usable.
  trap = testing::trap_of(oob->call({}));
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->kind, TrapKind::MemoryOutOfBounds);

  ASSERT_EQ(::sigaction(SIGSEGV, &g_previous, nullptr), 0);
  g_host_page = nullptr;
  ::munmap(page, g_page_size);
}
#endif

}  // namespace
}  // namespace wasmrun
