#include "engine/ops/memory_access.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <cstring>

#include "engine/ops/ops_test_util.h"

namespace wasmrun::ops {
namespace {

using testing::bits;
using testing::lanes;
using testing::make;

// Memory with distinct bytes 0x80, 0x81, ... so sign extension and byte order are visible;
// accesses start at offset 1 to exercise unaligned addresses.
struct Mem {
  std::array<uint8_t, 40> bytes;
  Mem() {
    for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(0x80 + i);
  }
  uint8_t* at(size_t i) { return bytes.data() + i; }
};

TEST(MemoryAccess, ScalarLoadsExtend) {
  Mem m;
  EXPECT_EQ(I32Load(m.at(1)), 0x8483'8281u);
  EXPECT_EQ(I64Load(m.at(1)), 0x8887'8685'8483'8281u);
  EXPECT_EQ(I32Load8S(m.at(1)), 0xffff'ff81u);
  EXPECT_EQ(I32Load8U(m.at(1)), 0x81u);
  EXPECT_EQ(I32Load16S(m.at(1)), 0xffff'8281u);
  EXPECT_EQ(I32Load16U(m.at(1)), 0x8281u);
  EXPECT_EQ(I64Load8S(m.at(1)), 0xffff'ffff'ffff'ff81u);
  EXPECT_EQ(I64Load8U(m.at(1)), 0x81u);
  EXPECT_EQ(I64Load16S(m.at(1)), 0xffff'ffff'ffff'8281u);
  EXPECT_EQ(I64Load16U(m.at(1)), 0x8281u);
  EXPECT_EQ(I64Load32S(m.at(1)), 0xffff'ffff'8483'8281u);
  EXPECT_EQ(I64Load32U(m.at(1)), 0x8483'8281u);
  m.bytes[5] = 0x7f;
  EXPECT_EQ(I32Load8S(m.at(5)), 0x7fu);
}

TEST(MemoryAccess, FloatLoadsKeepBits) {
  Mem m;
  const uint8_t snan[4] = {0x01, 0x00, 0xa0, 0x7f};
  std::memcpy(m.at(3), snan, 4);
  EXPECT_EQ(bits(F32Load(m.at(3))), 0x7fa0'0001u);
  F32Store(m.at(11), F32Load(m.at(3)));
  EXPECT_EQ(std::memcmp(m.at(11), snan, 4), 0);
  F64Store(m.at(17), 1.0);
  EXPECT_EQ(F64Load(m.at(17)), 1.0);
  EXPECT_EQ(m.bytes[24], 0x3f);  // most significant byte last
}

TEST(MemoryAccess, StoresWriteOnlyTheirWidth) {
  Mem m;
  I64Store16(m.at(1), 0x1122'3344'5566'7788u);
  EXPECT_EQ(m.bytes[0], 0x80);
  EXPECT_EQ(m.bytes[1], 0x88);
  EXPECT_EQ(m.bytes[2], 0x77);
  EXPECT_EQ(m.bytes[3], 0x83);
  I32Store8(m.at(5), 0xabcd);
  EXPECT_EQ(m.bytes[5], 0xcd);
  EXPECT_EQ(m.bytes[6], 0x86);
  I32Store16(m.at(7), 0xdead'beefu);
  EXPECT_EQ(I32Load(m.at(7)), 0x8a89'beefu);
  I64Store8(m.at(11), 0x1ff);
  EXPECT_EQ(I32Load(m.at(11)), 0x8e8d'8cffu);
  I64Store32(m.at(13), 0x1122'3344'5566'7788u);
  EXPECT_EQ(I64Load(m.at(13)), 0x9493'9291'5566'7788u);
  I32Store(m.at(21), 0x0102'0304u);
  EXPECT_EQ(m.bytes[21], 0x04);
  EXPECT_EQ(m.bytes[24], 0x01);
  EXPECT_EQ(m.bytes[25], 0x99);
  I64Store(m.at(26), 0x0102'0304'0506'0708u);
  EXPECT_EQ(m.bytes[26], 0x08);
  EXPECT_EQ(m.bytes[33], 0x01);
  EXPECT_EQ(m.bytes[34], 0xa2);
}

TEST(MemoryAccess, V128LoadStore) {
  Mem m;
  V128 v = V128Load(m.at(1));
  for (int i = 0; i < 16; ++i) EXPECT_EQ(v.bytes[i], 0x81 + i);
  V128Store(m.at(20), v);
  EXPECT_EQ(std::memcmp(m.at(20), m.at(1), 16), 0);
  EXPECT_EQ(m.bytes[19], 0x93);
  EXPECT_EQ(m.bytes[36], 0xa4);
}

TEST(MemoryAccess, V128LoadExtend) {
  Mem m;
  m.bytes[2] = 0x7f;
  EXPECT_EQ(lanes<int16_t>(V128Load8x8S(m.at(1))),
            (std::array<int16_t, 8>{-127, 127, -125, -124, -123, -122, -121, -120}));
  EXPECT_EQ(lanes<uint16_t>(V128Load8x8U(m.at(1))),
            (std::array<uint16_t, 8>{0x81, 0x7f, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88}));
  EXPECT_EQ(lanes<uint32_t>(V128Load16x4S(m.at(1))),
            (std::array<uint32_t, 4>{0x7f81, 0xffff'8483u, 0xffff'8685u, 0xffff'8887u}));
  EXPECT_EQ(lanes<uint32_t>(V128Load16x4U(m.at(1))),
            (std::array<uint32_t, 4>{0x7f81, 0x8483, 0x8685, 0x8887}));
  EXPECT_EQ(lanes<uint64_t>(V128Load32x2S(m.at(3))),
            (std::array<uint64_t, 2>{0xffff'ffff'8685'8483u, 0xffff'ffff'8a89'8887u}));
  EXPECT_EQ(lanes<uint64_t>(V128Load32x2U(m.at(3))),
            (std::array<uint64_t, 2>{0x8685'8483u, 0x8a89'8887u}));
}

TEST(MemoryAccess, V128LoadSplatAndZero) {
  Mem m;
  V128 s8 = V128Load8Splat(m.at(1));
  for (int i = 0; i < 16; ++i) EXPECT_EQ(s8.bytes[i], 0x81);
  EXPECT_EQ(
      lanes<uint16_t>(V128Load16Splat(m.at(1))),
      (std::array<uint16_t, 8>{0x8281, 0x8281, 0x8281, 0x8281, 0x8281, 0x8281, 0x8281, 0x8281}));
  EXPECT_EQ(lanes<uint32_t>(V128Load32Splat(m.at(1))),
            (std::array<uint32_t, 4>{0x8483'8281u, 0x8483'8281u, 0x8483'8281u, 0x8483'8281u}));
  EXPECT_EQ(lanes<uint64_t>(V128Load64Splat(m.at(1))),
            (std::array<uint64_t, 2>{0x8887'8685'8483'8281u, 0x8887'8685'8483'8281u}));
  EXPECT_EQ(lanes<uint32_t>(V128Load32Zero(m.at(1))),
            (std::array<uint32_t, 4>{0x8483'8281u, 0, 0, 0}));
  EXPECT_EQ(lanes<uint64_t>(V128Load64Zero(m.at(1))),
            (std::array<uint64_t, 2>{0x8887'8685'8483'8281u, 0}));
}

TEST(MemoryAccess, LaneLoadsReplaceOneLane) {
  Mem m;
  const V128 v = make<uint8_t>({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
  V128 r8 = V128Load8Lane(m.at(1), v, 15);
  EXPECT_EQ(r8.bytes[15], 0x81);
  EXPECT_EQ(std::memcmp(r8.bytes, v.bytes, 15), 0);
  EXPECT_EQ(
      lanes<uint16_t>(V128Load16Lane(m.at(1), v, 2)),
      (std::array<uint16_t, 8>{0x0100, 0x0302, 0x8281, 0x0706, 0x0908, 0x0b0a, 0x0d0c, 0x0f0e}));
  EXPECT_EQ(lanes<uint32_t>(V128Load32Lane(m.at(1), v, 3)),
            (std::array<uint32_t, 4>{0x0302'0100u, 0x0706'0504u, 0x0b0a'0908u, 0x8483'8281u}));
  EXPECT_EQ(lanes<uint64_t>(V128Load64Lane(m.at(1), v, 0)),
            (std::array<uint64_t, 2>{0x8887'8685'8483'8281u, 0x0f0e'0d0c'0b0a'0908u}));
}

TEST(MemoryAccess, LaneStoresWriteOneLane) {
  Mem m;
  const V128 v = make<uint8_t>({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
  V128Store8Lane(m.at(1), v, 9);
  EXPECT_EQ(m.bytes[1], 9);
  EXPECT_EQ(m.bytes[2], 0x82);
  V128Store16Lane(m.at(3), v, 7);
  EXPECT_EQ(I32Load(m.at(2)), 0x850f'0e82u);
  V128Store32Lane(m.at(10), v, 1);
  EXPECT_EQ(I64Load(m.at(9)), 0x908f'8e07'0605'0489u);
  V128Store64Lane(m.at(20), v, 1);
  EXPECT_EQ(I64Load(m.at(20)), 0x0f0e'0d0c'0b0a'0908u);
  EXPECT_EQ(m.bytes[19], 0x93);
  EXPECT_EQ(m.bytes[28], 0x9c);
}

}  // namespace
}  // namespace wasmrun::ops
