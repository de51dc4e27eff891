// Translation of a validated function body into the interpreter's internal code.
//
// The translator walks the body once, keeping an abstract operand stack. Each entry knows the
// slot it would occupy in a plain stack machine (its "home") and where its value is right now:
// in its home, still in a local (a folded local.get), or in the frame's constant pool (a folded
// constant). Instructions read their operands wherever they are and write results to the home
// of the value they push, so most local.get and const instructions produce no code. Pending
// entries are copied home ("materialized") wherever code paths merge or their local changes.
#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "engine/core/parallel.h"
#include "engine/interp/code.h"
#include "engine/interp/instr_reader.h"
#include "engine/interp/interpreter.h"
#include "engine/interp/shape.h"
#include "engine/interp/support.h"

namespace wasmrun::interp {
namespace {

constexpr uint32_t kMaxConstSlots = 64;  // constants are copied into every frame on entry

uint32_t size_of(ValType t) { return t == ValType::V128 ? 16 : 8; }

// A constant whose pool slot is not assigned yet: it gets one only when an instruction reads
// it from the frame, so constants that end up as immediates cost nothing on entry.
constexpr Off kNoSlot = ~Off{0};

struct Entry {
  enum Kind : uint8_t { Home, Local, Const };
  ValType type = ValType::I32;
  Kind kind = Home;
  Off home = 0;
  Off src = 0;  // where the value is now (== home when kind == Home); kNoSlot, see above
  uint64_t lo = 0, hi = 0;  // Const: the value
};

// A block's params or results: a view of the module's function type, or one inline type.
struct BlockTypes {
  const ValType* list = nullptr;
  uint32_t count = 0;
  ValType single = ValType::I32;  // the type when count == 1 and list is null
  size_t size() const { return count; }
  const ValType* begin() const { return list ? list : &single; }
  const ValType* end() const { return begin() + count; }
};

constexpr uint32_t kNoFixup = UINT32_MAX;

// A jump whose displacement field is patched with the position after a block's `end`: the
// field, its jump instruction (the displacement counts from the instruction), and the next
// fixup of the same block. A block's fixups form a chain through the translator's pool, so
// opening and closing blocks allocates nothing.
struct FixupLink {
  uint32_t field;
  uint32_t ins;
  uint32_t next;
};

// A function's code stays below this, so code positions fit the 32-bit fields above.
constexpr size_t kMaxCodeBytes = size_t{1} << 31;

struct Ctrl {
  enum Kind : uint8_t { Func, Block, Loop, If };
  Kind kind = Block;
  size_t height = 0;  // abstract stack size below the block's params
  BlockTypes params, results;
  size_t loop_pos = 0;               // Loop: code position of its first instruction
  uint32_t fixups = kNoFixup;        // head of this block's chain of forward jumps
  std::optional<size_t> else_fixup;  // If: the jump taken when the condition is false
  size_t else_field = 0;             // ...and its displacement field
  bool has_else = false;
};

// Constants that have a pool slot, by value: open addressing over a power-of-two table whose
// entries are valid only when stamped with the current function's generation, so clearing it
// for the next function costs nothing. The pool holds at most kMaxConstSlots values.
class ConstSlots {
 public:
  void clear() {
    if (++generation_ == 0) {  // wrapped: forget every stamp
      for (Item& i : items_) i.generation = 0;
      generation_ = 1;
    }
  }
  // The slot of (lo, hi, wide), or nullptr.
  const Off* find(uint64_t lo, uint64_t hi, bool wide) const {
    for (size_t i = hash(lo, hi, wide);; i = (i + 1) & kMask) {
      const Item& it = items_[i];
      if (it.generation != generation_) return nullptr;
      if (it.lo == lo && it.hi == hi && it.wide == wide) return &it.slot;
    }
  }
  void insert(uint64_t lo, uint64_t hi, bool wide, Off slot) {
    size_t i = hash(lo, hi, wide);
    while (items_[i].generation == generation_) i = (i + 1) & kMask;
    items_[i] = {lo, hi, slot, generation_, wide};
  }

 private:
  static constexpr size_t kSize = 4 * kMaxConstSlots;  // load factor at most 1/4
  static constexpr size_t kMask = kSize - 1;
  static_assert((kSize & kMask) == 0);
  static size_t hash(uint64_t lo, uint64_t hi, bool wide) {
    uint64_t h = (lo ^ (hi * 0x9e3779b97f4a7c15ull) ^ wide) * 0xff51afd7ed558ccdull;
    return static_cast<size_t>(h >> 56) & kMask;
  }
  struct Item {
    uint64_t lo = 0, hi = 0;
    Off slot = 0;
    uint32_t generation = 0;
    bool wide = false;
  };
  Item items_[kSize];
  uint32_t generation_ = 1;
};

// Buffers a module's translation reuses from one function to the next, so translating a
// function allocates only what it hands over (its code, instruction starts and constants).
struct TranslatorBuffers {
  std::vector<uint8_t> code;
  std::vector<Off> local_off;
  std::vector<ValType> local_type;
  std::vector<size_t> jumps;
  std::vector<Entry> stack;
  std::vector<Ctrl> ctrl;
  std::vector<FixupLink> fixups;
  ConstSlots consts;
};

class Translator {
 public:
  Translator(const ValidatedModule& vm, const FunctionInfo& info, FuncCode& out,
             const CompiledModule& cm, bool fuel, TranslatorBuffers& buffers)
      : m_(*vm.module),
        info_(info),
        out_(out),
        cm_(cm),
        fuel_(fuel),
        code_(buffers.code),
        local_off_(buffers.local_off),
        local_type_(buffers.local_type),
        const_slots_of_(buffers.consts),
        jumps_(buffers.jumps),
        stack_(buffers.stack),
        ctrl_(buffers.ctrl),
        fixups_(buffers.fixups) {
    code_.clear();
    local_off_.clear();
    local_type_.clear();
    const_slots_of_.clear();
    jumps_.clear();
    stack_.clear();
    ctrl_.clear();
    fixups_.clear();
  }

  std::optional<CoreError> run();

 private:
  // ---- code buffer ----
  size_t pos() const { return code_.size(); }
  template <class T>
  size_t emit(const T& ins) {
    static_assert(sizeof(T) % 8 == 0);
    // Padding bytes are not copied reliably (the optimizer may build `ins` field by field),
    // and code is serialized as it is: every byte of an instruction must be a member.
    static_assert(std::has_unique_object_representations_v<T>, "instruction with padding");
    size_t at = code_.size();
    note_offset(at);
    code_.resize(at + sizeof(T));
    std::memcpy(code_.data() + at, &ins, sizeof(T));
    starts_.push_back(static_cast<uint32_t>(at / 8));
    producer_.reset();
    prev_producer_.reset();
    return at;
  }
  // Takes back the instructions from `at` on (a fusion rewrites the last one).
  void truncate(size_t at) {
    code_.resize(at);
    while (!starts_.empty() && size_t{starts_.back()} * 8 >= at) starts_.pop_back();
  }
  // Records that the instruction emitted at `at` belongs to the wasm instruction being
  // translated, when that one may trap or call (only there can a backtrace frame stand). One
  // entry per wasm instruction: a lookup takes the last entry at or before the position. Entries
  // of code taken back by a fusion are dropped first.
  void note_offset(size_t at) {
    auto& offsets = out_.offsets;
    while (!offsets.empty() && offsets.back().code >= at) offsets.pop_back();
    if (!cur_may_trap_) return;
    if (!offsets.empty() && offsets.back().wasm == cur_pc_) return;
    offsets.push_back({static_cast<uint32_t>(at), cur_pc_});
  }
  template <class T>
  T make(IOp op) {
    T ins;
    std::memset(&ins, 0, sizeof ins);
    ins.h = handlers_[static_cast<size_t>(op)];
    return ins;
  }
  void patch_disp(size_t field_pos, size_t ins_pos, size_t target) {
    int32_t disp =
        static_cast<int32_t>(static_cast<int64_t>(target) - static_cast<int64_t>(ins_pos));
    std::memcpy(code_.data() + field_pos, &disp, 4);
  }

