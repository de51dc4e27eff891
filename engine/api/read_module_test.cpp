#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "wasmrun/wasmrun.hpp"

namespace wasmrun {
namespace {

const std::vector<uint8_t> kEmpty = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};

class ReadModule : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("wasmrun-read-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string write(const std::string& name, const std::vector<uint8_t>& bytes) {
    std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
    return path;
  }
  std::filesystem::path dir_;
};

TEST_F(ReadModule, ReadsARegularFileWhole) {
  auto bytes = read_module_file(write("m.wasm", kEmpty));
  ASSERT_TRUE(bytes) << bytes.error().message;
  EXPECT_EQ(bytes.value(), kEmpty);
}

TEST_F(ReadModule, RefusesADirectory) {
  auto bytes = read_module_file(dir_.string());
  ASSERT_FALSE(bytes);
  EXPECT_NE(bytes.error().message.find("is a directory"), std::string::npos);
}

// A device has no size and /dev/zero no end: refused before a byte is read.
TEST_F(ReadModule, RefusesADevice) {
  auto bytes = read_module_file("/dev/zero");
  ASSERT_FALSE(bytes);
  EXPECT_NE(bytes.error().message.find("not a regular file"), std::string::npos);
}

TEST_F(ReadModule, RefusesAFifoWithoutWaitingForAWriter) {
  std::string path = (dir_ / "fifo").string();
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  auto bytes = read_module_file(path);
  ASSERT_FALSE(bytes);
  EXPECT_NE(bytes.error().message.find("not a regular file"), std::string::npos);
}

TEST_F(ReadModule, MissingFile) {
  auto bytes = read_module_file((dir_ / "none.wasm").string());
  ASSERT_FALSE(bytes);
  EXPECT_NE(bytes.error().message.find("cannot open"), std::string::npos);
}

TEST_F(ReadModule, FileAboveTheLimitIsRefusedFromItsSize) {
  std::string path = write("m.wasm", kEmpty);
  EXPECT_TRUE(read_module_file(path, kEmpty.size()));
  auto bytes = read_module_file(path, kEmpty.size() - 1);
  ASSERT_FALSE(bytes);
  EXPECT_NE(bytes.error().message.find("module is 8 bytes, above the limit of 7 bytes"),
            std::string::npos);
}

// Streaming is explicit and bounded: an endless source stops one byte past the limit.
TEST_F(ReadModule, StreamStopsPastTheLimit) {
  int fd = ::open("/dev/zero", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  auto bytes = read_module_stream(fd, 3 << 20);
  ::close(fd);
  ASSERT_FALSE(bytes);
  EXPECT_NE(bytes.error().message.find("above the limit of 3145728 bytes"), std::string::npos);
}

TEST_F(ReadModule, StreamReadsAPipeToItsEnd) {
  int p[2];
  ASSERT_EQ(::pipe(p), 0);
  std::vector<uint8_t> big(300'000, 0x5a);
  std::thread writer([&] {
    size_t done = 0;
    while (done < big.size()) {
      ssize_t n = ::write(p[1], big.data() + done, big.size() - done);
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    ::close(p[1]);
  });
  auto bytes = read_module_stream(p[0]);
  writer.join();
  ::close(p[0]);
  ASSERT_TRUE(bytes) << bytes.error().message;
  EXPECT_EQ(bytes.value(), big);
}

TEST(ModuleSizeLimit, CompileAndValidateHonourTheLimit) {
  EngineConfig config;
  config.max_module_bytes = kEmpty.size() - 1;
  Engine engine(config);
  auto m = Module::compile(engine, kEmpty);
  ASSERT_FALSE(m);
  EXPECT_NE(m.error().message.find("above the limit"), std::string::npos);
  auto m2 = Module::compile(engine, std::vector<uint8_t>(kEmpty));
  ASSERT_FALSE(m2);
  auto e = Module::validate(kEmpty, kEmpty.size() - 1);
  ASSERT_TRUE(e);
  EXPECT_NE(e->message.find("above the limit"), std::string::npos);
  EXPECT_FALSE(Module::validate(kEmpty, kEmpty.size()));
  EXPECT_TRUE(Module::compile(Engine(), std::vector<uint8_t>(kEmpty)));
}

}  // namespace
}  // namespace wasmrun
