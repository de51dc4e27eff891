// Relaxed SIMD through the public API in every tier and bounds mode: each instruction gives the
// one result engine/ops/simd_relaxed.h documents, on inputs where the proposal's other allowed
// results differ from it (fused vs unfused madd, saturating vs wrapping dot products, the raw
// x86 or arm64 instruction results of swizzle, truncation, min/max and q15mulr).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "engine/api/api_test_util.h"

namespace wasmrun {
namespace {

template <typename T, size_t N>
Value vec(const T (&lanes)[N]) {
  static_assert(sizeof(T) * N == 16);
  V128 v;
  std::memcpy(v.bytes, lanes, 16);
  return Value::v128(v);
}

template <typename T>
T lane(const V128& v, size_t i) {
  T x;
  std::memcpy(&x, v.bytes + i * sizeof(T), sizeof(T));
  return x;
}

class RelaxedSimdTest : public ::testing::TestWithParam<testing::TierCase> {
 protected:
  void SetUp() override {
    engine_ = std::make_unique<Engine>(testing::config_of(GetParam()));
    ASSERT_EQ(engine_->effective_tier(), GetParam().tier) << engine_->jit_unavailable_reason();
    store_ = std::make_unique<Store>(*engine_);
    auto m = testing::compile(*engine_, "relaxed_simd");
    ASSERT_TRUE(m);
    auto inst = Instance::create(*store_, *m, {});
    ASSERT_TRUE(inst) << inst.error().message;
    inst_ = std::make_unique<Instance>(inst.value());
  }

  V128 call(const char* name, std::vector<Value> args) {
    auto f = inst_->get_func(name);
    EXPECT_TRUE(f) << name;
    if (!f) return {};
    auto r = testing::results_of(f->call(args));
    EXPECT_EQ(r.size(), 1u) << name;
    return r.empty() ? V128{} : r[0].v128();
  }

