#include "value_text.h"

#include <gtest/gtest.h>

namespace wasmrun::cli {
namespace {

TEST(ValueText, ParsesIntegersInRange) {
  EXPECT_EQ(parse_value(ValType::I32, "-5")->i32(), -5);
  EXPECT_EQ(parse_value(ValType::I32, "0xffffffff")->i32(), -1);
  EXPECT_EQ(parse_value(ValType::I32, "4294967295")->i32(), -1);
  EXPECT_FALSE(parse_value(ValType::I32, "4294967296"));
  EXPECT_FALSE(parse_value(ValType::I32, "-2147483649"));
  EXPECT_FALSE(parse_value(ValType::I32, "12abc"));
  EXPECT_FALSE(parse_value(ValType::I32, ""));
  EXPECT_EQ(parse_value(ValType::I64, "-9223372036854775808")->i64(), INT64_MIN);
}

TEST(ValueText, ParsesFloats) {
  EXPECT_EQ(parse_value(ValType::F64, "1.5")->f64(), 1.5);
  EXPECT_EQ(parse_value(ValType::F32, "-0.25")->f32(), -0.25f);
  EXPECT_FALSE(parse_value(ValType::F64, "x"));
}

TEST(ValueText, FormatsResults) {
  EXPECT_EQ(format_value(Value::i32(-7)), "-7");
  EXPECT_EQ(format_value(Value::i64(1234567890123)), "1234567890123");
  EXPECT_EQ(format_value(Value::f64(0.1)), "0.10000000000000001");
  EXPECT_EQ(format_value(Value::null_ref(ValType::FuncRef)), "null");
}

}  // namespace
}  // namespace wasmrun::cli
