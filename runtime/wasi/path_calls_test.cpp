#include "runtime/wasi/wasi_test_util.h"

namespace wasmrun::rt::wasi {
namespace {

class PathCallsTest : public testing::WasiTest {
 protected:
  Errno call_path(Errno (*fn)(State&, GuestMemory, Fd, Ptr, Size), const std::string& path) {
    Size len = put(kPathAt, path);
    return fn(state_, mem(), kRoot, kPathAt, len);
  }
  bool exists(const std::string& rel) {
    struct stat st;
    return ::lstat((sandbox_ + "/" + rel).c_str(), &st) == 0;
  }
};

TEST_F(PathCallsTest, CreateWriteReopenRead) {
  Fd fd = 0;
  ASSERT_EQ(open("f.txt", oflags::kCreat | oflags::kTrunc, kRwRights, &fd), err::kSuccess);
  uint32_t n = 0;
  EXPECT_EQ(write(fd, "hello", &n), err::kSuccess);
  EXPECT_EQ(n, 5u);
  EXPECT_EQ(fd_close(state_, mem(), fd), err::kSuccess);
  ASSERT_EQ(open("f.txt", 0, kReadRights, &fd), err::kSuccess);
  std::string got;
  EXPECT_EQ(read(fd, 100, &got), err::kSuccess);
  EXPECT_EQ(got, "hello");
}

TEST_F(PathCallsTest, ReadOnlyDescriptorCannotWrite) {
  std::ofstream(sandbox_ + "/ro.txt") << "data";
  Fd fd = 0;
  ASSERT_EQ(open("ro.txt", 0, kReadRights, &fd), err::kSuccess);
  EXPECT_EQ(write(fd, "x"), err::kNotcapable);
  EXPECT_EQ(fd_filestat_set_size(state_, mem(), fd, 0), err::kNotcapable);
  // Asking for write rights does not give them when the directory cannot hand them down.
  ASSERT_EQ(fd_fdstat_set_rights(state_, mem(), kRoot, rights::kDirectory,
                                 rights::kAll & ~rights::kFdWrite),
            err::kSuccess);
  ASSERT_EQ(open("ro.txt", 0, kRwRights, &fd), err::kSuccess);
  EXPECT_EQ(write(fd, "x"), err::kNotcapable);
}

TEST_F(PathCallsTest, OpeningOutsideThePreopenIsRefused) {
  Fd fd = 0;
  EXPECT_EQ(open("../outside.txt", 0, kReadRights, &fd), err::kNotcapable);
  EXPECT_EQ(open("/etc/passwd", 0, kReadRights, &fd), err::kNotcapable);
  ASSERT_EQ(::symlink((top_ + "/outside.txt").c_str(), (sandbox_ + "/link").c_str()), 0);
  EXPECT_EQ(open("link", 0, kReadRights, &fd), err::kNotcapable);
  // Without follow, opening the symlink itself fails as O_NOFOLLOW does.
  EXPECT_EQ(open("link", 0, kReadRights, &fd, 0), err::kLoop);
  // Creating through an escaping link must not create anything outside either.
  ASSERT_EQ(::symlink("../made.txt", (sandbox_ + "/out").c_str()), 0);
  EXPECT_EQ(open("out", oflags::kCreat, kRwRights, &fd), err::kNotcapable);
  EXPECT_FALSE(std::filesystem::exists(top_ + "/made.txt"));
}

TEST_F(PathCallsTest, ExclusiveCreateDoesNotFollowSymlinks) {
  ASSERT_EQ(::symlink("target", (sandbox_ + "/dangling").c_str()), 0);
  Fd fd = 0;
  EXPECT_EQ(open("dangling", oflags::kCreat | oflags::kExcl, kRwRights, &fd), err::kExist);
  EXPECT_FALSE(exists("target"));
  EXPECT_EQ(open("dangling", oflags::kCreat, kRwRights, &fd), err::kSuccess);
  EXPECT_TRUE(exists("target"));
}

TEST_F(PathCallsTest, GuestSymlinksCannotEscape) {
  Size target = put(kPath2At, "/etc/passwd");
  Size name = put(kPathAt, "abs");
  EXPECT_EQ(path_symlink(state_, mem(), kPath2At, target, kRoot, kPathAt, name), err::kNotcapable);
  target = put(kPath2At, "../outside.txt");
  name = put(kPathAt, "rel");
  ASSERT_EQ(path_symlink(state_, mem(), kPath2At, target, kRoot, kPathAt, name), err::kSuccess);
  Fd fd = 0;
  EXPECT_EQ(open("rel", 0, kReadRights, &fd), err::kNotcapable);
  // readlink still reports what the link says.
  name = put(kPathAt, "rel");
  EXPECT_EQ(path_readlink(state_, mem(), kRoot, kPathAt, name, kDataAt, 64, kResultAt),
            err::kSuccess);
  EXPECT_EQ(std::string(reinterpret_cast<char*>(&memory_[kDataAt]), get<uint32_t>(kResultAt)),
            "../outside.txt");
}

TEST_F(PathCallsTest, DirectoriesAndRenames) {
  EXPECT_EQ(call_path(path_create_directory, "d"), err::kSuccess);
  EXPECT_EQ(call_path(path_create_directory, "d"), err::kExist);
  EXPECT_TRUE(exists("d"));
  Fd fd = 0;
  ASSERT_EQ(open("d/f", oflags::kCreat, kRwRights, &fd), err::kSuccess);
  EXPECT_EQ(call_path(path_remove_directory, "d"), err::kNotempty);
  Size a = put(kPathAt, "d/f");
  Size b = put(kPath2At, "g");
  EXPECT_EQ(path_rename(state_, mem(), kRoot, kPathAt, a, kRoot, kPath2At, b), err::kSuccess);
  EXPECT_TRUE(exists("g"));
  EXPECT_EQ(call_path(path_remove_directory, "d"), err::kSuccess);
  a = put(kPathAt, "g");
  b = put(kPath2At, "h");
  EXPECT_EQ(path_link(state_, mem(), kRoot, 0, kPathAt, a, kRoot, kPath2At, b), err::kSuccess);
  EXPECT_EQ(call_path(path_unlink_file, "g"), err::kSuccess);
  EXPECT_EQ(call_path(path_unlink_file, "g"), err::kNoent);
  EXPECT_TRUE(exists("h"));
  // Renaming to a place outside is refused like any other path.
  a = put(kPathAt, "h");
  b = put(kPath2At, "../h");
  EXPECT_EQ(path_rename(state_, mem(), kRoot, kPathAt, a, kRoot, kPath2At, b), err::kNotcapable);
  EXPECT_EQ(call_path(path_remove_directory, ".."), err::kNotcapable);
  EXPECT_EQ(call_path(path_unlink_file, "../outside.txt"), err::kNotcapable);
  EXPECT_TRUE(std::filesystem::exists(top_ + "/outside.txt"));
}

TEST_F(PathCallsTest, FilestatFollowsSymlinksOnlyWhenAsked) {
  std::ofstream(sandbox_ + "/f") << "12345";
  ASSERT_EQ(::symlink("f", (sandbox_ + "/l").c_str()), 0);
  Size len = put(kPathAt, "l");
  ASSERT_EQ(path_filestat_get(state_, mem(), kRoot, kLookupSymlinkFollow, kPathAt, len, kDataAt),
            err::kSuccess);
  EXPECT_EQ(memory_[kDataAt + 16], filetype::kRegularFile);
  EXPECT_EQ(get<uint64_t>(kDataAt + 32), 5u);
  ASSERT_EQ(path_filestat_get(state_, mem(), kRoot, 0, kPathAt, len, kDataAt), err::kSuccess);
  EXPECT_EQ(memory_[kDataAt + 16], filetype::kSymbolicLink);
  // Setting times: an explicit mtime lands on the file.
  len = put(kPathAt, "f");
  ASSERT_EQ(path_filestat_set_times(state_, mem(), kRoot, 0, kPathAt, len, 0, 1'000'000'000'123ull,
                                    fstflags::kMtim),
            err::kSuccess);
  ASSERT_EQ(path_filestat_get(state_, mem(), kRoot, 0, kPathAt, len, kDataAt), err::kSuccess);
  EXPECT_EQ(get<uint64_t>(kDataAt + 48), 1'000'000'000'123ull);
  EXPECT_EQ(path_filestat_set_times(state_, mem(), kRoot, 0, kPathAt, len, 0, 0,
                                    fstflags::kMtim | fstflags::kMtimNow),
            err::kInval);
}

TEST_F(PathCallsTest, BadPointersAreEfault) {
  EXPECT_EQ(path_create_directory(state_, mem(), kRoot, 65530, 10), err::kFault);
  EXPECT_EQ(path_open(state_, mem(), kRoot, 0, 0xFFFFFFF0u, 32, 0, kReadRights, 0, 0, kResultAt),
            err::kFault);
  Size len = put(kPathAt, "x");
  EXPECT_EQ(
      path_open(state_, mem(), kRoot, 0, kPathAt, len, oflags::kCreat, kRwRights, 0, 0, 65535),
      err::kFault);
  EXPECT_FALSE(exists("x"));  // nothing is created when the result cannot be stored
  EXPECT_EQ(path_open(state_, mem(), 99, 0, kPathAt, len, 0, kReadRights, 0, 0, kResultAt),
            err::kBadf);
}

}  // namespace
}  // namespace wasmrun::rt::wasi
