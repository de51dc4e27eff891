// W^X holds for real JIT output, not only for hand-assembled code: after every module the JIT
// compiles and publishes, and after running it, no mapping of the process is writable and
// executable at once.
#include <gtest/gtest.h>

#if defined(__linux__)
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "jit/test/jit_test_util.h"
#include "runtime/code/code_memory.h"
#include "runtime/code/test_code.h"

namespace wasmrun::jit::test {
namespace {

TEST(JitWxMaps, NoWritableExecutableMappingAfterAnyPublish) {
  if (!rt::test::have_proc_maps()) GTEST_SKIP() << "/proc/self/maps is not readable";
  // Keep every instance alive so earlier publications stay mapped while later ones happen.
  std::vector<std::unique_ptr<Instance>> loaded;
  for (const char* stem : {"arith", "control", "memory", "float", "table"}) {
    auto inst = Instance::load(stem);
    ASSERT_NE(inst, nullptr) << stem;
    EXPECT_EQ(rt::test::find_writable_executable(), "") << "after publishing " << stem;
    loaded.push_back(std::move(inst));
  }
  // Code that runs must still come from a read-execute mapping.
  auto* f = loaded[0]->find_func("add");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(rt::test::perms_at(f->jit_code).substr(0, 3), "r-x");
  auto r = loaded[0]->call("add", {I32(2), I32(3)});
  ASSERT_FALSE(r.trap);
  EXPECT_EQ(r.i32(), 5u);
  EXPECT_EQ(rt::test::find_writable_executable(), "") << "after running";
}

#if defined(__linux__)
#ifndef PR_SET_MDWE
#define PR_SET_MDWE 65
#endif
#ifndef PR_MDWE_REFUSE_EXEC_GAIN
#define PR_MDWE_REFUSE_EXEC_GAIN 1UL
#endif

// In a re-executed child (so the backend is chosen from scratch): with the kernel refusing any
// mapping that gains execute permission, the JIT's code still gets published (through the
// dual-mapping backend) and runs.
[[noreturn]] void compile_and_run_under_mdwe() {
  if (prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN, 0, 0, 0) != 0) {
    std::fprintf(stderr, "prctl unavailable: %s\n", std::strerror(errno));
    _exit(errno == EINVAL ? 0 : 10);  // nothing to check on a kernel without MDWE
  }
  std::string why;
  auto sys = rt::system_code_allocator(&why);
  if (!sys) _exit(11);
  std::fprintf(stderr, "backend: %s\n", rt::code_backend_name(sys->backend()));
  auto inst = Instance::load("arith");
  if (!inst) _exit(12);
  auto r = inst->call("add", {I32(40), I32(2)});
  if (r.trap) _exit(13);
  std::fprintf(stderr, "result: %u\n", r.i32());
  std::fflush(stderr);
  _exit(r.i32() == 42 ? 0 : 14);
}

TEST(JitWxMaps, JitCodeRunsUnderKernelEnforcedWx) {
  std::string old_style = GTEST_FLAG_GET(death_test_style);
  GTEST_FLAG_SET(death_test_style, isolated_death_test_style());
  EXPECT_EXIT(compile_and_run_under_mdwe(), ::testing::ExitedWithCode(0),
              "(prctl unavailable)|(backend: dual-mapped.*result: 42)");
  GTEST_FLAG_SET(death_test_style, old_style);
}
#endif

}  // namespace
}  // namespace wasmrun::jit::test
