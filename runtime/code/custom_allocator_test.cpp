// Embedder-supplied allocators: when configured they receive every code allocation, and a
// refusing one makes the probe report its reason.
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <mutex>
#include <set>

#include "runtime/code/asmjit_code.h"
#include "runtime/code/code_memory.h"
#include "runtime/code/test_code.h"
#include "wasmrun/code_allocator.hpp"
#include "wasmrun/wasmrun.hpp"

namespace wasmrun::rt {
namespace {

// What an embedder might write: its own pages, read-write until published, then read-execute,
// counting every call. Only the public header is needed to write it.
class CountingAllocator : public wasmrun::CodeAllocator {
 public:
  int reserves = 0, writes = 0, publishes = 0, releases = 0;
  std::set<const void*> live;

  CodeReserveResult reserve(size_t size) override {
    ++reserves;
    size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    size_t n = (size + page - 1) / page * page;
    void* p = mmap(nullptr, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return {CodeStatus::failure("test allocator: mmap failed"), {}};
    live.insert(p);
    return {CodeStatus::success(), CodeReservation{p, ExecAddress{p}, n}};
  }
  CodeStatus write(const CodeReservation& r, CodeWriteFn fn, void* user) override {
    ++writes;
    int rc = fn(user, WritableSpan{static_cast<uint8_t*>(r.handle), r.size});
    return rc == 0 ? CodeStatus::success() : CodeStatus::failure("test allocator: writer failed");
  }
  CodeStatus publish(const CodeReservation& r) override {
    ++publishes;
    if (mprotect(r.handle, r.size, PROT_READ | PROT_EXEC) != 0) {
      return CodeStatus::failure("test allocator: mprotect failed");
    }
    char* b = static_cast<char*>(r.handle);
    __builtin___clear_cache(b, b + r.size);
    return CodeStatus::success();
  }
  void release(const CodeReservation& r) override {
    ++releases;
    live.erase(r.handle);
    munmap(r.handle, r.size);
  }
};

// Declines everything, as a sandboxing host might.
class DecliningAllocator : public wasmrun::CodeAllocator {
 public:
  CodeReserveResult reserve(size_t) override {
    return {CodeStatus::failure("host policy: no executable memory in this sandbox"), {}};
  }
  CodeStatus write(const CodeReservation&, CodeWriteFn, void*) override {
    return CodeStatus::failure("unreachable");
  }
  CodeStatus publish(const CodeReservation&) override { return CodeStatus::failure("unreachable"); }
  void release(const CodeReservation&) override {}
};

// Gives memory but will not make it executable.
class NoExecAllocator : public CountingAllocator {
 public:
  CodeStatus publish(const CodeReservation&) override {
    ++publishes;
    return CodeStatus::failure("host policy: code may be written but never executed");
  }
};

TEST(CustomCodeAllocator, ReceivesEveryAllocationAndTheCodeRuns) {
  if (!test::have_test_assembler()) GTEST_SKIP() << "no test assembler for this architecture";
  auto custom = std::make_shared<CountingAllocator>();
  EngineConfig config;
  config.code_allocator = custom;
  std::shared_ptr<CodeAllocator> chosen = resolve_code_allocator(config.code_allocator);
  ASSERT_EQ(chosen, config.code_allocator);

  // Nothing may come from the platform backend while the custom one is configured.
  auto sys = system_code_allocator();
  CodeMemoryStats sys_before = sys ? sys->stats() : CodeMemoryStats{};
  {
    std::vector<PublishedCode> modules;
    for (int m = 0; m < 5; ++m) {
      auto holders = test::make_const_holders(10, 100 * m);
      auto ptrs = test::raw(holders);
      asmjit::CodeHolder adder;
      ASSERT_TRUE(test::emit_add(adder));
      ptrs.push_back(&adder);
      PublishedCode pc;
      std::string error;
      ASSERT_TRUE(publish_code_holders(chosen, ptrs, &pc, &error)) << error;
      for (int i = 0; i < 10; ++i) {
        auto fn = reinterpret_cast<test::ConstFn>(const_cast<void*>(pc.entries[i].p));
        EXPECT_EQ(fn(), 100 * m + i);
      }
      auto add = reinterpret_cast<test::BinaryFn>(const_cast<void*>(pc.entries[10].p));
      EXPECT_EQ(add(m, 1000), m + 1000);
      // Every entry lies in one of the custom allocator's reservations.
      EXPECT_EQ(custom->live.count(pc.block->exec().p), 1u);
      modules.push_back(std::move(pc));
    }
    EXPECT_EQ(custom->reserves, 5);
    EXPECT_EQ(custom->writes, 5);
    EXPECT_EQ(custom->publishes, 5);
    EXPECT_EQ(custom->releases, 0);
  }
  EXPECT_EQ(custom->releases, 5);
  EXPECT_TRUE(custom->live.empty());
  EXPECT_EQ(probe_code_memory(*custom), std::nullopt);
  if (sys) {
    CodeMemoryStats sys_after = sys->stats();
    EXPECT_EQ(sys_after.reserves, sys_before.reserves);
    EXPECT_EQ(sys_after.writes, sys_before.writes);
  }
}

TEST(CustomCodeAllocator, ProbeReportsARefusal) {
  DecliningAllocator declining;
  EXPECT_EQ(probe_code_memory(declining), "host policy: no executable memory in this sandbox");

  NoExecAllocator no_exec;
  EXPECT_EQ(probe_code_memory(no_exec), "host policy: code may be written but never executed");
  EXPECT_EQ(no_exec.reserves, no_exec.releases);  // the probe cleans up after itself

  auto refusing = make_refusing_code_allocator("executable memory is refused (test)");
  EXPECT_EQ(probe_code_memory(*refusing), "executable memory is refused (test)");
}

TEST(CustomCodeAllocator, ARefusalReachesTheCompiler) {
  if (!test::have_test_assembler()) GTEST_SKIP() << "no test assembler for this architecture";
  auto declining = std::make_shared<DecliningAllocator>();
  asmjit::CodeHolder c;
  ASSERT_TRUE(test::emit_const(c, 1));
  asmjit::CodeHolder* holders[] = {&c};
  PublishedCode pc;
  std::string error;
  EXPECT_FALSE(publish_code_holders(declining, holders, &pc, &error));
  EXPECT_EQ(error, "host policy: no executable memory in this sandbox");
  EXPECT_FALSE(pc.block);
}

}  // namespace
}  // namespace wasmrun::rt