  // ---- abstract stack ----
  Off next_home() const {
    if (stack_.empty()) return stack_base_;
    return stack_.back().home + size_of(stack_.back().type);
  }
  Off home_at(size_t height) const {
    return height < stack_.size() ? stack_[height].home : next_home();
  }
  Entry& push(ValType t) {
    Entry e;
    e.type = t;
    e.home = e.src = next_home();
    uint64_t top = uint64_t{e.home} + size_of(t);
    if (top > max_top_) max_top_ = top;
    stack_.push_back(e);
    return stack_.back();
  }
  Entry pop() {
    Entry e = stack_.back();
    stack_.pop_back();
    return e;
  }
  // Where an operand is read from: assigns a pending constant its pool slot, or when the pool
  // is full writes the constant to the entry's home.
  Off at(Entry& e) {
    if (e.kind == Entry::Const && e.src == kNoSlot) {
      if (auto slot = const_slot(e.lo, e.hi, e.type == ValType::V128)) {
        e.src = *slot;
      } else {
        emit_const(e, e.home);
        e.kind = Entry::Home;
        e.src = e.home;
      }
    }
    return e.src;
  }
  void copy(Off from, Off to, ValType t) {
    if (from == to) return;
    auto ins = make<InsUn>(size_of(t) == 16 ? IOp::XCopy16 : IOp::XCopy8);
    ins.d = to;
    ins.a = from;
    emit(ins);
  }
  void emit_const(const Entry& e, Off to) {
    auto ins = make<InsConst>(size_of(e.type) == 16 ? IOp::XConst16 : IOp::XConst8);
    ins.d = to;
    ins.lo = e.lo;
    ins.hi = e.hi;
    emit(ins);
  }
  // Whether the entry's value is not in the frame: a constant without a pool slot.
  static bool unplaced(const Entry& e) { return e.kind == Entry::Const && e.src == kNoSlot; }
  // Writes the entry's value to `to`. A constant with no pool slot is written by an instruction
  // carrying it: as cheap as a copy, and it costs no pool slot (copied on every entry).
  void put(Entry& e, Off to) {
    if (unplaced(e)) {
      emit_const(e, to);
    } else {
      copy(e.src, to, e.type);
    }
  }
  void materialize(Entry& e) {
    if (e.kind == Entry::Home) return;
    put(e, e.home);
    e.kind = Entry::Home;
    e.src = e.home;
  }
  void materialize_range(size_t from, size_t to) {
    for (size_t i = from; i < to; ++i) materialize(stack_[i]);
  }
  void materialize_all() { materialize_range(0, stack_.size()); }
  // Pushes the result of the instruction about to be emitted and remembers where its
  // destination field is, so a following local.set can retarget it.
  Off push_result(ValType t) { return push(t).home; }
  template <class T>
  void emit_producer(const T& ins, size_t dst_field_offset, IOp op) {
    std::optional<Producer> before = producer_;
    size_t at = emit(ins);
    prev_producer_ = before;
    producer_ = Producer{at, at + dst_field_offset, stack_.back().home, op};
  }

  // ---- constants ----
  std::optional<Off> const_slot(uint64_t lo, uint64_t hi, bool wide) {
    if (const Off* slot = const_slots_of_.find(lo, hi, wide)) return *slot;
    uint32_t need = wide ? 2 : 1;
    if (out_.consts.size() + need > const_slots_) return std::nullopt;
    Off off = locals_bytes_ + static_cast<Off>(out_.consts.size() * 8);
    out_.consts.push_back(lo);
    if (wide) out_.consts.push_back(hi);
    const_slots_of_.insert(lo, hi, wide, off);
    return off;
  }
  // A constant stays pending: it becomes an immediate, a pool slot or an instruction writing
  // it, whichever its consumer needs (see at() and put()).
  void push_const(ValType t, uint64_t lo, uint64_t hi) {
    const Off* slot = const_slots_of_.find(lo, hi, t == ValType::V128);
    Entry& e = push(t);
    e.kind = Entry::Const;
    e.src = slot ? *slot : kNoSlot;
    e.lo = lo;
    e.hi = hi;
  }

  // ---- control ----
  static BlockTypes types_of(const std::vector<ValType>& list) {
    return {list.data(), static_cast<uint32_t>(list.size())};
  }
  void block_sig(int64_t bt, BlockTypes& params, BlockTypes& results) {
    params = {};
    results = {};
    if (bt == -64) return;
    if (bt < 0) {
      results.count = 1;
      results.single = static_cast<ValType>(static_cast<uint8_t>(bt & 0x7f));
      return;
    }
    const FuncType& ft = m_.types[static_cast<size_t>(bt)];
    params = types_of(ft.params);
    results = types_of(ft.results);
  }
  // Moves the top `arity` values to the homes the target expects; returns the number of moves.
  size_t branch_moves(const Ctrl& target, bool dry_run) {
    size_t arity = target.kind == Ctrl::Loop ? target.params.size() : target.results.size();
    Off dst = home_at(target.height);
    size_t moves = 0;
    for (size_t i = stack_.size() - arity; i < stack_.size(); ++i) {
      Entry& e = stack_[i];
      if (unplaced(e) || e.src != dst) {
        ++moves;
        if (!dry_run) put(e, dst);
      }
      dst += size_of(e.type);
    }
    return moves;
  }
  // An unconditional jump to `target` (moves already emitted).
  void emit_jump(Ctrl& target) {
    auto ins = make<InsBr>(IOp::XBr);
    size_t at = emit(ins);
    jumps_.push_back(at);
    link(target, at, at + offsetof(InsBr, disp));
  }
  void link(Ctrl& target, size_t ins_pos, size_t field_pos) {
    if (target.kind == Ctrl::Loop) {
      patch_disp(field_pos, ins_pos, target.loop_pos);
    } else {
      fixups_.push_back(
          {static_cast<uint32_t>(field_pos), static_cast<uint32_t>(ins_pos), target.fixups});
      target.fixups = static_cast<uint32_t>(fixups_.size() - 1);
    }
  }
  void resolve(uint32_t& head) {
    for (uint32_t i = head; i != kNoFixup; i = fixups_[i].next) {
      patch_disp(fixups_[i].field, fixups_[i].ins, pos());
    }
    head = kNoFixup;
  }
  // Leaves the function with the top num_results values as results (at fp + 0...).
  void emit_use_memory(uint32_t memory) {
    auto ins = make<InsIdx>(IOp::XUseMemory);
    ins.index = memory;
    emit(ins);
  }
  void emit_return() {
    size_t n = out_.num_results;
    if (n == 1 && size_of(stack_.back().type) == 8 && producer_ &&
        stack_.back().kind == Entry::Home && producer_->dst == stack_.back().home) {
      // The instruction that computed the result writes it to the result slot itself (every
      // handler reads its operands before writing its destination).
      Off result = 0;
      std::memcpy(code_.data() + producer_->field_pos, &result, sizeof(Off));
      emit(make<InsNone>(IOp::XReturn));
      return;
    }
    if (n == 1 && size_of(stack_.back().type) == 8) {
      auto ins = make<InsUn>(IOp::XReturn8);
      ins.a = at(stack_.back());
      emit(ins);
      return;
    }
    Off result_bytes = 0;
    for (size_t i = stack_.size() - n; i < stack_.size(); ++i)
      result_bytes += size_of(stack_[i].type);
    for (size_t i = stack_.size() - n; i < stack_.size(); ++i) {
      // A pending value inside the result area could be overwritten by an earlier result.
      Entry& e = stack_[i];
      if (e.kind != Entry::Home && !unplaced(e) && e.src < result_bytes) materialize(e);
    }
    Off dst = 0;
    for (size_t i = stack_.size() - n; i < stack_.size(); ++i) {
      put(stack_[i], dst);
      dst += size_of(stack_[i].type);
    }
    emit(make<InsNone>(IOp::XReturn));
  }

