#include "runtime/table.h"

#include <gtest/gtest.h>

namespace wasmrun::rt {
namespace {

TableType table_type(uint32_t min, std::optional<uint32_t> max) {
  TableType t;
  t.elem = ValType::FuncRef;
  t.limits.min = min;
  t.limits.max = max;
  return t;
}

TEST(Table, StartsAtMinimumWithInit) {
  int marker = 0;
  Table t(table_type(3, 10), &marker);
  EXPECT_EQ(t.size(), 3u);
  EXPECT_EQ(t.max_size, 10u);
  for (Ref r : t.elems) EXPECT_EQ(r, &marker);
}

TEST(Table, GrowFillsAndReturnsOldSize) {
  int marker = 0;
  Table t(table_type(1, 4), nullptr);
  EXPECT_EQ(t.grow(2, &marker), 1);
  EXPECT_EQ(t.size(), 3u);
  EXPECT_EQ(t.elems[0], nullptr);
  EXPECT_EQ(t.elems[1], &marker);
  EXPECT_EQ(t.elems[2], &marker);
  EXPECT_EQ(t.grow(0, nullptr), 3);
  EXPECT_EQ(t.grow(2, nullptr), -1);
  EXPECT_EQ(t.size(), 3u);
  EXPECT_EQ(t.grow(1, nullptr), 3);
}

TEST(Table, EngineLimitCapsUnboundedTable) {
  Table t(table_type(0, std::nullopt), nullptr, 5);
  EXPECT_EQ(t.max_size, 5u);
  EXPECT_EQ(t.grow(6, nullptr), -1);
  EXPECT_EQ(t.grow(5, nullptr), 0);
  EXPECT_EQ(t.grow(UINT32_MAX, nullptr), -1);
}

}  // namespace
}  // namespace wasmrun::rt
