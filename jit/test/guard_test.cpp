// Guard-page mode: plain loads and stores without bounds checks, faults turned into traps by the
// signal handler, and faults outside JIT code passed on to the previous handler.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include "jit/test/jit_test_util.h"

namespace wasmrun::jit::test {
namespace {

constexpr uint32_t kPage = 65536;

std::unique_ptr<Instance> load_guarded() {
  CompileOptions options;
  options.guard_pages = true;
  return Instance::load("memory", {}, options);
}

TEST(GuardPageTest, InBoundsAccessesWork) {
  auto inst = load_guarded();
  ASSERT_NE(inst, nullptr);
  EXPECT_EQ(inst->memory()->mode, rt::BoundsMode::GuardPages);
  CallResult r = inst->call("load32", {I32(16)});
  ASSERT_FALSE(r.trap);
  EXPECT_EQ(r.i32(), 0x04030201u);
  ASSERT_FALSE(inst->call("store32", {I32(kPage - 4), I32(7)}).trap);
  r = inst->call("load32", {I32(kPage - 4)});
  ASSERT_FALSE(r.trap);
  EXPECT_EQ(r.i32(), 7u);
}

TEST(GuardPageTest, FaultsBecomeTrapsWithBacktrace) {
  auto inst = load_guarded();
  ASSERT_NE(inst, nullptr);
  for (uint32_t addr : {kPage, kPage - 3, 0xfffffff0u}) {
    CallResult r = inst->call("load32", {I32(addr)});
    ASSERT_TRUE(r.trap) << addr;
    EXPECT_EQ(r.trap->kind, rt::TrapKind::MemoryOutOfBounds);
    EXPECT_EQ(r.trap->message, "out of bounds memory access");
    ASSERT_EQ(r.trap->backtrace.size(), 1u);
    EXPECT_EQ(r.trap->backtrace[0].func_name, "load32");
  }
  CallResult r = inst->call("load_big_offset", {I32(0x20)});
  ASSERT_TRUE(r.trap);
  EXPECT_EQ(r.trap->message, "out of bounds memory access");
  r = inst->call("store64", {I32(kPage - 4), I64(1)});
  ASSERT_TRUE(r.trap);
  EXPECT_EQ(r.trap->kind, rt::TrapKind::MemoryOutOfBounds);
  // Growing commits the next page: the same access now succeeds.
  ASSERT_EQ(inst->call("grow", {I32(1)}).i32(), 1u);
  r = inst->call("load32", {I32(kPage)});
  ASSERT_FALSE(r.trap);
  EXPECT_EQ(r.i32(), 0u);
}

void exit_42(int, siginfo_t*, void*) { _exit(42); }

// A fault outside JIT code reaches the handler that was installed before the JIT's.
TEST(GuardPageDeathTest, OtherFaultsAreChained) {
  GTEST_FLAG_SET(death_test_style, isolated_death_test_style());
  EXPECT_EXIT(
      {
        struct sigaction sa = {};
        sa.sa_sigaction = &exit_42;
        sa.sa_flags = SA_SIGINFO;
        sigaction(SIGSEGV, &sa, nullptr);
        auto inst = load_guarded();  // the first guard-page module installs the JIT's handler
        // An inaccessible page outside any linear memory, written from C++.
        void* page = mmap(nullptr, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        *static_cast<volatile int*>(page) = 1;
      },
      ::testing::ExitedWithCode(42), "");
}

}  // namespace
}  // namespace wasmrun::jit::test
