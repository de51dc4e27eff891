#include "engine/core/validator.h"

#include <gtest/gtest.h>

#include "engine/core/decoder.h"
#include "engine/core/test_module_builder.h"

namespace wasmrun {
namespace {

using namespace wasmrun::testing;

constexpr uint8_t kI32 = 0x7f;
constexpr uint8_t kI64 = 0x7e;
constexpr uint8_t kF64 = 0x7c;
constexpr uint8_t kV128 = 0x7b;
constexpr uint8_t kFuncRef = 0x70;
constexpr uint8_t kEnd = 0x0b;
const Bytes kNoLocals{0x00};

CoreResult<std::shared_ptr<const ValidatedModule>> check(const Bytes& b,
                                                         const Features& features = {}) {
  auto d = decode_module(b);
  if (!d.ok()) return d.error;
  return validate_module(*d.value, features);
}

std::shared_ptr<const ValidatedModule> valid(const Bytes& b) {
  auto r = check(b);
  EXPECT_TRUE(r.ok()) << r.error.message << " @" << r.error.offset;
  return r.ok() ? *r.value : nullptr;
}

CoreError invalid(const Bytes& b) {
  auto r = check(b);
  EXPECT_FALSE(r.ok());
  return r.error;
}

// Offset of the first instruction of the only (last) function in a module built by
// module_with_funcs with no locals: the code section is last, so the body ends the module.
uint32_t code_begin(const ValidatedModule& vm, uint32_t defined = 0) {
  return vm.module->bodies[defined].code_begin;
}

TEST(Validator, BlockWithBrIf) {
  const Bytes code{0x02, kI32, 0x41, 0x07, 0x41, 0x01, 0x0d, 0x00, 0x1a, 0x41, 0x02, kEnd, kEnd};
  auto vm = valid(module_with_funcs({func_type({}, {kI32})}, {{0, kNoLocals, code}}));
  ASSERT_TRUE(vm);
  const FunctionInfo& f = vm->functions[0];
  EXPECT_EQ(f.max_stack, 2u);
  EXPECT_EQ(f.max_stack_slots, 2u);
  EXPECT_EQ(f.func_index, 0u);
  EXPECT_TRUE(f.locals.empty());
}

TEST(Validator, LoopBranch) {
  const Bytes code{0x03, 0x40, 0x41, 0x00, 0x0d, 0x00, kEnd, kEnd};
  auto vm = valid(module_with_funcs({func_type({}, {})}, {{0, kNoLocals, code}}));
  ASSERT_TRUE(vm);
  EXPECT_EQ(vm->functions[0].max_stack, 1u);
}

TEST(Validator, LoopWithParamsCarriesThem) {
  // type 1 = [i32] -> [i32] used as the loop's block type.
  const Bytes code{0x41, 0x01, 0x03, 0x01, 0x41, 0x00, 0x0d, 0x00, kEnd, kEnd};
  auto vm = valid(module_with_funcs({func_type({}, {kI32}), func_type({kI32}, {kI32})},
                                    {{0, kNoLocals, code}}));
  ASSERT_TRUE(vm);
  EXPECT_EQ(vm->functions[0].max_stack, 2u);
}

TEST(Validator, IfElse) {
  const Bytes code{0x20, 0x00, 0x04, kI32, 0x41, 0x01, 0x05, 0x41, 0x02, kEnd, kEnd};
  auto vm = valid(module_with_funcs({func_type({kI32}, {kI32})}, {{0, kNoLocals, code}}));
  ASSERT_TRUE(vm);
  const FunctionInfo& f = vm->functions[0];
  EXPECT_EQ(f.locals, std::vector<ValType>{ValType::I32});
}

TEST(Validator, IfWithoutElse) {
  const Bytes code{0x20, 0x00, 0x04, 0x40, kEnd, 0x41, 0x03, kEnd};
  auto vm = valid(module_with_funcs({func_type({kI32}, {kI32})}, {{0, kNoLocals, code}}));
  ASSERT_TRUE(vm);
  // An if without else cannot produce a value it was not given.
  const Bytes bad{0x20, 0x00, 0x04, kI32, 0x41, 0x01, kEnd, kEnd};
  EXPECT_NE(invalid(module_with_funcs({func_type({kI32}, {kI32})}, {{0, kNoLocals, bad}}))
                .message.find("type mismatch"),
            std::string::npos);
}

TEST(Validator, BrTableToEveryEnclosingLabel) {
  const Bytes code{0x02, 0x40, 0x02, 0x40, 0x20, 0x00, 0x0e,
                   0x02, 0x00, 0x01, 0x02, kEnd, kEnd, kEnd};
  auto vm = valid(module_with_funcs({func_type({kI32}, {})}, {{0, kNoLocals, code}}));
  ASSERT_TRUE(vm);
  EXPECT_EQ(vm->functions[0].max_stack, 1u);
  EXPECT_EQ(code_begin(*vm) + 14, vm->module->bodies[0].code_end);
}

TEST(Validator, BrTableArityMustAgree) {
  // block (result i32) block ... br_table 0 1 with targets of arity 0 and 1.
  const Bytes code{0x02, kI32, 0x02, 0x40, 0x41, 0x00, 0x0e, 0x01,
                   0x00, 0x01, kEnd, 0x41, 0x00, kEnd, 0x1a, kEnd};
  const CoreError e = invalid(module_with_funcs({func_type({}, {})}, {{0, kNoLocals, code}}));
  EXPECT_NE(e.message.find("type mismatch"), std::string::npos) << e.message;
}

TEST(Validator, TargetHeightCountsValuesBelowTheBlock) {
  const Bytes code{0x41, 0x05, 0x02, kI64, 0x42, 0x09, 0x0c, 0x00, kEnd, 0x1a, kEnd};
  auto vm = valid(module_with_funcs({func_type({}, {kI32})}, {{0, kNoLocals, code}}));
  ASSERT_TRUE(vm);
  EXPECT_EQ(vm->functions[0].max_stack, 2u);
}

TEST(Validator, BranchesInDeadCode) {
  const Bytes code{0x02, 0x40, 0x0c, 0x00, 0x0d, 0x00, kEnd, kEnd};
  auto vm = valid(module_with_funcs({func_type({}, {})}, {{0, kNoLocals, code}}));
  ASSERT_TRUE(vm);
}

TEST(Validator, ConstSlotsCountEveryConstantV128Twice) {
  // i32.const, i64.const, f32.const, f64.const, v128.const, drop x5, then a dead i32.const.
  Bytes code{0x41, 0x01, 0x42, 0x02, 0x43, 0, 0, 0, 0, 0x44, 0, 0, 0, 0, 0, 0, 0, 0, 0xfd, 0x0c};
  code.insert(code.end(), 16, 0);
  code.insert(code.end(), {0x1a, 0x1a, 0x1a, 0x1a, 0x1a, 0x00, 0x41, 0x07, 0x1a, kEnd});
  auto vm = valid(module_with_funcs({func_type({}, {})}, {{0, kNoLocals, code}}));
  ASSERT_TRUE(vm);
  EXPECT_EQ(vm->functions[0].const_slots, 7u);
}

TEST(Validator, LoopReadsCoverNestedLoopsAndTheFirstTrackedLocals) {
  const Bytes locals{0x01, 0xac, 0x02, kI32};           // 300 i32 locals
  const Bytes code{0x20, 0x01, 0x1a,                    // local.get 1 (in no loop)
                   0x03, 0x40, 0x20, 0x02, 0x1a,        // loop 0: local.get 2
                   0x02, 0x40, 0x03, 0x40,              //   block, loop 1:
                   0x20, 0x46, 0x1a,                    //     local.get 70
                   0x20, 0xab, 0x02, 0x1a,              //     local.get 299 (past the tracked ones)
                   kEnd, kEnd, kEnd,                    //
                   0x03, 0x40, 0x20, 0x00, 0x1a, kEnd,  // loop 2: local.get 0
                   kEnd};
  auto vm = valid(module_with_funcs({func_type({}, {})}, {{0, locals, code}}));
  ASSERT_TRUE(vm);
  const FunctionInfo& f = vm->functions[0];
  ASSERT_EQ(f.loop_words, 4u);
  const std::vector<uint64_t> expected{1u << 2, 1u << 6, 0, 0,  // loop 0: its own read and loop 1's
                                       0,       1u << 6, 0, 0,  // loop 1: local 70
                                       1u << 0, 0,       0, 0};  // loop 2: local 0
  EXPECT_EQ(f.loop_reads, expected);
}

TEST(Validator, MaxStackSlotsCountV128Twice) {
  Bytes code{0xfd, 0x0c};
  code.insert(code.end(), 16, 0);  // v128.const 0
  code.insert(code.end(), {0x41, 0x00, 0x1a, 0x1a, kEnd});
  auto vm = valid(module_with_funcs({func_type({}, {})}, {{0, kNoLocals, code}}));
  ASSERT_TRUE(vm);
  EXPECT_EQ(vm->functions[0].max_stack, 2u);
  EXPECT_EQ(vm->functions[0].max_stack_slots, 3u);
}

TEST(Validator, LocalsListParamsThenDeclared) {
  const Bytes locals = vec({cat({u32(2), {kI64}}), cat({u32(1), {kV128}})});
  auto vm = valid(module_with_funcs({func_type({kF64, kI32}, {})}, {{0, locals, {kEnd}}}));
  ASSERT_TRUE(vm);
  EXPECT_EQ(vm->functions[0].locals, (std::vector<ValType>{ValType::F64, ValType::I32, ValType::I64,
                                                           ValType::I64, ValType::V128}));
}

TEST(Validator, TypeMismatchNamesTypesAndInstruction) {
  Bytes code{0x44, 0, 0, 0, 0, 0, 0, 0, 0, 0x41, 0x00, 0x6a, 0x1a, kEnd};
  auto d = decode_module(module_with_funcs({func_type({}, {})}, {{0, kNoLocals, code}}));
  ASSERT_TRUE(d.ok());
  auto r = validate_module(*d.value);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error.message, "type mismatch: expected i32, got f64 at i32.add");
  EXPECT_EQ(r.error.offset, (*d.value)->bodies[0].code_begin + 11);
}

TEST(Validator, StackUnderflowAndLeftovers) {
  EXPECT_NE(invalid(module_with_funcs({func_type({}, {})}, {{0, kNoLocals, {0x6a, kEnd}}}))
                .message.find("type mismatch"),
            std::string::npos);
  EXPECT_NE(invalid(module_with_funcs({func_type({}, {})}, {{0, kNoLocals, {0x41, 0x00, kEnd}}}))
                .message.find("type mismatch"),
            std::string::npos);
  EXPECT_NE(invalid(module_with_funcs({func_type({}, {kI32})}, {{0, kNoLocals, {kEnd}}}))
                .message.find("type mismatch"),
            std::string::npos);
}

TEST(Validator, UnreachableMakesTheStackPolymorphic) {
  valid(module_with_funcs({func_type({}, {kI32})}, {{0, kNoLocals, {0x00, 0x6a, kEnd}}}));
  valid(module_with_funcs({func_type({}, {kI32})}, {{0, kNoLocals, {0x00, 0x1b, kEnd}}}));
  // The polymorphic stack still checks the values that are actually there.
  invalid(module_with_funcs({func_type({}, {kI32})},
                            {{0, kNoLocals, {0x00, 0x43, 0, 0, 0, 0, 0x6a, kEnd}}}));
}

TEST(Validator, UnknownIndexes) {
  EXPECT_EQ(
      invalid(module_with_funcs({func_type({}, {})}, {{0, kNoLocals, {0x20, 0x05, 0x1a, kEnd}}}))
          .message,
      "unknown local 5");
  EXPECT_EQ(
      invalid(module_with_funcs({func_type({}, {})}, {{0, kNoLocals, {0x10, 0x03, kEnd}}})).message,
      "unknown function 3");
  EXPECT_EQ(
      invalid(module_with_funcs({func_type({}, {})}, {{0, kNoLocals, {0x0c, 0x01, kEnd}}})).message,
      "unknown label 1");
  EXPECT_EQ(
      invalid(module_with_funcs({func_type({}, {})}, {{0, kNoLocals, {0x23, 0x00, 0x1a, kEnd}}}))
          .message,
      "unknown global 0");
}

TEST(Validator, ImmutableGlobalCannotBeSet) {
  const Bytes globals = section(6, vec({{kI32, 0x00, 0x41, 0x00, kEnd}}));
  const Bytes code{0x41, 0x01, 0x24, 0x00, kEnd};
  EXPECT_NE(invalid(module_with_funcs({func_type({}, {})}, {{0, kNoLocals, code}}, {globals}))
                .message.find("global is immutable"),
            std::string::npos);
  const Bytes mutable_globals = section(6, vec({{kI32, 0x01, 0x41, 0x00, kEnd}}));
  valid(module_with_funcs({func_type({}, {})}, {{0, kNoLocals, code}}, {mutable_globals}));
}

TEST(Validator, SelectRules) {
  // Untyped select on references is rejected; the typed form accepts them.
  const Bytes untyped{0xd0, kFuncRef, 0xd0, kFuncRef, 0x41, 0x00, 0x1b, 0x1a, kEnd};
  invalid(module_with_funcs({func_type({}, {})}, {{0, kNoLocals, untyped}}));
  const Bytes typed{0xd0, kFuncRef, 0xd0, kFuncRef, 0x41, 0x00, 0x1c, 0x01, kFuncRef, 0x1a, kEnd};
  valid(module_with_funcs({func_type({}, {})}, {{0, kNoLocals, typed}}));
  const Bytes two_types{0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0x1c, 0x02, kI32, kI32, 0x1a, kEnd};
  EXPECT_NE(invalid(module_with_funcs({func_type({}, {})}, {{0, kNoLocals, two_types}}))
                .message.find("invalid result arity"),
            std::string::npos);
  const Bytes mixed{0x41, 0x00, 0x42, 0x00, 0x41, 0x00, 0x1b, 0x1a, kEnd};
  invalid(module_with_funcs({func_type({}, {})}, {{0, kNoLocals, mixed}}));
}

TEST(Validator, RefFuncNeedsDeclaration) {
  const Bytes code{0xd2, 0x00, 0x1a, kEnd};
  EXPECT_NE(invalid(module_with_funcs({func_type({}, {})}, {{0, kNoLocals, code}}))
                .message.find("undeclared function reference"),
            std::string::npos);
  const Bytes exports = section(7, vec({cat({name("f"), {0x00}, u32(0)})}));
  auto vm = valid(module_with_funcs({func_type({}, {})}, {{0, kNoLocals, code}}, {exports}));
  ASSERT_TRUE(vm);
  EXPECT_EQ(vm->declared_refs, std::vector<bool>{true});
  const Bytes declarative = section(9, vec({cat({u32(3), {0x00}, vec({u32(0)})})}));
  valid(module_with_funcs({func_type({}, {})}, {{0, kNoLocals, code}}, {declarative}));
}

TEST(Validator, MemoryInstructions) {
  const Bytes memory = section(5, vec({{0x00, 0x01}}));
  const Bytes load{0x41, 0x00, 0x28, 0x02, 0x00, 0x1a, kEnd};  // i32.load align=4
  valid(module_with_funcs({func_type({}, {})}, {{0, kNoLocals, load}}, {memory}));
  EXPECT_NE(invalid(module_with_funcs({func_type({}, {})}, {{0, kNoLocals, load}}))
                .message.find("unknown memory"),
            std::string::npos);
  const Bytes overaligned{0x41, 0x00, 0x28, 0x03, 0x00, 0x1a, kEnd};
  EXPECT_NE(invalid(module_with_funcs({func_type({}, {})}, {{0, kNoLocals, overaligned}}, {memory}))
                .message.find("alignment must not be larger than natural"),
            std::string::npos);
  const Bytes data_drop{0xfc, 0x09, 0x00, kEnd};
  EXPECT_NE(invalid(module_with_funcs({func_type({}, {})}, {{0, kNoLocals, data_drop}}, {memory}))
                .message.find("data count section required"),
            std::string::npos);
  const Bytes bad_size{0x3f, 0x01, 0x1a, kEnd};
  EXPECT_NE(invalid(module_with_funcs({func_type({}, {})}, {{0, kNoLocals, bad_size}}, {memory}))
                .message.find("unknown memory 1"),
            std::string::npos);
  Features no_multi_memory;
  no_multi_memory.multi_memory = false;
  EXPECT_NE(check(module_with_funcs({func_type({}, {})}, {{0, kNoLocals, bad_size}}, {memory}),
                  no_multi_memory)
                .error.message.find("zero byte expected"),
            std::string::npos);
  // Index 0 in more than one byte stays malformed, as the 2.0 suite requires.
  const Bytes long_zero{0x3f, 0x80, 0x00, 0x1a, kEnd};
  EXPECT_NE(invalid(module_with_funcs({func_type({}, {})}, {{0, kNoLocals, long_zero}}, {memory}))
                .message.find("zero byte expected"),
            std::string::npos);
}

// Multi-memory: a memarg with bit 6 of its alignment set names a memory; memory.size, grow,
// fill, copy and init name theirs. Each index is checked, and needs the feature.
TEST(Validator, MemoryIndexes) {
  const Bytes two = section(5, vec({{0x00, 0x01}, {0x00, 0x01}}));
  const Bytes one = section(5, vec({{0x00, 0x01}}));
  const Bytes datacount = section(12, u32(1));
  const Bytes data = section(11, vec({{0x01, 0x01, 0x2a}}));          // passive, after the code
  const Bytes load1{0x41, 0x00, 0x28, 0x42, 0x01, 0x04, 0x1a, kEnd};  // i32.load mem 1 offset 4
  const Bytes copy{0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x0a, 0x01, 0x00, kEnd};
  const Bytes init{0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x08, 0x00, 0x01, kEnd};
  const Bytes grow{0x41, 0x00, 0x40, 0x01, 0x1a, kEnd};
  const Bytes fill{0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x0b, 0x01, kEnd};
  auto with = [&](const Bytes& memories, const Bytes& code) {
    return cat(
        {module_with_funcs({func_type({}, {})}, {{0, kNoLocals, code}}, {memories, datacount}),
         data});
  };
  Features off;
  off.multi_memory = false;
  for (const Bytes& code : {load1, copy, init, grow, fill}) {
    valid(with(two, code));
    EXPECT_NE(invalid(with(one, code)).message.find("unknown memory 1"), std::string::npos);
    EXPECT_NE(check(with(two, code), off).error.message.find("feature multi-memory"),
              std::string::npos);
  }
  // An active data segment naming memory 1 (flag 2).
  const Bytes data1 = section(11, vec({{0x02, 0x01, 0x41, 0x00, kEnd, 0x01, 0x2a}}));
  auto segment_in = [&](const Bytes& memories) {
    return cat(
        {module_with_funcs({func_type({}, {})}, {{0, kNoLocals, {kEnd}}}, {memories}), data1});
  };
  valid(segment_in(two));
  EXPECT_NE(invalid(segment_in(one)).message.find("unknown memory 1"), std::string::npos);
}

// Multi-memory with memory64: each instruction takes the address type of the memory it names,
// and memory.copy between a 32-bit and a 64-bit memory types each address by its memory and the
// length as i32 (i64 only when both memories are 64-bit).
TEST(Validator, AddressTypeComesFromTheNamedMemory) {
  const Bytes memories = section(5, vec({{0x00, 0x01}, {0x04, 0x01}}));  // i32 0, i64 1
  const Bytes i32c{0x41, 0x00}, i64c{0x42, 0x00};
  auto body = [&](std::initializer_list<Bytes> operands, const Bytes& op) {
    Bytes code;
    for (const Bytes& o : operands) code.insert(code.end(), o.begin(), o.end());
    code.insert(code.end(), op.begin(), op.end());
    code.push_back(kEnd);
    return module_with_funcs({func_type({}, {})}, {{0, kNoLocals, code}}, {memories});
  };
  const Bytes copy_1_0{0xfc, 0x0a, 0x01, 0x00}, copy_0_1{0xfc, 0x0a, 0x00, 0x01},
      copy_1_1{0xfc, 0x0a, 0x01, 0x01}, copy_0_0{0xfc, 0x0a, 0x00, 0x00};
  valid(body({i64c, i32c, i32c}, copy_1_0));
  valid(body({i32c, i64c, i32c}, copy_0_1));
  valid(body({i64c, i64c, i64c}, copy_1_1));
  valid(body({i32c, i32c, i32c}, copy_0_0));
  for (const Bytes& bad : {body({i64c, i32c, i64c}, copy_1_0), body({i32c, i32c, i32c}, copy_1_0),
                           body({i32c, i64c, i64c}, copy_0_1), body({i64c, i64c, i32c}, copy_1_1),
                           body({i64c, i32c, i32c}, copy_0_0)}) {
    EXPECT_NE(invalid(bad).message.find("type mismatch"), std::string::npos);
  }
  const Bytes load1{0x28, 0x42, 0x01, 0x00, 0x1a}, load0{0x28, 0x02, 0x00, 0x1a};
  valid(body({i64c}, load1));
  valid(body({i32c}, load0));
  EXPECT_NE(invalid(body({i32c}, load1)).message.find("type mismatch"), std::string::npos);
  EXPECT_NE(invalid(body({i64c}, load0)).message.find("type mismatch"), std::string::npos);
  // memory.size 1 is an i64; an offset of 2^32 fits memory 1's u64 memarg only.
  valid(body({}, {0x3f, 0x01, 0x50, 0x1a}));  // i64.eqz
  EXPECT_NE(invalid(body({}, {0x3f, 0x01, 0x45, 0x1a})).message.find("type mismatch"),
            std::string::npos);
  valid(body({i64c}, {0x28, 0x42, 0x01, 0x80, 0x80, 0x80, 0x80, 0x10, 0x1a}));
  invalid(body({i32c}, {0x28, 0x02, 0x80, 0x80, 0x80, 0x80, 0x10, 0x1a}));
}

TEST(Validator, LaneIndexes) {
  Bytes extract{0xfd, 0x0c};
  extract.insert(extract.end(), 16, 0);
  extract.insert(extract.end(), {0xfd, 0x1b, 0x03, 0x1a, kEnd});  // i32x4.extract_lane 3
  valid(module_with_funcs({func_type({}, {})}, {{0, kNoLocals, extract}}));
  extract[extract.size() - 3] = 0x04;
  EXPECT_NE(invalid(module_with_funcs({func_type({}, {})}, {{0, kNoLocals, extract}}))
                .message.find("invalid lane index"),
            std::string::npos);
}

TEST(Validator, MalformedBodies) {
  EXPECT_NE(invalid(module_with_funcs({func_type({}, {})}, {{0, kNoLocals, {0x01}}}))
                .message.find("END opcode expected"),
            std::string::npos);
  EXPECT_NE(invalid(module_with_funcs({func_type({}, {})}, {{0, kNoLocals, {kEnd, 0x01}}}))
                .message.find("operators remaining"),
            std::string::npos);
  EXPECT_NE(invalid(module_with_funcs({func_type({}, {})}, {{0, kNoLocals, {0x05, kEnd}}}))
                .message.find("else without matching if"),
            std::string::npos);
  EXPECT_NE(invalid(module_with_funcs({func_type({}, {})}, {{0, kNoLocals, {0xff, kEnd}}}))
                .message.find("illegal opcode"),
            std::string::npos);
  EXPECT_NE(
      invalid(module_with_funcs({func_type({}, {})},
                                {{0, kNoLocals, {0x41, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x1a, kEnd}}}))
          .message.find("integer too large"),
      std::string::npos);
}

TEST(Validator, DeepNestingNeedsNoRecursion) {
  Bytes code;
  const int depth = 100'000;
  for (int i = 0; i < depth; ++i) code.insert(code.end(), {0x02, 0x40});
  code.insert(code.end(), depth + 1, kEnd);
  auto vm = valid(module_with_funcs({func_type({}, {})}, {{0, kNoLocals, code}}));
  ASSERT_TRUE(vm);
  EXPECT_EQ(vm->functions[0].max_stack, 0u);
}

TEST(Validator, OperandStackLimit) {
  // Each `block (type 1) unreachable end` leaves 1000 more values: a few bytes per thousand.
  Bytes code;
  for (int i = 0; i < 1100; ++i) code.insert(code.end(), {0x02, 0x01, 0x00, kEnd});
  code.insert(code.end(), {0x00, kEnd});
  const CoreError e = invalid(module_with_funcs(
      {func_type({}, {}), func_type({}, Bytes(1000, kI32))}, {{0, kNoLocals, code}}));
  EXPECT_EQ(e.message, "operand stack too deep");
}

TEST(Validator, ErrorOffsetPointsIntoTheRightFunction) {
  auto d = decode_module(module_with_funcs(
      {func_type({}, {})}, {{0, kNoLocals, {kEnd}}, {0, kNoLocals, {0x01, 0x01, 0x1a, kEnd}}}));
  ASSERT_TRUE(d.ok());
  auto r = validate_module(*d.value);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error.offset, (*d.value)->bodies[1].code_begin + 2);
  EXPECT_NE(r.error.message.find("drop"), std::string::npos) << r.error.message;
}

