#include <gtest/gtest.h>

#include <cstdint>

#include "engine/ops/numeric.h"
#include "runtime/trap.h"

namespace wasmrun::ops {
namespace {

using rt::TrapKind;

constexpr uint32_t kI32Min = 0x8000'0000u;
constexpr uint64_t kI64Min = 0x8000'0000'0000'0000u;

TEST(ScalarInt, ArithmeticWraps) {
  EXPECT_EQ(I32Add(0xffff'ffffu, 2), 1u);
  EXPECT_EQ(I32Sub(0, 1), 0xffff'ffffu);
  EXPECT_EQ(I32Sub(5, 7), static_cast<uint32_t>(-2));
  EXPECT_EQ(I32Mul(0x8000'0001u, 2), 2u);
  EXPECT_EQ(I32Mul(0x1234'5678u, 0x9abc'def0u), 0x242d'2080u);
  EXPECT_EQ(I64Add(~0ull, 1), 0u);
  EXPECT_EQ(I64Sub(kI64Min, 1), 0x7fff'ffff'ffff'ffffu);
  EXPECT_EQ(I64Mul(0x0123'4567'89ab'cdefu, 0xfedc'ba98'7654'3210u), 0x2236'd88f'e561'8cf0u);
}

TEST(ScalarInt, DivisionTraps) {
  uint32_t out = 12345;
  TrapKind trap = TrapKind::Unreachable;
  EXPECT_FALSE(I32DivS(1, 0, out, trap));
  EXPECT_EQ(trap, TrapKind::IntegerDivideByZero);
  EXPECT_FALSE(I32DivU(1, 0, out, trap));
  EXPECT_EQ(trap, TrapKind::IntegerDivideByZero);
  EXPECT_FALSE(I32RemS(1, 0, out, trap));
  EXPECT_EQ(trap, TrapKind::IntegerDivideByZero);
  EXPECT_FALSE(I32RemU(1, 0, out, trap));
  EXPECT_EQ(trap, TrapKind::IntegerDivideByZero);
  trap = TrapKind::Unreachable;
  EXPECT_FALSE(I32DivS(kI32Min, 0xffff'ffffu, out, trap));
  EXPECT_EQ(trap, TrapKind::IntegerOverflow);
  EXPECT_EQ(out, 12345u);  // untouched on a trap

  uint64_t out64 = 0;
  EXPECT_FALSE(I64DivS(kI64Min, ~0ull, out64, trap));
  EXPECT_EQ(trap, TrapKind::IntegerOverflow);
  EXPECT_FALSE(I64DivU(7, 0, out64, trap));
  EXPECT_EQ(trap, TrapKind::IntegerDivideByZero);
  EXPECT_FALSE(I64RemS(7, 0, out64, trap));
  EXPECT_FALSE(I64RemU(7, 0, out64, trap));
}

TEST(ScalarInt, DivisionResults) {
  uint32_t out = 0;
  TrapKind trap{};
  ASSERT_TRUE(I32DivS(static_cast<uint32_t>(-7), 2, out, trap));
  EXPECT_EQ(out, static_cast<uint32_t>(-3));  // truncates toward zero
  ASSERT_TRUE(I32DivU(static_cast<uint32_t>(-7), 2, out, trap));
  EXPECT_EQ(out, 0x7fff'fffcu);
  ASSERT_TRUE(I32DivS(kI32Min, 1, out, trap));
  EXPECT_EQ(out, kI32Min);
  // INT_MIN % -1 does not trap: it is 0.
  ASSERT_TRUE(I32RemS(kI32Min, 0xffff'ffffu, out, trap));
  EXPECT_EQ(out, 0u);
  ASSERT_TRUE(I32RemS(static_cast<uint32_t>(-7), 2, out, trap));
  EXPECT_EQ(out, static_cast<uint32_t>(-1));  // sign of the dividend
  ASSERT_TRUE(I32RemS(7, static_cast<uint32_t>(-2), out, trap));
  EXPECT_EQ(out, 1u);
  ASSERT_TRUE(I32RemU(static_cast<uint32_t>(-7), 2, out, trap));
  EXPECT_EQ(out, 1u);

  uint64_t o64 = 0;
  ASSERT_TRUE(I64RemS(kI64Min, ~0ull, o64, trap));
  EXPECT_EQ(o64, 0u);
  ASSERT_TRUE(I64DivS(kI64Min, 2, o64, trap));
  EXPECT_EQ(o64, 0xc000'0000'0000'0000u);
  ASSERT_TRUE(I64DivU(~0ull, 2, o64, trap));
  EXPECT_EQ(o64, 0x7fff'ffff'ffff'ffffu);
  ASSERT_TRUE(I64RemU(~0ull, 10, o64, trap));
  EXPECT_EQ(o64, 5u);
}

TEST(ScalarInt, ShiftsTakeCountModuloWidth) {
  EXPECT_EQ(I32Shl(1, 33), 2u);
  EXPECT_EQ(I32Shl(1, 32), 1u);
  EXPECT_EQ(I32Shl(0xffff'ffffu, 31), kI32Min);
  EXPECT_EQ(I32ShrS(kI32Min, 31), 0xffff'ffffu);
  EXPECT_EQ(I32ShrS(kI32Min, 63), 0xffff'ffffu);
  EXPECT_EQ(I32ShrU(kI32Min, 31), 1u);
  EXPECT_EQ(I32ShrU(kI32Min, 32), kI32Min);
  EXPECT_EQ(I64Shl(1, 65), 2u);
  EXPECT_EQ(I64ShrS(kI64Min, 64 + 63), ~0ull);
  EXPECT_EQ(I64ShrU(kI64Min, 63), 1u);
  EXPECT_EQ(I64ShrU(1, 0xffff'ffff'ffff'ffc1u), 0u);  // count 1
}

TEST(ScalarInt, Rotates) {
  EXPECT_EQ(I32Rotl(0x8000'0001u, 1), 3u);
  EXPECT_EQ(I32Rotl(0x1234'5678u, 0), 0x1234'5678u);
  EXPECT_EQ(I32Rotl(0x1234'5678u, 32), 0x1234'5678u);
  EXPECT_EQ(I32Rotl(0x1234'5678u, 36), 0x2345'6781u);
  EXPECT_EQ(I32Rotr(3, 1), 0x8000'0001u);
  EXPECT_EQ(I32Rotr(0x1234'5678u, 0xffff'fffcu), 0x2345'6781u);  // count 28
  EXPECT_EQ(I64Rotl(kI64Min | 1, 1), 3u);
  EXPECT_EQ(I64Rotr(1, 65), kI64Min);
  EXPECT_EQ(I64Rotl(0xabcd'0000'0000'0000u, 16), 0xabcdu);
}

TEST(ScalarInt, BitCounts) {
  EXPECT_EQ(I32Clz(0), 32u);
  EXPECT_EQ(I32Clz(1), 31u);
  EXPECT_EQ(I32Clz(kI32Min), 0u);
  EXPECT_EQ(I32Ctz(0), 32u);
  EXPECT_EQ(I32Ctz(kI32Min), 31u);
  EXPECT_EQ(I32Popcnt(0xffff'ffffu), 32u);
  EXPECT_EQ(I32Popcnt(0x8000'8001u), 3u);
  EXPECT_EQ(I64Clz(0), 64u);
  EXPECT_EQ(I64Clz(0x0000'0001'0000'0000u), 31u);
  EXPECT_EQ(I64Ctz(0), 64u);
  EXPECT_EQ(I64Ctz(0x0000'0001'0000'0000u), 32u);
  EXPECT_EQ(I64Popcnt(~0ull), 64u);
}

TEST(ScalarInt, Comparisons) {
  EXPECT_EQ(I32Eqz(0), 1u);
  EXPECT_EQ(I32Eqz(kI32Min), 0u);
  EXPECT_EQ(I32LtS(0xffff'ffffu, 0), 1u);
  EXPECT_EQ(I32LtU(0xffff'ffffu, 0), 0u);
  EXPECT_EQ(I32GtS(0, kI32Min), 1u);
  EXPECT_EQ(I32GtU(0, kI32Min), 0u);
  EXPECT_EQ(I32LeS(5, 5), 1u);
  EXPECT_EQ(I32GeU(4, 5), 0u);
  EXPECT_EQ(I32Ne(4, 5), 1u);
  EXPECT_EQ(I64Eqz(0x1'0000'0000u), 0u);
  EXPECT_EQ(I64LtS(kI64Min, 0), 1u);
  EXPECT_EQ(I64LtU(kI64Min, 0), 0u);
  EXPECT_EQ(I64GeS(~0ull, 0), 0u);
  EXPECT_EQ(I64GeU(~0ull, 0), 1u);
  EXPECT_EQ(I64LeU(3, 3), 1u);
  EXPECT_EQ(I64GtS(1, ~0ull), 1u);
  EXPECT_EQ(I64Eq(7, 7), 1u);
}

TEST(ScalarInt, SignExtension) {
  EXPECT_EQ(I32Extend8S(0x7f), 0x7fu);
  EXPECT_EQ(I32Extend8S(0x1234'5680u), 0xffff'ff80u);
  EXPECT_EQ(I32Extend16S(0x0000'8000u), 0xffff'8000u);
  EXPECT_EQ(I32Extend16S(0xffff'7fffu), 0x7fffu);
  EXPECT_EQ(I64Extend8S(0x80), 0xffff'ffff'ffff'ff80u);
  EXPECT_EQ(I64Extend16S(0x1'7fffu), 0x7fffu);
  EXPECT_EQ(I64Extend32S(0x8000'0000u), 0xffff'ffff'8000'0000u);
  EXPECT_EQ(I64Extend32S(0xffff'ffff'7fff'ffffu), 0x7fff'ffffu);
  EXPECT_EQ(I64ExtendI32S(0x8000'0000u), 0xffff'ffff'8000'0000u);
  EXPECT_EQ(I64ExtendI32U(0x8000'0000u), 0x8000'0000u);
  EXPECT_EQ(I32WrapI64(0x1234'5678'9abc'def0u), 0x9abc'def0u);
}

// The ops are usable in constant expressions, so the JIT can fold them.
static_assert(I32Add(1, 2) == 3);
static_assert(I64Rotl(1, 64) == 1);
static_assert(I32Clz(0) == 32);

}  // namespace
}  // namespace wasmrun::ops
