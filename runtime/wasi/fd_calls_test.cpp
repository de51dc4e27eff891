#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "runtime/wasi/wasi_test_util.h"

namespace wasmrun::rt::wasi {
namespace {

class FdCallsTest : public testing::WasiTest {
 protected:
  Fd make_file(const std::string& name, const std::string& contents) {
    std::ofstream(sandbox_ + "/" + name) << contents;
    Fd fd = 0;
    EXPECT_EQ(open(name, 0, rights::kAll, &fd), err::kSuccess);
    return fd;
  }
};

// A read of a pipe nobody writes to blocks for ever; the interrupter (--timeout) ends it.
TEST_F(FdCallsTest, InterruptEndsAReadOfAnIdlePipe) {
  int p[2];
  ASSERT_EQ(::pipe(p), 0);
  std::string error;
  ASSERT_TRUE(state_.add_stdio(10, p[0], &error)) << error;
  std::thread waker([this] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    state_.interrupter.raise();
  });
  std::string got;
  EXPECT_EQ(read(10, 4, &got), err::kIntr);
  waker.join();
  // Once raised, every later wait on such a descriptor ends at once.
  EXPECT_EQ(read(10, 4, &got), err::kIntr);
  ::close(p[0]);
  ::close(p[1]);
}

TEST_F(FdCallsTest, PipeWithDataIsReadWithoutWaiting) {
  int p[2];
  ASSERT_EQ(::pipe(p), 0);
  ASSERT_EQ(::write(p[1], "hi", 2), 2);
  std::string error;
  ASSERT_TRUE(state_.add_stdio(10, p[0], &error)) << error;
  std::string got;
  ASSERT_EQ(read(10, 4, &got), err::kSuccess);
  EXPECT_EQ(got, "hi");
  ::close(p[1]);
  ASSERT_EQ(read(10, 4, &got), err::kSuccess);  // end of file
  EXPECT_EQ(got, "");
  ::close(p[0]);
}

// A host descriptor that is closed stays closed for the guest (EBADF), and a duplicate never
// takes one of the numbers 0-2, where it could be mistaken for the host's stdio.
TEST_F(FdCallsTest, ClosedHostDescriptorIsClosedForTheGuest) {
  int p[2];
  ASSERT_EQ(::pipe(p), 0);
  ::close(p[1]);
  std::string error;
  EXPECT_TRUE(state_.add_stdio(11, p[1], &error)) << error;
  EXPECT_EQ(state_.fds.get(11), nullptr);
  ASSERT_TRUE(state_.add_stdio(12, p[0], &error)) << error;
  ASSERT_NE(state_.fds.get(12), nullptr);
  EXPECT_GE(state_.fds.get(12)->host_fd, 3);
  ::close(p[0]);
}

TEST_F(FdCallsTest, WriteChecksEveryGuestPointer) {
  Fd fd = make_file("f", "");
  // The iovec array itself out of bounds.
  EXPECT_EQ(fd_write(state_, mem(), fd, 65532, 1, kResultAt), err::kFault);
  // An iovec whose buffer runs past the end, or wraps around 4 GiB.
  set<uint32_t>(kIovAt, 65000);
  set<uint32_t>(kIovAt + 4, 1000);
  EXPECT_EQ(fd_write(state_, mem(), fd, kIovAt, 1, kResultAt), err::kFault);
  set<uint32_t>(kIovAt, 0xFFFFFFF0u);
  set<uint32_t>(kIovAt + 4, 0x20);
  EXPECT_EQ(fd_write(state_, mem(), fd, kIovAt, 1, kResultAt), err::kFault);
  // A huge iovec count.
  EXPECT_EQ(fd_write(state_, mem(), fd, kIovAt, 0x20000000, kResultAt), err::kFault);
  // The result pointer, checked before anything is written.
  set<uint32_t>(kIovAt, kDataAt);
  set<uint32_t>(kIovAt + 4, 3);
  EXPECT_EQ(fd_write(state_, mem(), fd, kIovAt, 1, 65534), err::kFault);
  EXPECT_EQ(std::filesystem::file_size(sandbox_ + "/f"), 0u);
  // No memory bound at all.
  EXPECT_EQ(fd_write(state_, GuestMemory(), fd, kIovAt, 1, kResultAt), err::kFault);
}

TEST_F(FdCallsTest, ReadsWritesSeeksAndTells) {
  Fd fd = make_file("f", "abcdef");
  std::string got;
  ASSERT_EQ(read(fd, 2, &got), err::kSuccess);
  EXPECT_EQ(got, "ab");
  ASSERT_EQ(fd_tell(state_, mem(), fd, kResultAt), err::kSuccess);
  EXPECT_EQ(get<uint64_t>(kResultAt), 2u);
  ASSERT_EQ(fd_seek(state_, mem(), fd, -1, whence::kEnd, kResultAt), err::kSuccess);
  EXPECT_EQ(get<uint64_t>(kResultAt), 5u);
  ASSERT_EQ(read(fd, 10, &got), err::kSuccess);
  EXPECT_EQ(got, "f");
  EXPECT_EQ(fd_seek(state_, mem(), fd, 0, 7, kResultAt), err::kInval);
  EXPECT_EQ(fd_seek(state_, mem(), fd, -100, whence::kSet, kResultAt), err::kInval);
  EXPECT_EQ(fd_seek(state_, mem(), fd, 0, whence::kSet, 65535), err::kFault);
  // pread/pwrite leave the position alone.
  put(kDataAt, "XY");
  set<uint32_t>(kIovAt, kDataAt);
  set<uint32_t>(kIovAt + 4, 2);
  ASSERT_EQ(fd_pwrite(state_, mem(), fd, kIovAt, 1, 1, kResultAt), err::kSuccess);
  set<uint32_t>(kIovAt + 4, 4);
  ASSERT_EQ(fd_pread(state_, mem(), fd, kIovAt, 1, 0, kResultAt), err::kSuccess);
  EXPECT_EQ(std::string(reinterpret_cast<char*>(&memory_[kDataAt]), 4), "aXYd");
  ASSERT_EQ(fd_tell(state_, mem(), fd, kResultAt), err::kSuccess);
  EXPECT_EQ(get<uint64_t>(kResultAt), 6u);
}

TEST_F(FdCallsTest, SizeSyncAllocateAndStat) {
  Fd fd = make_file("f", "abcdef");
  EXPECT_EQ(fd_filestat_set_size(state_, mem(), fd, 3), err::kSuccess);
  EXPECT_EQ(fd_sync(state_, mem(), fd), err::kSuccess);
  EXPECT_EQ(fd_datasync(state_, mem(), fd), err::kSuccess);
  ASSERT_EQ(fd_filestat_get(state_, mem(), fd, kDataAt), err::kSuccess);
  EXPECT_EQ(get<uint64_t>(kDataAt + 32), 3u);
  EXPECT_EQ(memory_[kDataAt + 16], filetype::kRegularFile);
  EXPECT_EQ(fd_allocate(state_, mem(), fd, 0, 100), err::kSuccess);
  EXPECT_EQ(std::filesystem::file_size(sandbox_ + "/f"), 100u);
  EXPECT_EQ(fd_advise(state_, mem(), fd, 0, 0, 1), err::kSuccess);
  EXPECT_EQ(fd_advise(state_, mem(), fd, 0, 0, 9), err::kInval);
  EXPECT_EQ(fd_filestat_get(state_, mem(), fd, 65530), err::kFault);
  EXPECT_EQ(fd_filestat_set_times(state_, mem(), fd, 5'000'000'000ull, 0, fstflags::kAtim),
            err::kSuccess);
  ASSERT_EQ(fd_filestat_get(state_, mem(), fd, kDataAt), err::kSuccess);
  EXPECT_EQ(get<uint64_t>(kDataAt + 40), 5'000'000'000ull);
}

TEST_F(FdCallsTest, FdstatReportsTypeFlagsAndRights) {
  Fd fd = make_file("f", "");
  ASSERT_EQ(fd_fdstat_get(state_, mem(), fd, kDataAt), err::kSuccess);
  EXPECT_EQ(memory_[kDataAt], filetype::kRegularFile);
  EXPECT_EQ(get<uint16_t>(kDataAt + 2), 0);
  EXPECT_EQ(get<uint64_t>(kDataAt + 8) & rights::kFdWrite, rights::kFdWrite);
  ASSERT_EQ(fd_fdstat_get(state_, mem(), kRoot, kDataAt), err::kSuccess);
  EXPECT_EQ(memory_[kDataAt], filetype::kDirectory);
  EXPECT_EQ(fd_fdstat_get(state_, mem(), 77, kDataAt), err::kBadf);
  EXPECT_EQ(fd_fdstat_get(state_, mem(), fd, 65530), err::kFault);
}

TEST_F(FdCallsTest, AppendFlagCanBeSet) {
  std::ofstream(sandbox_ + "/f") << "ab";
  Fd fd = 0;
  ASSERT_EQ(open("f", 0, kRwRights | rights::kFdFdstatSetFlags, &fd), err::kSuccess);
  ASSERT_EQ(fd_fdstat_set_flags(state_, mem(), fd, fdflags::kAppend), err::kSuccess);
  ASSERT_EQ(fd_fdstat_get(state_, mem(), fd, kDataAt), err::kSuccess);
  EXPECT_EQ(get<uint16_t>(kDataAt + 2), fdflags::kAppend);
  ASSERT_EQ(write(fd, "c"), err::kSuccess);
  std::ifstream in(sandbox_ + "/f");
  std::string s((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(s, "abc");
  EXPECT_EQ(fd_fdstat_set_flags(state_, mem(), fd, fdflags::kSync), err::kNotsup);
}

TEST_F(FdCallsTest, CloseAndRenumber) {
  Fd a = make_file("a", "A");
  Fd b = make_file("b", "B");
  EXPECT_EQ(fd_renumber(state_, mem(), a, b), err::kSuccess);
  std::string got;
  ASSERT_EQ(read(b, 1, &got), err::kSuccess);
  EXPECT_EQ(got, "A");
  EXPECT_EQ(read(a, 1, &got), err::kBadf);
  EXPECT_EQ(fd_renumber(state_, mem(), a, b), err::kBadf);
  EXPECT_EQ(fd_close(state_, mem(), b), err::kSuccess);
  EXPECT_EQ(fd_close(state_, mem(), b), err::kBadf);
}

TEST_F(FdCallsTest, PrestatNamesThePreopen) {
  ASSERT_EQ(fd_prestat_get(state_, mem(), kRoot, kDataAt), err::kSuccess);
  EXPECT_EQ(memory_[kDataAt], 0);
  EXPECT_EQ(get<uint32_t>(kDataAt + 4), 8u);
  ASSERT_EQ(fd_prestat_dir_name(state_, mem(), kRoot, kPathAt, 8), err::kSuccess);
  EXPECT_EQ(std::string(reinterpret_cast<char*>(&memory_[kPathAt]), 8), "/sandbox");
  EXPECT_EQ(fd_prestat_dir_name(state_, mem(), kRoot, kPathAt, 3), err::kNametoolong);
  EXPECT_EQ(fd_prestat_dir_name(state_, mem(), kRoot, 65532, 8), err::kFault);
  EXPECT_EQ(fd_prestat_get(state_, mem(), kRoot + 1, kDataAt), err::kBadf);
}

TEST_F(FdCallsTest, ReaddirListsWithCookiesAndCutsTheLastEntry) {
  std::ofstream(sandbox_ + "/one") << "";
  ASSERT_EQ(::mkdir((sandbox_ + "/two").c_str(), 0755), 0);
  // Read everything with a big buffer.
  ASSERT_EQ(fd_readdir(state_, mem(), kRoot, kDataAt, 4096, 0, kResultAt), err::kSuccess);
  uint32_t used = get<uint32_t>(kResultAt);
  std::map<std::string, uint8_t> seen;
  std::vector<uint64_t> cookies;
  for (uint32_t at = 0; at < used;) {
    uint32_t namlen = get<uint32_t>(kDataAt + at + 16);
    seen[std::string(reinterpret_cast<char*>(&memory_[kDataAt + at + 24]), namlen)] =
        memory_[kDataAt + at + 20];
    cookies.push_back(get<uint64_t>(kDataAt + at));
    at += 24 + namlen;
  }
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen["one"], filetype::kRegularFile);
  EXPECT_EQ(seen["two"], filetype::kDirectory);
  EXPECT_EQ(seen["."], filetype::kDirectory);
  // Resuming from the second entry's cookie yields the remaining entries only.
  ASSERT_EQ(fd_readdir(state_, mem(), kRoot, kDataAt, 4096, cookies[1], kResultAt), err::kSuccess);
  uint32_t rest = get<uint32_t>(kResultAt);
  EXPECT_LT(rest, used);
  EXPECT_EQ(get<uint64_t>(kDataAt), cookies[2]);
  // A buffer too small for one entry is filled completely (the guest then retries bigger).
  ASSERT_EQ(fd_readdir(state_, mem(), kRoot, kDataAt, 10, 0, kResultAt), err::kSuccess);
  EXPECT_EQ(get<uint32_t>(kResultAt), 10u);
  EXPECT_EQ(fd_readdir(state_, mem(), kRoot, 65530, 100, 0, kResultAt), err::kFault);
  Fd f = make_file("three", "");
  EXPECT_EQ(fd_readdir(state_, mem(), f, kDataAt, 100, 0, kResultAt), err::kNotdir);
}

}  // namespace
}  // namespace wasmrun::rt::wasi
