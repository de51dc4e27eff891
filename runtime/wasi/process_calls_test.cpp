#include <time.h>

#include "runtime/wasi/wasi_test_util.h"

namespace wasmrun::rt::wasi {
namespace {

class ProcessCallsTest : public testing::WasiTest {};

TEST_F(ProcessCallsTest, ArgsAreLaidOutAsPointersAndStrings) {
  state_.args = {"prog", "-x", ""};
  ASSERT_EQ(args_sizes_get(state_, mem(), kResultAt, kResultAt + 4), err::kSuccess);
  EXPECT_EQ(get<uint32_t>(kResultAt), 3u);
  EXPECT_EQ(get<uint32_t>(kResultAt + 4), 9u);
  ASSERT_EQ(args_get(state_, mem(), kIovAt, kDataAt), err::kSuccess);
  EXPECT_EQ(get<uint32_t>(kIovAt), kDataAt);
  EXPECT_EQ(get<uint32_t>(kIovAt + 4), kDataAt + 5);
  EXPECT_EQ(get<uint32_t>(kIovAt + 8), kDataAt + 8);
  EXPECT_STREQ(reinterpret_cast<char*>(&memory_[kDataAt + 5]), "-x");
  EXPECT_EQ(memory_[kDataAt + 8], 0);
  EXPECT_EQ(args_get(state_, mem(), kIovAt, 65530), err::kFault);
  EXPECT_EQ(args_get(state_, mem(), 65532, kDataAt), err::kFault);
  EXPECT_EQ(args_sizes_get(state_, mem(), 65534, kResultAt), err::kFault);
}

TEST_F(ProcessCallsTest, EnvironmentLikeArgs) {
  state_.env = {"A=1", "BB=two"};
  ASSERT_EQ(environ_sizes_get(state_, mem(), kResultAt, kResultAt + 4), err::kSuccess);
  EXPECT_EQ(get<uint32_t>(kResultAt), 2u);
  EXPECT_EQ(get<uint32_t>(kResultAt + 4), 11u);
  ASSERT_EQ(environ_get(state_, mem(), kIovAt, kDataAt), err::kSuccess);
  EXPECT_STREQ(reinterpret_cast<char*>(&memory_[get<uint32_t>(kIovAt + 4)]), "BB=two");
  EXPECT_EQ(environ_get(state_, mem(), kIovAt, 65535), err::kFault);
}

TEST_F(ProcessCallsTest, ClocksTick) {
  ASSERT_EQ(clock_time_get(state_, mem(), clock::kRealtime, 1, kResultAt), err::kSuccess);
  uint64_t real = get<uint64_t>(kResultAt);
  EXPECT_GT(real, 1'600'000'000ull * 1'000'000'000ull);  // after 2020
  ASSERT_EQ(clock_time_get(state_, mem(), clock::kMonotonic, 1, kResultAt), err::kSuccess);
  uint64_t a = get<uint64_t>(kResultAt);
  ASSERT_EQ(clock_time_get(state_, mem(), clock::kMonotonic, 1, kResultAt), err::kSuccess);
  EXPECT_GE(get<uint64_t>(kResultAt), a);
  for (uint32_t id : {clock::kProcessCputime, clock::kThreadCputime}) {
    EXPECT_EQ(clock_time_get(state_, mem(), id, 1, kResultAt), err::kSuccess);
    EXPECT_EQ(clock_res_get(state_, mem(), id, kResultAt), err::kSuccess);
    EXPECT_GT(get<uint64_t>(kResultAt), 0u);
  }
  EXPECT_EQ(clock_time_get(state_, mem(), 9, 1, kResultAt), err::kInval);
  EXPECT_EQ(clock_res_get(state_, mem(), 9, kResultAt), err::kInval);
  EXPECT_EQ(clock_time_get(state_, mem(), clock::kRealtime, 1, 65530), err::kFault);
  EXPECT_EQ(clock_res_get(state_, mem(), clock::kRealtime, 65530), err::kFault);
}

TEST_F(ProcessCallsTest, RandomFillsTheBuffer) {
  ASSERT_EQ(random_get(state_, mem(), kDataAt, 1000), err::kSuccess);
  int nonzero = 0;
  for (int i = 0; i < 1000; ++i) nonzero += memory_[kDataAt + i] != 0;
  EXPECT_GT(nonzero, 900);
  EXPECT_EQ(random_get(state_, mem(), 65000, 1000), err::kFault);
}

TEST_F(ProcessCallsTest, ExitRecordsTheCodeAndTheRestIsRefused) {
  EXPECT_FALSE(state_.exit_code);
  proc_exit(state_, mem(), 42);
  EXPECT_EQ(state_.exit_code, 42u);
  EXPECT_EQ(proc_raise(state_, mem(), 6), err::kNosys);
  EXPECT_EQ(sock_unsupported(state_, mem()), err::kNotsup);
  EXPECT_EQ(sched_yield(state_, mem()), err::kSuccess);
}

}  // namespace
}  // namespace wasmrun::rt::wasi
