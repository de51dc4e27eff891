#include "engine/core/leb128.h"

#include <gtest/gtest.h>

#include <vector>

#include "engine/core/byte_reader.h"
#include "engine/core/utf8.h"

namespace wasmrun {
namespace {

using Bytes = std::vector<uint8_t>;

struct U32Case {
  Bytes in;
  const char* error;  // nullptr: success
  uint32_t value;
};

TEST(Leb128, U32) {
  const U32Case cases[] = {
      {{0x00}, nullptr, 0},
      {{0x7f}, nullptr, 127},
      {{0x80, 0x01}, nullptr, 128},
      {{0xe5, 0x8e, 0x26}, nullptr, 624485},
      {{0x80, 0x80, 0x80, 0x80, 0x00}, nullptr, 0},  // padded zero in five bytes is fine
      {{0xff, 0xff, 0xff, 0xff, 0x0f}, nullptr, 0xffffffffu},
      {{0xff, 0xff, 0xff, 0xff, 0x1f}, kErrLebTooLarge, 0},
      {{0xff, 0xff, 0xff, 0xff, 0x4f}, kErrLebTooLarge, 0},
      {{0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, kErrLebTooLong, 0},
      {{0x80}, kErrUnexpectedEnd, 0},
      {{}, kErrUnexpectedEnd, 0},
  };
  for (const U32Case& c : cases) {
    const uint8_t* p = c.in.data();
    uint32_t v = 12345;
    const char* err = read_leb_u32(p, c.in.data() + c.in.size(), v);
    EXPECT_EQ(err, c.error) << "input size " << c.in.size();
    if (!c.error) {
      EXPECT_EQ(v, c.value);
      EXPECT_EQ(p, c.in.data() + c.in.size());
    } else {
      EXPECT_EQ(p, c.in.data()) << "a failed read must not advance";
    }
  }
}

TEST(Leb128, S32) {
  auto read = [](Bytes in, int32_t& v) {
    const uint8_t* p = in.data();
    return read_leb_s32(p, in.data() + in.size(), v);
  };
  int32_t v = 0;
  EXPECT_EQ(read({0x7f}, v), nullptr);
  EXPECT_EQ(v, -1);
  EXPECT_EQ(read({0x3f}, v), nullptr);
  EXPECT_EQ(v, 63);
  EXPECT_EQ(read({0xc0, 0x00}, v), nullptr);
  EXPECT_EQ(v, 64);
  EXPECT_EQ(read({0x80, 0x80, 0x80, 0x80, 0x78}, v), nullptr);
  EXPECT_EQ(v, INT32_MIN);
  EXPECT_EQ(read({0xff, 0xff, 0xff, 0xff, 0x07}, v), nullptr);
  EXPECT_EQ(v, INT32_MAX);
  EXPECT_EQ(read({0xff, 0xff, 0xff, 0xff, 0x7f}, v), nullptr);
  EXPECT_EQ(v, -1);
  // Unused bits of the last byte must repeat the sign bit.
  EXPECT_EQ(read({0xff, 0xff, 0xff, 0xff, 0x0f}, v), kErrLebTooLarge);
  EXPECT_EQ(read({0x80, 0x80, 0x80, 0x80, 0x70}, v), kErrLebTooLarge);
  EXPECT_EQ(read({0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, v), kErrLebTooLong);
}

TEST(Leb128, S33AndS64) {
  int64_t v = 0;
  {
    Bytes in{0x40};
    const uint8_t* p = in.data();
    EXPECT_EQ(read_leb_s33(p, in.data() + 1, v), nullptr);
    EXPECT_EQ(v, -64);
  }
  {
    Bytes in{0xff, 0xff, 0xff, 0xff, 0x0f};  // 2^32 - 1 fits in 33 bits
    const uint8_t* p = in.data();
    EXPECT_EQ(read_leb_s33(p, in.data() + in.size(), v), nullptr);
    EXPECT_EQ(v, 0xffffffffLL);
  }
  {
    Bytes in{0xff, 0xff, 0xff, 0xff, 0x1f};  // sign bit set, bits above it clear
    const uint8_t* p = in.data();
    EXPECT_EQ(read_leb_s33(p, in.data() + in.size(), v), kErrLebTooLarge);
  }
  {
    Bytes in{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f};
    const uint8_t* p = in.data();
    EXPECT_EQ(read_leb_s64(p, in.data() + in.size(), v), nullptr);
    EXPECT_EQ(v, INT64_MIN);
  }
  {
    Bytes in{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00};
    const uint8_t* p = in.data();
    EXPECT_EQ(read_leb_s64(p, in.data() + in.size(), v), nullptr);
    EXPECT_EQ(v, INT64_MAX);
  }
  {
    Bytes in{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01};
    const uint8_t* p = in.data();
    EXPECT_EQ(read_leb_s64(p, in.data() + in.size(), v), kErrLebTooLarge);
  }
  {
    Bytes in{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f};
    const uint8_t* p = in.data();
    EXPECT_EQ(read_leb_s64(p, in.data() + in.size(), v), kErrLebTooLong);
  }
}

TEST(Utf8, AcceptsWellFormed) {
  const Bytes ok[] = {
      {},
      {'a', 'b'},
      {0xc2, 0xa9},              // U+00A9
      {0xe2, 0x82, 0xac},        // U+20AC
      {0xef, 0xbf, 0xbf},        // U+FFFF
      {0xf0, 0x9f, 0x98, 0x80},  // U+1F600
      {0xf4, 0x8f, 0xbf, 0xbf},  // U+10FFFF
  };
  for (const Bytes& b : ok) EXPECT_TRUE(is_valid_utf8(b.data(), b.size())) << b.size();
}

TEST(Utf8, RejectsMalformed) {
  const Bytes bad[] = {
      {0x80},                    // lone continuation
      {0xc0, 0x80},              // overlong NUL
      {0xe0, 0x80, 0x80},        // overlong
      {0xf0, 0x80, 0x80, 0x80},  // overlong
      {0xed, 0xa0, 0x80},        // U+D800, a surrogate
      {0xf4, 0x90, 0x80, 0x80},  // above U+10FFFF
      {0xe2, 0x82},              // truncated
      {0xc2, 0x41},              // bad continuation
      {0xf8, 0x88, 0x80, 0x80, 0x80},
      {0xff},
  };
  for (const Bytes& b : bad) EXPECT_FALSE(is_valid_utf8(b.data(), b.size())) << int(b[0]);
}

TEST(ByteReader, ReadsAndRecordsFirstError) {
  const Bytes in{0x05, 'h', 'e', 'l', 'l', 'o', 0x80};
  ByteReader r(in.data(), 0, in.size());
  std::string s;
  ASSERT_TRUE(r.name(s));
  EXPECT_EQ(s, "hello");
  EXPECT_EQ(r.offset(), 6u);
  uint32_t v = 0;
  EXPECT_FALSE(r.u32(v));
  EXPECT_STREQ(r.error(), kErrUnexpectedEnd);
  EXPECT_EQ(r.error_offset(), 6u);
  EXPECT_FALSE(r.fail("later"));
  EXPECT_STREQ(r.error(), kErrUnexpectedEnd) << "the first error wins";
}

TEST(ByteReader, RejectsBadNames) {
  const Bytes too_long{0x09, 'a', 'b'};
  ByteReader r1(too_long.data(), 0, too_long.size());
  std::string s;
  EXPECT_FALSE(r1.name(s));
  const Bytes bad_utf8{0x02, 0xc0, 0x80};
  ByteReader r2(bad_utf8.data(), 0, bad_utf8.size());
  EXPECT_FALSE(r2.name(s));
  EXPECT_STREQ(r2.error(), "malformed UTF-8 encoding");
}

TEST(ByteReader, CountMustBeBackedByBytes) {
  const Bytes in{0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  ByteReader r(in.data(), 0, in.size());
  uint32_t n = 0;
  EXPECT_FALSE(r.count(n));
  const Bytes small{0x03, 1, 2, 3, 4, 5};
  ByteReader r3(small.data(), 0, small.size());
  EXPECT_TRUE(r3.count(n, 1));
  EXPECT_EQ(n, 3u);
  ByteReader r4(small.data(), 0, small.size());
  EXPECT_FALSE(r4.count(n, 2)) << "3 elements of 2 bytes need 6 bytes, 5 are left";
}

TEST(ByteReader, FixedWidth) {
  const Bytes in{0x00, 0x00, 0x80, 0x3f, 0x01};
  ByteReader r(in.data(), 0, in.size());
  uint32_t bits = 0;
  ASSERT_TRUE(r.fixed_u32(bits));
  EXPECT_EQ(bits, 0x3f800000u);  // 1.0f
  uint64_t wide = 0;
  EXPECT_FALSE(r.fixed_u64(wide));
  EXPECT_EQ(r.remaining(), 1u);
}

}  // namespace
}  // namespace wasmrun
