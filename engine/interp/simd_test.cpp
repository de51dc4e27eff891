// SIMD samples: shuffles, lanes, lane loads and stores, v128 locals, globals and select.
#include <gtest/gtest.h>

#include <cstring>

#include "engine/interp/module_fixture.h"
#include "engine/interp/shape.h"
#include "engine/interp/support.h"

namespace wasmrun::interp::testing {
namespace {

class SimdTest : public ModuleFixture {
 protected:
  SimdTest() : ModuleFixture("simd") {}
};

TEST_F(SimdTest, LanesAndShuffles) {
  EXPECT_EQ(run("shuffle", {}).i32, 99u);
  EXPECT_EQ(run("replace_extract", {i64(0x123456789)}).i64, 0x123456789u);
  EXPECT_EQ(run("bitselect", {}).i32, 0xff0000ffu);
  EXPECT_EQ(run("popcnt_all_true", {}).i32, 108u);
}

TEST_F(SimdTest, MemoryLanes) {
  inst_->memory->base[40] = 0x5a;
  EXPECT_EQ(run("lane_mem", {i32(40)}).i32, 0x5a5au);
  auto trap = inst_->call(thread_, "lane_mem", {i32(65535)});
  ASSERT_TRUE(trap.has_value());
  EXPECT_EQ(trap->kind, rt::TrapKind::MemoryOutOfBounds);
}

TEST_F(SimdTest, LocalsGlobalsSelect) {
  rt::RawValue x = rt::raw_zero();
  x.f32 = 0.5f;
  EXPECT_EQ(run("f32x4_sum", {x}).f32, 5.0f);
  EXPECT_EQ(run("select_v128", {i32(1)}).i32, 3u);
  EXPECT_EQ(run("select_v128", {i32(0)}).i32, 7u);
  EXPECT_EQ(run("global_v128", {}).i32, 13u);
  EXPECT_EQ(run("global_v128", {}).i32, 17u);
}

// Every op of the table that the generic handlers cover has its engine/ops function.
TEST(OpCoverageTest, EveryGenericOpHasAHandler) {
  for (size_t i = 0; i < kOpCount; ++i) {
    Op op = static_cast<Op>(i);
    if (shape_of(op).shape == Shape::Special) continue;
    EXPECT_TRUE(op_supported(op)) << op_name(op);
  }
}

}  // namespace
}  // namespace wasmrun::interp::testing
