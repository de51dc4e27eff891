// Value parsing, result matching and command bookkeeping of the spec runner, without modules.
#include "spec-tests/values.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "spec-tests/script.h"

namespace spectest {
namespace {

using nlohmann::json;
using wasmrun::V128;
using wasmrun::ValType;
using wasmrun::Value;

Expected expect(const char* text) { return parse_expected(json::parse(text)); }
Value arg(const char* text) { return parse_arg(json::parse(text)); }

Value v128_from_i32(uint32_t a, uint32_t b, uint32_t c, uint32_t d) {
  V128 v;
  uint32_t lanes[4] = {a, b, c, d};
  for (int i = 0; i < 16; ++i) v.bytes[i] = static_cast<uint8_t>(lanes[i / 4] >> (8 * (i % 4)));
  return Value::v128(v);
}

TEST(SpecValues, IntegersAreUnsignedDecimal) {
  EXPECT_EQ(arg(R"({"type":"i32","value":"4294967295"})").i32(), -1);
  EXPECT_EQ(arg(R"({"type":"i64","value":"9223372036854775808"})").i64(), INT64_MIN);
  EXPECT_EQ(arg(R"({"type":"i32","value":"-2147483648"})").i32(), INT32_MIN);
  EXPECT_TRUE(matches(expect(R"({"type":"i32","value":"4294967295"})"), Value::i32(-1)));
  EXPECT_FALSE(matches(expect(R"({"type":"i32","value":"1"})"), Value::i64(1)));
}

TEST(SpecValues, RejectsOutOfRangeAndGarbage) {
  EXPECT_THROW(arg(R"({"type":"i32","value":"4294967296"})"), BadValue);
  EXPECT_THROW(arg(R"({"type":"i32","value":"12x"})"), BadValue);
  EXPECT_THROW(arg(R"({"type":"i32","value":""})"), BadValue);
  EXPECT_THROW(arg(R"({"type":"i32"})"), BadValue);
  EXPECT_THROW(arg(R"({"type":"i128","value":"1"})"), BadValue);
  EXPECT_THROW(arg(R"({"type":"i32","value":"nan:canonical"})"), BadValue);
  EXPECT_THROW(arg(R"({"type":"v128","lane_type":"i32","value":["1","2","3"]})"), BadValue);
  EXPECT_THROW(arg(R"([1])"), BadValue);
}

TEST(SpecValues, FloatsAreExactBits) {
  Value f = arg(R"({"type":"f32","value":"2143289345"})");  // a NaN with payload 1
  EXPECT_EQ(f.type(), ValType::F32);
  EXPECT_EQ(f.f32_bits(), 0x7fc00001u);
  EXPECT_TRUE(matches(expect(R"({"type":"f32","value":"2143289345"})"), f));
  EXPECT_FALSE(matches(expect(R"({"type":"f32","value":"2143289344"})"), f));
  // -0.0 and +0.0 differ.
  EXPECT_FALSE(
      matches(expect(R"({"type":"f64","value":"0"})"), Value::f64_bits(0x8000000000000000u)));
}

TEST(SpecValues, NanClasses) {
  Expected canon32 = expect(R"({"type":"f32","value":"nan:canonical"})");
  Expected arith32 = expect(R"({"type":"f32","value":"nan:arithmetic"})");
  EXPECT_TRUE(matches(canon32, Value::f32_bits(0x7fc00000)));
  EXPECT_TRUE(matches(canon32, Value::f32_bits(0xffc00000)));
  EXPECT_FALSE(matches(canon32, Value::f32_bits(0x7fc00001)));
  EXPECT_FALSE(matches(canon32, Value::f32_bits(0x7f800000)));  // infinity
  EXPECT_TRUE(matches(arith32, Value::f32_bits(0x7fc00001)));
  EXPECT_TRUE(matches(arith32, Value::f32_bits(0xffe00000)));
  EXPECT_FALSE(matches(arith32, Value::f32_bits(0x7fa00000)));  // signalling
  EXPECT_FALSE(matches(arith32, Value::f64_bits(0x7ff8000000000000u)));

  Expected canon64 = expect(R"({"type":"f64","value":"nan:canonical"})");
  Expected arith64 = expect(R"({"type":"f64","value":"nan:arithmetic"})");
  EXPECT_TRUE(matches(canon64, Value::f64_bits(0xfff8000000000000u)));
  EXPECT_FALSE(matches(canon64, Value::f64_bits(0x7ff8000000000001u)));
  EXPECT_TRUE(matches(arith64, Value::f64_bits(0x7ffc000000000000u)));
  EXPECT_FALSE(matches(arith64, Value::f64_bits(0x7ff4000000000000u)));
}

TEST(SpecValues, V128Lanes) {
  Value v = arg(R"({"type":"v128","lane_type":"i8","value":
      ["1","2","3","4","5","6","7","8","9","10","11","12","13","14","15","255"]})");
  ASSERT_EQ(v.type(), ValType::V128);
  EXPECT_EQ(v.v128().bytes[0], 1);
  EXPECT_EQ(v.v128().bytes[15], 255);
  EXPECT_TRUE(matches(expect(R"({"type":"v128","lane_type":"i16","value":
      ["513","1027","1541","2055","2569","3083","3597","65295"]})"),
                      v));
  EXPECT_TRUE(matches(expect(R"({"type":"v128","lane_type":"i32","value":
      ["1","2","3","4"]})"),
                      v128_from_i32(1, 2, 3, 4)));
  EXPECT_FALSE(matches(expect(R"({"type":"v128","lane_type":"i32","value":
      ["1","2","3","5"]})"),
                       v128_from_i32(1, 2, 3, 4)));
}

