#include <gtest/gtest.h>

#include <array>
#include <cstdint>

#include "engine/ops/ops_test_util.h"
#include "engine/ops/simd.h"

namespace wasmrun::ops {
namespace {

using testing::call;
using testing::lanes;
using testing::make;

const V128 kA = make<uint8_t>({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
const V128 kB = make<uint8_t>({16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31});

TEST(SimdBasic, SwizzleZeroesOutOfRangeIndexes) {
  V128 idx = make<uint8_t>({15, 0, 16, 255, 0x80, 3, 3, 17, 1, 2, 14, 31, 32, 5, 9, 0x10});
  EXPECT_EQ(lanes<uint8_t>(call(&I8x16Swizzle, kB, idx)),
            (std::array<uint8_t, 16>{31, 16, 0, 0, 0, 19, 19, 0, 17, 18, 30, 0, 0, 21, 25, 0}));
}

TEST(SimdBasic, ShuffleSelectsFromBothOperands) {
  const uint8_t sel[16] = {0, 31, 16, 15, 1, 17, 2, 18, 3, 19, 30, 14, 7, 7, 23, 8};
  EXPECT_EQ(lanes<uint8_t>(call(&I8x16Shuffle, kA, kB, sel)),
            (std::array<uint8_t, 16>{0, 31, 16, 15, 1, 17, 2, 18, 3, 19, 30, 14, 7, 7, 23, 8}));
  const uint8_t rev[16] = {31, 30, 29, 28, 27, 26, 25, 24, 7, 6, 5, 4, 3, 2, 1, 0};
  V128 x = make<uint8_t>({0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab,
                          0xac, 0xad, 0xae, 0xaf});
  EXPECT_EQ(lanes<uint8_t>(call(&I8x16Shuffle, x, kB, rev)),
            (std::array<uint8_t, 16>{31, 30, 29, 28, 27, 26, 25, 24, 0xa7, 0xa6, 0xa5, 0xa4, 0xa3,
                                     0xa2, 0xa1, 0xa0}));
}

TEST(SimdBasic, SplatTruncatesToLaneWidth) {
  EXPECT_EQ(lanes<uint8_t>(call(&I8x16Splat, 0x1ff))[15], 0xff);
  EXPECT_EQ(
      lanes<uint16_t>(call(&I16x8Splat, 0x12345)),
      (std::array<uint16_t, 8>{0x2345, 0x2345, 0x2345, 0x2345, 0x2345, 0x2345, 0x2345, 0x2345}));
  EXPECT_EQ(lanes<uint32_t>(call(&I32x4Splat, 7)), (std::array<uint32_t, 4>{7, 7, 7, 7}));
  EXPECT_EQ(lanes<uint64_t>(call(&I64x2Splat, ~0ull)), (std::array<uint64_t, 2>{~0ull, ~0ull}));
  EXPECT_EQ(lanes<float>(call(&F32x4Splat, -1.5f)),
            (std::array<float, 4>{-1.5f, -1.5f, -1.5f, -1.5f}));
  EXPECT_EQ(lanes<double>(call(&F64x2Splat, 2.5)), (std::array<double, 2>{2.5, 2.5}));
}

TEST(SimdBasic, ExtractAndReplaceLanes) {
  V128 v = make<uint8_t>({0, 0x80, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0xff});
  EXPECT_EQ(call(&I8x16ExtractLaneS, v, 1), 0xffff'ff80u);
  EXPECT_EQ(call(&I8x16ExtractLaneU, v, 1), 0x80u);
  EXPECT_EQ(call(&I8x16ExtractLaneS, v, 15), 0xffff'ffffu);
  EXPECT_EQ(call(&I8x16ExtractLaneU, v, 2), 2u);
  V128 r = call(&I8x16ReplaceLane, v, 0x1234, 15);
  EXPECT_EQ(r.bytes[15], 0x34);
  EXPECT_EQ(r.bytes[14], 14);

  V128 h = make<uint16_t>({1, 0x8000, 3, 4, 5, 6, 7, 0x7fff});
  EXPECT_EQ(call(&I16x8ExtractLaneS, h, 1), 0xffff'8000u);
  EXPECT_EQ(call(&I16x8ExtractLaneU, h, 1), 0x8000u);
  EXPECT_EQ(call(&I16x8ExtractLaneS, h, 7), 0x7fffu);
  EXPECT_EQ(lanes<uint16_t>(call(&I16x8ReplaceLane, h, 0xabcdef, 0)),
            (std::array<uint16_t, 8>{0xcdef, 0x8000, 3, 4, 5, 6, 7, 0x7fff}));

  V128 w = make<uint32_t>({10, 11, 12, 13});
  EXPECT_EQ(call(&I32x4ExtractLane, w, 2), 12u);
  EXPECT_EQ(lanes<uint32_t>(call(&I32x4ReplaceLane, w, 99, 3)),
            (std::array<uint32_t, 4>{10, 11, 12, 99}));
  V128 d = make<uint64_t>({1, 2});
  EXPECT_EQ(call(&I64x2ExtractLane, d, 1), 2u);
  EXPECT_EQ(lanes<uint64_t>(call(&I64x2ReplaceLane, d, ~0ull, 0)),
            (std::array<uint64_t, 2>{~0ull, 2}));
  V128 f = make<float>({1.0f, 2.0f, 3.0f, 4.0f});
  EXPECT_EQ(call(&F32x4ExtractLane, f, 3), 4.0f);
  EXPECT_EQ(lanes<float>(call(&F32x4ReplaceLane, f, -0.5f, 1)),
            (std::array<float, 4>{1.0f, -0.5f, 3.0f, 4.0f}));
  V128 g = make<double>({1.0, 2.0});
  EXPECT_EQ(call(&F64x2ExtractLane, g, 0), 1.0);
  EXPECT_EQ(lanes<double>(call(&F64x2ReplaceLane, g, 8.0, 1)), (std::array<double, 2>{1.0, 8.0}));
}

TEST(SimdBasic, Bitwise) {
  V128 a = make<uint32_t>({0xff00'ff00u, 0x0f0f'0f0fu, 0, 0xffff'ffffu});
  V128 b = make<uint32_t>({0xf0f0'f0f0u, 0xffff'0000u, 0x1234'5678u, 0});
  EXPECT_EQ(lanes<uint32_t>(call(&V128Not, a)),
            (std::array<uint32_t, 4>{0x00ff'00ffu, 0xf0f0'f0f0u, 0xffff'ffffu, 0}));
  EXPECT_EQ(lanes<uint32_t>(call(&V128And, a, b)),
            (std::array<uint32_t, 4>{0xf000'f000u, 0x0f0f'0000u, 0, 0}));
  EXPECT_EQ(lanes<uint32_t>(call(&V128AndNot, a, b)),
            (std::array<uint32_t, 4>{0x0f00'0f00u, 0x0000'0f0fu, 0, 0xffff'ffffu}));
  EXPECT_EQ(lanes<uint32_t>(call(&V128Or, a, b)),
            (std::array<uint32_t, 4>{0xfff0'fff0u, 0xffff'0f0fu, 0x1234'5678u, 0xffff'ffffu}));
  EXPECT_EQ(lanes<uint32_t>(call(&V128Xor, a, b)),
            (std::array<uint32_t, 4>{0x0ff0'0ff0u, 0xf0f0'0f0fu, 0x1234'5678u, 0xffff'ffffu}));
  // Bits from the first operand where the mask is 1.
  V128 mask = make<uint32_t>({0xffff'0000u, 0, 0xffff'ffffu, 0x0000'ffffu});
  EXPECT_EQ(lanes<uint32_t>(call(&V128Bitselect, a, b, mask)),
            (std::array<uint32_t, 4>{0xff00'f0f0u, 0xffff'0000u, 0, 0x0000'ffffu}));
}

TEST(SimdBasic, AnyTrue) {
  EXPECT_EQ(call(&V128AnyTrue, V128{}), 0u);
  V128 v{};
  v.bytes[13] = 0x10;
  EXPECT_EQ(call(&V128AnyTrue, v), 1u);
}

}  // namespace
}  // namespace wasmrun::ops
