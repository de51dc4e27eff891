#include "runtime/wasi/path_resolve.h"

#include "runtime/wasi/wasi_test_util.h"

namespace wasmrun::rt::wasi {
namespace {

class ResolveTest : public testing::WasiTest {
 protected:
  int root() { return state_.fds.get(kRoot)->host_fd; }
  Errno resolve(const std::string& path, bool follow = true) {
    ResolvedPath rp;
    Errno e = resolve_path(root(), path, follow, rp);
    if (e == 0) last_name_ = rp.name();
    return e;
  }
  std::string last_name_;
};

TEST_F(ResolveTest, PlainPathsResolveToParentAndName) {
  ASSERT_EQ(::mkdir((sandbox_ + "/a").c_str(), 0755), 0);
  EXPECT_EQ(resolve("a/b.txt"), err::kSuccess);
  EXPECT_EQ(last_name_, "b.txt");
  EXPECT_EQ(resolve("a/./../a/c"), err::kSuccess);
  EXPECT_EQ(last_name_, "c");
  EXPECT_EQ(resolve("."), err::kSuccess);
  EXPECT_EQ(last_name_, ".");
  EXPECT_EQ(resolve("a/.."), err::kSuccess);
  EXPECT_EQ(last_name_, ".");
}

TEST_F(ResolveTest, DotDotOutOfThePreopenIsRefused) {
  ASSERT_EQ(::mkdir((sandbox_ + "/a").c_str(), 0755), 0);
  EXPECT_EQ(resolve("../outside.txt"), err::kNotcapable);
  EXPECT_EQ(resolve(".."), err::kNotcapable);
  EXPECT_EQ(resolve("a/../../outside.txt"), err::kNotcapable);
  EXPECT_EQ(resolve("a/../a/../../sandbox/x"), err::kNotcapable);
}

TEST_F(ResolveTest, AbsolutePathsAreRefused) {
  EXPECT_EQ(resolve("/etc/passwd"), err::kNotcapable);
  EXPECT_EQ(resolve("/"), err::kNotcapable);
}

TEST_F(ResolveTest, EmptyPathAndNulBytesAreErrors) {
  EXPECT_EQ(resolve(""), err::kNoent);
  EXPECT_EQ(resolve(std::string("a\0b", 3)), err::kInval);
}

TEST_F(ResolveTest, SymlinksPointingOutsideAreRefused) {
  ASSERT_EQ(::symlink((top_ + "/outside.txt").c_str(), (sandbox_ + "/abs").c_str()), 0);
  ASSERT_EQ(::symlink("../outside.txt", (sandbox_ + "/rel").c_str()), 0);
  ASSERT_EQ(::symlink("..", (sandbox_ + "/up").c_str()), 0);
  EXPECT_EQ(resolve("abs"), err::kNotcapable);
  EXPECT_EQ(resolve("rel"), err::kNotcapable);
  // As an intermediate component too, whatever the follow flag.
  EXPECT_EQ(resolve("up/outside.txt", false), err::kNotcapable);
  // Not following the last component leaves the link itself, which is harmless.
  EXPECT_EQ(resolve("abs", false), err::kSuccess);
  EXPECT_EQ(last_name_, "abs");
}

TEST_F(ResolveTest, SymlinksInsideAreFollowed) {
  ASSERT_EQ(::mkdir((sandbox_ + "/d").c_str(), 0755), 0);
  ASSERT_EQ(::symlink("d", (sandbox_ + "/to_d").c_str()), 0);
  ASSERT_EQ(::symlink("d/../d/f", (sandbox_ + "/to_f").c_str()), 0);
  EXPECT_EQ(resolve("to_d/x"), err::kSuccess);
  EXPECT_EQ(last_name_, "x");
  EXPECT_EQ(resolve("to_f"), err::kSuccess);
  EXPECT_EQ(last_name_, "f");
}

TEST_F(ResolveTest, SymlinkLoopsEndWithEloop) {
  ASSERT_EQ(::symlink("b", (sandbox_ + "/a").c_str()), 0);
  ASSERT_EQ(::symlink("a", (sandbox_ + "/b").c_str()), 0);
  EXPECT_EQ(resolve("a"), err::kLoop);
  EXPECT_EQ(resolve("a/x"), err::kLoop);
}

TEST_F(ResolveTest, MissingIntermediateDirectoryIsEnoent) {
  EXPECT_EQ(resolve("nope/x"), err::kNoent);
  std::ofstream(sandbox_ + "/file") << "x";
  EXPECT_EQ(resolve("file/x"), err::kNotdir);
}

}  // namespace
}  // namespace wasmrun::rt::wasi
