#include "engine/core/serial.h"

#include <gtest/gtest.h>

#include <string_view>

namespace wasmrun::serial {
namespace {

std::span<const uint8_t> bytes_of(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// XXH3's published values (the empty input, "abc"), and the seed taking part.
TEST(Checksum64, IsXxh3) {
  EXPECT_EQ(checksum64(bytes_of("")), 0x2D06800538D394C2ull);
  EXPECT_EQ(checksum64(bytes_of("abc")), 0x78AF5F94892F3950ull);
  EXPECT_NE(checksum64(bytes_of("abc"), 1), checksum64(bytes_of("abc")));
}

// Any one flipped bit of a long input changes the sum.
TEST(Checksum64, CatchesEveryFlippedBit) {
  std::vector<uint8_t> data(4096);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 131 + 7);
  const uint64_t sum = checksum64(data);
  for (size_t i = 0; i < data.size(); i += 61) {
    for (int bit = 0; bit < 8; ++bit) {
      data[i] ^= static_cast<uint8_t>(1 << bit);
      EXPECT_NE(checksum64(data), sum) << "byte " << i << " bit " << bit;
      data[i] ^= static_cast<uint8_t>(1 << bit);
    }
  }
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
