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

using I8s = std::array<int8_t, 16>;
using U8s = std::array<uint8_t, 16>;
using I16s = std::array<int16_t, 8>;
using U16s = std::array<uint16_t, 8>;
using I32s = std::array<int32_t, 4>;
using U32s = std::array<uint32_t, 4>;
using I64s = std::array<int64_t, 2>;
using U64s = std::array<uint64_t, 2>;

TEST(SimdInt, NarrowSaturates) {
  V128 a = make<int16_t>({300, -300, 127, -128, 128, -129, 0, 255});
  V128 b = make<int16_t>({32767, -32768, 1, -1, 256, 200, -200, 100});
  EXPECT_EQ(lanes<int8_t>(call(&I8x16NarrowI16x8S, a, b)),
            (I8s{127, -128, 127, -128, 127, -128, 0, 127, 127, -128, 1, -1, 127, 127, -128, 100}));
  EXPECT_EQ(lanes<uint8_t>(call(&I8x16NarrowI16x8U, a, b)),
            (U8s{255, 0, 127, 0, 128, 0, 0, 255, 255, 0, 1, 0, 255, 200, 0, 100}));
  V128 c = make<int32_t>({70000, -70000, 32767, -32768});
  V128 d = make<int32_t>({65535, 65536, -1, 40000});
  EXPECT_EQ(lanes<int16_t>(call(&I16x8NarrowI32x4S, c, d)),
            (I16s{32767, -32768, 32767, -32768, 32767, 32767, -1, 32767}));
  EXPECT_EQ(lanes<uint16_t>(call(&I16x8NarrowI32x4U, c, d)),
            (U16s{65535, 0, 32767, 0, 65535, 65535, 0, 40000}));
}

TEST(SimdInt, Q15MulrSat) {
  V128 a = make<int16_t>({-32768, 0x4000, -1, 1, -32768, 32767, 100, -32767});
  V128 b = make<int16_t>({-32768, 0x4000, 1, 1, 32767, 32767, -200, -32767});
  EXPECT_EQ(lanes<int16_t>(call(&I16x8Q15mulrSatS, a, b)),
            (I16s{32767, 0x2000, 0, 0, -32767, 32766, -1, 32766}));
}

