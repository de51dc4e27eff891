// Under a kernel-enforced W^X policy (PR_SET_MDWE: no mapping may gain execute permission) the
// default allocator must pick the dual mapping and code must still run. The policy cannot be
// lifted, so it is applied in a child process.
#include <gtest/gtest.h>

#if defined(__linux__)
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "runtime/code/asmjit_code.h"
#include "runtime/code/code_memory.h"
#include "runtime/code/test_code.h"

#ifndef PR_SET_MDWE
#define PR_SET_MDWE 65
#endif
#ifndef PR_MDWE_REFUSE_EXEC_GAIN
#define PR_MDWE_REFUSE_EXEC_GAIN 1UL
#endif

namespace wasmrun::rt {
namespace {

// Whether this kernel has MDWE, asked in a throwaway child so this process stays unaffected.
// Returns the skip reason, or empty when available.
std::string mdwe_unavailable() {
  pid_t pid = fork();
  if (pid == 0) {
    int rc = prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN, 0, 0, 0);
    _exit(rc == 0 ? 0 : (errno == EINVAL ? 2 : 3));
  }
  if (pid < 0) return "fork failed";
  int status = 0;
  if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return "probe child did not exit";
  switch (WEXITSTATUS(status)) {
    case 0: return "";
    case 2: return "PR_SET_MDWE is not supported by this kernel (EINVAL)";
    default: return "PR_SET_MDWE refused for another reason";
  }
}

// Runs in the death-test child: turn MDWE on, then use the default allocator from scratch.
// Reports through the exit code and stderr.
[[noreturn]] void run_under_mdwe() {
  if (prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN, 0, 0, 0) != 0) {
    std::fprintf(stderr, "prctl failed: %s\n", std::strerror(errno));
    _exit(10);
  }
  // The plain mprotect backend must now be refused...
  std::string why;
  auto mp = make_mprotect_code_allocator(&why);
  std::optional<std::string> refused = probe_code_memory(*mp);
  if (!refused) _exit(11);
  std::fprintf(stderr, "mprotect refused: %s\n", refused->c_str());
  // ...and the default (first probed here, in this fresh process) falls back to dual mapping.
  auto sys = system_code_allocator(&why);
  if (!sys) {
    std::fprintf(stderr, "no backend: %s\n", why.c_str());
    _exit(12);
  }
  std::fprintf(stderr, "backend: %s\n", code_backend_name(sys->backend()));
  if (default_code_allocator().get() != sys.get()) _exit(13);
  asmjit::CodeHolder c1, c2;
  if (!test::emit_const(c1, 42) || !test::emit_call_twice(c2)) _exit(14);
  asmjit::CodeHolder* holders[] = {&c1, &c2};
  PublishedCode pc;
  if (!publish_code_holders(default_code_allocator(), holders, &pc, &why)) {
    std::fprintf(stderr, "publish failed: %s\n", why.c_str());
    _exit(15);
  }
  int r1 = reinterpret_cast<test::ConstFn>(const_cast<void*>(pc.entries[0].p))();
  int r2 = reinterpret_cast<test::UnaryFn>(const_cast<void*>(pc.entries[1].p))(50);
  std::fprintf(stderr, "results: %d %d\n", r1, r2);
  if (r1 != 42 || r2 != 100) _exit(16);
  if (!test::find_writable_executable().empty()) _exit(17);
  std::fflush(stderr);
  _exit(0);
}

TEST(WxPolicy, DualMappingIsChosenUnderMdwe) {
  if (!test::have_test_assembler()) GTEST_SKIP() << "no test assembler for this architecture";
  std::string skip = mdwe_unavailable();
  if (!skip.empty()) GTEST_SKIP() << skip;
  // "threadsafe" re-executes the test binary for the child, so the child chooses its backend
  // from scratch instead of inheriting this process's choice.
  std::string old_style = GTEST_FLAG_GET(death_test_style);
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(run_under_mdwe(), ::testing::ExitedWithCode(0),
              "mprotect refused: .*backend: dual-mapped.*results: 42 100");
  GTEST_FLAG_SET(death_test_style, old_style);
}

}  // namespace
}  // namespace wasmrun::rt

#else

TEST(WxPolicy, DualMappingIsChosenUnderMdwe) { GTEST_SKIP() << "PR_SET_MDWE is Linux-only"; }

#endif
