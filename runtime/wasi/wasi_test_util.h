// A sandbox for the WASI unit tests: a fresh temporary directory preopened as guest fd 3 (and a
// sibling file outside it to try to reach), plus 64 KiB of guest memory.
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "runtime/wasi/state.h"
#include "runtime/wasi/syscalls.h"

namespace wasmrun::rt::wasi::testing {

class WasiTest : public ::testing::Test {
 protected:
  static constexpr Fd kRoot = 3;

  void SetUp() override {
    char tmpl[] = "/tmp/wasmrun-wasi-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    top_ = tmpl;
    sandbox_ = top_ + "/sandbox";
    ASSERT_EQ(::mkdir(sandbox_.c_str(), 0755), 0);
    std::ofstream(top_ + "/outside.txt") << "secret";
    std::string error;
    ASSERT_TRUE(state_.add_preopen(sandbox_, "/sandbox", &error)) << error;
    memory_.assign(65536, 0);
  }
  void TearDown() override { std::filesystem::remove_all(top_); }

  GuestMemory mem() { return GuestMemory(memory_.data(), memory_.size()); }

  // Places `s` in guest memory at `at` and returns its length.
  Size put(Ptr at, const std::string& s) {
    std::memcpy(memory_.data() + at, s.data(), s.size());
    return static_cast<Size>(s.size());
  }
  template <class T>
  T get(Ptr at) const {
    T v;
    std::memcpy(&v, memory_.data() + at, sizeof v);
    return v;
  }
  template <class T>
  void set(Ptr at, T v) {
    std::memcpy(memory_.data() + at, &v, sizeof v);
  }

  // path_open beneath the sandbox; the new fd at *fd.
  Errno open(const std::string& path, uint32_t oflags, uint64_t rights, Fd* fd,
             uint32_t lookup = kLookupSymlinkFollow) {
    Size len = put(kPathAt, path);
    Errno e = path_open(state_, mem(), kRoot, lookup, kPathAt, len, oflags, rights, rights::kAll, 0,
                        kResultAt);
    if (e == 0) *fd = get<uint32_t>(kResultAt);
    return e;
  }
  // fd_write of `data` through one iovec.
  Errno write(Fd fd, const std::string& data, uint32_t* written = nullptr) {
    put(kDataAt, data);
    set<uint32_t>(kIovAt, kDataAt);
    set<uint32_t>(kIovAt + 4, static_cast<uint32_t>(data.size()));
    Errno e = fd_write(state_, mem(), fd, kIovAt, 1, kResultAt);
    if (written) *written = get<uint32_t>(kResultAt);
    return e;
  }
  // fd_read of up to `n` bytes into `out`.
  Errno read(Fd fd, uint32_t n, std::string* out) {
    set<uint32_t>(kIovAt, kDataAt);
    set<uint32_t>(kIovAt + 4, n);
    Errno e = fd_read(state_, mem(), fd, kIovAt, 1, kResultAt);
    if (e == 0)
      out->assign(reinterpret_cast<char*>(memory_.data() + kDataAt), get<uint32_t>(kResultAt));
    return e;
  }

  static constexpr Ptr kPathAt = 0x100;
  static constexpr Ptr kPath2At = 0x400;
  static constexpr Ptr kIovAt = 0x800;
  static constexpr Ptr kResultAt = 0x900;
  static constexpr Ptr kDataAt = 0x1000;
  static constexpr uint64_t kReadRights = rights::kFdRead | rights::kFdSeek | rights::kFdTell |
                                          rights::kFdFilestatGet | rights::kFdReaddir;
  static constexpr uint64_t kRwRights =
      kReadRights | rights::kFdWrite | rights::kFdFilestatSetSize | rights::kFdAllocate;

  std::string top_, sandbox_;
  State state_;
  std::vector<uint8_t> memory_;
};

}  // namespace wasmrun::rt::wasi::testing
