#include "engine/core/serial.h"

#include <gtest/gtest.h>

#include <string_view>

namespace wasmrun::serial {
namespace {

std::span<const uint8_t> bytes_of(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// The reference implementation's published values.
TEST(Xxhash64, MatchesReferenceValues) {
  EXPECT_EQ(xxhash64(bytes_of("")), 0xEF46DB3751D8E999ull);
  EXPECT_EQ(xxhash64(bytes_of("a")), 0xD24EC4F1A98C6E5Bull);
  EXPECT_EQ(xxhash64(bytes_of("abc")), 0x44BC2CF5AD770999ull);
  EXPECT_EQ(xxhash64(bytes_of("Nobody inspects the spammish repetition")), 0xFBCEA83C8A378BF1ull);
}

TEST(Reader, CountsAreCheckedAgainstWhatIsLeft) {
  std::vector<uint8_t> data;
  Writer w(data);
  w.u64(1000);  // claims 1000 items
  w.u32(7);
  Reader r(data);
  uint64_t n = 0;
  EXPECT_FALSE(r.count(n, 4, "items"));
  EXPECT_EQ(r.error(), "items overruns the file");
  uint32_t v = 0;
  EXPECT_FALSE(r.u32(v));  // the first failure sticks
}

TEST(Reader, TruncationIsAnError) {
  std::vector<uint8_t> data = {1, 2, 3};
  Reader r(data);
  uint32_t v = 0;
  EXPECT_FALSE(r.u32(v));
  EXPECT_EQ(r.error(), "the file is truncated");
}

}  // namespace
}  // namespace wasmrun::serial