  std::optional<std::pair<size_t, size_t>> fuse_branch(const Entry& cond, bool negate);
  struct Address {
    Variant form;
    Off a, b;  // b: the constant for IndexedImm
    uint32_t shift;
  };
  std::optional<Address> take_address(const Entry& addr, Op mem_op);
  bool fuse_multiply(Op op, Entry& a, Entry& b, ValType rt);
  bool fuse_chain(Op op, Entry& a, Entry& b, ValType rt);
  void thread_jumps();
  void translate_generic(const Instr& in, const ShapeInfo& s);
  template <class Load, class Store, class LoadLane, class StoreLane>
  void emit_access(const Instr& in, Shape shape, IOp op, ValType rt, Entry a, Entry v);
  std::optional<CoreError> translate(const Instr& in, uint32_t pc);
  std::optional<CoreError> translate_control(const Instr& in, uint32_t pc);
  void translate_br_if(Ctrl& target, Entry cond);
  void translate_fc(const Instr& in);

  struct Producer {
    size_t ins_pos, field_pos;
    Off dst;
    IOp op;
  };

  const core::Module& m_;
  const FunctionInfo& info_;
  FuncCode& out_;
  const CompiledModule& cm_;
  const bool fuel_;  // TranslateOptions::fuel
  const Handler* handlers_ = handler_table();

  // Reused from function to function (TranslatorBuffers).
  std::vector<uint8_t>& code_;
  std::vector<Off>& local_off_;
  std::vector<ValType>& local_type_;
  ConstSlots& const_slots_of_;  // constants given a pool slot
  std::vector<size_t>& jumps_;  // unconditional jumps, for thread_jumps()
  std::vector<Entry>& stack_;
  std::vector<Ctrl>& ctrl_;
  std::vector<FixupLink>& fixups_;  // every block's chain of forward jumps

