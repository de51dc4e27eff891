// Typing of one function body in a single forward pass with explicit operand and control
// stacks (no recursion, so nesting depth cannot exhaust the native stack). One instance is
// reused for every function of a module so its buffers are allocated once.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/error.h"
#include "engine/core/function_info.h"
#include "engine/core/module.h"
#include "engine/core/opcodes.h"

namespace wasmrun {

class FunctionValidator {
 public:
  // `declared_refs` is indexed by function index (functions ref.func may name).
  FunctionValidator(const core::Module& module, const std::vector<bool>& declared_refs,
                    const Features& features = {});

  // Validates defined function `defined_index` and fills `info`; false with error() set.
  bool validate(uint32_t defined_index, FunctionInfo& info);
  const CoreError& error() const { return error_; }

 private:
  // Operand types on the stack are ValType bytes; kUnknown stands for the polymorphic stack's
  // "any type" below an unreachable instruction.
  static constexpr uint8_t kUnknown = 0;
  static constexpr uint32_t kBlockEmpty = UINT32_MAX;
  static constexpr uint32_t kBlockSingle = UINT32_MAX - 1;
  // Operand stack limit (values). Only bulk pushes (block params and results, call results) can
  // outgrow the instruction count, so only they check it.
  static constexpr uint32_t kMaxOperandStack = 1u << 20;

  struct Ctrl {
    Op kind = Op::Block;                // Block (also the function frame), Loop, If or Else
    bool unreachable = false;           // rest of this frame is dead code: the stack is polymorphic
    uint32_t block_type = kBlockEmpty;  // kBlockEmpty, kBlockSingle or a type index
    ValType single = ValType::I32;      // the result when block_type == kBlockSingle
    uint32_t height = 0;                // operand stack height at entry, params excluded
    uint32_t slot_height = 0;           // the same in slots
    uint32_t outer_loop = kNoLoop;      // Loop: the loop open around it (its ordinal)
  };
  static constexpr uint32_t kNoLoop = UINT32_MAX;

  struct Types {
    const ValType* data;
    uint32_t size;
  };
  Types params(const Ctrl& c) const;
  Types results(const Ctrl& c) const;
  Types label_types(const Ctrl& c) const { return c.kind == Op::Loop ? params(c) : results(c); }

  bool run(const uint8_t* begin, const uint8_t* end);
  bool step_special(Op op);
  // return_call, return_call_indirect: the callee's results must be the caller's.
  bool tail_call(const FuncType& callee);
  bool read_generic_immediates(Op op);

  // Immediates.
  [[gnu::always_inline]] bool read_u32(uint32_t& v) {
    if (p_ != end_ && *p_ < 0x80) {
      v = *p_++;
      return true;
    }
    return read_u32_slow(v);
  }
  bool read_u32_slow(uint32_t& v);
  bool read_byte(uint8_t& v);
  bool read_zero_byte();
  bool read_block_type(Ctrl& c);
  bool read_memarg(uint32_t natural_align_log2);
  bool read_memory_index(uint32_t& index);
  // Checks that memory `index` exists and makes it the current instruction's memory (mem_).
  bool need_memory(uint32_t index);
  // Which of the current instruction's operands (bits 0-2) and result (bit 3) are i64: its
  // address-typed ones (OpDesc::address_mask) when its memory is 64-bit.
  uint8_t i64_operands(uint8_t address_mask) const;
  bool need_table(uint32_t index);
  bool need_data_count(uint32_t index);

  // Operand stack. The fast paths are inline; errors and the polymorphic base go out of line.
  static uint32_t slot_size(uint8_t t) {
    // v128 takes two 8-byte slots; an unknown (dead-code) value counts as the widest type.
    return (t == static_cast<uint8_t>(ValType::V128) || t == kUnknown) ? 2 : 1;
  }
  [[gnu::always_inline]] void push(uint8_t t) {
    stack_.push_back(t);
    slots_ += slot_size(t);
    const auto height = static_cast<uint32_t>(stack_.size());
    if (height > max_stack_) max_stack_ = height;
    if (slots_ > max_slots_) max_slots_ = slots_;
  }
  [[gnu::always_inline]] void push(ValType t) { push(static_cast<uint8_t>(t)); }
  [[gnu::always_inline]] bool pop_expect(uint8_t expect) {
    if (stack_.size() > ctrl_.back().height) {
      const uint8_t actual = stack_.back();
      if (actual == expect || actual == kUnknown || expect == kUnknown) {
        stack_.pop_back();
        slots_ -= slot_size(actual);
        return true;
      }
    }
    return pop_expect_slow(expect);
  }
  bool pop_expect(ValType expect) { return pop_expect(static_cast<uint8_t>(expect)); }
  bool pop_expect_slow(uint8_t expect);
  bool pop_any(uint8_t& actual);
  bool pop_types(Types t);
  bool push_types(Types t);
  void set_unreachable();

  // Control.
  bool push_ctrl(Op kind, Ctrl c);
  bool check_frame_end(const Ctrl& c);
  void close_loop(uint32_t outer);
  bool label(uint32_t depth, Ctrl*& target);
  void note_branch(const Ctrl& target) {
    note_target_extent(target,
                       target.kind == Op::Loop ? params(target).size : results(target).size);
  }
  void note_target_extent(const Ctrl& target, uint32_t arity);

  bool fail(std::string message);
  bool fail_illegal(uint8_t byte, const uint32_t* sub);
  bool fail_mismatch(uint8_t expected, uint8_t actual);
  static const char* type_name(uint8_t t);

  const core::Module& m_;
  Features features_;
  const std::vector<bool>& declared_refs_;
  const uint8_t* base_;

  // Per-function state, reused across functions.
  const uint8_t* p_ = nullptr;
  const uint8_t* end_ = nullptr;
  uint32_t op_pc_ = 0;     // offset of the instruction being checked (for errors)
  uint32_t mem_ = 0;       // the memory of the instruction being checked (its address type)
  uint32_t copy_src_ = 0;  // memory.copy's source memory (mem_ is its destination)
  Op op_ = Op::Nop;
  FunctionInfo* info_ = nullptr;
  uint32_t open_loop_ = kNoLoop;  // ordinal of the innermost open loop (FunctionInfo::loop_reads)
  uint32_t loop_count_ = 0;
  const ValType* locals_ = nullptr;  // info_->locals, params first
  uint32_t num_locals_ = 0;
  std::vector<uint8_t> stack_;
  std::vector<Ctrl> ctrl_;
  std::vector<uint32_t> labels_;  // br_table immediates
  std::vector<uint8_t> scratch_;  // br_table: types popped for one target
  uint32_t slots_ = 0;
  uint32_t max_stack_ = 0;
  uint32_t max_slots_ = 0;
  uint32_t const_slots_ = 0;
  CoreError error_;
};

}  // namespace wasmrun