TEST(SimdInt, Bitmask) {
  EXPECT_EQ(
      call(&I8x16Bitmask, make<int8_t>({-1, 0, -128, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -5})),
      0x8005u);
  EXPECT_EQ(call(&I16x8Bitmask, make<int16_t>({0, -1, 0, 0, 0, 0, -32768, 32767})), 0x42u);
  EXPECT_EQ(call(&I32x4Bitmask, make<uint32_t>({0x8000'0000u, 0x7fff'ffffu, 0, 0xffff'ffffu})),
            0x9u);
  EXPECT_EQ(call(&I64x2Bitmask, make<uint64_t>({1, 0x8000'0000'0000'0000u})), 0x2u);
  EXPECT_EQ(call(&I8x16Bitmask, V128{}), 0u);
}

TEST(SimdInt, AllTrue) {
  EXPECT_EQ(call(&I8x16AllTrue, call(&I8x16Splat, 1)), 1u);
  EXPECT_EQ(call(&I8x16AllTrue, make<uint8_t>({1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0})),
            0u);
  // A 16-bit lane of 0x0100 is true although its low byte is zero.
  EXPECT_EQ(call(&I16x8AllTrue, call(&I16x8Splat, 0x0100)), 1u);
  EXPECT_EQ(call(&I16x8AllTrue, make<uint16_t>({1, 1, 1, 0, 1, 1, 1, 1})), 0u);
  EXPECT_EQ(call(&I32x4AllTrue, make<uint32_t>({1, 0x8000'0000u, 0x100, 0x10000})), 1u);
  EXPECT_EQ(call(&I32x4AllTrue, make<uint32_t>({1, 1, 0, 1})), 0u);
  EXPECT_EQ(call(&I64x2AllTrue, make<uint64_t>({1ull << 63, 1})), 1u);
  EXPECT_EQ(call(&I64x2AllTrue, make<uint64_t>({0, 1})), 0u);
}

TEST(SimdInt, Extmul) {
  V128 a8 = make<int8_t>({-128, 127, -1, 2, 0, 0, 0, 0, 3, -4, 5, -6, 7, -128, 127, -128});
  V128 b8 = make<int8_t>({-128, 127, 127, -3, 0, 0, 0, 0, 10, 10, -10, -10, 1, 1, -128, -128});
  EXPECT_EQ(lanes<int16_t>(call(&I16x8ExtmulLowI8x16S, a8, b8)),
            (I16s{16384, 16129, -127, -6, 0, 0, 0, 0}));
  EXPECT_EQ(lanes<int16_t>(call(&I16x8ExtmulHighI8x16S, a8, b8)),
            (I16s{30, -40, -50, 60, 7, -128, -16256, 16384}));
  EXPECT_EQ(lanes<uint16_t>(call(&I16x8ExtmulLowI8x16U, a8, b8)),
            (U16s{16384, 16129, 255 * 127, 2 * 253, 0, 0, 0, 0}));
  EXPECT_EQ(lanes<uint16_t>(
                call(&I16x8ExtmulHighI8x16U, call(&I8x16Splat, 0xff), call(&I8x16Splat, 0xff))),
            (U16s{65025, 65025, 65025, 65025, 65025, 65025, 65025, 65025}));

  V128 a16 = make<uint16_t>({0xffff, 2, 0x8000, 3, 0xffff, 0x8000, 7, 1});
  V128 b16 = make<uint16_t>({0xffff, 0xffff, 0x8000, 5, 0xffff, 0x8000, 0x7fff, 0});
  EXPECT_EQ(lanes<uint32_t>(call(&I32x4ExtmulLowI16x8U, a16, b16)),
            (U32s{0xfffe'0001u, 0x1'fffeu, 0x4000'0000u, 15}));
  EXPECT_EQ(lanes<int32_t>(call(&I32x4ExtmulLowI16x8S, a16, b16)), (I32s{1, -2, 0x4000'0000, 15}));
  EXPECT_EQ(lanes<uint32_t>(call(&I32x4ExtmulHighI16x8U, a16, b16)),
            (U32s{0xfffe'0001u, 0x4000'0000u, 7 * 0x7fff, 0}));
  EXPECT_EQ(lanes<int32_t>(call(&I32x4ExtmulHighI16x8S, a16, b16)),
            (I32s{1, 0x4000'0000, 7 * 0x7fff, 0}));

  V128 a32 = make<uint32_t>({0xffff'ffffu, 0x8000'0000u, 0x8000'0000u, 3});
  V128 b32 = make<uint32_t>({0xffff'ffffu, 2, 0x8000'0000u, 0xffff'ffffu});
  EXPECT_EQ(lanes<uint64_t>(call(&I64x2ExtmulLowI32x4U, a32, b32)),
            (U64s{0xffff'fffe'0000'0001u, 0x1'0000'0000u}));
  EXPECT_EQ(lanes<int64_t>(call(&I64x2ExtmulLowI32x4S, a32, b32)), (I64s{1, -0x1'0000'0000}));
  EXPECT_EQ(lanes<int64_t>(call(&I64x2ExtmulHighI32x4S, a32, b32)),
            (I64s{0x4000'0000'0000'0000, -3}));
  EXPECT_EQ(lanes<uint64_t>(call(&I64x2ExtmulHighI32x4U, a32, b32)),
            (U64s{0x4000'0000'0000'0000u, 3ull * 0xffff'ffffu}));
}

TEST(SimdInt, ExtaddPairwise) {
  V128 a = make<int8_t>({-128, -128, 127, 127, -1, 1, 5, 6, 0, 0, -3, -4, 100, 27, -1, -1});
  EXPECT_EQ(lanes<int16_t>(call(&I16x8ExtaddPairwiseI8x16S, a)),
            (I16s{-256, 254, 0, 11, 0, -7, 127, -2}));
  EXPECT_EQ(lanes<uint16_t>(call(&I16x8ExtaddPairwiseI8x16U, a)),
            (U16s{256, 254, 256, 11, 0, 253 + 252, 127, 510}));
  V128 b = make<int16_t>({-32768, -32768, 32767, 32767, -1, 0, 1, 2});
  EXPECT_EQ(lanes<int32_t>(call(&I32x4ExtaddPairwiseI16x8S, b)), (I32s{-65536, 65534, -1, 3}));
  EXPECT_EQ(lanes<uint32_t>(call(&I32x4ExtaddPairwiseI16x8U, b)), (U32s{65536, 65534, 65535, 3}));
}

TEST(SimdInt, Dot) {
  // Two (-32768)^2 products sum to 2^31, which wraps.
  EXPECT_EQ(
      lanes<uint32_t>(call(&I32x4DotI16x8S, call(&I16x8Splat, 0x8000), call(&I16x8Splat, 0x8000))),
      (U32s{0x8000'0000u, 0x8000'0000u, 0x8000'0000u, 0x8000'0000u}));
  V128 a = make<int16_t>({1, 2, 3, 4, -5, 6, 32767, 32767});
  V128 b = make<int16_t>({10, 20, -30, 40, 50, 60, 32767, -32768});
  EXPECT_EQ(lanes<int32_t>(call(&I32x4DotI16x8S, a, b)), (I32s{50, 70, 110, -32767}));
}

TEST(SimdInt, AddSubSaturating) {
  V128 a = make<int8_t>({127, -128, 100, -100, 1, -1, 0, 50, 127, -128, 0, 0, 0, 0, 0, 0});
  V128 b = make<int8_t>({1, -1, 100, -100, -1, 1, 0, -100, -128, 127, 0, 0, 0, 0, 0, 0});
  EXPECT_EQ(lanes<int8_t>(call(&I8x16AddSatS, a, b)),
            (I8s{127, -128, 127, -128, 0, 0, 0, -50, -1, -1, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(lanes<int8_t>(call(&I8x16SubSatS, a, b)),
            (I8s{126, -127, 0, 0, 2, -2, 0, 127, 127, -128, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(lanes<int8_t>(call(&I8x16Add, a, b)),
            (I8s{-128, 127, -56, 56, 0, 0, 0, -50, -1, -1, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(lanes<int8_t>(call(&I8x16Sub, a, b)),
            (I8s{126, -127, 0, 0, 2, -2, 0, -106, -1, 1, 0, 0, 0, 0, 0, 0}));
  V128 u = make<uint8_t>({255, 0, 200, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
  V128 v = make<uint8_t>({1, 1, 100, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
  EXPECT_EQ(lanes<uint8_t>(call(&I8x16AddSatU, u, v)),
            (U8s{255, 1, 255, 30, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2}));
  EXPECT_EQ(lanes<uint8_t>(call(&I8x16SubSatU, u, v)),
            (U8s{254, 0, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));

  V128 h = make<int16_t>({32767, -32768, 1, -1, 20000, -20000, 0, 0});
  V128 k = make<int16_t>({1, -1, -1, 1, 20000, -20000, 0, 0});
  EXPECT_EQ(lanes<int16_t>(call(&I16x8AddSatS, h, k)),
            (I16s{32767, -32768, 0, 0, 32767, -32768, 0, 0}));
  EXPECT_EQ(lanes<int16_t>(call(&I16x8SubSatS, h, k)), (I16s{32766, -32767, 2, -2, 0, 0, 0, 0}));
  EXPECT_EQ(
      lanes<uint16_t>(call(&I16x8AddSatU, call(&I16x8Splat, 0xfff0), call(&I16x8Splat, 0x20)))[0],
      0xffff);
  EXPECT_EQ(
      lanes<uint16_t>(call(&I16x8SubSatU, call(&I16x8Splat, 0x10), call(&I16x8Splat, 0x20)))[7], 0);
}

TEST(SimdInt, MulWraps) {
  EXPECT_EQ(
      lanes<uint16_t>(call(&I16x8Mul, call(&I16x8Splat, 0xffff), call(&I16x8Splat, 0xffff)))[0], 1);
  EXPECT_EQ(lanes<uint16_t>(call(&I16x8Mul, call(&I16x8Splat, 0x8000), call(&I16x8Splat, 2)))[3],
            0);
  EXPECT_EQ(
      lanes<uint32_t>(call(&I32x4Mul, call(&I32x4Splat, 0x8000'0001u), call(&I32x4Splat, 3)))[1],
      0x8000'0003u);
  EXPECT_EQ(lanes<uint64_t>(call(&I64x2Mul, call(&I64x2Splat, ~0ull), call(&I64x2Splat, ~0ull)))[1],
            1u);
  EXPECT_EQ(
      lanes<uint32_t>(call(&I32x4Add, call(&I32x4Splat, 0xffff'ffffu), call(&I32x4Splat, 2)))[0],
      1u);
  EXPECT_EQ(lanes<uint64_t>(call(&I64x2Sub, call(&I64x2Splat, 0), call(&I64x2Splat, 1)))[0], ~0ull);
  EXPECT_EQ(lanes<uint16_t>(call(&I16x8Add, call(&I16x8Splat, 0xffff), call(&I16x8Splat, 2)))[5],
            1);
  EXPECT_EQ(lanes<uint16_t>(call(&I16x8Sub, call(&I16x8Splat, 0), call(&I16x8Splat, 1)))[5],
            0xffff);
  EXPECT_EQ(lanes<uint32_t>(call(&I32x4Sub, call(&I32x4Splat, 0), call(&I32x4Splat, 1)))[2],
            0xffff'ffffu);
  EXPECT_EQ(lanes<uint64_t>(call(&I64x2Add, call(&I64x2Splat, ~0ull), call(&I64x2Splat, 3)))[0],
            2u);
}

TEST(SimdInt, AbsNegWrapAtMinimum) {
  EXPECT_EQ(lanes<int8_t>(call(&I8x16Abs, make<int8_t>({-128, -1, 5, 0})))[0], -128);
  EXPECT_EQ(lanes<int8_t>(call(&I8x16Abs, make<int8_t>({-128, -1, 5, 0})))[1], 1);
  EXPECT_EQ(lanes<int8_t>(call(&I8x16Neg, make<int8_t>({-128, -1, 5, 0})))[0], -128);
  EXPECT_EQ(lanes<int8_t>(call(&I8x16Neg, make<int8_t>({-128, -1, 5, 0})))[2], -5);
  EXPECT_EQ(lanes<int16_t>(call(&I16x8Abs, make<int16_t>({-32768, -7}))),
            (I16s{-32768, 7, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(lanes<int16_t>(call(&I16x8Neg, make<int16_t>({-32768, -7}))),
            (I16s{-32768, 7, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(lanes<int32_t>(call(&I32x4Abs, make<int32_t>({INT32_MIN, -3, 3, 0}))),
            (I32s{INT32_MIN, 3, 3, 0}));
  EXPECT_EQ(lanes<int32_t>(call(&I32x4Neg, make<int32_t>({INT32_MIN, -3, 3, 0}))),
            (I32s{INT32_MIN, 3, -3, 0}));
  EXPECT_EQ(lanes<int64_t>(call(&I64x2Abs, make<int64_t>({INT64_MIN, -9}))), (I64s{INT64_MIN, 9}));
  EXPECT_EQ(lanes<int64_t>(call(&I64x2Neg, make<int64_t>({INT64_MIN, -9}))), (I64s{INT64_MIN, 9}));
}

TEST(SimdInt, ShiftsTakeCountModuloLaneWidth) {
  V128 b = make<uint8_t>({0x81, 0x7f, 1, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  EXPECT_EQ(lanes<uint8_t>(call(&I8x16Shl, b, 9))[0], 0x02);  // count 1
  EXPECT_EQ(lanes<uint8_t>(call(&I8x16Shl, b, 7))[2], 0x80);
  EXPECT_EQ(lanes<uint8_t>(call(&I8x16ShrU, b, 7))[0], 0x01);
  EXPECT_EQ(lanes<uint8_t>(call(&I8x16ShrS, b, 15))[0], 0xff);  // count 7
  EXPECT_EQ(lanes<uint8_t>(call(&I8x16ShrS, b, 15))[1], 0x00);
  EXPECT_EQ(lanes<uint8_t>(call(&I8x16ShrS, b, 8))[0], 0x81);  // count 0
  V128 h = make<uint16_t>({0x8001, 0xffff});
  EXPECT_EQ(lanes<uint16_t>(call(&I16x8Shl, h, 17))[0], 0x0002);
  EXPECT_EQ(lanes<uint16_t>(call(&I16x8Shl, h, 15))[1], 0x8000);
  EXPECT_EQ(lanes<uint16_t>(call(&I16x8ShrS, h, 15))[0], 0xffff);
  EXPECT_EQ(lanes<uint16_t>(call(&I16x8ShrU, h, 31))[0], 0x0001);
  V128 w = make<uint32_t>({0x8000'0001u, 2, 0, 0});
  EXPECT_EQ(lanes<uint32_t>(call(&I32x4Shl, w, 33))[0], 0x0000'0002u);
  EXPECT_EQ(lanes<uint32_t>(call(&I32x4ShrS, w, 31))[0], 0xffff'ffffu);
  EXPECT_EQ(lanes<uint32_t>(call(&I32x4ShrU, w, 0xffff'ffffu))[0], 1u);
  V128 d = make<uint64_t>({0x8000'0000'0000'0001u, 4});
  EXPECT_EQ(lanes<uint64_t>(call(&I64x2Shl, d, 65)), (U64s{2, 8}));
  EXPECT_EQ(lanes<uint64_t>(call(&I64x2ShrS, d, 127)), (U64s{~0ull, 0}));
  EXPECT_EQ(lanes<uint64_t>(call(&I64x2ShrU, d, 64)), (U64s{0x8000'0000'0000'0001u, 4}));
}

TEST(SimdInt, MinMaxAvgrPopcnt) {
  V128 a = make<uint8_t>({0x80, 0x7f, 255, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
  V128 b = make<uint8_t>({0x7f, 0x80, 255, 1, 2, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
  EXPECT_EQ(lanes<uint8_t>(call(&I8x16MinS, a, b))[0], 0x80);
  EXPECT_EQ(lanes<uint8_t>(call(&I8x16MinU, a, b))[0], 0x7f);
  EXPECT_EQ(lanes<uint8_t>(call(&I8x16MaxS, a, b))[1], 0x7f);
  EXPECT_EQ(lanes<uint8_t>(call(&I8x16MaxU, a, b))[1], 0x80);
  EXPECT_EQ(lanes<uint8_t>(call(&I8x16AvgrU, a, b))[2], 255);  // no overflow
  EXPECT_EQ(lanes<uint8_t>(call(&I8x16AvgrU, a, b))[3], 1);    // rounds up
  EXPECT_EQ(lanes<uint8_t>(call(&I8x16AvgrU, a, b))[0], 0x80);
  EXPECT_EQ(
      lanes<uint16_t>(call(&I16x8AvgrU, call(&I16x8Splat, 0xffff), call(&I16x8Splat, 0xfffe)))[0],
      0xffff);
  EXPECT_EQ(lanes<int16_t>(call(&I16x8MinS, call(&I16x8Splat, 0x8000), call(&I16x8Splat, 1)))[0],
            -32768);
  EXPECT_EQ(lanes<uint16_t>(call(&I16x8MinU, call(&I16x8Splat, 0x8000), call(&I16x8Splat, 1)))[0],
            1);
  EXPECT_EQ(lanes<int16_t>(call(&I16x8MaxS, call(&I16x8Splat, 0x8000), call(&I16x8Splat, 1)))[0],
            1);
  EXPECT_EQ(lanes<uint16_t>(call(&I16x8MaxU, call(&I16x8Splat, 0x8000), call(&I16x8Splat, 1)))[0],
            0x8000);
  EXPECT_EQ(
      lanes<int32_t>(call(&I32x4MinS, call(&I32x4Splat, 0x8000'0000u), call(&I32x4Splat, 1)))[0],
      INT32_MIN);
  EXPECT_EQ(
      lanes<uint32_t>(call(&I32x4MinU, call(&I32x4Splat, 0x8000'0000u), call(&I32x4Splat, 1)))[0],
      1u);
  EXPECT_EQ(
      lanes<int32_t>(call(&I32x4MaxS, call(&I32x4Splat, 0x8000'0000u), call(&I32x4Splat, 1)))[0],
      1);
  EXPECT_EQ(
      lanes<uint32_t>(call(&I32x4MaxU, call(&I32x4Splat, 0x8000'0000u), call(&I32x4Splat, 1)))[0],
      0x8000'0000u);
  EXPECT_EQ(lanes<uint8_t>(call(&I8x16Popcnt, a)),
            (U8s{1, 7, 8, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2}));
}

TEST(SimdInt, Extend) {
  V128 a = make<int8_t>({-1, 2, -3, 4, -5, 6, -7, 8, -128, 127, 0, -1, 1, -2, 3, -4});
  EXPECT_EQ(lanes<int16_t>(call(&I16x8ExtendLowI8x16S, a)), (I16s{-1, 2, -3, 4, -5, 6, -7, 8}));
  EXPECT_EQ(lanes<int16_t>(call(&I16x8ExtendHighI8x16S, a)),
            (I16s{-128, 127, 0, -1, 1, -2, 3, -4}));
  EXPECT_EQ(lanes<uint16_t>(call(&I16x8ExtendLowI8x16U, a)),
            (U16s{255, 2, 253, 4, 251, 6, 249, 8}));
  EXPECT_EQ(lanes<uint16_t>(call(&I16x8ExtendHighI8x16U, a)),
            (U16s{128, 127, 0, 255, 1, 254, 3, 252}));
  V128 h = make<int16_t>({-1, 2, -32768, 4, 5, -6, 7, 32767});
  EXPECT_EQ(lanes<int32_t>(call(&I32x4ExtendLowI16x8S, h)), (I32s{-1, 2, -32768, 4}));
  EXPECT_EQ(lanes<int32_t>(call(&I32x4ExtendHighI16x8S, h)), (I32s{5, -6, 7, 32767}));
  EXPECT_EQ(lanes<uint32_t>(call(&I32x4ExtendLowI16x8U, h)), (U32s{65535, 2, 32768, 4}));
  EXPECT_EQ(lanes<uint32_t>(call(&I32x4ExtendHighI16x8U, h)), (U32s{5, 65530, 7, 32767}));
  V128 w = make<int32_t>({-1, 2, INT32_MIN, 4});
  EXPECT_EQ(lanes<int64_t>(call(&I64x2ExtendLowI32x4S, w)), (I64s{-1, 2}));
  EXPECT_EQ(lanes<int64_t>(call(&I64x2ExtendHighI32x4S, w)), (I64s{INT32_MIN, 4}));
  EXPECT_EQ(lanes<uint64_t>(call(&I64x2ExtendLowI32x4U, w)), (U64s{0xffff'ffffu, 2}));
  EXPECT_EQ(lanes<uint64_t>(call(&I64x2ExtendHighI32x4U, w)), (U64s{0x8000'0000u, 4}));
}

TEST(SimdInt, Comparisons) {
  V128 a = make<uint8_t>({0x80, 1, 5, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  V128 b = make<uint8_t>({0x01, 1, 6, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
  auto m = [](const V128& v) { return lanes<uint8_t>(v); };
  EXPECT_EQ(m(call(&I8x16LtS, a, b))[0], 0xff);
  EXPECT_EQ(m(call(&I8x16LtU, a, b))[0], 0x00);
  EXPECT_EQ(m(call(&I8x16GtS, a, b))[3], 0x00);
  EXPECT_EQ(m(call(&I8x16GtU, a, b))[3], 0xff);
  EXPECT_EQ(m(call(&I8x16Eq, a, b))[1], 0xff);
  EXPECT_EQ(m(call(&I8x16Ne, a, b))[15], 0xff);
  EXPECT_EQ(m(call(&I8x16LeS, a, b))[1], 0xff);
  EXPECT_EQ(m(call(&I8x16LeU, a, b))[3], 0x00);
  EXPECT_EQ(m(call(&I8x16GeS, a, b))[2], 0x00);
  EXPECT_EQ(m(call(&I8x16GeU, a, b))[0], 0xff);
  V128 h = make<uint16_t>({0x8000, 1});
  V128 k = make<uint16_t>({1, 1});
  EXPECT_EQ(lanes<uint16_t>(call(&I16x8LtS, h, k))[0], 0xffff);
  EXPECT_EQ(lanes<uint16_t>(call(&I16x8LtU, h, k))[0], 0);
  EXPECT_EQ(lanes<uint16_t>(call(&I16x8GeU, h, k)),
            (U16s{0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff}));
  EXPECT_EQ(lanes<uint16_t>(call(&I16x8GtS, h, k))[1], 0);
  EXPECT_EQ(lanes<uint16_t>(call(&I16x8GtU, h, k))[0], 0xffff);
  EXPECT_EQ(lanes<uint16_t>(call(&I16x8LeS, h, k))[0], 0xffff);
  EXPECT_EQ(lanes<uint16_t>(call(&I16x8LeU, h, k))[0], 0);
  EXPECT_EQ(lanes<uint16_t>(call(&I16x8GeS, h, k))[0], 0);
  EXPECT_EQ(lanes<uint16_t>(call(&I16x8Eq, h, k)),
            (U16s{0, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff}));
  EXPECT_EQ(lanes<uint16_t>(call(&I16x8Ne, h, k))[0], 0xffff);
  V128 w = make<uint32_t>({0x8000'0000u, 2, 3, 4});
  V128 x = make<uint32_t>({1, 2, 4, 3});
  EXPECT_EQ(lanes<uint32_t>(call(&I32x4LtS, w, x)), (U32s{~0u, 0, ~0u, 0}));
  EXPECT_EQ(lanes<uint32_t>(call(&I32x4LtU, w, x)), (U32s{0, 0, ~0u, 0}));
  EXPECT_EQ(lanes<uint32_t>(call(&I32x4GtS, w, x)), (U32s{0, 0, 0, ~0u}));
  EXPECT_EQ(lanes<uint32_t>(call(&I32x4GtU, w, x)), (U32s{~0u, 0, 0, ~0u}));
  EXPECT_EQ(lanes<uint32_t>(call(&I32x4LeS, w, x)), (U32s{~0u, ~0u, ~0u, 0}));
  EXPECT_EQ(lanes<uint32_t>(call(&I32x4LeU, w, x)), (U32s{0, ~0u, ~0u, 0}));
  EXPECT_EQ(lanes<uint32_t>(call(&I32x4GeS, w, x)), (U32s{0, ~0u, 0, ~0u}));
  EXPECT_EQ(lanes<uint32_t>(call(&I32x4GeU, w, x)), (U32s{~0u, ~0u, 0, ~0u}));
  EXPECT_EQ(lanes<uint32_t>(call(&I32x4Eq, w, x)), (U32s{0, ~0u, 0, 0}));
  EXPECT_EQ(lanes<uint32_t>(call(&I32x4Ne, w, x)), (U32s{~0u, 0, ~0u, ~0u}));
  V128 d = make<uint64_t>({0x8000'0000'0000'0000u, 5});
  V128 e = make<uint64_t>({1, 5});
  EXPECT_EQ(lanes<uint64_t>(call(&I64x2LtS, d, e)), (U64s{~0ull, 0}));
  EXPECT_EQ(lanes<uint64_t>(call(&I64x2GtS, d, e)), (U64s{0, 0}));
  EXPECT_EQ(lanes<uint64_t>(call(&I64x2LeS, d, e)), (U64s{~0ull, ~0ull}));
  EXPECT_EQ(lanes<uint64_t>(call(&I64x2GeS, d, e)), (U64s{0, ~0ull}));
  EXPECT_EQ(lanes<uint64_t>(call(&I64x2Eq, d, e)), (U64s{0, ~0ull}));
  EXPECT_EQ(lanes<uint64_t>(call(&I64x2Ne, d, e)), (U64s{~0ull, 0}));
}

}  // namespace
}  // namespace wasmrun::ops
