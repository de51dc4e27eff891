// W^X holds for real JIT output, not only for hand-assembled code: after every module the JIT
// compiles and publishes, and after running it, no mapping of the process is writable and
// executable at once.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "jit/test/jit_test_util.h"
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

}  // namespace
}  // namespace wasmrun::jit::test