  std::vector<uint32_t> starts_;  // word index of every instruction, ascending
  Off locals_bytes_ = 0;
  uint32_t const_slots_ = 0;
  Off stack_base_ = 0;
  uint64_t max_top_ = 0;
  std::optional<Producer> producer_;
  std::optional<Producer> prev_producer_;  // the producer emitted right before producer_
  // The wasm instruction being translated: its offset, and whether it may trap or call.
  uint32_t cur_pc_ = 0;
  bool cur_may_trap_ = false;
  bool reachable_ = true;
  size_t skip_depth_ = 0;  // nesting inside unreachable code being skipped
};

std::optional<CoreError> Translator::run() {
  const core::FunctionBody& body = m_.bodies[info_.func_index - m_.num_imported_funcs];
  const FuncType& ft = m_.types[info_.type_index];
  out_.func_index = info_.func_index;
  out_.type = &ft;
  out_.num_params = static_cast<uint32_t>(ft.params.size());
  out_.num_results = static_cast<uint32_t>(ft.results.size());

  uint64_t off = 0;
  for (size_t i = 0; i < info_.locals.size(); ++i) {
    if (i == ft.params.size()) out_.param_bytes = static_cast<uint32_t>(off);
    local_off_.push_back(static_cast<Off>(off));
    local_type_.push_back(info_.locals[i]);
    off += size_of(info_.locals[i]);
    if (off > kMaxFrameBytes) return CoreError{body.entry_offset, "function has too many locals"};
  }
  if (info_.locals.size() == ft.params.size()) out_.param_bytes = static_cast<uint32_t>(off);
  locals_bytes_ = static_cast<Off>(off);
  out_.locals_bytes = locals_bytes_;

  // Size the constant pool before any stack slot is assigned: the pool sits below the stack.
  const uint8_t* bytes = m_.bytes.data();
  const_slots_ = std::min(info_.const_slots, kMaxConstSlots);
  code_.reserve(body.code_end - body.code_begin);
  starts_.reserve((body.code_end - body.code_begin) / 2);
  stack_base_ = locals_bytes_ + const_slots_ * 8;
  max_top_ = stack_base_;

  Ctrl fn;
  fn.kind = Ctrl::Func;
  fn.results = types_of(ft.results);
  ctrl_.push_back(std::move(fn));
  if (fuel_) emit(make<InsNone>(IOp::XFuel));

  InstrReader r(bytes + body.code_begin, bytes + body.code_end);
  Instr in;
  while (!r.at_end()) {
    uint32_t pc = static_cast<uint32_t>(r.pos() - bytes);
    r.read(in);
    if (!reachable_) {
      switch (in.op) {
        case Op::Block:
        case Op::Loop:
        case Op::If: ++skip_depth_; continue;
        case Op::Else:
          if (skip_depth_ > 0) continue;
          break;
        case Op::End:
          if (skip_depth_ > 0) {
            --skip_depth_;
            continue;
          }
          break;
        default: continue;
      }
    }
    if (auto err = translate(in, pc)) return err;
    if (ctrl_.empty()) break;
    if (code_.size() > kMaxCodeBytes) return CoreError{pc, "interpreter: function code too large"};
  }
  if (max_top_ > kMaxFrameBytes) return CoreError{body.entry_offset, "function frame too large"};

  thread_jumps();
  out_.const_ptr = out_.consts.data();
  out_.num_consts = static_cast<uint32_t>(out_.consts.size());
  out_.frame_bytes = static_cast<uint32_t>(max_top_);
  out_.code_words = code_.size() / 8;
  out_.code.reset(new uint64_t[out_.code_words]);
  std::memcpy(out_.code.get(), code_.data(), code_.size());
  out_.ins_words = std::move(starts_);
  return std::nullopt;
}

// The plain form of a memory access of any shape, in the instruction layouts given: InsLoad and
// friends for a 32-bit memory (whose offsets fit 32 bits), InsLoad64 and friends (Variant::Addr64)
// for a 64-bit one.
// `a` is the popped address, `v` the popped value (stores and lane accesses), both placed here.
template <class Load, class Store, class LoadLane, class StoreLane>
void Translator::emit_access(const Instr& in, Shape shape, IOp op, ValType rt, Entry a, Entry v) {
  if (shape == Shape::Load) {
    auto ins = make<Load>(op);
    ins.addr = at(a);
    ins.offset = in.offset;
    ins.d = push_result(rt);
    emit_producer(ins, offsetof(Load, d), op);
    return;
  }
  if (shape == Shape::Store) {
    auto ins = make<Store>(op);
    ins.addr = at(a);
    ins.v = at(v);
    ins.offset = in.offset;
    emit(ins);
  } else if (shape == Shape::LoadLane) {
    auto ins = make<LoadLane>(op);
    ins.addr = at(a);
    ins.v = at(v);
    ins.offset = in.offset;
    ins.lane = static_cast<uint8_t>(in.b);
    ins.d = push_result(rt);
    emit_producer(ins, offsetof(LoadLane, d), op);
  } else {
    auto ins = make<StoreLane>(op);
    ins.addr = at(a);
    ins.v = at(v);
    ins.offset = in.offset;
    ins.lane = static_cast<uint8_t>(in.b);
    emit(ins);
  }
}

void Translator::translate_generic(const Instr& in, const ShapeInfo& s) {
  IOp op = iop(in.op);
  ValType rt = s.r ? letter_type(s.r) : ValType::I32;
  const bool memory_shape = s.shape == Shape::Load || s.shape == Shape::Store ||
                            s.shape == Shape::LoadLane || s.shape == Shape::StoreLane;
  if (memory_shape && m_.memory_is_64(in.memory)) {
    Entry v = s.shape == Shape::Load ? Entry{} : pop();
    Entry a = pop();
    emit_access<InsLoad64, InsStore64, InsLoadLane64, InsStoreLane64>(
        in, s.shape, variant(in.op, Variant::Addr64), rt, a, v);
    return;
  }
  switch (s.shape) {
    case Shape::Unary:
    case Shape::UnaryTrap: {
      Entry a = pop();
      auto ins = make<InsUn>(op);
      ins.a = at(a);
      ins.d = push_result(rt);
      emit_producer(ins, offsetof(InsUn, d), op);
      break;
    }
    case Shape::Binary:
    case Shape::BinaryTrap: {
      Entry b = pop(), a = pop();
      if (fuse_multiply(in.op, a, b, rt)) break;
      if (s.shape == Shape::Binary && fuse_chain(in.op, a, b, rt)) break;
      if (b.kind == Entry::Const && op_has_imm_form(in.op)) {
        // The constant travels in the instruction.
        IOp k = variant(in.op, Variant::Imm);
        auto ins = make<InsBinImm>(k);
        ins.a = at(a);
        ins.imm = b.lo;
        ins.d = push_result(rt);
        emit_producer(ins, offsetof(InsBinImm, d), k);
        break;
      }
      auto ins = make<InsBin>(op);
      ins.a = at(a);
      ins.b = at(b);
      ins.d = push_result(rt);
      emit_producer(ins, offsetof(InsBin, d), op);
      break;
    }
    case Shape::Ternary: {
      Entry c = pop(), b = pop(), a = pop();
      auto ins = make<InsTern>(op);
      ins.a = at(a);
      ins.b = at(b);
      ins.c = at(c);
      ins.d = push_result(rt);
      emit_producer(ins, offsetof(InsTern, d), op);
      break;
    }
    case Shape::Load: {
      Entry a = pop();
      if (auto addr = take_address(a, in.op)) {
        IOp k = variant(in.op, addr->form);
        if (addr->form == Variant::Scaled) {
          auto ins = make<InsLoadScaled>(k);
          ins.a = addr->a;
          ins.b = addr->b;
          ins.shift = addr->shift;
          ins.offset = in.a;
          ins.d = push_result(rt);
          emit_producer(ins, offsetof(InsLoadScaled, d), k);
          break;
        }
        auto ins = make<InsLoadIdx>(k);
        ins.a = addr->a;
        ins.b = addr->b;
        ins.offset = in.a;
        ins.d = push_result(rt);
        emit_producer(ins, offsetof(InsLoadIdx, d), k);
        break;
      }
      emit_access<InsLoad, InsStore, InsLoadLane, InsStoreLane>(in, s.shape, op, rt, a, {});
      break;
    }
    case Shape::Store: {
      Entry v = pop(), a = pop();
      // A constant value is placed first: placing it may write its home (right above the
      // address) with an instruction, which must come before the add the store absorbs.
      if (unplaced(v)) at(v);
      if (auto addr = take_address(a, in.op)) {
        IOp k = variant(in.op, addr->form);
        if (addr->form == Variant::Scaled) {
          auto ins = make<InsStoreScaled>(k);
          ins.a = addr->a;
          ins.b = addr->b;
          ins.shift = addr->shift;
          ins.v = at(v);
          ins.offset = in.a;
          emit(ins);
          break;
        }
        auto ins = make<InsStoreIdx>(k);
        ins.a = addr->a;
        ins.b = addr->b;
        ins.v = at(v);
        ins.offset = in.a;
        emit(ins);
        break;
      }
      emit_access<InsLoad, InsStore, InsLoadLane, InsStoreLane>(in, s.shape, op, rt, a, v);
      break;
    }
    case Shape::ExtractLane: {
      Entry a = pop();
      auto ins = make<InsLane>(op);
      ins.a = at(a);
      ins.lane = static_cast<uint8_t>(in.b);
      ins.d = push_result(rt);
      emit_producer(ins, offsetof(InsLane, d), op);
      break;
    }
    case Shape::ReplaceLane: {
      Entry b = pop(), a = pop();
      auto ins = make<InsLane>(op);
      ins.a = at(a);
      ins.b = at(b);
      ins.lane = static_cast<uint8_t>(in.b);
      ins.d = push_result(rt);
      emit_producer(ins, offsetof(InsLane, d), op);
      break;
    }
    case Shape::Shuffle: {
      Entry b = pop(), a = pop();
      auto ins = make<InsShuffle>(op);
      ins.a = at(a);
      ins.b = at(b);
      std::memcpy(ins.lanes, &in.lo, 8);
      std::memcpy(ins.lanes + 8, &in.hi, 8);
      ins.d = push_result(rt);
      emit_producer(ins, offsetof(InsShuffle, d), op);
      break;
    }
    case Shape::LoadLane:
    case Shape::StoreLane: {
      Entry v = pop(), a = pop();
      emit_access<InsLoad, InsStore, InsLoadLane, InsStoreLane>(in, s.shape, op, rt, a, v);
      break;
    }
    case Shape::Nop:
    case Shape::Special: break;
  }
}

// When the condition was computed by a scalar comparison (or i32.eqz) emitted just before
// (nothing in between), the comparison becomes a compare-and-branch: jump when it holds (or, with
// `negate`, when it does not). Returns the jump's position and its displacement field.
std::optional<std::pair<size_t, size_t>> Translator::fuse_branch(const Entry& cond, bool negate) {
  if (!producer_ || cond.kind != Entry::Home || producer_->dst != cond.home) return std::nullopt;
  size_t at = producer_->ins_pos;
  auto op_index = static_cast<size_t>(producer_->op);
  if (producer_->op == IOp::I32Eqz) {
    InsUn cmp;
    std::memcpy(&cmp, code_.data() + at, sizeof cmp);
    truncate(at);
    auto ins = make<InsBr>(negate ? IOp::XBrIf : IOp::XBrIfI32Eqz);
    ins.cond = cmp.a;
    emit(ins);
    return std::make_pair(at, at + offsetof(InsBr, disp));
  }
  if (producer_->op == IOp::I64Eqz) {
    InsUn test;
    std::memcpy(&test, code_.data() + at, sizeof test);
    truncate(at);
    auto ins = make<InsBr>(negate ? IOp::XBrIfI64Nez : IOp::XBrIfI64Eqz);
    ins.cond = test.a;
    emit(ins);
    return std::make_pair(at, at + offsetof(InsBr, disp));
  }
  if (op_index < kOpCount && op_has_branch_form(static_cast<Op>(op_index))) {
    InsBin cmp;
    std::memcpy(&cmp, code_.data() + at, sizeof cmp);
    truncate(at);
    auto ins =
        make<InsBrCmp>(variant(static_cast<Op>(op_index), negate ? Variant::BrF : Variant::BrT));
    ins.a = cmp.a;
    ins.b = cmp.b;
    emit(ins);
    return std::make_pair(at, at + offsetof(InsBrCmp, disp));
  }
  size_t imm_base = static_cast<size_t>(variant(static_cast<Op>(0), Variant::Imm));
  if (op_index >= imm_base && op_index < imm_base + kOpCount &&
      op_has_branch_form(static_cast<Op>(op_index - imm_base))) {
    Op cmp_op = static_cast<Op>(op_index - imm_base);
    InsBinImm cmp;
    std::memcpy(&cmp, code_.data() + at, sizeof cmp);
    truncate(at);
    auto ins = make<InsBrCmpImm>(variant(cmp_op, negate ? Variant::BrFImm : Variant::BrTImm));
    ins.a = cmp.a;
    ins.imm = cmp.imm;
    emit(ins);
    return std::make_pair(at, at + offsetof(InsBrCmpImm, disp));
  }
  return std::nullopt;
}

// When a memory access's address was computed by an i32.add emitted just before (nothing in
// between, its result used only here), the add is removed and the access becomes a form that
// adds itself: Indexed (two operands), IndexedImm (an add or subtract of a constant), or Scaled
// (one addend was an i32.shl by a constant emitted right before the add, likewise removed).
std::optional<Translator::Address> Translator::take_address(const Entry& addr, Op mem_op) {
  if (!producer_ || addr.kind != Entry::Home || producer_->dst != addr.home ||
      !op_has_indexed_form(mem_op)) {
    return std::nullopt;
  }
  const IOp add_imm = variant(Op::I32Add, Variant::Imm);
  const IOp sub_imm = variant(Op::I32Sub, Variant::Imm);
  const IOp shl_imm = variant(Op::I32Shl, Variant::Imm);
  if (producer_->op == add_imm || producer_->op == sub_imm) {
    InsBinImm add;
    std::memcpy(&add, code_.data() + producer_->ins_pos, sizeof add);
    truncate(producer_->ins_pos);
    // x - c is x + (2^32 - c) modulo 2^32.
    auto addend = static_cast<Off>(add.imm);
    if (producer_->op == sub_imm) addend = 0u - addend;
    producer_.reset();
    return Address{Variant::IndexedImm, add.a, addend, 0};
  }
  if (producer_->op == IOp::ChainI32ShlImmI32AddReg) {
    InsChain chain;
    std::memcpy(&chain, code_.data() + producer_->ins_pos, sizeof chain);
    truncate(producer_->ins_pos);
    producer_.reset();
    return Address{Variant::Scaled, chain.c, chain.a, static_cast<uint32_t>(chain.imm1 & 31)};
  }
  if (producer_->op != IOp::I32Add) return std::nullopt;
  InsBin add;
  std::memcpy(&add, code_.data() + producer_->ins_pos, sizeof add);
  size_t start = producer_->ins_pos;
  Address out{Variant::Indexed, add.a, add.b, 0};
  if (prev_producer_ && prev_producer_->op == shl_imm &&
      prev_producer_->ins_pos + sizeof(InsBinImm) == producer_->ins_pos &&
      (add.a == prev_producer_->dst || add.b == prev_producer_->dst)) {
    InsBinImm shl;
    std::memcpy(&shl, code_.data() + prev_producer_->ins_pos, sizeof shl);
    Off base = add.a == prev_producer_->dst ? add.b : add.a;
    out = Address{Variant::Scaled, base, shl.a, static_cast<uint32_t>(shl.imm & 31)};
    start = prev_producer_->ins_pos;
  }
  truncate(start);
  producer_.reset();
  prev_producer_.reset();
  return out;
}

// A binary op consuming the result of one emitted just before (nothing in between, the result
// used only here) becomes one of the chain forms (code.h, WASMRUN_INTERP_CHAINS) when the pair
// is listed; for commutative ops the consumed result may be either operand.
bool Translator::fuse_chain(Op op, Entry& a, Entry& b, ValType rt) {
  if (!producer_) return false;
  bool a_is = a.kind == Entry::Home && a.home == producer_->dst;
  bool b_is = b.kind == Entry::Home && b.home == producer_->dst;
  if (a_is == b_is) return false;
  bool swapped = false;
  if (b_is) {
    switch (op) {
      case Op::I32Add:
      case Op::I32Mul:
      case Op::I32And:
      case Op::I32Or:
      case Op::I32Xor:
      case Op::I64Add:
      case Op::I64Mul:
      case Op::I64And:
      case Op::I64Or:
      case Op::I64Xor: swapped = true; break;
      default: return false;
    }
  }
  const Entry& other = swapped ? a : b;
  ChainForm k2 =
      other.kind == Entry::Const && op_has_imm_form(op) ? ChainForm::Imm : ChainForm::Reg;
  // Placing a constant could write its home, which may be the first op's operand slot.
  if (k2 == ChainForm::Reg && unplaced(other)) return false;
  for (const ChainInfo& c : kChains) {
    if (c.op2 != op || c.k2 != k2) continue;
    if (producer_->op != (c.k1 == ChainForm::Imm ? variant(c.op1, Variant::Imm) : iop(c.op1))) {
      continue;
    }
    auto ins = make<InsChain>(c.iop);
    if (c.k1 == ChainForm::Imm) {
      InsBinImm first;
      std::memcpy(&first, code_.data() + producer_->ins_pos, sizeof first);
      ins.a = first.a;
      ins.imm1 = first.imm;
    } else {
      InsBin first;
      std::memcpy(&first, code_.data() + producer_->ins_pos, sizeof first);
      ins.a = first.a;
      ins.b = first.b;
    }
    truncate(producer_->ins_pos);
    producer_.reset();
    if (k2 == ChainForm::Imm) {
      ins.imm2 = other.lo;
    } else {
      ins.c = other.src;
    }
    ins.d = push_result(rt);
    emit_producer(ins, offsetof(InsChain, d), c.iop);
    return true;
  }
  return false;
}

// A float add or subtract of a product emitted just before (nothing in between, the product
// used only here) replaces the multiply with one instruction doing both, rounding each.
bool Translator::fuse_multiply(Op op, Entry& a, Entry& b, ValType rt) {
  struct Fusion {
    Op op, mul;
    IOp mul_first, mul_second;
  };
  static constexpr Fusion kFusions[] = {
      {Op::F64Add, Op::F64Mul, IOp::XF64MulAdd, IOp::XF64AddMul},
      {Op::F64Sub, Op::F64Mul, IOp::XF64MulSub, IOp::XF64SubMul},
      {Op::F32Add, Op::F32Mul, IOp::XF32MulAdd, IOp::XF32AddMul},
      {Op::F32Sub, Op::F32Mul, IOp::XF32MulSub, IOp::XF32SubMul},
  };
  if (!producer_) return false;
  for (const Fusion& f : kFusions) {
    if (f.op != op || producer_->op != iop(f.mul)) continue;
    bool a_is_product = a.kind == Entry::Home && a.home == producer_->dst;
    bool b_is_product = b.kind == Entry::Home && b.home == producer_->dst;
    if (a_is_product == b_is_product) return false;
    InsBin mul;
    std::memcpy(&mul, code_.data() + producer_->ins_pos, sizeof mul);
    truncate(producer_->ins_pos);
    producer_.reset();
    IOp fused = a_is_product ? f.mul_first : f.mul_second;
    auto ins = make<InsTern>(fused);
    ins.a = mul.a;
    ins.b = mul.b;
    ins.c = at(a_is_product ? b : a);
    ins.d = push_result(rt);
    emit_producer(ins, offsetof(InsTern, d), fused);
    return true;
  }
  return false;
}

// An unconditional jump to a return is replaced by a copy of the return.
void Translator::thread_jumps() {
  for (size_t at : jumps_) {
    InsBr br;
    std::memcpy(&br, code_.data() + at, sizeof br);
    size_t target = static_cast<size_t>(static_cast<int64_t>(at) + br.disp);
    if (target + sizeof(InsUn) > code_.size()) continue;
    InsNone t;
    std::memcpy(&t, code_.data() + target, sizeof t);
    if (t.h == handlers_[static_cast<size_t>(IOp::XReturn)]) {
      std::memcpy(code_.data() + at, code_.data() + target, sizeof(InsNone));
    } else if (t.h == handlers_[static_cast<size_t>(IOp::XReturn8)]) {
      static_assert(sizeof(InsUn) == sizeof(InsBr));
      std::memcpy(code_.data() + at, code_.data() + target, sizeof(InsUn));
    }
  }
}

void Translator::translate_br_if(Ctrl& target, Entry cond) {
  if (target.kind == Ctrl::Func) {
    // Copies home are made on both paths, so the abstract stack stays true after the branch.
    materialize_all();
    auto skip = make<InsBr>(IOp::XBrUnless);
    skip.cond = at(cond);
    size_t at = emit(skip);
    emit_return();
    patch_disp(at + offsetof(InsBr, disp), at, pos());
    return;
  }
  materialize_range(0, target.height);
  if (branch_moves(target, /*dry_run=*/true) == 0) {
    if (auto fused = fuse_branch(cond, /*negate=*/false)) {
      link(target, fused->first, fused->second);
      return;
    }
    auto ins = make<InsBr>(IOp::XBrIf);
    ins.cond = at(cond);
    size_t at = emit(ins);
    link(target, at, at + offsetof(InsBr, disp));
    return;
  }
  auto skip = make<InsBr>(IOp::XBrUnless);
  skip.cond = at(cond);
  size_t at = emit(skip);
  branch_moves(target, /*dry_run=*/false);
  emit_jump(target);
  patch_disp(at + offsetof(InsBr, disp), at, pos());
}

std::optional<CoreError> Translator::translate_control(const Instr& in, uint32_t pc) {
  switch (in.op) {
    case Op::Block:
    case Op::Loop:
    case Op::If: {
      std::optional<Entry> cond;
      if (in.op == Op::If) cond = pop();
      materialize_all();
      std::optional<std::pair<size_t, size_t>> fused;
      if (cond) fused = fuse_branch(*cond, /*negate=*/true);
      producer_.reset();  // a label may follow: nothing before it can be retargeted
      Ctrl c;
      c.kind = in.op == Op::Block ? Ctrl::Block : in.op == Op::Loop ? Ctrl::Loop : Ctrl::If;
      block_sig(in.block_type, c.params, c.results);
      c.height = stack_.size() - c.params.size();
      if (in.op == Op::If) {
        if (fused) {
          c.else_fixup = fused->first;
          c.else_field = fused->second;
        } else {
          auto ins = make<InsBr>(IOp::XBrUnless);
          ins.cond = at(*cond);
          size_t at = emit(ins);
          c.else_fixup = at;
          c.else_field = at + offsetof(InsBr, disp);
        }
      } else if (in.op == Op::Loop) {
        // Backward jumps check the interrupt flag, so the header itself needs no code unless
        // fuel is metered: then every jump back lands on the XFuel that the fall-through runs too.
        c.loop_pos = pos();
        if (fuel_) emit(make<InsNone>(IOp::XFuel));
      }
      ctrl_.push_back(std::move(c));
      return std::nullopt;
    }
    case Op::Else: {
      Ctrl& c = ctrl_.back();
      if (reachable_) {
        materialize_all();
        emit_jump(c);
      }
      patch_disp(c.else_field, *c.else_fixup, pos());
      c.else_fixup.reset();
      c.has_else = true;
      producer_.reset();
      stack_.resize(c.height);
      for (ValType t : c.params) push(t);
      reachable_ = true;
      return std::nullopt;
    }
    case Op::End: {
      Ctrl& c = ctrl_.back();
      bool reach = reachable_;
      if (reachable_) materialize_all();
      // The function's end is no label when nothing jumps to it: the return that follows may
      // still retarget the instruction before it.
      if (c.kind != Ctrl::Func || c.fixups != kNoFixup || c.else_fixup) producer_.reset();
      if (c.else_fixup) {
        patch_disp(c.else_field, *c.else_fixup, pos());
        reach = true;
      }
      if (c.fixups != kNoFixup) reach = true;
      resolve(c.fixups);
      stack_.resize(c.height);
      for (ValType t : c.results) push(t);
      Ctrl::Kind kind = c.kind;
      ctrl_.pop_back();
      reachable_ = reach;
      if (kind == Ctrl::Func && reach) emit_return();
      return std::nullopt;
    }
    case Op::Br: {
      Ctrl& target = ctrl_[ctrl_.size() - 1 - in.a];
      if (target.kind == Ctrl::Func) {
        emit_return();
      } else {
        materialize_range(0, target.height);
        branch_moves(target, false);
        emit_jump(target);
      }
      reachable_ = false;
      return std::nullopt;
    }
    case Op::BrIf: {
      Entry cond = pop();
      Ctrl& target = ctrl_[ctrl_.size() - 1 - in.a];
      translate_br_if(target, cond);
      return std::nullopt;
    }
    case Op::BrTable: {
      Entry index = pop();
      materialize_all();
      Off index_at = at(index);  // before the table: this may emit an instruction
      size_t n = in.targets.size();
      size_t bytes = offsetof(InsBrTable, disp) + 4 * n;
      bytes = (bytes + 7) & ~size_t{7};
      size_t tab = pos();
      if (tab + bytes > kMaxCodeBytes) return CoreError{pc, "interpreter: function code too large"};
      note_offset(tab);
      code_.resize(tab + bytes, 0);
      starts_.push_back(static_cast<uint32_t>(tab / 8));
      InsBrTable head;
      head.h = handlers_[static_cast<size_t>(IOp::XBrTable)];
      head.index = index_at;
      head.count = static_cast<uint32_t>(n);
      std::memcpy(code_.data() + tab, &head, offsetof(InsBrTable, disp));
      producer_.reset();
      for (size_t i = 0; i < n; ++i) {
        Ctrl& target = ctrl_[ctrl_.size() - 1 - in.targets[i]];
        size_t field = tab + offsetof(InsBrTable, disp) + 4 * i;
        if (target.kind != Ctrl::Func && branch_moves(target, true) == 0) {
          link(target, tab, field);
          continue;
        }
        // A stub after the table moves the values, then jumps or returns.
        patch_disp(field, tab, pos());
        if (target.kind == Ctrl::Func) {
          emit_return();
        } else {
          branch_moves(target, false);
          emit_jump(target);
        }
      }
      reachable_ = false;
      return std::nullopt;
    }
    case Op::Return:
      emit_return();
      reachable_ = false;
      return std::nullopt;
    case Op::Unreachable: {
      auto ins = make<InsTrap>(IOp::XTrap);
      ins.kind = static_cast<uint32_t>(rt::TrapKind::Unreachable);
      emit(ins);
      reachable_ = false;
      return std::nullopt;
    }
    default: return std::nullopt;
  }
}

// Instructions where a backtrace frame can stand: numeric ops that trap, memory and table
// accesses, calls, and branches (a backward one checks the interrupt flag).
bool may_trap(Op op) {
  if (op_sig(op).traps) return true;
  switch (op_info(op).imm) {
    case ImmKind::MemArg:
    case ImmKind::MemArgLane:
    case ImmKind::MemoryInit:
    case ImmKind::MemoryCopy:
    case ImmKind::Memory:
    case ImmKind::Table:
    case ImmKind::TableInit:
    case ImmKind::TableCopy: return true;
    default: break;
  }
  switch (op) {
    case Op::Unreachable:
    case Op::Call:
    case Op::CallIndirect:
    case Op::ReturnCall:
    case Op::ReturnCallIndirect:
    case Op::Br:
    case Op::BrIf:
    case Op::BrTable: return true;
    default: return false;
  }
}

std::optional<CoreError> Translator::translate(const Instr& in, uint32_t pc) {
  cur_pc_ = pc;
  cur_may_trap_ = may_trap(in.op);
  const ShapeInfo& s = shape_of(in.op);
  if (s.shape != Shape::Special) {
    if (!op_supported(in.op)) {
      return CoreError{pc, std::string("interpreter: unsupported instruction ") + op_name(in.op)};
    }
    if (in.memory != 0 && op_has_memarg(in.op)) {
      // Another memory than 0: the access reaches it through the loop's memory registers,
      // selected for this one instruction (nothing fuses across the selection).
      emit_use_memory(in.memory);
      translate_generic(in, s);
      emit_use_memory(0);
      return std::nullopt;
    }
    translate_generic(in, s);
    return std::nullopt;
  }
  switch (in.op) {
    case Op::Unreachable:
    case Op::Block:
    case Op::Loop:
    case Op::If:
    case Op::Else:
    case Op::End:
    case Op::Br:
    case Op::BrIf:
    case Op::BrTable:
    case Op::Return: return translate_control(in, pc);

    case Op::Call:
    case Op::CallIndirect:
    case Op::ReturnCall:
    case Op::ReturnCallIndirect: {
      // A tail call lays out its arguments as a call does; the handler moves them to the
      // bottom of the frame, where the callee's frame then starts.
      const bool tail = in.op == Op::ReturnCall || in.op == Op::ReturnCallIndirect;
      const bool indirect = in.op == Op::CallIndirect || in.op == Op::ReturnCallIndirect;
      std::optional<Entry> index;
      uint32_t type_index = indirect ? in.a : m_.func_types[in.a];
      if (indirect) index = pop();
      const FuncType& ft = m_.types[type_index];
      materialize_all();
      stack_.resize(stack_.size() - ft.params.size());
      Off args = next_home();
      uint32_t result_bytes = 0;
      for (ValType t : ft.results) result_bytes += size_of(t);
      if (indirect) {
        auto ins = make<InsCallIndirect>(tail ? IOp::XReturnCallIndirect : IOp::XCallIndirect);
        ins.type_index = type_index;
        ins.table = in.b;
        ins.index = at(*index);
        ins.args = args;
        ins.result_bytes = result_bytes;
        emit(ins);
      } else if (in.a < m_.num_imported_funcs) {
        auto ins = make<InsCallImport>(tail ? IOp::XReturnCallImport : IOp::XCallImport);
        ins.func_index = in.a;
        ins.args = args;
        ins.result_bytes = result_bytes;
        emit(ins);
      } else {
        auto ins = make<InsCall>(tail ? IOp::XReturnCall : IOp::XCall);
        ins.callee = cm_.funcs[in.a - m_.num_imported_funcs].get();
        ins.args = args;
        emit(ins);
      }
      if (tail) {
        reachable_ = false;
        return std::nullopt;
      }
      for (ValType t : ft.results) push(t);
      return std::nullopt;
    }

    case Op::Drop: pop(); return std::nullopt;
    case Op::Select:
    case Op::SelectT: {
      Entry c = pop(), b = pop(), a = pop();
      auto ins = make<InsTern>(size_of(a.type) == 16 ? IOp::XSelect16 : IOp::XSelect8);
      ins.a = at(a);
      ins.b = at(b);
      ins.c = at(c);
      ins.d = push_result(a.type);
      emit_producer(ins, offsetof(InsTern, d), IOp::XSelect8);
      return std::nullopt;
    }

    case Op::LocalGet: {
      Entry& e = push(local_type_[in.a]);
      e.kind = Entry::Local;
      e.src = local_off_[in.a];
      return std::nullopt;
    }
    case Op::LocalSet:
    case Op::LocalTee: {
      Off local = local_off_[in.a];
      Entry& top = stack_.back();
      if (top.kind == Entry::Local && top.src == local) {
        if (in.op == Op::LocalSet) pop();
        return std::nullopt;  // x = x
      }
      // Entries below the top that still read the local need their own copy first.
      bool copied = false;
      for (size_t i = 0; i + 1 < stack_.size(); ++i) {
        Entry& e = stack_[i];
        if (e.kind == Entry::Local && e.src == local) {
          materialize(e);
          copied = true;
        }
      }
      Entry& v = stack_.back();
      if (!copied && producer_ && v.kind == Entry::Home && producer_->dst == v.home) {
        // The instruction that computed the value writes the local directly.
        std::memcpy(code_.data() + producer_->field_pos, &local, sizeof(Off));
        producer_.reset();
        if (in.op == Op::LocalSet) {
          pop();
        } else {
          v.kind = Entry::Local;
          v.src = local;
        }
        return std::nullopt;
      }
      put(v, local);
      if (in.op == Op::LocalSet) pop();
      return std::nullopt;
    }
    case Op::GlobalGet: {
      ValType t = m_.global_types[in.a].type;
      auto ins = make<InsIdx>(size_of(t) == 16 ? IOp::XGlobalGet16 : IOp::XGlobalGet8);
      ins.index = in.a;
      ins.a = push_result(t);
      emit_producer(ins, offsetof(InsIdx, a), IOp::XGlobalGet8);
      return std::nullopt;
    }
    case Op::GlobalSet: {
      Entry v = pop();
      auto ins = make<InsIdx>(size_of(v.type) == 16 ? IOp::XGlobalSet16 : IOp::XGlobalSet8);
      ins.index = in.a;
      ins.a = at(v);
      emit(ins);
      return std::nullopt;
    }
    case Op::TableGet: {
      Entry i = pop();
      auto ins = make<InsIdx>(IOp::XTableGet);
      ins.index = in.a;
      ins.b = at(i);
      ins.a = push_result(m_.tables[in.a].elem);
      emit_producer(ins, offsetof(InsIdx, a), IOp::XTableGet);
      return std::nullopt;
    }
    case Op::TableSet: {
      Entry v = pop(), i = pop();
      auto ins = make<InsIdx>(IOp::XTableSet);
      ins.index = in.a;
      ins.a = at(i);
      ins.b = at(v);
      emit(ins);
      return std::nullopt;
    }
    case Op::MemorySize: {
      const bool is64 = m_.memory_is_64(in.memory);
      const IOp op = is64 ? IOp::XMemorySize64 : IOp::XMemorySize;
      auto ins = make<InsIdx>(op);
      ins.index = in.memory;
      ins.a = push_result(m_.memory_address_type(in.memory));
      emit_producer(ins, offsetof(InsIdx, a), op);
      return std::nullopt;
    }
    case Op::MemoryGrow: {
      Entry d = pop();
      const IOp op = m_.memory_is_64(in.memory) ? IOp::XMemoryGrow64 : IOp::XMemoryGrow;
      auto ins = make<InsIdx>(op);
      ins.index = in.memory;
      ins.b = at(d);
      ins.a = push_result(m_.memory_address_type(in.memory));
      emit_producer(ins, offsetof(InsIdx, a), op);
      return std::nullopt;
    }
    case Op::I32Const: push_const(ValType::I32, in.lo & 0xffffffffu, 0); return std::nullopt;
    case Op::I64Const: push_const(ValType::I64, in.lo, 0); return std::nullopt;
    case Op::F32Const: push_const(ValType::F32, in.lo & 0xffffffffu, 0); return std::nullopt;
    case Op::F64Const: push_const(ValType::F64, in.lo, 0); return std::nullopt;
    case Op::V128Const: push_const(ValType::V128, in.lo, in.hi); return std::nullopt;
    case Op::RefNull:
      push_const(static_cast<ValType>(static_cast<uint8_t>(in.a)), 0, 0);
      return std::nullopt;
    case Op::RefIsNull: {
      Entry a = pop();
      auto ins = make<InsUn>(IOp::XRefIsNull);
      ins.a = at(a);
      ins.d = push_result(ValType::I32);
      emit_producer(ins, offsetof(InsUn, d), IOp::XRefIsNull);
      return std::nullopt;
    }
    case Op::RefFunc: {
      auto ins = make<InsIdx>(IOp::XRefFunc);
      ins.index = in.a;
      ins.a = push_result(ValType::FuncRef);
      emit_producer(ins, offsetof(InsIdx, a), IOp::XRefFunc);
      return std::nullopt;
    }
    default: translate_fc(in); return std::nullopt;
  }
}

// Bulk memory and table instructions of the 0xFC space.
void Translator::translate_fc(const Instr& in) {
  switch (in.op) {
    case Op::MemoryFill:
    case Op::TableFill: {
      Entry c = pop(), b = pop(), a = pop();
      const bool is64 = in.op == Op::MemoryFill && m_.memory_is_64(in.memory);
      auto ins = make<InsIdx>(in.op == Op::TableFill ? IOp::XTableFill
                              : is64                 ? IOp::XMemoryFill64
                                                     : IOp::XMemoryFill);
      ins.index = in.op == Op::MemoryFill ? in.memory : in.a;
      ins.a = at(a);
      ins.b = at(b);
      ins.c = at(c);
      emit(ins);
      break;
    }
    // Two indexes: memory.init (segment, memory), memory.copy (destination, source memory),
    // table.init (segment, table), table.copy (destination, source table).
    case Op::MemoryInit:
    case Op::MemoryCopy:
    case Op::TableInit:
    case Op::TableCopy: {
      Entry c = pop(), b = pop(), a = pop();
      // memory64: the X...64 forms when a memory named is 64-bit (memory.copy: either of them;
      // its handler reads each operand with its own memory's width).
      bool is64 = false;
      if (in.op == Op::MemoryInit) is64 = m_.memory_is_64(in.memory);
      if (in.op == Op::MemoryCopy) {
        is64 = m_.memory_is_64(in.memory) || m_.memory_is_64(in.memory_src);
      }
      IOp op = in.op == Op::MemoryInit   ? (is64 ? IOp::XMemoryInit64 : IOp::XMemoryInit)
               : in.op == Op::MemoryCopy ? (is64 ? IOp::XMemoryCopy64 : IOp::XMemoryCopy)
               : in.op == Op::TableInit  ? IOp::XTableInit
                                         : IOp::XTableCopy;
      auto ins = make<InsIdx2>(op);
      ins.x = in.op == Op::MemoryCopy ? in.memory : in.a;
      ins.y = in.op == Op::MemoryInit ? in.memory : in.op == Op::MemoryCopy ? in.memory_src : in.b;
      ins.a = at(a);
      ins.b = at(b);
      ins.c = at(c);
      emit(ins);
      break;
    }
    case Op::DataDrop:
    case Op::ElemDrop: {
      auto ins = make<InsIdx>(in.op == Op::DataDrop ? IOp::XDataDrop : IOp::XElemDrop);
      ins.index = in.a;
      emit(ins);
      break;
    }
    case Op::TableGrow: {
      Entry n = pop(), init = pop();
      auto ins = make<InsIdx>(IOp::XTableGrow);
      ins.index = in.a;
      ins.b = at(init);
      ins.c = at(n);
      ins.a = push_result(ValType::I32);
      emit_producer(ins, offsetof(InsIdx, a), IOp::XTableGrow);
      break;
    }
    case Op::TableSize: {
      auto ins = make<InsIdx>(IOp::XTableSize);
      ins.index = in.a;
      ins.a = push_result(ValType::I32);
      emit_producer(ins, offsetof(InsIdx, a), IOp::XTableSize);
      break;
    }
    default: break;
  }
}

}  // namespace

CoreResult<std::shared_ptr<const CompiledModule>> translate_module(
    std::shared_ptr<const ValidatedModule> module, TranslateOptions options) {
  auto cm = std::make_shared<CompiledModule>();
  cm->validated = module;
  for (size_t i = 0; i < module->functions.size(); ++i) {
    auto fc = std::make_unique<FuncCode>();
    fc->module = cm.get();
    cm->funcs.push_back(std::move(fc));
  }
  // One set of buffers per thread, reused from function to function.
  std::vector<std::unique_ptr<TranslatorBuffers>> buffers(std::max(options.threads, 1u));
  auto error = first_error_in_parallel<CoreError>(
      module->functions.size(), options.threads, [&](unsigned w, size_t i) {
        if (!buffers[w]) buffers[w] = std::make_unique<TranslatorBuffers>();
        Translator t(*module, module->functions[i], *cm->funcs[i], *cm, options.fuel, *buffers[w]);
        return t.run();
      });
  if (error) return *error;
  return std::shared_ptr<const CompiledModule>(std::move(cm));
}

const void* function_code(const CompiledModule& compiled, uint32_t func_index) {
  uint32_t imported = compiled.validated->module->num_imported_funcs;
  return compiled.funcs[func_index - imported].get();
}

}  // namespace wasmrun::interp
