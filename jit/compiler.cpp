// The driver's walk over one body: reading instructions, the frame layout, unreachable code.
#include "jit/compiler.h"

#include <algorithm>

#include "jit/function_compiler.h"

namespace wasmrun::jit::detail {

Op FunctionCompiler::read_op() {
  uint8_t b = byte();
  if (b == 0xfc || b == 0xfd) return validated_prefixed_op(b, u32());
  return validated_op(b);
}

// Immediates of instructions in unreachable code still have to be stepped over.
void FunctionCompiler::skip_immediates(Op op) {
  switch (op_info(op).imm) {
    case ImmKind::None: break;
    case ImmKind::BlockType: {
      int64_t v = 0;
      read_leb_s33(p_, end_, v);
      break;
    }
    case ImmKind::BrTable: {
      uint32_t n = u32();
      for (uint32_t i = 0; i <= n; ++i) u32();
      break;
    }
    case ImmKind::MemArg: memarg(); break;
    case ImmKind::CallIndirect:
    case ImmKind::TableInit:
    case ImmKind::TableCopy:
      u32();
      u32();
      break;
    case ImmKind::SelectT: {
      uint32_t n = u32();
      p_ += n;
      break;
    }
    case ImmKind::I32: s32(); break;
    case ImmKind::I64: s64(); break;
    case ImmKind::F32: p_ += 4; break;
    case ImmKind::F64: p_ += 8; break;
    case ImmKind::V128:
    case ImmKind::Shuffle: p_ += 16; break;
    case ImmKind::Lane:
    case ImmKind::Memory:
    case ImmKind::RefType: p_ += 1; break;
    case ImmKind::MemArgLane:
      memarg();
      p_ += 1;
      break;
    case ImmKind::MemoryInit:
      u32();
      p_ += 1;
      break;
    case ImmKind::MemoryCopy: p_ += 2; break;
    default: u32(); break;  // Label, Func, Local, Global, Table, Data, Elem
  }
}

void FunctionCompiler::read_block_type(std::vector<ValType>& params,
                                       std::vector<ValType>& results) {
  int64_t bt = 0;
  read_leb_s33(p_, end_, bt);
  if (bt >= 0) {
    const FuncType& t = module_.types[static_cast<uint32_t>(bt)];
    params = t.params;
    results = t.results;
    return;
  }
  uint8_t b = static_cast<uint8_t>(bt & 0x7f);
  if (b != 0x40) results.push_back(static_cast<ValType>(b));
}

// fp-relative layout: [header][declared locals][spill slots][.. outgoing area at sp]; params
// stay where the caller wrote them, above the return address.
void FunctionCompiler::lay_out_frame() {
  own_layout_ = call_layout(type_);
  const int32_t incoming = masm_.incoming_area_offset();
  for (size_t i = 0; i < type_.params.size(); ++i) {
    local_slots_.push_back(Slot::frame(incoming + own_layout_.params[i]));
    stack_.add_local(type_.params[i], local_slots_.back(), false);
  }
  int32_t offset = -masm_.frame_header_size();
  for (size_t i = type_.params.size(); i < info_.locals.size(); ++i) {
    offset -= static_cast<int32_t>(call_cell_size(info_.locals[i]));
    local_slots_.push_back(Slot::frame(offset));
    stack_.add_local(info_.locals[i], local_slots_.back(), true);
  }
  stack_.set_spill_base(offset);
  uint32_t below_fp = static_cast<uint32_t>(-offset) + kSpillSlotSize * info_.max_stack;
  frame_size_ = align16(below_fp + m_.outgoing_bytes);
}

// Linear: a read marks only the innermost open loop; a loop's set joins its parent's at `end`.
void FunctionCompiler::scan_loop_reads() {
  // Only the first kLoopTrackedLocals locals can stay in registers across a loop header: a few
  // registers hold locals anyway, and the bitsets stay small (loops x 32 bytes) however many
  // locals and loops a function declares.
  const size_t tracked = std::min<size_t>(info_.locals.size(), kLoopTrackedLocals);
  loop_words_ = static_cast<uint32_t>((tracked + 63) / 64);
  constexpr uint32_t kNotLoop = UINT32_MAX;
  std::vector<uint32_t> blocks;  // per open block: its loop ordinal, or kNotLoop
  std::vector<uint32_t> loops;   // ordinals of the open loops, innermost last
  uint32_t count = 0;
  p_ = module_.bytes.data() + body_.code_begin;
  end_ = module_.bytes.data() + body_.code_end;
  while (p_ < end_) {
    Op op = read_op();
    switch (op) {
      case Op::Loop:
        skip_immediates(op);
        blocks.push_back(count);
        loops.push_back(count++);
        loop_reads_.resize(size_t(count) * loop_words_);
        break;
      case Op::Block:
      case Op::If:
        skip_immediates(op);
        blocks.push_back(kNotLoop);
        break;
      case Op::End: {
        if (blocks.empty()) break;  // the function's end
        uint32_t b = blocks.back();
        blocks.pop_back();
        if (b == kNotLoop) break;
        loops.pop_back();
        if (loops.empty()) break;
        uint64_t* inner = loop_reads_.data() + size_t(b) * loop_words_;
        uint64_t* outer = loop_reads_.data() + size_t(loops.back()) * loop_words_;
        for (uint32_t w = 0; w < loop_words_; ++w) outer[w] |= inner[w];
        break;
      }
      case Op::LocalGet: {
        uint32_t i = u32();
        if (!loops.empty() && i < kLoopTrackedLocals)
          loop_reads_[size_t(loops.back()) * loop_words_ + i / 64] |= 1ull << (i % 64);
        break;
      }
      default: skip_immediates(op); break;
    }
  }
}

void FunctionCompiler::emit_fuel_check() {
  masm_.emit_fuel_check(trap_label(static_cast<uint32_t>(rt::TrapKind::OutOfFuel)));
}

// Sites are per instruction (the same one again when asked twice in a row) so that the site's
// return address tells the instruction; the code behind them is shared per kind.
Label FunctionCompiler::trap_label(uint32_t kind) {
  size_t index = kind == kPendingTrap ? kTrapKinds - 1 : kind;
  if (!sites_.empty() && sites_.back().kind_index == index && sites_.back().wasm == op_pos_) {
    return sites_.back().label;
  }
  sites_.push_back({masm_.new_label(), index, op_pos_});
  return sites_.back().label;
}

// After the body: each site some branch uses (a guard-page access asks for one it may not use),
// then the stub of each kind some site calls.
void FunctionCompiler::emit_trap_sites() {
  for (const TrapSite& s : sites_) {
    if (!masm_.has_branches_to(s.label)) continue;
    if (!trap_labels_[s.kind_index].valid()) trap_labels_[s.kind_index] = masm_.new_label();
    uint32_t ret = masm_.emit_trap_site(s.label, trap_labels_[s.kind_index]);
    m_.code_offsets->push_back({ret - 1, s.wasm});
  }
  for (size_t k = 0; k < kTrapKinds; ++k) {
    if (!trap_labels_[k].valid()) continue;
    uint32_t kind = k == kTrapKinds - 1 ? kPendingTrap : static_cast<uint32_t>(k);
    masm_.emit_trap_stub(trap_labels_[k], kind, func_index_, m_.trap_common);
  }
}

std::optional<std::string> FunctionCompiler::compile() {
  lay_out_frame();
  op_pos_ = body_.code_begin;  // prologue traps stand at the first instruction
  return_label_ = masm_.new_label();
  masm_.bind(label_);
  masm_.emit_prologue(frame_size_,
                      trap_label(static_cast<uint32_t>(rt::TrapKind::CallStackExhausted)));
  masm_.emit_interrupt_check(trap_label(static_cast<uint32_t>(rt::TrapKind::Interrupted)));
  if (m_.fuel) emit_fuel_check();

  ControlFrame fn;
  fn.kind = ControlFrame::Kind::Function;
  fn.results = type_.results;
  fn.label = return_label_;
  frames_.push_back(std::move(fn));

  scan_loop_reads();
  p_ = module_.bytes.data() + body_.code_begin;
  end_ = module_.bytes.data() + body_.code_end;
  while (p_ < end_ && !frames_.empty() && !error_) {
    op_pos_ = static_cast<uint32_t>(p_ - module_.bytes.data());
    Op op = read_op();
    if (!reachable_) {
      dead_op(op);
      continue;
    }
    if (!compile_op(op)) {
      error_ = std::string("instruction not supported by the JIT: ") + op_name(op);
    }
  }
  if (error_) return error_;
  emit_trap_sites();
  masm_.finish_function();
  return std::nullopt;
}

// Unreachable code is skipped, but its blocks are counted so the `else`/`end` that closes the
// current frame is recognised.
void FunctionCompiler::dead_op(Op op) {
  switch (op) {
    case Op::Loop:
      ++next_loop_;  // keeps loop ordinals in step with scan_loop_reads
      [[fallthrough]];
    case Op::Block:
    case Op::If:
      skip_immediates(op);
      ++dead_depth_;
      break;
    case Op::Else:
      if (dead_depth_ == 0) else_arm();
      break;
    case Op::End:
      if (dead_depth_ > 0) {
        --dead_depth_;
      } else {
        end_frame();
      }
      break;
    default: skip_immediates(op); break;
  }
}

}  // namespace wasmrun::jit::detail

namespace wasmrun::jit {

uint32_t module_outgoing_bytes(const core::Module& module) {
  uint32_t bytes = std::max(detail::kHelperAreaBytes, kMinArgAreaBytes);
  for (const FuncType& t : module.types) bytes = std::max(bytes, call_layout(t).bytes);
  return bytes;
}

std::optional<std::string> compile_function(ModuleCodegen& m, uint32_t defined_index) {
  detail::FunctionCompiler fc(m, defined_index);
  return fc.compile();
}

}  // namespace wasmrun::jit
