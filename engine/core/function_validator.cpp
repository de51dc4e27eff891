#include "engine/core/function_validator.h"

#include <algorithm>
#include <cstdio>

#include "engine/core/leb128.h"

namespace wasmrun {

namespace {

// Compact copies of the opcode table's facts for the hot loop: one lookup per instruction
// instead of separate calls for the encoding, the immediates and the signature.
struct OpDesc {
  ImmKind imm = ImmKind::None;
  bool special = false;
  bool has_result = false;
  uint8_t num_params = 0;
  uint8_t params[3] = {};
  uint8_t result = 0;
  // Which params (bits 0-2) and whether the result (bit 3) are addresses or sizes of the
  // instruction's memory: i32 in the sig, i64 for a 64-bit memory (memory64).
  uint8_t address_mask = 0;
};

// Operands typed by the memory's address type (see OpDesc::address_mask).
uint8_t address_mask(Op op, ImmKind imm) {
  constexpr uint8_t kResult = 8;
  switch (op) {
    case Op::MemorySize: return kResult;
    case Op::MemoryGrow: return 1 | kResult;
    case Op::MemoryFill: return 1 | 4;  // destination and length; the value stays i32
    case Op::MemoryCopy: return 1 | 2 | 4;
    case Op::MemoryInit: return 1;  // destination; segment offset and length stay i32
    default: return imm == ImmKind::MemArg || imm == ImmKind::MemArgLane ? 1 : 0;
  }
}

struct DispatchTables {
  OpDesc desc[kOpCount];
};

const DispatchTables& dispatch_tables() {
  static const DispatchTables tables = [] {
    DispatchTables t;
    for (size_t i = 0; i < kOpCount; ++i) {
      const Op op = static_cast<Op>(i);
      const OpInfo& info = op_info(op);
      const OpSig& sig = op_sig(op);
      OpDesc& d = t.desc[i];
      d.imm = info.imm;
      d.special = sig.special;
      d.num_params = sig.num_params;
      for (int k = 0; k < sig.num_params; ++k) d.params[k] = static_cast<uint8_t>(sig.params[k]);
      d.has_result = sig.num_results != 0;
      d.result = static_cast<uint8_t>(sig.results[0]);
      d.address_mask = address_mask(op, info.imm);
    }
    return t;
  }();
  return tables;
}

bool same_types(const ValType* a, uint32_t na, const ValType* b, uint32_t nb) {
  return na == nb && std::equal(a, a + na, b);
}

}  // namespace

FunctionValidator::FunctionValidator(const core::Module& module,
                                     const std::vector<bool>& declared_refs,
                                     const Features& features)
    : m_(module), features_(features), declared_refs_(declared_refs), base_(module.bytes.data()) {
  stack_.reserve(256);
  ctrl_.reserve(64);
}

const char* FunctionValidator::type_name(uint8_t t) {
  return t == kUnknown ? "any" : to_string(static_cast<ValType>(t));
}

bool FunctionValidator::fail(std::string message) {
  error_.offset = op_pc_;
  error_.message = std::move(message);
  return false;
}

bool FunctionValidator::fail_mismatch(uint8_t expected, uint8_t actual) {
  return fail(std::string("type mismatch: expected ") + type_name(expected) + ", got " +
              type_name(actual) + " at " + op_name(op_));
}

FunctionValidator::Types FunctionValidator::params(const Ctrl& c) const {
  if (c.block_type >= kBlockSingle) return {nullptr, 0};
  const auto& p = m_.types[c.block_type].params;
  return {p.data(), static_cast<uint32_t>(p.size())};
}

FunctionValidator::Types FunctionValidator::results(const Ctrl& c) const {
  if (c.block_type == kBlockEmpty) return {nullptr, 0};
  if (c.block_type == kBlockSingle) return {&c.single, 1};
  const auto& r = m_.types[c.block_type].results;
  return {r.data(), static_cast<uint32_t>(r.size())};
}

// ---- operand stack ----

bool FunctionValidator::pop_any(uint8_t& actual) {
  Ctrl& c = ctrl_.back();
  if (stack_.size() == c.height) {
    if (c.unreachable) {
      actual = kUnknown;
      return true;
    }
    return fail(std::string("type mismatch: expected a value but the stack is empty at ") +
                op_name(op_));
  }
  actual = stack_.back();
  stack_.pop_back();
  slots_ -= slot_size(actual);
  return true;
}

bool FunctionValidator::pop_expect_slow(uint8_t expect) {
  Ctrl& c = ctrl_.back();
  if (stack_.size() == c.height) {
    if (c.unreachable) return true;
    return fail(std::string("type mismatch: expected ") + type_name(expect) +
                " but the stack is empty at " + op_name(op_));
  }
  return fail_mismatch(expect, stack_.back());
}

bool FunctionValidator::pop_types(Types t) {
  for (uint32_t i = t.size; i-- > 0;) {
    if (!pop_expect(static_cast<uint8_t>(t.data[i]))) return false;
  }
  return true;
}

bool FunctionValidator::push_types(Types t) {
  if (stack_.size() + t.size > kMaxOperandStack) return fail("operand stack too deep");
  for (uint32_t i = 0; i < t.size; ++i) push(t.data[i]);
  return true;
}

void FunctionValidator::set_unreachable() {
  Ctrl& c = ctrl_.back();
  stack_.resize(c.height);
  slots_ = c.slot_height;
  c.unreachable = true;
}

// ---- control ----

bool FunctionValidator::push_ctrl(Op kind, Ctrl c) {
  c.kind = kind;
  if (!pop_types(params(c))) return false;
  c.height = static_cast<uint32_t>(stack_.size());
  c.slot_height = slots_;
  ctrl_.push_back(c);
  return push_types(params(c));
}

// A loop's reads count as reads of the loop around it too.
void FunctionValidator::close_loop(uint32_t outer) {
  const uint32_t inner = open_loop_;
  open_loop_ = outer;
  if (outer == kNoLoop) return;
  const size_t words = info_->loop_words;
  uint64_t* sets = info_->loop_reads.data();
  for (size_t w = 0; w < words; ++w) sets[outer * words + w] |= sets[inner * words + w];
}

bool FunctionValidator::check_frame_end(const Ctrl& c) {
  if (!pop_types(results(c))) return false;
  if (stack_.size() != c.height) {
    return fail(std::string("type mismatch: values remaining on the stack at ") + op_name(op_));
  }
  return true;
}

bool FunctionValidator::label(uint32_t depth, Ctrl*& target) {
  if (depth >= ctrl_.size()) return fail("unknown label " + std::to_string(depth));
  target = &ctrl_[ctrl_.size() - 1 - depth];
  return true;
}

// Dead code can branch with values it never pushed; the target frame must still fit in the
// reported maximum so a tier may size frames from max_stack alone.
void FunctionValidator::note_target_extent(const Ctrl& target, uint32_t arity) {
  const Types lt = label_types(target);
  uint32_t slots = target.slot_height;
  for (uint32_t i = 0; i < lt.size; ++i) slots += slot_size(static_cast<uint8_t>(lt.data[i]));
  max_stack_ = std::max(max_stack_, target.height + arity);
  max_slots_ = std::max(max_slots_, slots);
}

// ---- immediates ----

bool FunctionValidator::read_u32_slow(uint32_t& v) {
  if (const char* err = read_leb_u32(p_, end_, v)) return fail(err);
  return true;
}

bool FunctionValidator::read_byte(uint8_t& v) {
  if (p_ == end_) return fail(kErrUnexpectedEnd);
  v = *p_++;
  return true;
}

bool FunctionValidator::read_zero_byte() {
  uint8_t b = 0;
  if (!read_byte(b)) return false;
  if (b != 0) return fail(std::string("zero byte expected at ") + op_name(op_));
  return true;
}

bool FunctionValidator::read_block_type(Ctrl& c) {
  if (p_ == end_) return fail(kErrUnexpectedEnd);
  const uint8_t b = *p_;
  if (b == 0x40) {
    ++p_;
    c.block_type = kBlockEmpty;
    return true;
  }
  if (is_valtype_byte(b)) {
    ++p_;
    c.block_type = kBlockSingle;
    c.single = static_cast<ValType>(b);
    return true;
  }
  int64_t index = 0;
  if (const char* err = read_leb_s33(p_, end_, index)) return fail(err);
  if (index < 0) return fail("malformed block type");
  if (static_cast<uint64_t>(index) >= m_.types.size()) {
    return fail("unknown type " + std::to_string(index));
  }
  c.block_type = static_cast<uint32_t>(index);
  return true;
}

bool FunctionValidator::need_memory(uint32_t index) {
  if (index >= m_.memories.size()) {
    return fail("unknown memory " + std::to_string(index) + " at " + op_name(op_));
  }
  if (index != 0 && !features_.multi_memory) {
    return fail("multiple memories are disabled (feature multi-memory)");
  }
  mem_ = index;
  return true;
}

// memory.copy between two memories (multi-memory with memory64): each address has its memory's
// type, and the length is i64 only when both memories are 64-bit.
uint8_t FunctionValidator::i64_operands(uint8_t address_mask) const {
  const bool dst64 = m_.memory_is_64(mem_);
  if (op_ != Op::MemoryCopy) return dst64 ? address_mask : 0;
  const bool src64 = m_.memory_is_64(copy_src_);
  return (dst64 ? 1 : 0) | (src64 ? 2 : 0) | (dst64 && src64 ? 4 : 0);
}

// The memory index of memory.size, memory.grow, memory.fill, memory.copy and memory.init: a u32
// with multi-memory, the reserved zero byte without. Index 0 must still be the single byte 0 (the
// 2.0 suite's reserved-byte tests hold even with the feature on).
bool FunctionValidator::read_memory_index(uint32_t& index) {
  const uint8_t* start = p_;
  if (!features_.multi_memory) {
    index = 0;
    return read_zero_byte();
  }
  if (!read_u32(index)) return false;
  if (index == 0 && p_ - start != 1)
    return fail(std::string("zero byte expected at ") + op_name(op_));
  return true;
}
bool FunctionValidator::need_table(uint32_t index) {
  if (index >= m_.tables.size()) return fail("unknown table " + std::to_string(index));
  return true;
}

bool FunctionValidator::need_data_count(uint32_t index) {
  if (!m_.data_count) return fail(std::string("data count section required for ") + op_name(op_));
  if (index >= *m_.data_count) return fail("unknown data segment " + std::to_string(index));
  return true;
}

// memarg: alignment, [memory index when the alignment has bit 6 set (multi-memory)], offset: a
// u64 for a 64-bit memory (memory64), else a u32 as in 2.0.
bool FunctionValidator::read_memarg(uint32_t natural_align_log2) {
  uint32_t align = 0;
  uint32_t memory = 0;
  if (!read_u32(align)) return false;
  if (features_.multi_memory && (align & kMemArgHasMemory) != 0) {
    align &= ~kMemArgHasMemory;
    if (!read_u32(memory)) return false;
  }
  if (!need_memory(memory)) return false;
  if (m_.memory_is_64(mem_)) {
    uint64_t offset = 0;
    if (const char* err = read_leb_u64(p_, end_, offset)) return fail(err);
  } else {
    uint32_t offset = 0;
    if (!read_u32(offset)) return false;
  }
  if (align > natural_align_log2) {
    return fail(std::string("alignment must not be larger than natural at ") + op_name(op_));
  }
  return true;
}

// ---- instructions ----

bool FunctionValidator::read_generic_immediates(Op op) {
  const OpInfo& info = op_info(op);
  switch (info.imm) {
    case ImmKind::None: break;
    case ImmKind::MemArg:
      if (!read_memarg(info.n)) return false;
      break;
    case ImmKind::MemArgLane: {
      uint8_t lane = 0;
      if (!read_memarg(info.n) || !read_byte(lane)) return false;
      if (lane >= (16u >> info.n)) return fail("invalid lane index " + std::to_string(lane));
      break;
    }
    case ImmKind::Memory: {
      uint32_t memory = 0;
      if (!read_memory_index(memory) || !need_memory(memory)) return false;
      break;
    }
    case ImmKind::I32: {
      int32_t v = 0;
      if (const char* err = read_leb_s32(p_, end_, v)) return fail(err);
      break;
    }
    case ImmKind::I64: {
      int64_t v = 0;
      if (const char* err = read_leb_s64(p_, end_, v)) return fail(err);
      ++const_slots_;
      break;
    }
    case ImmKind::F32:
    case ImmKind::F64:
    case ImmKind::V128: {
      const size_t n = info.imm == ImmKind::F32 ? 4 : info.imm == ImmKind::F64 ? 8 : 16;
      if (static_cast<size_t>(end_ - p_) < n) return fail(kErrUnexpectedEnd);
      p_ += n;
      const_slots_ += n == 16 ? 2 : 1;
      break;
    }
    case ImmKind::Shuffle: {
      if (end_ - p_ < 16) return fail(kErrUnexpectedEnd);
      for (int i = 0; i < 16; ++i) {
        if (p_[i] >= 32) return fail("invalid lane index " + std::to_string(p_[i]));
      }
      p_ += 16;
      break;
    }
    case ImmKind::Lane: {
      uint8_t lane = 0;
      if (!read_byte(lane)) return false;
      if (lane >= info.n) return fail("invalid lane index " + std::to_string(lane));
      break;
    }
    case ImmKind::MemoryInit: {
      uint32_t data = 0;
      uint32_t memory = 0;
      if (!read_u32(data) || !read_memory_index(memory) || !need_memory(memory) ||
          !need_data_count(data)) {
        return false;
      }
      break;
    }
    case ImmKind::Data: {
      uint32_t data = 0;
      if (!read_u32(data) || !need_data_count(data)) return false;
      break;
    }
    case ImmKind::MemoryCopy: {
      uint32_t dst = 0;
      uint32_t src = 0;
      if (!read_memory_index(dst) || !read_memory_index(src) || !need_memory(src) ||
          !need_memory(dst)) {
        return false;
      }
      copy_src_ = src;  // mem_ is the destination
      break;
    }
    case ImmKind::TableInit: {
      uint32_t elem = 0;
      uint32_t table = 0;
      if (!read_u32(elem) || !read_u32(table)) return false;
      if (elem >= m_.elems.size()) return fail("unknown elem segment " + std::to_string(elem));
      if (!need_table(table)) return false;
      if (m_.elems[elem].type != m_.tables[table].elem) {
        return fail_mismatch(static_cast<uint8_t>(m_.tables[table].elem),
                             static_cast<uint8_t>(m_.elems[elem].type));
      }
      break;
    }
    case ImmKind::Elem: {
      uint32_t elem = 0;
      if (!read_u32(elem)) return false;
      if (elem >= m_.elems.size()) return fail("unknown elem segment " + std::to_string(elem));
      break;
    }
    case ImmKind::TableCopy: {
      uint32_t dst = 0;
      uint32_t src = 0;
      if (!read_u32(dst) || !read_u32(src) || !need_table(dst) || !need_table(src)) return false;
      if (m_.tables[dst].elem != m_.tables[src].elem) {
        return fail_mismatch(static_cast<uint8_t>(m_.tables[dst].elem),
                             static_cast<uint8_t>(m_.tables[src].elem));
      }
      break;
    }
    case ImmKind::Table: {
      uint32_t table = 0;
      if (!read_u32(table) || !need_table(table)) return false;
      break;
    }
    default: return fail(std::string("unexpected immediate kind at ") + op_name(op));
  }
  return true;
}

bool FunctionValidator::tail_call(const FuncType& callee) {
  Types own = results(ctrl_.front());
  if (callee.results.size() != own.size ||
      !std::equal(callee.results.begin(), callee.results.end(), own.data)) {
    return fail("type mismatch: tail call to a function returning " + to_string(callee) +
                " from one returning other results");
  }
  if (!pop_types({callee.params.data(), static_cast<uint32_t>(callee.params.size())})) {
    return false;
  }
  set_unreachable();
  return true;
}

bool FunctionValidator::step_special(Op op) {
  switch (op) {
    case Op::Unreachable: set_unreachable(); return true;

    case Op::Block: {
      Ctrl c;
      return read_block_type(c) && push_ctrl(op, c);
    }

    case Op::Loop: {
      Ctrl c;
      if (!read_block_type(c)) return false;
      c.outer_loop = open_loop_;
      open_loop_ = loop_count_++;
      info_->loop_reads.resize(size_t(loop_count_) * info_->loop_words);
      return push_ctrl(op, c);
    }

    case Op::If: {
      Ctrl c;
      return read_block_type(c) && pop_expect(ValType::I32) && push_ctrl(op, c);
    }

    case Op::Else: {
      Ctrl& c = ctrl_.back();
      if (c.kind != Op::If) return fail("else without matching if");
      if (!check_frame_end(c)) return false;
      // The then-arm falls through to the end: an edge like a branch to this frame.
      note_target_extent(c, results(c).size);
      c.kind = Op::Else;
      c.unreachable = false;
      slots_ = c.slot_height;
      return push_types(params(c));
    }

    case Op::End: {
      Ctrl& c = ctrl_.back();
      if (!check_frame_end(c)) return false;
      if (c.kind == Op::If) {
        const Types ps = params(c);
        const Types rs = results(c);
        if (!same_types(ps.data, ps.size, rs.data, rs.size)) {
          return fail("type mismatch: if without else must have matching params and results");
        }
      }
      const Ctrl done = c;
      ctrl_.pop_back();
      if (done.kind == Op::Loop) close_loop(done.outer_loop);
      slots_ = done.slot_height;
      return ctrl_.empty() || push_types(results(done));
    }

    case Op::Br: {
      uint32_t depth = 0;
      Ctrl* target = nullptr;
      if (!read_u32(depth) || !label(depth, target)) return false;
      if (!pop_types(label_types(*target))) return false;
      note_branch(*target);
      set_unreachable();
      return true;
    }

    case Op::BrIf: {
      uint32_t depth = 0;
      Ctrl* target = nullptr;
      if (!read_u32(depth) || !label(depth, target) || !pop_expect(ValType::I32)) return false;
      const Types lt = label_types(*target);
      if (!pop_types(lt)) return false;
      if (!push_types(lt)) return false;
      note_branch(*target);
      return true;
    }

    case Op::BrTable: {
      uint32_t n = 0;
      if (!read_u32(n)) return false;
      if (n > static_cast<size_t>(end_ - p_)) return fail("length out of bounds: br_table");
      labels_.resize(size_t{n} + 1);
      for (uint32_t& l : labels_) {
        if (!read_u32(l)) return false;
      }
      if (!pop_expect(ValType::I32)) return false;
      Ctrl* def = nullptr;
      if (!label(labels_[n], def)) return false;
      const uint32_t arity = label_types(*def).size;
      for (uint32_t i = 0; i < n; ++i) {
        Ctrl* target = nullptr;
        if (!label(labels_[i], target)) return false;
        const Types lt = label_types(*target);
        if (lt.size != arity) return fail("type mismatch: br_table targets differ in arity");
        // Pop as this target's types, then put back what was popped: unknown values stay
        // unknown so that targets of different types can still meet in dead code.
        scratch_.clear();
        for (uint32_t k = lt.size; k-- > 0;) {
          const uint8_t want = static_cast<uint8_t>(lt.data[k]);
          uint8_t got = 0;
          if (!pop_any(got)) return false;
          if (got != want && got != kUnknown) return fail_mismatch(want, got);
          scratch_.push_back(got);
        }
        for (size_t k = scratch_.size(); k-- > 0;) push(scratch_[k]);
        note_branch(*target);
      }
      if (!pop_types(label_types(*def))) return false;
      note_branch(*def);
      set_unreachable();
      return true;
    }

    case Op::Return:
      if (!pop_types(results(ctrl_.front()))) return false;
      set_unreachable();
      return true;

    case Op::Call: {
      uint32_t f = 0;
      if (!read_u32(f)) return false;
      if (f >= m_.func_types.size()) return fail("unknown function " + std::to_string(f));
      const FuncType& t = m_.func_type(f);
      if (!pop_types({t.params.data(), static_cast<uint32_t>(t.params.size())})) return false;
      return push_types({t.results.data(), static_cast<uint32_t>(t.results.size())});
    }

    case Op::ReturnCall: {
      if (!features_.tail_call) return fail("tail calls are disabled (feature tail-call)");
      uint32_t f = 0;
      if (!read_u32(f)) return false;
      if (f >= m_.func_types.size()) return fail("unknown function " + std::to_string(f));
      return tail_call(m_.func_type(f));
    }

    case Op::CallIndirect:
    case Op::ReturnCallIndirect: {
      if (op == Op::ReturnCallIndirect && !features_.tail_call) {
        return fail("tail calls are disabled (feature tail-call)");
      }
      uint32_t type = 0;
      uint32_t table = 0;
      if (!read_u32(type) || !read_u32(table)) return false;
      if (type >= m_.types.size()) return fail("unknown type " + std::to_string(type));
      if (!need_table(table)) return false;
      if (m_.tables[table].elem != ValType::FuncRef) {
        return fail("type mismatch: call_indirect needs a funcref table");
      }
      const FuncType& t = m_.types[type];
      if (!pop_expect(ValType::I32)) return false;
      if (op == Op::ReturnCallIndirect) return tail_call(t);
      if (!pop_types({t.params.data(), static_cast<uint32_t>(t.params.size())})) return false;
      return push_types({t.results.data(), static_cast<uint32_t>(t.results.size())});
    }

    case Op::Drop: {
      uint8_t t = 0;
      return pop_any(t);
    }

    case Op::Select: {
      uint8_t t1 = 0;
      uint8_t t2 = 0;
      if (!pop_expect(ValType::I32) || !pop_any(t1) || !pop_any(t2)) return false;
      auto numeric_or_vector = [](uint8_t t) {
        return t == kUnknown || !is_ref(static_cast<ValType>(t));
      };
      if (!numeric_or_vector(t1) || !numeric_or_vector(t2)) {
        return fail("type mismatch: select without a type needs numeric or vector operands");
      }
      if (t1 != t2 && t1 != kUnknown && t2 != kUnknown) return fail_mismatch(t1, t2);
      push(t1 == kUnknown ? t2 : t1);
      return true;
    }

    case Op::SelectT: {
      uint32_t n = 0;
      uint8_t b = 0;
      if (!read_u32(n)) return false;
      if (n != 1) return fail("invalid result arity: typed select needs exactly one type");
      if (!read_byte(b)) return false;
      if (!is_valtype_byte(b)) return fail("malformed value type");
      if (!pop_expect(ValType::I32) || !pop_expect(b) || !pop_expect(b)) return false;
      push(b);
      return true;
    }

    case Op::GlobalGet:
    case Op::GlobalSet: {
      uint32_t i = 0;
      if (!read_u32(i)) return false;
      if (i >= m_.global_types.size()) return fail("unknown global " + std::to_string(i));
      const GlobalType& g = m_.global_types[i];
      if (op == Op::GlobalGet) {
        push(g.type);
        return true;
      }
      if (!g.is_mutable) return fail("global is immutable: global.set " + std::to_string(i));
      return pop_expect(g.type);
    }

    case Op::TableGet:
    case Op::TableSet:
    case Op::TableGrow:
    case Op::TableFill: {
      uint32_t i = 0;
      if (!read_u32(i) || !need_table(i)) return false;
      const ValType t = m_.tables[i].elem;
      switch (op) {
        case Op::TableGet:
          if (!pop_expect(ValType::I32)) return false;
          push(t);
          return true;
        case Op::TableSet: return pop_expect(t) && pop_expect(ValType::I32);
        case Op::TableGrow:
          if (!pop_expect(ValType::I32) || !pop_expect(t)) return false;
          push(ValType::I32);
          return true;
        default:  // table.fill
          return pop_expect(ValType::I32) && pop_expect(t) && pop_expect(ValType::I32);
      }
    }

    case Op::RefNull: {
      uint8_t b = 0;
      if (!read_byte(b)) return false;
      if (b != static_cast<uint8_t>(ValType::FuncRef) &&
          b != static_cast<uint8_t>(ValType::ExternRef)) {
        return fail("malformed reference type");
      }
      push(b);
      return true;
    }

    case Op::RefIsNull: {
      uint8_t t = 0;
      if (!pop_any(t)) return false;
      if (t != kUnknown && !is_ref(static_cast<ValType>(t))) {
        return fail(std::string("type mismatch: expected a reference, got ") + type_name(t) +
                    " at ref.is_null");
      }
      push(ValType::I32);
      return true;
    }

    case Op::RefFunc: {
      uint32_t f = 0;
      if (!read_u32(f)) return false;
      if (f >= m_.func_types.size()) return fail("unknown function " + std::to_string(f));
      if (!declared_refs_[f]) return fail("undeclared function reference " + std::to_string(f));
      push(ValType::FuncRef);
      return true;
    }

    default: return fail(std::string("unhandled instruction ") + op_name(op));
  }
}

bool FunctionValidator::run(const uint8_t* begin, const uint8_t* end) {
  const DispatchTables& t = dispatch_tables();
  p_ = begin;
  end_ = end;
  while (p_ < end_) {
    op_pc_ = static_cast<uint32_t>(p_ - base_);
    const uint8_t b = *p_++;
    uint16_t index;
    if (b == 0xfc || b == 0xfd) {
      uint32_t sub = 0;
      if (!read_u32(sub)) return false;
      index = sub < kOpTableColumns ? kOpByEncoding[b == 0xfc ? 1 : 2][sub] : kNoOpIndex;
      if (index == kNoOpIndex) return fail_illegal(b, &sub);
      if (!features_.relaxed_simd && is_relaxed_simd(static_cast<Op>(index))) {
        return fail(std::string(op_name(static_cast<Op>(index))) +
                    " is disabled (feature relaxed-simd)");
      }
    } else {
      index = kOpByEncoding[0][b];
      if (index == kNoOpIndex) return fail_illegal(b, nullptr);
    }
    op_ = static_cast<Op>(index);
    // The most frequent instructions are checked right here, without a call.
    switch (op_) {
      case Op::LocalGet:
      case Op::LocalSet:
      case Op::LocalTee: {
        uint32_t i = 0;
        if (!read_u32(i)) return false;
        if (i >= num_locals_) return fail("unknown local " + std::to_string(i));
        const ValType type = locals_[i];
        if (op_ == Op::LocalGet && open_loop_ != kNoLoop && i < kLoopTrackedLocals) {
          info_->loop_reads[size_t(open_loop_) * info_->loop_words + i / 64] |= 1ull << (i % 64);
        }
        if (op_ != Op::LocalGet && !pop_expect(type)) return false;
        if (op_ != Op::LocalSet) push(type);
        continue;
      }
      case Op::I32Const: {
        if (p_ != end_ && *p_ < 0x80) {
          ++p_;
        } else {
          int32_t v = 0;
          if (const char* err = read_leb_s32(p_, end_, v)) return fail(err);
        }
        push(ValType::I32);
        ++const_slots_;
        continue;
      }
      default: break;
    }
    const OpDesc& d = t.desc[index];
    if (!d.special) {
      // Table-driven typing: immediates, then the fixed signature.
      if (d.imm != ImmKind::None && !read_generic_immediates(op_)) return false;
      if (const uint8_t i64 = d.address_mask ? i64_operands(d.address_mask) : 0; i64 != 0) {
        constexpr uint8_t kI64 = static_cast<uint8_t>(ValType::I64);
        for (uint32_t i = d.num_params; i-- > 0;) {
          if (!pop_expect((i64 >> i) & 1 ? kI64 : d.params[i])) return false;
        }
        if (d.has_result) push((i64 & 8) ? kI64 : d.result);
        continue;
      }
      for (uint32_t i = d.num_params; i-- > 0;) {
        if (!pop_expect(d.params[i])) return false;
      }
      if (d.has_result) push(d.result);
      continue;
    }
    if (!step_special(op_)) return false;
    if (ctrl_.empty()) {
      if (p_ != end_) return fail("operators remaining after end of function");
      return true;
    }
  }
  op_pc_ = static_cast<uint32_t>(end_ - base_);
  return fail("unexpected end of function body: END opcode expected");
}

bool FunctionValidator::fail_illegal(uint8_t byte, const uint32_t* sub) {
  char buf[48];
  if (sub) {
    std::snprintf(buf, sizeof buf, "illegal opcode 0x%02x %u", byte, *sub);
  } else {
    std::snprintf(buf, sizeof buf, "illegal opcode 0x%02x", byte);
  }
  return fail(buf);
}

bool FunctionValidator::validate(uint32_t defined_index, FunctionInfo& info) {
  const core::FunctionBody& body = m_.bodies[defined_index];
  const FuncType& type = m_.types[body.type_index];
  info.func_index = m_.num_imported_funcs + defined_index;
  info.type_index = body.type_index;
  info.locals.clear();
  info.locals.reserve(type.params.size() + body.num_locals);
  info.locals.insert(info.locals.end(), type.params.begin(), type.params.end());
  for (const core::LocalDecl& d : body.locals)
    info.locals.insert(info.locals.end(), d.count, d.type);
  info_ = &info;
  locals_ = info.locals.data();
  num_locals_ = static_cast<uint32_t>(info.locals.size());

  stack_.clear();
  ctrl_.clear();
  slots_ = 0;
  max_stack_ = 0;
  max_slots_ = 0;
  const_slots_ = 0;
  open_loop_ = kNoLoop;
  loop_count_ = 0;
  info.loop_reads.clear();
  info.loop_words = (std::min(num_locals_, kLoopTrackedLocals) + 63) / 64;
  Ctrl frame;
  frame.kind = Op::Block;
  frame.block_type = body.type_index;
  ctrl_.push_back(frame);
  op_ = Op::Block;
  op_pc_ = body.code_begin;
  const bool ok = run(base_ + body.code_begin, base_ + body.code_end);
  info.max_stack = max_stack_;
  info.max_stack_slots = max_slots_;
  info.const_slots = const_slots_;
  return ok;
}

}  // namespace wasmrun
