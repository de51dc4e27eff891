#include "engine/core/opcodes.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace wasmrun {
namespace {

TEST(Opcodes, EveryOpRoundTripsThroughItsEncoding) {
  for (size_t i = 0; i < kOpCount; ++i) {
    const Op op = static_cast<Op>(i);
    const OpInfo& info = op_info(op);
    const std::optional<Op> back = info.prefix == 0 ? op_from_byte(static_cast<uint8_t>(info.code))
                                                    : op_from_prefixed(info.prefix, info.code);
    ASSERT_TRUE(back.has_value()) << info.text;
    EXPECT_EQ(*back, op) << info.text;
    // The unchecked lookups the tiers use on validated code agree.
    const Op fast = info.prefix == 0 ? validated_op(static_cast<uint8_t>(info.code))
                                     : validated_prefixed_op(info.prefix, info.code);
    EXPECT_EQ(fast, op) << info.text;
  }
}

TEST(Opcodes, EncodingsAndNamesAreUnique) {
  std::set<std::pair<uint8_t, uint32_t>> encodings;
  for (size_t i = 0; i < kOpCount; ++i) {
    const OpInfo& info = op_info(static_cast<Op>(i));
    EXPECT_TRUE(encodings.insert({info.prefix, info.code}).second) << info.text;
    EXPECT_TRUE(info.prefix == 0 || info.prefix == 0xfc || info.prefix == 0xfd) << info.text;
  }
}

TEST(Opcodes, PrefixBytesAndGapsAreNotOps) {
  EXPECT_FALSE(op_from_byte(0xfc).has_value());
  EXPECT_FALSE(op_from_byte(0xfd).has_value());
  EXPECT_FALSE(op_from_byte(0x06).has_value());  // try (exceptions proposal)
  EXPECT_FALSE(op_from_byte(0xff).has_value());
  EXPECT_FALSE(op_from_prefixed(0xfc, 18).has_value());
  EXPECT_FALSE(op_from_prefixed(0xfd, 154).has_value());
  // Relaxed SIMD fills 0x100..0x113; 0x114 (the dropped bf16 dot product) and above are free.
  EXPECT_EQ(op_from_prefixed(0xfd, 0x100), Op::I8x16RelaxedSwizzle);
  EXPECT_EQ(op_from_prefixed(0xfd, 0x113), Op::I32x4RelaxedDotI8x16I7x16AddS);
  EXPECT_FALSE(op_from_prefixed(0xfd, 0x114).has_value());
  EXPECT_FALSE(op_from_prefixed(0xfd, kOpTableColumns).has_value());
  EXPECT_FALSE(op_from_prefixed(0xfe, 0).has_value());
}

TEST(Opcodes, SignaturesParse) {
  const OpSig& add = op_sig(Op::I32Add);
  EXPECT_FALSE(add.special);
  ASSERT_EQ(add.num_params, 2);
  EXPECT_EQ(add.params[0], ValType::I32);
  ASSERT_EQ(add.num_results, 1);
  EXPECT_EQ(add.results[0], ValType::I32);
  EXPECT_TRUE(op_sig(Op::I32DivS).traps);
  EXPECT_TRUE(op_sig(Op::Block).special);
  const OpSig& bitselect = op_sig(Op::V128Bitselect);
  EXPECT_EQ(bitselect.num_params, 3);
  EXPECT_EQ(bitselect.params[2], ValType::V128);
}

}  // namespace
}  // namespace wasmrun
