// The platform backends: code runs, pages are never writable and executable at once, published
// code cannot be written, and a module of many functions costs a few system calls.
#include "runtime/code/code_memory.h"

#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <cstring>
#include <thread>

#include "runtime/code/asmjit_code.h"
#include "runtime/code/code_block.h"
#include "runtime/code/posix_pages.h"
#include "runtime/code/test_code.h"

#if defined(__SANITIZE_ADDRESS__)
#define WASMRUN_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WASMRUN_TEST_ASAN 1
#endif
#endif
#ifndef WASMRUN_TEST_ASAN
#define WASMRUN_TEST_ASAN 0
#endif

namespace wasmrun::rt {
namespace {

using test::ConstFn;

std::shared_ptr<SystemCodeAllocator> make_backend(CodeBackend b, std::string* why) {
  switch (b) {
    case CodeBackend::Mprotect: return make_mprotect_code_allocator(why);
    case CodeBackend::DualMapped: return make_dual_mapped_code_allocator(why);
    default: return make_apple_code_allocator(why);
  }
}

template <class Fn>
Fn entry(const PublishedCode& pc, size_t i) {
  return reinterpret_cast<Fn>(const_cast<void*>(pc.entries[i].p));
}

class BackendTest : public ::testing::TestWithParam<CodeBackend> {
 protected:
  void SetUp() override {
    if (!test::have_test_assembler()) GTEST_SKIP() << "no test assembler for this architecture";
    std::string why;
    alloc_ = make_backend(GetParam(), &why);
    if (!alloc_) GTEST_SKIP() << "backend absent here: " << why;
    if (auto refused = probe_code_memory(*alloc_)) {
      GTEST_SKIP() << "backend refused by this host: " << *refused;
    }
  }
  std::shared_ptr<SystemCodeAllocator> alloc_;
};

TEST_P(BackendTest, RunsPublishedFunctions) {
  asmjit::CodeHolder c1, c2, c3;
  ASSERT_TRUE(test::emit_const(c1, 42));
  ASSERT_TRUE(test::emit_add(c2));
  ASSERT_TRUE(test::emit_call_twice(c3));
  asmjit::CodeHolder* holders[] = {&c1, &c2, &c3};
  PublishedCode pc;
  std::string error;
  ASSERT_TRUE(publish_code_holders(alloc_, holders, &pc, &error)) << error;
  ASSERT_EQ(pc.entries.size(), 3u);
  EXPECT_EQ(alloc_->backend(), GetParam());
  EXPECT_TRUE(pc.block->published());
  EXPECT_EQ(entry<ConstFn>(pc, 0)(), 42);
  EXPECT_EQ(entry<test::BinaryFn>(pc, 1)(40, 2), 42);
  EXPECT_EQ(entry<test::UnaryFn>(pc, 2)(21), 42);
  // Function entries are aligned and in one block.
  for (const ExecAddress& e : pc.entries) {
    EXPECT_EQ(reinterpret_cast<uintptr_t>(e.p) % kFunctionAlignment, 0u);
    EXPECT_GE(e.p, pc.block->exec().p);
    EXPECT_LT(static_cast<const uint8_t*>(e.p),
              static_cast<const uint8_t*>(pc.block->exec().p) + pc.block->size());
  }
}

TEST_P(BackendTest, NeverWritableAndExecutableAtOnce) {
  if (!test::have_proc_maps()) GTEST_SKIP() << "no /proc/self/maps on this system";
  ASSERT_EQ(test::find_writable_executable(), "") << "a W+X mapping existed before the test";
  std::vector<PublishedCode> modules;
  for (int m = 0; m < 100; ++m) {
    auto holders = test::make_const_holders(8, m * 8);
    ASSERT_FALSE(holders.empty());
    auto ptrs = test::raw(holders);
    PublishedCode pc;
    std::string error;
    ASSERT_TRUE(publish_code_holders(alloc_, ptrs, &pc, &error)) << error;
    ASSERT_EQ(test::find_writable_executable(), "") << "after publishing module " << m;
    // The code runs from a read-execute mapping.
    EXPECT_EQ(test::perms_at(pc.entries[0].p).substr(0, 3), "r-x");
    for (int i = 0; i < 8; ++i) ASSERT_EQ(entry<ConstFn>(pc, i)(), m * 8 + i);
    modules.push_back(std::move(pc));
  }
  // While a block is being written it is writable but not executable.
  std::string error;
  auto block = CodeBlock::reserve(alloc_, 100, &error);
  ASSERT_TRUE(block) << error;
  std::string during;
  ASSERT_TRUE(
      block->write([&](WritableSpan dst) { during = test::find_writable_executable(); }, &error))
      << error;
  EXPECT_EQ(during, "");
}

TEST_P(BackendTest, PublishedCodeHasNoWritableAlias) {
  if (!test::have_proc_maps()) GTEST_SKIP() << "no /proc/self/maps on this system";
  std::vector<PublishedCode> modules;
  for (int m = 0; m < 10; ++m) {
    auto holders = test::make_const_holders(4, m);
    auto ptrs = test::raw(holders);
    PublishedCode pc;
    std::string error;
    ASSERT_TRUE(publish_code_holders(alloc_, ptrs, &pc, &error)) << error;
    modules.push_back(std::move(pc));
  }
  // Every mapping of code memory (anonymous pages, or the memfd views) that is still mapped
  // belongs to published code and must be read-execute; the dual mapping's write view is gone.
  int code_mappings = 0;
  for (const test::MapLine& line : test::read_maps()) {
    for (const PublishedCode& pc : modules) {
      auto begin = reinterpret_cast<uintptr_t>(pc.block->exec().p);
      if (line.begin <= begin && begin < line.end) {
        ++code_mappings;
        EXPECT_EQ(line.perms.substr(0, 3), "r-x") << line.line;
      }
    }
    if (line.line.find("wasmrun-code") != std::string::npos) {
      EXPECT_EQ(line.perms.find('w'), std::string::npos) << line.line;
    }
  }
  EXPECT_EQ(code_mappings, 10);
}

TEST_P(BackendTest, ThreadsPublishConcurrently) {
  constexpr int kThreads = 4, kModules = 25, kFunctions = 5;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::vector<PublishedCode> modules;
      for (int m = 0; m < kModules; ++m) {
        int32_t base = (t * kModules + m) * kFunctions;
        auto holders = test::make_const_holders(kFunctions, base);
        auto ptrs = test::raw(holders);
        PublishedCode pc;
        std::string error;
        if (!publish_code_holders(alloc_, ptrs, &pc, &error)) {
          ++failures;
          continue;
        }
        for (int i = 0; i < kFunctions; ++i) {
          if (entry<ConstFn>(pc, i)() != base + i) ++failures;
        }
        // Keep every other module so that releases interleave with other threads' publishes.
        if (m % 2 == 0) modules.push_back(std::move(pc));
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  CodeMemoryStats s = alloc_->stats();
  EXPECT_EQ(s.reserves, s.releases);
}

TEST_P(BackendTest, PublishedCodeIsNeverWrittenAgain) {
  std::string error;
  auto block = CodeBlock::reserve(alloc_, 64, &error);
  ASSERT_TRUE(block) << error;
  ASSERT_TRUE(block->write([](WritableSpan dst) { std::memset(dst.data, kCodeFillByte, dst.size); },
                           &error));
  ASSERT_TRUE(block->publish(&error)) << error;
  bool called = false;
  EXPECT_FALSE(block->write([&](WritableSpan) { called = true; }, &error));
  EXPECT_FALSE(called);
  // The backend itself refuses too, for embedders that wrap it directly.
  CodeReservation r{};
  CodeReserveResult got = alloc_->reserve(64);
  ASSERT_TRUE(got.status.ok) << got.status.reason;
  r = got.reservation;
  ASSERT_TRUE(alloc_
                  ->write(
                      r, [](void*, WritableSpan) { return 0; }, nullptr)
                  .ok);
  ASSERT_TRUE(alloc_->publish(r).ok);
  EXPECT_FALSE(alloc_
                   ->write(
                       r, [](void*, WritableSpan) { return 0; }, nullptr)
                   .ok);
  alloc_->release(r);
}

TEST_P(BackendTest, WritingThroughTheExecAddressFaults) {
  asmjit::CodeHolder c;
  ASSERT_TRUE(test::emit_const(c, 7));
  asmjit::CodeHolder* holders[] = {&c};
  PublishedCode pc;
  std::string error;
  ASSERT_TRUE(publish_code_holders(alloc_, holders, &pc, &error)) << error;
  ASSERT_EQ(entry<ConstFn>(pc, 0)(), 7);
  auto* target = static_cast<volatile uint8_t*>(const_cast<void*>(pc.entries[0].p));
#if WASMRUN_TEST_ASAN
  // AddressSanitizer catches the fault, reports it and exits.
  EXPECT_DEATH({ *target = 0xC3; }, "SEGV");
#elif defined(__APPLE__)
  EXPECT_DEATH({ *target = 0xC3; }, "");  // SIGBUS or SIGSEGV
#else
  EXPECT_EXIT({ *target = 0xC3; }, ::testing::KilledBySignal(SIGSEGV), "");
#endif
  // The parent's copy is untouched and still runs.
  EXPECT_EQ(entry<ConstFn>(pc, 0)(), 7);
}

TEST_P(BackendTest, ReleaseReturnsTheMemory) {
  const void* where = nullptr;
  {
    asmjit::CodeHolder c;
    ASSERT_TRUE(test::emit_const(c, 1));
    asmjit::CodeHolder* holders[] = {&c};
    PublishedCode pc;
    std::string error;
    ASSERT_TRUE(publish_code_holders(alloc_, holders, &pc, &error)) << error;
    where = pc.entries[0].p;
    if (test::have_proc_maps()) {
      ASSERT_NE(test::perms_at(where), "");
    }
  }
  if (test::have_proc_maps()) {
    EXPECT_EQ(test::perms_at(where), "");
  }
  CodeMemoryStats s = alloc_->stats();
  EXPECT_EQ(s.reserves, s.releases);  // the probe's and the test's
  EXPECT_EQ(s.mmaps, s.munmaps);
}

TEST_P(BackendTest, AThousandFunctionsCostAFewSystemCalls) {
  auto holders = test::make_const_holders(1000, 5000);
  ASSERT_EQ(holders.size(), 1000u);
  auto ptrs = test::raw(holders);
  CodeMemoryStats before = alloc_->stats();
  PublishedCode pc;
  std::string error;
  ASSERT_TRUE(publish_code_holders(alloc_, ptrs, &pc, &error)) << error;
  CodeMemoryStats after = alloc_->stats();
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(entry<ConstFn>(pc, i)(), 5000 + i) << i;

  EXPECT_EQ(after.reserves - before.reserves, 1u);
  EXPECT_EQ(after.writes - before.writes, 1u);
  EXPECT_EQ(after.publishes - before.publishes, 1u);
  EXPECT_LE(after.mmaps - before.mmaps, 2u);  // one view, or two for dual mapping
  EXPECT_LE(after.mprotects - before.mprotects, 1u);
  EXPECT_LE(after.memfds - before.memfds, 2u);    // a retry without MFD_EXEC on old kernels
  EXPECT_LE(after.munmaps - before.munmaps, 1u);  // the dual mapping drops its write view
  // Small functions share pages: 1000 of them fit in a handful.
  EXPECT_LE(pc.block->size(), 4u * 4096u);
}

std::string backend_param_name(const ::testing::TestParamInfo<CodeBackend>& info) {
  return info.param == CodeBackend::Mprotect     ? "Mprotect"
         : info.param == CodeBackend::DualMapped ? "DualMapped"
                                                 : "Apple";
}

#if defined(__APPLE__)
INSTANTIATE_TEST_SUITE_P(Platform, BackendTest, ::testing::Values(CodeBackend::AppleMapJit),
                         backend_param_name);
#else
INSTANTIATE_TEST_SUITE_P(Platform, BackendTest,
                         ::testing::Values(CodeBackend::Mprotect, CodeBackend::DualMapped),
                         backend_param_name);
#endif

#if defined(__linux__)
TEST(CodeMemorySync, MembarrierSyncCoreWorksWhereOffered) {
  // Used after every publish on arm64 Linux; available on x86-64 too, so it is exercised here.
  if (!sync_cores_of_process()) GTEST_SKIP() << "this kernel offers no SYNC_CORE membarrier";
  EXPECT_TRUE(sync_cores_of_process());
}
#endif

TEST(DefaultCodeAllocator, IsChosenOnceAndWorks) {
  std::shared_ptr<CodeAllocator> a = default_code_allocator();
  ASSERT_TRUE(a);
  EXPECT_EQ(a, default_code_allocator());
  EXPECT_EQ(probe_code_memory(*a), std::nullopt);
  std::string why;
  auto sys = system_code_allocator(&why);
  ASSERT_TRUE(sys) << why;
  EXPECT_EQ(static_cast<CodeAllocator*>(sys.get()), a.get());
#if defined(__linux__)
  // Where mprotect to executable is allowed it is preferred over dual mapping.
  auto mp = make_mprotect_code_allocator(&why);
  if (!probe_code_memory(*mp)) {
    EXPECT_EQ(sys->backend(), CodeBackend::Mprotect);
  }
#endif
  EXPECT_EQ(resolve_code_allocator(nullptr), a);
}

}  // namespace
}  // namespace wasmrun::rt
