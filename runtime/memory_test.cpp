#include "runtime/memory.h"

#include <gtest/gtest.h>

namespace wasmrun::rt {
namespace {

MemoryType mem_type(uint32_t min, std::optional<uint32_t> max) {
  MemoryType t;
  t.limits.min = min;
  t.limits.max = max;
  return t;
}

class LinearMemoryTest : public ::testing::TestWithParam<BoundsMode> {};

TEST_P(LinearMemoryTest, StartsAtMinimumZeroFilled) {
  std::string err;
  auto m = LinearMemory::create(mem_type(2, 5), GetParam(), kMaxPages, &err);
  ASSERT_TRUE(m) << err;
  EXPECT_EQ(m->pages, 2u);
  EXPECT_EQ(m->size, 2u * kPageSize);
  EXPECT_EQ(m->max_pages, 5u);
  ASSERT_NE(m->base, nullptr);
  for (uint64_t i = 0; i < m->size; i += 4093) EXPECT_EQ(m->base[i], 0);
  m->base[m->size - 1] = 7;  // the last committed byte is writable
  EXPECT_EQ(m->base[m->size - 1], 7);
}

TEST_P(LinearMemoryTest, GrowKeepsBaseAndContents) {
  auto m = LinearMemory::create(mem_type(1, 4), GetParam(), kMaxPages, nullptr);
  ASSERT_TRUE(m);
  uint8_t* base = m->base;
  m->base[10] = 42;
  EXPECT_EQ(m->grow(2), 1);
  EXPECT_EQ(m->base, base);
  EXPECT_EQ(m->pages, 3u);
  EXPECT_EQ(m->size, 3u * kPageSize);
  EXPECT_EQ(m->base[10], 42);
  EXPECT_EQ(m->base[3 * kPageSize - 1], 0);
  m->base[3 * kPageSize - 1] = 1;
  EXPECT_EQ(m->grow(0), 3);
  EXPECT_EQ(m->grow(1), 3);
  EXPECT_EQ(m->grow(1), -1);  // the type's max is 4
  EXPECT_EQ(m->pages, 4u);
}

TEST_P(LinearMemoryTest, GrowHonoursEngineLimit) {
  auto m = LinearMemory::create(mem_type(0, std::nullopt), GetParam(), 3, nullptr);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->max_pages, 3u);
  EXPECT_EQ(m->grow(4), -1);
  EXPECT_EQ(m->grow(3), 0);
  EXPECT_EQ(m->grow(1), -1);
}

TEST_P(LinearMemoryTest, GrowRejectsOverflow) {
  auto m = LinearMemory::create(mem_type(1, std::nullopt), GetParam(), kMaxPages, nullptr);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->grow(UINT32_MAX), -1);
  EXPECT_EQ(m->grow(kMaxPages), -1);
  EXPECT_EQ(m->pages, 1u);
}

TEST_P(LinearMemoryTest, ZeroMaxStillHasBase) {
  auto m = LinearMemory::create(mem_type(0, 0), GetParam(), kMaxPages, nullptr);
  ASSERT_TRUE(m);
  EXPECT_NE(m->base, nullptr);
  EXPECT_EQ(m->size, 0u);
  EXPECT_EQ(m->grow(1), -1);
  EXPECT_EQ(m->grow(0), 0);
}

TEST_P(LinearMemoryTest, MinAboveLimitFails) {
  std::string err;
  auto m = LinearMemory::create(mem_type(10, std::nullopt), GetParam(), 4, &err);
  EXPECT_FALSE(m);
  EXPECT_FALSE(err.empty());
}

// A 64-bit memory (memory64): past 65536 pages when the engine's limit allows, deltas of any
// 64-bit size refused without wrapping, and the same reservation in both modes (no guard region
// covers 64-bit addresses; every access to it is checked).
TEST_P(LinearMemoryTest, Memory64GrowsPast4GiBUpToTheEngineLimit) {
  MemoryType t = mem_type(1, std::nullopt);
  t.is64 = true;
  auto m = LinearMemory::create(t, GetParam(), kMaxPages + 2, nullptr);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->max_pages, uint64_t{kMaxPages} + 2);
  EXPECT_EQ(m->reserved, (uint64_t{kMaxPages} + 2) * kPageSize);
  EXPECT_EQ(m->grow(UINT64_MAX), -1);
  EXPECT_EQ(m->grow(uint64_t{1} << 48), -1);
  EXPECT_EQ(m->grow(kMaxPages), 1);
  EXPECT_EQ(m->pages, uint64_t{kMaxPages} + 1);
  EXPECT_EQ(m->size, (uint64_t{kMaxPages} + 1) * kPageSize);
  m->base[m->size - 1] = 1;  // the last byte, past 4 GiB, is committed
  EXPECT_EQ(m->grow(2), -1);
  EXPECT_EQ(m->grow(1), kMaxPages + 1);
}

TEST(LinearMemory, RangeInDoesNotWrap) {
  EXPECT_TRUE(range_in(0, 16, 16));
  EXPECT_TRUE(range_in(16, 0, 16));
  EXPECT_FALSE(range_in(17, 0, 16));
  EXPECT_FALSE(range_in(8, UINT64_MAX - 4, 16));  // 8 + n wraps to 3
  EXPECT_FALSE(range_in(UINT64_MAX, 2, 16));
}

INSTANTIATE_TEST_SUITE_P(Modes, LinearMemoryTest,
                         ::testing::Values(BoundsMode::Explicit, BoundsMode::GuardPages));

TEST(LinearMemory, ReservationMatchesMode) {
  auto e = LinearMemory::create(mem_type(1, 2), BoundsMode::Explicit, kMaxPages, nullptr);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->reserved, 2u * kPageSize);
  auto g = LinearMemory::create(mem_type(1, 2), BoundsMode::GuardPages, kMaxPages, nullptr);
  ASSERT_TRUE(g);
  EXPECT_GE(g->reserved, (uint64_t{4} << 30) + kPageSize);
}

}  // namespace
}  // namespace wasmrun::rt