  std::unique_ptr<Engine> engine_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Instance> inst_;
};

// An index of 16 or more selects 0, as i8x16.swizzle (x86's pshufb alone would use its low bits).
TEST_P(RelaxedSimdTest, SwizzleZeroesIndexesPast15) {
  const uint8_t data[16] = {10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25};
  const uint8_t idx[16] = {16, 17, 0x80, 0xff, 0x1f, 0x70, 0, 1, 15, 14, 2, 3, 4, 5, 6, 7};
  V128 r = call("i8x16.relaxed_swizzle", {vec(data), vec(idx)});
  const uint8_t want[16] = {0, 0, 0, 0, 0, 0, 10, 11, 25, 24, 12, 13, 14, 15, 16, 17};
  EXPECT_EQ(std::memcmp(r.bytes, want, 16), 0);
}

// Saturating, NaN -> 0, as trunc_sat (x86's cvttps2dq would give INT32_MIN for all three).
TEST_P(RelaxedSimdTest, TruncationSaturates) {
  const float f[4] = {NAN, -INFINITY, 3e9f, -1.5f};
  V128 s = call("i32x4.relaxed_trunc_f32x4_s", {vec(f)});
  EXPECT_EQ(lane<int32_t>(s, 0), 0);
  EXPECT_EQ(lane<int32_t>(s, 1), INT32_MIN);
  EXPECT_EQ(lane<int32_t>(s, 2), INT32_MAX);
  EXPECT_EQ(lane<int32_t>(s, 3), -1);
  const float g[4] = {NAN, -1.0f, 5e9f, 2.7f};
  V128 u = call("i32x4.relaxed_trunc_f32x4_u", {vec(g)});
  EXPECT_EQ(lane<uint32_t>(u, 0), 0u);
  EXPECT_EQ(lane<uint32_t>(u, 1), 0u);
  EXPECT_EQ(lane<uint32_t>(u, 2), UINT32_MAX);
  EXPECT_EQ(lane<uint32_t>(u, 3), 2u);
  const double d[2] = {NAN, 1e10};
  V128 sz = call("i32x4.relaxed_trunc_f64x2_s_zero", {vec(d)});
  const int32_t want_sz[4] = {0, INT32_MAX, 0, 0};
  EXPECT_EQ(std::memcmp(sz.bytes, want_sz, 16), 0);
  const double e[2] = {-3.0, 8589934592.0};
  V128 uz = call("i32x4.relaxed_trunc_f64x2_u_zero", {vec(e)});
  const uint32_t want_uz[4] = {0, UINT32_MAX, 0, 0};
  EXPECT_EQ(std::memcmp(uz.bytes, want_uz, 16), 0);
}

// Not fused: a * b rounds before c is added. With a = b = 1 + 2^-12 the exact product
// 1 + 2^-11 + 2^-24 rounds to 1 + 2^-11, so a * b - (1 + 2^-11) is 0 (fused: 2^-24).
TEST_P(RelaxedSimdTest, MaddRoundsTwice) {
  const uint32_t a[4] = {0x3f800800u, 0x3f800800u, 0x3f800800u, 0x3f800800u};
  const uint32_t minus_c[4] = {0xbf801000u, 0xbf801000u, 0xbf801000u, 0xbf801000u};
  const uint32_t plus_c[4] = {0x3f801000u, 0x3f801000u, 0x3f801000u, 0x3f801000u};
  const uint32_t zero[4] = {};
  V128 m = call("f32x4.relaxed_madd", {vec(a), vec(a), vec(minus_c)});
  EXPECT_EQ(std::memcmp(m.bytes, zero, 16), 0) << std::hex << lane<uint32_t>(m, 0);
  V128 n = call("f32x4.relaxed_nmadd", {vec(a), vec(a), vec(plus_c)});  // c - a * b
  EXPECT_EQ(std::memcmp(n.bytes, zero, 16), 0) << std::hex << lane<uint32_t>(n, 0);
  // f64: (1 + 2^-27)^2 = 1 + 2^-26 + 2^-54 rounds to 1 + 2^-26.
  const uint64_t x[2] = {0x3ff0000002000000ull, 0x3ff0000002000000ull};
  const uint64_t minus_y[2] = {0xbff0000004000000ull, 0xbff0000004000000ull};
  const uint64_t plus_y[2] = {0x3ff0000004000000ull, 0x3ff0000004000000ull};
  V128 dm = call("f64x2.relaxed_madd", {vec(x), vec(x), vec(minus_y)});
  EXPECT_EQ(std::memcmp(dm.bytes, zero, 16), 0) << std::hex << lane<uint64_t>(dm, 0);
  V128 dn = call("f64x2.relaxed_nmadd", {vec(x), vec(x), vec(plus_y)});
  EXPECT_EQ(std::memcmp(dn.bytes, zero, 16), 0) << std::hex << lane<uint64_t>(dn, 0);
  // Ordinary values: 2 * 3 + 1 and 1 - 2 * 3.
  const float two[4] = {2, 2, 2, 2}, three[4] = {3, 3, 3, 3}, one[4] = {1, 1, 1, 1};
  EXPECT_EQ(lane<float>(call("f32x4.relaxed_madd", {vec(two), vec(three), vec(one)}), 3), 7.0f);
  EXPECT_EQ(lane<float>(call("f32x4.relaxed_nmadd", {vec(two), vec(three), vec(one)}), 2), -5.0f);
}

// Bit by bit, as bitselect, whatever the mask lanes hold (not only all-ones or all-zeros lanes).
TEST_P(RelaxedSimdTest, LaneselectIsBitselect) {
  const uint32_t a[4] = {0x11111111u, 0x22222222u, 0x33333333u, 0x44444444u};
  const uint32_t b[4] = {0xaaaaaaaau, 0xbbbbbbbbu, 0xccccccccu, 0xddddddddu};
  const uint32_t mask[4] = {0xffffffffu, 0u, 0x0000ffffu, 0x80000001u};
  const uint32_t want[4] = {0x11111111u, 0xbbbbbbbbu, 0xcccc3333u, 0x5ddddddcu};
  for (const char* name : {"i8x16.relaxed_laneselect", "i16x8.relaxed_laneselect",
                           "i32x4.relaxed_laneselect", "i64x2.relaxed_laneselect"}) {
    V128 r = call(name, {vec(a), vec(b), vec(mask)});
    EXPECT_EQ(std::memcmp(r.bytes, want, 16), 0) << name;
  }
}

// As min/max: -0 below +0 in either order and NaN in, NaN out (minps/maxps alone would return
// the second operand for both).
TEST_P(RelaxedSimdTest, MinMaxAsNonRelaxed) {
  const float a[4] = {-0.0f, 0.0f, NAN, 1.0f};
  const float b[4] = {0.0f, -0.0f, 1.0f, NAN};
  V128 mn = call("f32x4.relaxed_min", {vec(a), vec(b)});
  V128 mx = call("f32x4.relaxed_max", {vec(a), vec(b)});
  for (int i = 0; i < 2; ++i) {
    EXPECT_TRUE(std::signbit(lane<float>(mn, i))) << i;
    EXPECT_FALSE(std::signbit(lane<float>(mx, i))) << i;
  }
  for (int i = 2; i < 4; ++i) {
    EXPECT_TRUE(std::isnan(lane<float>(mn, i))) << i;
    EXPECT_TRUE(std::isnan(lane<float>(mx, i))) << i;
  }
  const double c[2] = {NAN, -0.0}, d[2] = {2.0, 0.0};
  V128 dmn = call("f64x2.relaxed_min", {vec(c), vec(d)});
  V128 dmx = call("f64x2.relaxed_max", {vec(d), vec(c)});
  EXPECT_TRUE(std::isnan(lane<double>(dmn, 0)));
  EXPECT_TRUE(std::signbit(lane<double>(dmn, 1)));
  EXPECT_TRUE(std::isnan(lane<double>(dmx, 0)));
  EXPECT_FALSE(std::signbit(lane<double>(dmx, 1)));
}

// -32768 * -32768 saturates to 32767, as q15mulr_sat_s (pmulhrsw alone gives -32768).
TEST_P(RelaxedSimdTest, Q15mulrSaturates) {
  const int16_t a[8] = {-32768, -32768, 16384, -16384, 1, 32767, 0, 100};
  const int16_t b[8] = {-32768, 32767, 16384, 16384, 1, 32767, 5, -200};
  V128 r = call("i16x8.relaxed_q15mulr_s", {vec(a), vec(b)});
  const int16_t want[8] = {32767, -32767, 8192, -8192, 0, 32766, 0, -1};
  EXPECT_EQ(std::memcmp(r.bytes, want, 16), 0);
}

// Both operands signed i8 (also the "i7" one), pairs summed and wrapped to 16 bits:
// (-128)(-128) + (-128)(-128) = 32768 becomes -32768 (x86's pmaddubsw would read one operand
// unsigned and saturate). The i32 form sums adjacent i16 results and adds c.
TEST_P(RelaxedSimdTest, DotProductsWrap) {
  int8_t a[16], b[16];
  for (int i = 0; i < 16; ++i) {
    a[i] = -128;
    b[i] = -128;
  }
  a[2] = 1, b[2] = 2, a[3] = 3, b[3] = -4;          // lane 1: 2 - 12 = -10
  a[4] = 127, b[4] = 127, a[5] = -128, b[5] = 127;  // lane 2: 16129 - 16256 = -127
  V128 r = call("i16x8.relaxed_dot_i8x16_i7x16_s", {vec(a), vec(b)});
  const int16_t want[8] = {-32768, -10, -127, -32768, -32768, -32768, -32768, -32768};
  EXPECT_EQ(std::memcmp(r.bytes, want, 16), 0)
      << lane<int16_t>(r, 0) << " " << lane<int16_t>(r, 1) << " " << lane<int16_t>(r, 2);
  const int32_t c[4] = {1, -2, 0x7fffffff, 0};
  V128 s = call("i32x4.relaxed_dot_i8x16_i7x16_add_s", {vec(a), vec(b), vec(c)});
  const int32_t want_s[4] = {-32778 + 1, -32768 - 127 - 2,
                             static_cast<int32_t>(0x7fffffffu + static_cast<uint32_t>(-65536)),
                             -65536};
  EXPECT_EQ(std::memcmp(s.bytes, want_s, 16), 0)
      << lane<int32_t>(s, 0) << " " << lane<int32_t>(s, 1) << " " << lane<int32_t>(s, 2);
}

INSTANTIATE_TEST_SUITE_P(Tiers, RelaxedSimdTest, ::testing::ValuesIn(testing::tier_cases()),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace wasmrun