TEST(SpecValues, V128NanLanes) {
  Expected e = expect(R"({"type":"v128","lane_type":"f32","value":
      ["nan:canonical","nan:arithmetic","0","1065353216"]})");
  EXPECT_TRUE(matches(e, v128_from_i32(0xffc00000, 0x7fc12345, 0, 0x3f800000)));
  EXPECT_FALSE(matches(e, v128_from_i32(0x7fc00001, 0x7fc12345, 0, 0x3f800000)));
  EXPECT_FALSE(matches(e, v128_from_i32(0x7fc00000, 0x7f812345, 0, 0x3f800000)));
  Expected d = expect(R"({"type":"v128","lane_type":"f64","value":
      ["nan:canonical","4607182418800017408"]})");
  EXPECT_TRUE(matches(d, v128_from_i32(0, 0x7ff80000, 0, 0x3ff00000)));
  EXPECT_FALSE(matches(d, v128_from_i32(1, 0x7ff80000, 0, 0x3ff00000)));
  EXPECT_THROW(expect(R"({"type":"v128","lane_type":"i32","value":
      ["nan:canonical","0","0","0"]})"),
               BadValue);
}

TEST(SpecValues, References) {
  Value null_ext = arg(R"({"type":"externref","value":"null"})");
  EXPECT_EQ(null_ext.type(), ValType::ExternRef);
  EXPECT_TRUE(null_ext.is_null());
  Value zero = arg(R"({"type":"externref","value":"0"})");
  EXPECT_FALSE(zero.is_null());
  EXPECT_TRUE(matches(expect(R"({"type":"externref","value":"0"})"), zero));
  EXPECT_FALSE(matches(expect(R"({"type":"externref","value":"1"})"), zero));
  EXPECT_FALSE(matches(expect(R"({"type":"externref","value":"null"})"), zero));
  EXPECT_TRUE(matches(expect(R"({"type":"externref","value":"null"})"), null_ext));
  EXPECT_FALSE(matches(expect(R"({"type":"funcref","value":"null"})"), null_ext));
  EXPECT_TRUE(arg(R"({"type":"funcref","value":"null"})").is_null());
  EXPECT_THROW(arg(R"({"type":"funcref","value":"3"})"), BadValue);
  // `ref.func` results: any non-null function reference.
  Expected any_func = expect(R"({"type":"funcref"})");
  EXPECT_FALSE(matches(any_func, Value::null_ref(ValType::FuncRef)));
}

TEST(SpecValues, DescriptionsShowLanesAndPatterns) {
  EXPECT_EQ(describe(expect(R"({"type":"i32","value":"4294967295"})")), "i32:-1(0xffffffff)");
  EXPECT_EQ(describe(expect(R"({"type":"f32","value":"nan:canonical"})")), "f32:nan:canonical");
  Expected e = expect(R"({"type":"v128","lane_type":"i32","value":["1","2","3","4"]})");
  EXPECT_EQ(describe(v128_from_i32(1, 2, 3, 4), e.shape), "v128:i32x4[1 2 3 4]");
  EXPECT_EQ(describe(Value::i64(5)), "i64:5");
}

TEST(SpecScript, TrapMessagesMatchByPrefix) {
  EXPECT_TRUE(message_matches("unreachable executed", "unreachable"));
  EXPECT_TRUE(message_matches("uninitialized element", "uninitialized element 2"));
  EXPECT_TRUE(message_matches("integer divide by zero", "integer divide by zero"));
  EXPECT_FALSE(message_matches("integer overflow", "integer divide by zero"));
  EXPECT_FALSE(message_matches("", "unreachable"));
}

TEST(SpecScript, OnlyTextModulesAreSkipped) {
  EXPECT_TRUE(is_skipped(json::parse(R"({"type":"assert_malformed","module_type":"text"})")));
  EXPECT_FALSE(is_skipped(json::parse(R"({"type":"assert_malformed","module_type":"binary"})")));
  EXPECT_FALSE(is_skipped(json::parse(R"({"type":"module"})")));
  EXPECT_FALSE(is_skipped(json::parse(R"(42)")));
}

}  // namespace
}  // namespace spectest