TEST(Validator, TwoMemoriesNeedMultiMemory) {
  const Bytes two = module({section(5, vec({{0x00, 0x01}, {0x00, 0x01}}))});
  EXPECT_TRUE(valid(two));
  auto d = decode_module(two);
  ASSERT_TRUE(d.ok());
  Features off;
  off.multi_memory = false;
  auto r = validate_module(*d.value, off);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error.message, "multiple memories are disabled (feature multi-memory)");
}

TEST(Validator, ModuleLevelRules) {
  EXPECT_NE(invalid(module({section(5, vec({cat({{0x00}, u32(65537)})}))})).message.find("65536"),
            std::string::npos);
  EXPECT_NE(invalid(module({section(4, vec({{kFuncRef, 0x01, 0x02, 0x01}}))}))
                .message.find("minimum must not be greater than maximum"),
            std::string::npos);
  const Bytes exports =
      section(7, vec({cat({name("m"), {0x02}, u32(0)}), cat({name("m"), {0x02}, u32(0)})}));
  EXPECT_NE(
      invalid(module({section(5, vec({{0x00, 0x01}})), exports})).message.find("duplicate export"),
      std::string::npos);
  const Bytes start = section(8, u32(0));
  EXPECT_NE(invalid(module_with_funcs({func_type({kI32}, {})}, {{0, kNoLocals, {kEnd}}}, {start}))
                .message.find("start function"),
            std::string::npos);
  // Constant expressions read immutable globals: imported ones, and (3.0, with extended-const)
  // defined ones before the global being initialised.
  const Bytes globals =
      section(6, vec({{kI32, 0x00, 0x41, 0x00, kEnd}, {kI32, 0x00, 0x23, 0x00, kEnd}}));
  valid(module({globals}));
  Features no_extended_const;
  no_extended_const.extended_const = false;
  auto r = check(module({globals}), no_extended_const);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error.message, "unknown global 0");
  const Bytes forward =
      section(6, vec({{kI32, 0x00, 0x23, 0x01, kEnd}, {kI32, 0x00, 0x41, 0x00, kEnd}}));
  EXPECT_EQ(invalid(module({forward})).message, "unknown global 1");
  const Bytes itself = section(6, vec({{kI32, 0x00, 0x23, 0x00, kEnd}}));
  EXPECT_EQ(invalid(module({itself})).message, "unknown global 0");
  const Bytes reads_mutable =
      section(6, vec({{kI32, 0x01, 0x41, 0x00, kEnd}, {kI32, 0x00, 0x23, 0x00, kEnd}}));
  EXPECT_NE(invalid(module({reads_mutable})).message.find("constant expression required"),
            std::string::npos);
  // Segment offsets may read every global.
  const Bytes memory = section(5, vec({{0x00, 0x01}}));
  const Bytes one_global = section(6, vec({{kI32, 0x00, 0x41, 0x08, kEnd}}));
  const Bytes data = section(11, vec({cat({{0x00, 0x23, 0x00, kEnd}, vec({{0x2a}})})}));
  valid(module({memory, one_global, data}));
  r = check(module({memory, one_global, data}), no_extended_const);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error.message, "unknown global 0");
  const Bytes import_mut = section(2, vec({cat({name("m"), name("g"), {0x03, kI32, 0x01}})}));
  const Bytes reads_import = section(6, vec({{kI32, 0x00, 0x23, 0x00, kEnd}}));
  EXPECT_NE(
      invalid(module({import_mut, reads_import})).message.find("constant expression required"),
      std::string::npos);
  const Bytes import_const = section(2, vec({cat({name("m"), name("g"), {0x03, kI32, 0x00}})}));
  valid(module({import_const, reads_import}));
  const Bytes wrong_type = section(6, vec({{kI64, 0x00, 0x41, 0x00, kEnd}}));
  EXPECT_NE(invalid(module({wrong_type})).message.find("type mismatch"), std::string::npos);
}

TEST(Validator, ElementSegmentsMatchTables) {
  const Bytes table = section(4, vec({{0x6f, 0x00, 0x01}}));  // externref table
  const Bytes elems = section(9, vec({cat({u32(0), {0x41, 0x00, kEnd}, vec({u32(0)})})}));
  EXPECT_NE(
      invalid(module_with_funcs({func_type({}, {})}, {{0, kNoLocals, {kEnd}}}, {table, elems}))
          .message.find("type mismatch"),
      std::string::npos);
  const Bytes funcref_table = section(4, vec({{kFuncRef, 0x00, 0x01}}));
  valid(module_with_funcs({func_type({}, {})}, {{0, kNoLocals, {kEnd}}}, {funcref_table, elems}));
  EXPECT_NE(invalid(module_with_funcs({func_type({}, {})}, {{0, kNoLocals, {kEnd}}}, {elems}))
                .message.find("unknown table"),
            std::string::npos);
}

}  // namespace
}  // namespace wasmrun
