#include <chrono>
#include <thread>

#include "runtime/wasi/wasi_test_util.h"

namespace wasmrun::rt::wasi {
namespace {

class PollTest : public testing::WasiTest {
 protected:
  // A clock subscription at subscription index `i` of the array at kDataAt.
  void clock_sub(uint32_t i, uint64_t userdata, uint32_t id, uint64_t timeout, uint16_t flags) {
    Ptr at = kDataAt + i * 48;
    std::memset(&memory_[at], 0, 48);
    set<uint64_t>(at, userdata);
    memory_[at + 8] = eventtype::kClock;
    set<uint32_t>(at + 16, id);
    set<uint64_t>(at + 24, timeout);
    set<uint16_t>(at + 40, flags);
  }
  void fd_sub(uint32_t i, uint64_t userdata, uint8_t type, Fd fd) {
    Ptr at = kDataAt + i * 48;
    std::memset(&memory_[at], 0, 48);
    set<uint64_t>(at, userdata);
    memory_[at + 8] = type;
    set<uint32_t>(at + 16, fd);
  }
  static constexpr Ptr kEventsAt = 0x4000;
};

TEST_F(PollTest, ClockSubscriptionSleeps) {
  clock_sub(0, 7, clock::kMonotonic, 30'000'000, 0);
  auto start = std::chrono::steady_clock::now();
  ASSERT_EQ(poll_oneoff(state_, mem(), kDataAt, kEventsAt, 1, kResultAt), err::kSuccess);
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_GE(elapsed, std::chrono::milliseconds(30));
  EXPECT_EQ(get<uint32_t>(kResultAt), 1u);
  EXPECT_EQ(get<uint64_t>(kEventsAt), 7u);
  EXPECT_EQ(get<uint16_t>(kEventsAt + 8), 0);
  EXPECT_EQ(memory_[kEventsAt + 10], eventtype::kClock);
}

TEST_F(PollTest, InterruptEndsASleepWithEintr) {
  clock_sub(0, 7, clock::kMonotonic, 60'000'000'000ull, 0);
  auto start = std::chrono::steady_clock::now();
  std::thread waker([this] {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    state_.interrupter.raise();
  });
  EXPECT_EQ(poll_oneoff(state_, mem(), kDataAt, kEventsAt, 1, kResultAt), err::kIntr);
  waker.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  // Later sleeps return at once, also while waiting on a descriptor that never gets ready.
  EXPECT_EQ(poll_oneoff(state_, mem(), kDataAt, kEventsAt, 1, kResultAt), err::kIntr);
  int p[2];
  ASSERT_EQ(::pipe(p), 0);
  std::string error;
  ASSERT_TRUE(state_.add_stdio(10, p[0], &error)) << error;
  fd_sub(1, 2, eventtype::kFdRead, 10);
  EXPECT_EQ(poll_oneoff(state_, mem(), kDataAt, kEventsAt, 2, kResultAt), err::kIntr);
  ::close(p[0]);
  ::close(p[1]);
}

TEST_F(PollTest, AbsoluteDeadlineInThePastFiresAtOnce) {
  clock_sub(0, 1, clock::kRealtime, 1000, kSubclockAbstime);
  ASSERT_EQ(poll_oneoff(state_, mem(), kDataAt, kEventsAt, 1, kResultAt), err::kSuccess);
  EXPECT_EQ(get<uint32_t>(kResultAt), 1u);
}

TEST_F(PollTest, ReadyDescriptorWinsOverALongClock) {
  std::ofstream(sandbox_ + "/f") << "data";
  Fd fd = 0;
  ASSERT_EQ(open("f", 0, kReadRights | rights::kPollFdReadwrite, &fd), err::kSuccess);
  clock_sub(0, 1, clock::kMonotonic, 10'000'000'000ull, 0);
  fd_sub(1, 2, eventtype::kFdRead, fd);
  ASSERT_EQ(poll_oneoff(state_, mem(), kDataAt, kEventsAt, 2, kResultAt), err::kSuccess);
  ASSERT_EQ(get<uint32_t>(kResultAt), 1u);
  EXPECT_EQ(get<uint64_t>(kEventsAt), 2u);
  EXPECT_EQ(memory_[kEventsAt + 10], eventtype::kFdRead);
}

TEST_F(PollTest, BadDescriptorIsReportedInItsEvent) {
  fd_sub(0, 5, eventtype::kFdWrite, 99);
  ASSERT_EQ(poll_oneoff(state_, mem(), kDataAt, kEventsAt, 1, kResultAt), err::kSuccess);
  ASSERT_EQ(get<uint32_t>(kResultAt), 1u);
  EXPECT_EQ(get<uint16_t>(kEventsAt + 8), err::kBadf);
}

TEST_F(PollTest, BadArgumentsAreRefused) {
  EXPECT_EQ(poll_oneoff(state_, mem(), kDataAt, kEventsAt, 0, kResultAt), err::kInval);
  EXPECT_EQ(poll_oneoff(state_, mem(), 65500, kEventsAt, 1, kResultAt), err::kFault);
  EXPECT_EQ(poll_oneoff(state_, mem(), kDataAt, 65520, 1, kResultAt), err::kFault);
  EXPECT_EQ(poll_oneoff(state_, mem(), kDataAt, kEventsAt, 0x10000000, kResultAt), err::kFault);
  clock_sub(0, 1, clock::kMonotonic, 1, 0);
  EXPECT_EQ(poll_oneoff(state_, mem(), kDataAt, kEventsAt, 1, 65534), err::kFault);
}

}  // namespace
}  // namespace wasmrun::rt::wasi
