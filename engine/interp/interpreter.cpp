// The dispatch loop: runs translated code, wasm-to-wasm calls included, without C++ recursion.
//
// Every handler ends by jumping straight to the next instruction's handler (computed goto under
// GCC and Clang; a `switch` when WASMRUN_INTERP_SWITCH is defined). The hot state lives in
// locals the compiler keeps in registers: the instruction pointer, the frame pointer and the
// current instance's memory.
#include "engine/interp/interpreter.h"

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstring>
#include <vector>

#include "engine/interp/code.h"
#include "engine/interp/generic_handlers.h"
#include "engine/interp/op_counts.h"
#include "engine/interp/op_fns.h"
#include "engine/interp/shape.h"
#include "engine/interp/support.h"
#include "runtime/native_stack.h"
#include "runtime/table.h"

#if defined(WASMRUN_INTERP_OP_COUNTS) && !defined(WASMRUN_INTERP_SWITCH)
#define WASMRUN_INTERP_SWITCH 1  // counting needs the op number of each instruction
#endif
#if !defined(WASMRUN_INTERP_SWITCH) && (defined(__GNUC__) || defined(__clang__))
#define WASMRUN_INTERP_GOTO 1
#else
#define WASMRUN_INTERP_GOTO 0
#endif

namespace wasmrun::interp {

namespace {

// Nested invocations (wasm -> host -> wasm ...) each use some native stack: they are bounded by
// the thread's stack (checked at every entry) and, whatever the stack, by this count.
constexpr uint32_t kMaxNesting = 1000;

struct FrameRec {
  const uint8_t* pc;  // where the caller continues
  uint8_t* fp;
  const FuncCode* fn;
  rt::InstanceContext* ctx;
};

uint32_t slot_bytes(ValType t) { return t == ValType::V128 ? 16 : 8; }

#define WASMRUN_SHAPE_ARGS(Name, Imm, n, sig)                                          \
  opfn::Name##Fn, classify(ImmKind::Imm, sig).shape, classify(ImmKind::Imm, sig).p[0], \
      classify(ImmKind::Imm, sig).p[1], classify(ImmKind::Imm, sig).p[2],              \
      classify(ImmKind::Imm, sig).r

constexpr bool kSupported[] = {
#define WASM_OP(Name, prefix, code, Imm, n, sig, text) \
  supported<WASMRUN_SHAPE_ARGS(Name, Imm, n, sig)>(),
#include "engine/core/opcodes.def"
};
constexpr bool kImmForm[] = {
#define WASM_OP(Name, prefix, code, Imm, n, sig, text) \
  imm_form<WASMRUN_SHAPE_ARGS(Name, Imm, n, sig)>(),
#include "engine/core/opcodes.def"
};
constexpr bool kBranchForm[] = {
#define WASM_OP(Name, prefix, code, Imm, n, sig, text) \
  branch_form<WASMRUN_SHAPE_ARGS(Name, Imm, n, sig)>(prefix, code),
#include "engine/core/opcodes.def"
};
constexpr bool kIndexedForm[] = {
#define WASM_OP(Name, prefix, code, Imm, n, sig, text) \
  indexed_form<WASMRUN_SHAPE_ARGS(Name, Imm, n, sig)>(),
#include "engine/core/opcodes.def"
};
static_assert(sizeof(InsBrCmp) == sizeof(InsBrCmpImm) &&
              offsetof(InsBrCmp, disp) == offsetof(InsBrCmpImm, disp));

}  // namespace

struct Thread::State {
  std::unique_ptr<uint64_t[]> stack;
  uint8_t* end = nullptr;
  uint8_t* top = nullptr;        // first free byte: where a new invocation's frame starts
  std::vector<FrameRec> frames;  // grown on demand, up to max_depth entries
  uint32_t depth = 0;            // saved frames in `frames`
  uint32_t max_depth = 0;
  uint32_t nesting = 0;
  uintptr_t stack_limit = 0;   // native stack: the limit of the running invocations' thread
  size_t max_stack_bytes = 0;  // the embedder's bound below the outermost entry (0: none)
};

Thread::Thread(uint32_t max_call_depth, size_t max_stack_bytes, size_t value_stack_bytes)
    : state_(std::make_unique<State>()) {
  state_->max_stack_bytes = max_stack_bytes;
  size_t words = std::max<size_t>(value_stack_bytes / 8, 16);
  state_->stack.reset(new uint64_t[words]);
  state_->top = reinterpret_cast<uint8_t*>(state_->stack.get());
  state_->end = state_->top + words * 8;
  // A frame may take no value-stack space at all, so the depth limit alone bounds recursion;
  // it is capped so that the frame records stay proportionate to the value stack.
  size_t cap = std::max<size_t>(words / 2, 1024);
  state_->max_depth = static_cast<uint32_t>(std::clamp<size_t>(max_call_depth, 1, cap));
  state_->frames.resize(std::min<uint32_t>(state_->max_depth, 1024));
}

Thread::~Thread() = default;

bool op_supported(Op op) { return kSupported[static_cast<size_t>(op)]; }
bool op_has_imm_form(Op op) { return kImmForm[static_cast<size_t>(op)]; }
bool op_has_branch_form(Op op) { return kBranchForm[static_cast<size_t>(op)]; }
bool op_has_indexed_form(Op op) { return kIndexedForm[static_cast<size_t>(op)]; }

namespace {

rt::TrapInfo make_trap(rt::TrapKind kind) {
  rt::TrapInfo t;
  t.kind = kind;
  t.message = rt::trap_message(kind);
  return t;
}

// call_indirect's lookup: the function at `index` of table `table`, or null with `trap` set.
rt::FuncInst* lookup_indirect(const rt::InstanceContext* ctx, uint32_t table, uint32_t index,
                              uint32_t type_index, rt::TrapKind& trap) {
  const rt::Table* t = ctx->tables[table];
  if (index >= t->size()) {
    trap = rt::TrapKind::UndefinedElement;
    return nullptr;
  }
  auto* callee = static_cast<rt::FuncInst*>(t->elems[index]);
  if (!callee) {
    trap = rt::TrapKind::UninitializedElement;
    return nullptr;
  }
  if (callee->type_id != ctx->type_ids[type_index]) {
    trap = rt::TrapKind::IndirectCallTypeMismatch;
    return nullptr;
  }
  return callee;
}

// `pos` lies inside the instruction the frame stands at: the trapping one, or the call (a
// saved return position less one). Before the first instruction, there is no entry.
void add_frame(rt::TrapInfo& t, const FuncCode* fn, const uint8_t* pos) {
  const auto* code = reinterpret_cast<const uint8_t*>(fn->code.get());
  std::optional<uint32_t> wasm;
  if (pos != nullptr && pos >= code && pos < code + fn->code_words * 8) {
    wasm = wasm_offset_at(fn->offsets, static_cast<uint32_t>(pos - code));
  }
  // Names are looked up here, on the cold path, rather than kept per function by every load.
  const core::Module& m = *fn->module->validated->module;
  rt::add_backtrace_frame(t, make_trap_frame(m, fn->func_index, m.func_name(fn->func_index), wasm));
}

// The frames of one dispatch loop, innermost (at `pc`) first.
void add_frames(rt::TrapInfo& t, const FuncCode* fn, const uint8_t* pc, const FrameRec* frames,
                uint32_t depth, uint32_t base) {
  add_frame(t, fn, pc);
  for (uint32_t d = depth; d > base; --d) add_frame(t, frames[d - 1].fn, frames[d - 1].pc - 1);
}

// Makes room for `need` saved frames; false when that exceeds the depth limit.
[[gnu::noinline]] bool grow_frames(Thread::State* st, uint32_t need) {
  if (need > st->max_depth) return false;
  size_t size = std::max<size_t>(need, st->frames.size() * 2);
  st->frames.resize(std::min<size_t>(size, st->max_depth));
  return true;
}

// Calls a host function with arguments taken from wasm slots at `base` and writes its results
// back there. Kept out of line: it is the cold path of calls.
[[gnu::noinline]] std::optional<rt::TrapInfo> call_host(const rt::FuncInst* f,
                                                        rt::InstanceContext* caller,
                                                        uint8_t* base) {
  const FuncType& t = *f->type;
  size_t np = t.params.size(), nr = t.results.size();
  rt::RawValue small[16];
  std::vector<rt::RawValue> big;
  rt::RawValue* cells = small;
  if (np + nr > 16) {
    big.resize(np + nr);
    cells = big.data();
  }
  rt::RawValue* args = cells;
  rt::RawValue* results = cells + np;
  uint32_t off = 0;
  for (size_t i = 0; i < np; ++i) {
    args[i] = rt::raw_zero();
    std::memcpy(&args[i], base + off, slot_bytes(t.params[i]));
    off += slot_bytes(t.params[i]);
  }
  for (size_t i = 0; i < nr; ++i) results[i] = rt::raw_zero();
  rt::HostCallContext hc{caller};
  if (auto trap = f->host(hc, args, results)) return trap;
  off = 0;
  for (size_t i = 0; i < nr; ++i) {
    std::memcpy(base + off, &results[i], slot_bytes(t.results[i]));
    off += slot_bytes(t.results[i]);
  }
  return std::nullopt;
}

// Runs `fn` with its frame (arguments in place) at `fp`. With `table_out` set, only reports the
// handler addresses and returns.
std::optional<rt::TrapInfo> run(Thread::State* st, const FuncCode* fn, rt::InstanceContext* ctx,
                                uint8_t* fp, const void* const** table_out) {
#if WASMRUN_INTERP_GOTO
  static const void* const kLabels[] = {
#define WASM_OP(Name, prefix, code, Imm, n, sig, text) &&L_##Name,
#include "engine/core/opcodes.def"
#define WASMRUN_X(Name) &&L_X##Name,
      WASMRUN_INTERP_OPS(WASMRUN_X)
#undef WASMRUN_X
#define WASM_OP(Name, prefix, code, Kind, n, sig, text) &&L_##Name##Imm,
#include "engine/core/opcodes.def"
#define WASM_OP(Name, prefix, code, Imm, n, sig, text) &&L_##Name##BrT,
#include "engine/core/opcodes.def"
#define WASM_OP(Name, prefix, code, Imm, n, sig, text) &&L_##Name##BrF,
#include "engine/core/opcodes.def"
#define WASM_OP(Name, prefix, code, Imm, n, sig, text) &&L_##Name##BrTImm,
#include "engine/core/opcodes.def"
#define WASM_OP(Name, prefix, code, Imm, n, sig, text) &&L_##Name##BrFImm,
#include "engine/core/opcodes.def"
#define WASM_OP(Name, prefix, code, Imm, n, sig, text) &&L_##Name##Indexed,
#include "engine/core/opcodes.def"
#define WASM_OP(Name, prefix, code, Imm, n, sig, text) &&L_##Name##IndexedImm,
#include "engine/core/opcodes.def"
#define WASM_OP(Name, prefix, code, Imm, n, sig, text) &&L_##Name##Scaled,
#include "engine/core/opcodes.def"
#define WASM_OP(Name, prefix, code, Imm, n, sig, text) &&L_##Name##Addr64,
#include "engine/core/opcodes.def"
#define WASMRUN_X(Op1, K1, Op2, K2) &&L_Chain##Op1##K1##Op2##K2,
          WASMRUN_INTERP_CHAINS(WASMRUN_X)
#undef WASMRUN_X
  };
  static_assert(sizeof(kLabels) / sizeof(kLabels[0]) == kIOpCount);
  if (table_out) {
    *table_out = kLabels;
    return std::nullopt;
  }
#define TARGET(Name) L_##Name:
#define DISPATCH() goto* reinterpret_cast<const void*>(reinterpret_cast<const InsNone*>(pc)->h)
#else
  if (table_out) return std::nullopt;
#define TARGET(Name) case IOp::Name:
#define DISPATCH() goto dispatch
#endif
#define INS(T) const T* ins = reinterpret_cast<const T*>(pc)
#define NEXT()       \
  pc += sizeof *ins; \
  DISPATCH()
#define TRAP(kind) \
  do {             \
    trap = (kind); \
    goto do_trap;  \
  } while (0)
// Backward jumps close loops: that is where a raised interrupt flag is noticed.
#define JUMP(disp)                                          \
  do {                                                      \
    int32_t d_ = (disp);                                    \
    if (d_ <= 0 && intr->load(std::memory_order_relaxed)) { \
      TRAP(rt::TrapKind::Interrupted);                      \
    }                                                       \
    pc += d_;                                               \
    DISPATCH();                                             \
  } while (0)
// The depth limit counts the running frame too, hence `depth + 2` saved records at a call.
#define GROW_FRAMES()                                                        \
  do {                                                                       \
    if (!grow_frames(st, depth + 2)) TRAP(rt::TrapKind::CallStackExhausted); \
    frames = st->frames.data();                                              \
    frame_cap = static_cast<uint32_t>(st->frames.size());                    \
  } while (0)
#define RELOAD_CTX()                      \
  do {                                    \
    mem = ctx->memory_base;               \
    memory = ctx->memory;                 \
    mem_size = memory ? memory->size : 0; \
    intr = ctx->interrupt;                \
  } while (0)

  const uint8_t* pc = nullptr;
  const uint32_t base = st->depth;
  // Frame records: `frames` has room for `frame_cap` of them; a nested invoke may move them.
  uint32_t frame_cap = static_cast<uint32_t>(st->frames.size());
  uint32_t depth = base;
  FrameRec* frames = st->frames.data();
  uint8_t* const stack_end = st->end;
  // The memory's base and its size in bytes, for bounds checks. Only this loop's memory.grow, a
  // host call (which may grow it or re-enter) or another instance sharing the memory can change
  // the size; the first two re-read it and a change of instance reloads it with the rest of the
  // context.
  uint8_t* mem = nullptr;
  uint64_t mem_size = 0;
  rt::LinearMemory* memory = nullptr;
  const std::atomic<uint32_t>* intr = nullptr;
  rt::TrapKind trap = rt::TrapKind::Unreachable;
  std::optional<rt::TrapInfo> host_trap;
  rt::FuncInst* callee = nullptr;
  Off call_args = 0;
  const uint8_t* next_pc = nullptr;
  uint32_t tail_result_bytes = 0;  // a tail call to a host function: results to return
  bool tail_host = false;
#if defined(WASMRUN_INTERP_OP_COUNTS)
  uint32_t prev_op = 0;
#endif

  RELOAD_CTX();

enter:
  // Function entry: room for the frame, zeroed locals, the constant pool, the interrupt flag.
  {
    // Read up front: stores into the frame could alias `fn` as far as the compiler knows.
    const uint32_t frame_bytes = fn->frame_bytes, param_bytes = fn->param_bytes,
                   locals_bytes = fn->locals_bytes, num_consts = fn->num_consts;
    const uint64_t* consts = fn->const_ptr;
    const uint8_t* code = reinterpret_cast<const uint8_t*>(fn->code.get());
    pc = nullptr;  // a trap on entry stands before the first instruction (add_frame)
    if (fp + frame_bytes > stack_end) TRAP(rt::TrapKind::CallStackExhausted);
    // Slots are 8 bytes and locals few: word stores beat a call to memset.
    for (uint32_t o = param_bytes; o < locals_bytes; o += 8) wr<uint64_t>(fp, o, 0);
    for (uint32_t i = 0; i < num_consts; ++i) wr<uint64_t>(fp, locals_bytes + 8 * i, consts[i]);
    if (intr->load(std::memory_order_relaxed)) TRAP(rt::TrapKind::Interrupted);
    pc = code;
  }
  DISPATCH();

#if !WASMRUN_INTERP_GOTO
dispatch:
#if defined(WASMRUN_INTERP_OP_COUNTS)
  count_op(prev_op, static_cast<uint32_t>(reinterpret_cast<const InsNone*>(pc)->h));
  prev_op = static_cast<uint32_t>(reinterpret_cast<const InsNone*>(pc)->h);
#endif
  switch (static_cast<IOp>(reinterpret_cast<const InsNone*>(pc)->h)) {
#endif

#define WASM_OP(Name, prefix, code, Imm, n, sig, text)                                  \
  TARGET(Name) {                                                                        \
    if (!exec<WASMRUN_SHAPE_ARGS(Name, Imm, n, sig), n>(pc, fp, mem, mem_size, trap)) { \
      goto do_trap;                                                                     \
    }                                                                                   \
    DISPATCH();                                                                         \
  }
#include "engine/core/opcodes.def"

#define WASM_OP(Name, prefix, code, Kind, n, sig, text)                    \
  TARGET(Name##Imm) {                                                      \
    if (!exec_imm<WASMRUN_SHAPE_ARGS(Name, Kind, n, sig)>(pc, fp, trap)) { \
      goto do_trap;                                                        \
    }                                                                      \
    DISPATCH();                                                            \
  }
#include "engine/core/opcodes.def"

    // Fused compare-and-branch; ops that are not comparisons are never translated to these.
#define WASMRUN_BR_CMP(Name, prefix, code, Kind, sig, Suffix, when, K)                         \
  TARGET(Name##Suffix) {                                                                       \
    if constexpr (!branch_form<WASMRUN_SHAPE_ARGS(Name, Kind, 0, sig)>(prefix, code)) {        \
      TRAP(rt::TrapKind::Unreachable);                                                         \
    } else {                                                                                   \
      INS(InsBrCmp);                                                                           \
      if (compare<WASMRUN_SHAPE_ARGS(Name, Kind, 0, sig), K>(pc, fp) == when) JUMP(ins->disp); \
      NEXT();                                                                                  \
    }                                                                                          \
  }
#define WASM_OP(Name, prefix, code, Imm, n, sig, text) \
  WASMRUN_BR_CMP(Name, prefix, code, Imm, sig, BrT, true, false)
#include "engine/core/opcodes.def"
#define WASM_OP(Name, prefix, code, Imm, n, sig, text) \
  WASMRUN_BR_CMP(Name, prefix, code, Imm, sig, BrF, false, false)
#include "engine/core/opcodes.def"
#define WASM_OP(Name, prefix, code, Imm, n, sig, text) \
  WASMRUN_BR_CMP(Name, prefix, code, Imm, sig, BrTImm, true, true)
#include "engine/core/opcodes.def"
#define WASM_OP(Name, prefix, code, Imm, n, sig, text) \
  WASMRUN_BR_CMP(Name, prefix, code, Imm, sig, BrFImm, false, true)
#include "engine/core/opcodes.def"
#undef WASMRUN_BR_CMP

#define WASMRUN_INDEXED(Name, Kind, n, sig, Suffix, Mode)                         \
  TARGET(Name##Suffix) {                                                          \
    if (!exec_indexed<WASMRUN_SHAPE_ARGS(Name, Kind, n, sig), n, AddrMode::Mode>( \
            pc, fp, mem, mem_size, trap)) {                                       \
      goto do_trap;                                                               \
    }                                                                             \
    DISPATCH();                                                                   \
  }
#define WASM_OP(Name, prefix, code, Kind, n, sig, text) \
  WASMRUN_INDEXED(Name, Kind, n, sig, Indexed, Add)
#include "engine/core/opcodes.def"
#define WASM_OP(Name, prefix, code, Kind, n, sig, text) \
  WASMRUN_INDEXED(Name, Kind, n, sig, IndexedImm, AddImm)
#include "engine/core/opcodes.def"
#define WASM_OP(Name, prefix, code, Kind, n, sig, text) \
  WASMRUN_INDEXED(Name, Kind, n, sig, Scaled, Scaled)
#include "engine/core/opcodes.def"
#undef WASMRUN_INDEXED

#define WASM_OP(Name, prefix, code, Kind, n, sig, text)                                         \
  TARGET(Name##Addr64) {                                                                        \
    if (!exec_addr64<WASMRUN_SHAPE_ARGS(Name, Kind, n, sig), n>(pc, fp, mem, mem_size, trap)) { \
      goto do_trap;                                                                             \
    }                                                                                           \
    DISPATCH();                                                                                 \
  }
#include "engine/core/opcodes.def"

#define WASMRUN_CHAIN(Op1, K1, Op2, K2)                                                      \
  TARGET(Chain##Op1##K1##Op2##K2) {                                                          \
    constexpr ShapeInfo s1 = kShapes[static_cast<size_t>(Op::Op1)];                          \
    constexpr ShapeInfo s2 = kShapes[static_cast<size_t>(Op::Op2)];                          \
    static_assert(                                                                           \
        chain_form<s1.shape, s1.p[0], s1.p[1], s1.r, s2.shape, s2.p[0], s2.p[1], s2.r>());   \
    exec_chain<opfn::Op1##Fn, ChainForm::K1, s1.p[0], s1.p[1], opfn::Op2##Fn, ChainForm::K2, \
               s2.p[0], s2.p[1], s2.r>(pc, fp);                                              \
    DISPATCH();                                                                              \
  }
    WASMRUN_INTERP_CHAINS(WASMRUN_CHAIN)
#undef WASMRUN_CHAIN

    TARGET(XCopy8) {
      INS(InsUn);
      wr<uint64_t>(fp, ins->d, rd<uint64_t>(fp, ins->a));
      NEXT();
    }
    TARGET(XCopy16) {
      INS(InsUn);
      std::memcpy(fp + ins->d, fp + ins->a, 16);
      NEXT();
    }
    TARGET(XConst8) {
      INS(InsConst);
      wr<uint64_t>(fp, ins->d, ins->lo);
      NEXT();
    }
    TARGET(XConst16) {
      INS(InsConst);
      wr<uint64_t>(fp, ins->d, ins->lo);
      wr<uint64_t>(fp, ins->d + 8, ins->hi);
      NEXT();
    }
    TARGET(XBr) {
      INS(InsBr);
      JUMP(ins->disp);
    }
    TARGET(XBrIf) {
      INS(InsBr);
      if (rd<uint32_t>(fp, ins->cond)) JUMP(ins->disp);
      NEXT();
    }
    TARGET(XBrUnless) {
      INS(InsBr);
      if (!rd<uint32_t>(fp, ins->cond)) JUMP(ins->disp);
      NEXT();
    }
    TARGET(XBrIfI64Eqz) {
      INS(InsBr);
      if (!rd<uint64_t>(fp, ins->cond)) JUMP(ins->disp);
      NEXT();
    }
    TARGET(XBrIfI64Nez) {
      INS(InsBr);
      if (rd<uint64_t>(fp, ins->cond)) JUMP(ins->disp);
      NEXT();
    }
    TARGET(XBrIfI32Eqz) {
      INS(InsBr);
      if (!rd<uint32_t>(fp, ins->cond)) JUMP(ins->disp);
      NEXT();
    }
#define WASMRUN_MUL_FUSED(Name, T, Mul, Op, mul_first)                          \
  TARGET(X##Name) {                                                             \
    INS(InsTern);                                                               \
    T prod = ops::Mul(rd<T>(fp, ins->a), rd<T>(fp, ins->b));                    \
    T other = rd<T>(fp, ins->c);                                                \
    wr<T>(fp, ins->d, mul_first ? ops::Op(prod, other) : ops::Op(other, prod)); \
    NEXT();                                                                     \
  }
    WASMRUN_MUL_FUSED(F64MulAdd, double, F64Mul, F64Add, true)
    WASMRUN_MUL_FUSED(F64AddMul, double, F64Mul, F64Add, false)
    WASMRUN_MUL_FUSED(F64MulSub, double, F64Mul, F64Sub, true)
    WASMRUN_MUL_FUSED(F64SubMul, double, F64Mul, F64Sub, false)
    WASMRUN_MUL_FUSED(F32MulAdd, float, F32Mul, F32Add, true)
    WASMRUN_MUL_FUSED(F32AddMul, float, F32Mul, F32Add, false)
    WASMRUN_MUL_FUSED(F32MulSub, float, F32Mul, F32Sub, true)
    WASMRUN_MUL_FUSED(F32SubMul, float, F32Mul, F32Sub, false)
#undef WASMRUN_MUL_FUSED
    TARGET(XBrTable) {
      INS(InsBrTable);
      uint32_t i = rd<uint32_t>(fp, ins->index);
      if (i >= ins->count - 1) i = ins->count - 1;
      JUMP(ins->disp[i]);
    }
    TARGET(XFuel) {
      INS(InsNone);
      // The unit that takes the counter below zero is the one that was not there.
      if (--*ctx->fuel < 0) TRAP(rt::TrapKind::OutOfFuel);
      NEXT();
    }
    TARGET(XTrap) {
      INS(InsTrap);
      TRAP(static_cast<rt::TrapKind>(ins->kind));
    }
    TARGET(XReturn8) {
      INS(InsUn);
      wr<uint64_t>(fp, 0, rd<uint64_t>(fp, ins->a));
      goto do_return;
    }
    TARGET(XReturn) {
    do_return:
      if (depth == base) goto done;
      const FrameRec& r = frames[--depth];
      pc = r.pc;
      fp = r.fp;
      fn = r.fn;
      if (r.ctx != ctx) {
        ctx = r.ctx;
        RELOAD_CTX();
      }
      DISPATCH();
    }
    TARGET(XCall) {
      INS(InsCall);
      if (depth + 2 > frame_cap) GROW_FRAMES();
      frames[depth++] = FrameRec{pc + sizeof *ins, fp, fn, ctx};
      fp += ins->args;
      fn = ins->callee;
      goto enter;
    }
    TARGET(XCallImport) {
      INS(InsCallImport);
      callee = ctx->funcs[ins->func_index];
      call_args = ins->args;
      next_pc = pc + sizeof *ins;
      goto call_inst;
    }
    TARGET(XCallIndirect) {
      INS(InsCallIndirect);
      callee =
          lookup_indirect(ctx, ins->table, rd<uint32_t>(fp, ins->index), ins->type_index, trap);
      if (!callee) goto do_trap;
      call_args = ins->args;
      next_pc = pc + sizeof *ins;
      goto call_inst;
    }
    // Tail calls: the arguments move to the bottom of this frame, where the callee's frame then
    // starts, and no record is pushed, so the callee returns straight to this frame's caller.
    TARGET(XReturnCall) {
      INS(InsCall);
      fn = ins->callee;
      std::memmove(fp, fp + ins->args, fn->param_bytes);
      goto enter;
    }
    TARGET(XReturnCallImport) {
      INS(InsCallImport);
      callee = ctx->funcs[ins->func_index];
      call_args = ins->args;
      tail_result_bytes = ins->result_bytes;
      next_pc = pc + sizeof *ins;
      goto tail_call_inst;
    }
    TARGET(XReturnCallIndirect) {
      INS(InsCallIndirect);
      callee =
          lookup_indirect(ctx, ins->table, rd<uint32_t>(fp, ins->index), ins->type_index, trap);
      if (!callee) goto do_trap;
      call_args = ins->args;
      tail_result_bytes = ins->result_bytes;
      next_pc = pc + sizeof *ins;
      goto tail_call_inst;
    }
    TARGET(XSelect8) {
      INS(InsTern);
      Off src = rd<uint32_t>(fp, ins->c) ? ins->a : ins->b;
      wr<uint64_t>(fp, ins->d, rd<uint64_t>(fp, src));
      NEXT();
    }
    TARGET(XSelect16) {
      INS(InsTern);
      Off src = rd<uint32_t>(fp, ins->c) ? ins->a : ins->b;
      std::memmove(fp + ins->d, fp + src, 16);
      NEXT();
    }
    TARGET(XGlobalGet8) {
      INS(InsIdx);
      std::memcpy(fp + ins->a, &ctx->globals[ins->index]->value, 8);
      NEXT();
    }
    TARGET(XGlobalGet16) {
      INS(InsIdx);
      std::memcpy(fp + ins->a, &ctx->globals[ins->index]->value, 16);
      NEXT();
    }
    TARGET(XGlobalSet8) {
      INS(InsIdx);
      std::memcpy(&ctx->globals[ins->index]->value, fp + ins->a, 8);
      NEXT();
    }
    TARGET(XGlobalSet16) {
      INS(InsIdx);
      std::memcpy(&ctx->globals[ins->index]->value, fp + ins->a, 16);
      NEXT();
    }
    TARGET(XRefIsNull) {
      INS(InsUn);
      wr<uint32_t>(fp, ins->d, rd<uint64_t>(fp, ins->a) == 0 ? 1u : 0u);
      NEXT();
    }
    TARGET(XRefFunc) {
      INS(InsIdx);
      wr<rt::Ref>(fp, ins->a, ctx->funcs[ins->index]);
      NEXT();
    }
    TARGET(XTableGet) {
      INS(InsIdx);
      const rt::Table* t = ctx->tables[ins->index];
      uint32_t i = rd<uint32_t>(fp, ins->b);
      if (i >= t->size()) TRAP(rt::TrapKind::TableOutOfBounds);
      wr<rt::Ref>(fp, ins->a, t->elems[i]);
      NEXT();
    }
    TARGET(XTableSet) {
      INS(InsIdx);
      rt::Table* t = ctx->tables[ins->index];
      uint32_t i = rd<uint32_t>(fp, ins->a);
      if (i >= t->size()) TRAP(rt::TrapKind::TableOutOfBounds);
      t->elems[i] = rd<rt::Ref>(fp, ins->b);
      NEXT();
    }
    TARGET(XTableSize) {
      INS(InsIdx);
      wr<uint32_t>(fp, ins->a, ctx->tables[ins->index]->size());
      NEXT();
    }
    TARGET(XTableGrow) {
      INS(InsIdx);
      int64_t old =
          ctx->tables[ins->index]->grow(rd<uint32_t>(fp, ins->c), rd<rt::Ref>(fp, ins->b));
      wr<uint32_t>(fp, ins->a, static_cast<uint32_t>(old));
      NEXT();
    }
    TARGET(XTableFill) {
      INS(InsIdx);
      rt::Table* t = ctx->tables[ins->index];
      uint32_t i = rd<uint32_t>(fp, ins->a), n = rd<uint32_t>(fp, ins->c);
      if (uint64_t{i} + n > t->size()) TRAP(rt::TrapKind::TableOutOfBounds);
      std::fill_n(t->elems.begin() + i, n, rd<rt::Ref>(fp, ins->b));
      NEXT();
    }
    TARGET(XTableCopy) {
      INS(InsIdx2);
      rt::Table* dt = ctx->tables[ins->x];
      const rt::Table* srct = ctx->tables[ins->y];
      uint32_t d = rd<uint32_t>(fp, ins->a), s = rd<uint32_t>(fp, ins->b),
               n = rd<uint32_t>(fp, ins->c);
      if (uint64_t{s} + n > srct->size() || uint64_t{d} + n > dt->size()) {
        TRAP(rt::TrapKind::TableOutOfBounds);
      }
      if (n) std::memmove(dt->elems.data() + d, srct->elems.data() + s, n * sizeof(rt::Ref));
      NEXT();
    }
    TARGET(XTableInit) {
      INS(InsIdx2);
      const rt::InstanceContext::Segment& seg = ctx->elem_segments[ins->x];
      rt::Table* t = ctx->tables[ins->y];
      uint32_t d = rd<uint32_t>(fp, ins->a), s = rd<uint32_t>(fp, ins->b),
               n = rd<uint32_t>(fp, ins->c);
      if (uint64_t{s} + n > seg.size || uint64_t{d} + n > t->size()) {
        TRAP(rt::TrapKind::TableOutOfBounds);
      }
      if (n) {
        std::memcpy(t->elems.data() + d, static_cast<const rt::Ref*>(seg.data) + s,
                    n * sizeof(rt::Ref));
      }
      NEXT();
    }
    TARGET(XElemDrop) {
      INS(InsIdx);
      ctx->elem_segments[ins->index].size = 0;
      NEXT();
    }
    TARGET(XMemorySize) {
      INS(InsIdx);
      wr<uint32_t>(fp, ins->a, ctx->memories[ins->index]->pages);
      NEXT();
    }
    TARGET(XMemoryGrow) {
      INS(InsIdx);
      int64_t old = ctx->memories[ins->index]->grow(rd<uint32_t>(fp, ins->b));
      mem_size = memory->size;
      wr<uint32_t>(fp, ins->a, static_cast<uint32_t>(old));
      NEXT();
    }
    TARGET(XUseMemory) {
      INS(InsIdx);
      memory = ctx->memories[ins->index];
      mem = memory->base;
      mem_size = memory->size;
      NEXT();
    }
    TARGET(XMemoryInit) {
      INS(InsIdx2);
      const rt::InstanceContext::Segment& seg = ctx->data_segments[ins->x];
      const rt::LinearMemory* m = ctx->memories[ins->y];
      uint32_t d = rd<uint32_t>(fp, ins->a), s = rd<uint32_t>(fp, ins->b),
               n = rd<uint32_t>(fp, ins->c);
      if (uint64_t{s} + n > seg.size || uint64_t{d} + n > m->size) {
        TRAP(rt::TrapKind::MemoryOutOfBounds);
      }
      if (n) std::memcpy(m->base + d, static_cast<const uint8_t*>(seg.data) + s, n);
      NEXT();
    }
    TARGET(XDataDrop) {
      INS(InsIdx);
      ctx->data_segments[ins->index].size = 0;
      NEXT();
    }
    TARGET(XMemoryCopy) {
      INS(InsIdx2);
      const rt::LinearMemory* dm = ctx->memories[ins->x];
      const rt::LinearMemory* sm = ctx->memories[ins->y];
      uint32_t d = rd<uint32_t>(fp, ins->a), s = rd<uint32_t>(fp, ins->b),
               n = rd<uint32_t>(fp, ins->c);
      if (uint64_t{s} + n > sm->size || uint64_t{d} + n > dm->size) {
        TRAP(rt::TrapKind::MemoryOutOfBounds);
      }
      if (n) std::memmove(dm->base + d, sm->base + s, n);
      NEXT();
    }
    TARGET(XMemoryFill) {
      INS(InsIdx);
      const rt::LinearMemory* m = ctx->memories[ins->index];
      uint32_t d = rd<uint32_t>(fp, ins->a), n = rd<uint32_t>(fp, ins->c);
      if (uint64_t{d} + n > m->size) TRAP(rt::TrapKind::MemoryOutOfBounds);
      if (n) std::memset(m->base + d, static_cast<int>(rd<uint32_t>(fp, ins->b) & 0xff), n);
      NEXT();
    }
    // memory64: i64 addresses, lengths and page counts; ranges are checked without wrapping.
    // The memory is named in the instruction (multi-memory), as for the 32-bit forms.
    TARGET(XMemorySize64) {
      INS(InsIdx);
      wr<uint64_t>(fp, ins->a, ctx->memories[ins->index]->pages);
      NEXT();
    }
    TARGET(XMemoryGrow64) {
      INS(InsIdx);
      int64_t old = ctx->memories[ins->index]->grow(rd<uint64_t>(fp, ins->b));
      mem_size = memory->size;
      wr<int64_t>(fp, ins->a, old);
      NEXT();
    }
    TARGET(XMemoryInit64) {
      INS(InsIdx2);
      const rt::InstanceContext::Segment& seg = ctx->data_segments[ins->x];
      const rt::LinearMemory* m = ctx->memories[ins->y];
      uint64_t d = rd<uint64_t>(fp, ins->a);
      uint32_t s = rd<uint32_t>(fp, ins->b), n = rd<uint32_t>(fp, ins->c);
      if (uint64_t{s} + n > seg.size || !rt::range_in(d, n, m->size)) {
        TRAP(rt::TrapKind::MemoryOutOfBounds);
      }
      if (n) std::memcpy(m->base + d, static_cast<const uint8_t*>(seg.data) + s, n);
      NEXT();
    }
    // At least one of the two memories is 64-bit: each address has its memory's type and the
    // length is an i64 only when both are (an i32 otherwise).
    TARGET(XMemoryCopy64) {
      INS(InsIdx2);
      const rt::LinearMemory* dm = ctx->memories[ins->x];
      const rt::LinearMemory* sm = ctx->memories[ins->y];
      const bool d64 = dm->type.is64, s64 = sm->type.is64;
      uint64_t d = d64 ? rd<uint64_t>(fp, ins->a) : rd<uint32_t>(fp, ins->a);
      uint64_t s = s64 ? rd<uint64_t>(fp, ins->b) : rd<uint32_t>(fp, ins->b);
      uint64_t n = d64 && s64 ? rd<uint64_t>(fp, ins->c) : rd<uint32_t>(fp, ins->c);
      if (!rt::range_in(s, n, sm->size) || !rt::range_in(d, n, dm->size)) {
        TRAP(rt::TrapKind::MemoryOutOfBounds);
      }
      if (n) std::memmove(dm->base + d, sm->base + s, n);
      NEXT();
    }
    TARGET(XMemoryFill64) {
      INS(InsIdx);
      const rt::LinearMemory* m = ctx->memories[ins->index];
      uint64_t d = rd<uint64_t>(fp, ins->a), n = rd<uint64_t>(fp, ins->c);
      if (!rt::range_in(d, n, m->size)) TRAP(rt::TrapKind::MemoryOutOfBounds);
      if (n) std::memset(m->base + d, static_cast<int>(rd<uint32_t>(fp, ins->b) & 0xff), n);
      NEXT();
    }

#if !WASMRUN_INTERP_GOTO
    default: __builtin_unreachable();
  }
#endif

tail_call_inst:
  // A tail call through a FuncInst. Wasm code takes over this frame; a host function is called
  // as by `call` and its results returned from this frame.
  if (!callee->is_host()) {
    fn = static_cast<const FuncCode*>(callee->interp_code);
    std::memmove(fp, fp + call_args, fn->param_bytes);
    if (callee->ctx != ctx) {
      ctx = callee->ctx;
      RELOAD_CTX();
    }
    goto enter;
  }
  tail_host = true;

call_inst:
  // A call through a FuncInst: a host function, or wasm code of this or another instance.
  if (depth + 2 > frame_cap) GROW_FRAMES();
  if (callee->is_host()) {
    frames[depth++] = FrameRec{next_pc, fp, fn, ctx};
    st->depth = depth;
    uint8_t* saved_top = st->top;
    st->top = fp + fn->frame_bytes;  // a re-entrant invoke builds its frames above ours
    host_trap = call_host(callee, ctx, fp + call_args);
    st->top = saved_top;
    --depth;
    st->depth = depth;
    frames = st->frames.data();
    frame_cap = static_cast<uint32_t>(st->frames.size());
    mem_size = memory ? memory->size : 0;  // the host may have grown the memory
    if (host_trap) goto do_host_trap;
    if (tail_host) {
      tail_host = false;
      std::memmove(fp, fp + call_args, tail_result_bytes);
      goto do_return;
    }
    pc = next_pc;
    DISPATCH();
  }
  frames[depth++] = FrameRec{next_pc, fp, fn, ctx};
  fp += call_args;
  fn = static_cast<const FuncCode*>(callee->interp_code);
  if (callee->ctx != ctx) {
    ctx = callee->ctx;
    RELOAD_CTX();
  }
  goto enter;

do_host_trap : {
  rt::TrapInfo t = std::move(*host_trap);
  add_frames(t, fn, pc, frames, depth, base);
  st->depth = base;
  return t;
}

do_trap : {
  rt::TrapInfo t = make_trap(trap);
  add_frames(t, fn, pc, frames, depth, base);
  st->depth = base;
  return t;
}

done:
  st->depth = base;
  return std::nullopt;

#undef TARGET
#undef DISPATCH
#undef INS
#undef NEXT
#undef TRAP
#undef RELOAD_CTX
#undef GROW_FRAMES
#undef JUMP
}

}  // namespace

const Handler* handler_table() {
  static const auto table = [] {
    std::vector<Handler> t(kIOpCount);
#if WASMRUN_INTERP_GOTO
    const void* const* labels = nullptr;
    run(nullptr, nullptr, nullptr, nullptr, &labels);
    for (size_t i = 0; i < kIOpCount; ++i) t[i] = reinterpret_cast<Handler>(labels[i]);
#else
    for (size_t i = 0; i < kIOpCount; ++i) t[i] = i;
#endif
    return t;
  }();
  return table.data();
}

std::optional<rt::TrapInfo> invoke(Thread& thread, rt::FuncInst* f, const rt::RawValue* args,
                                   rt::RawValue* results) {
  Thread::State* st = thread.state();
  if (f->is_host()) {
    rt::HostCallContext hc{nullptr};
    return f->host(hc, args, results);
  }
  const auto* fn = static_cast<const FuncCode*>(f->interp_code);
  uint8_t* fp = st->top;
  // Calls run in one dispatch loop, so only host re-entry deepens the native stack; the reserve
  // below the limit covers one dispatch loop and a host function's path back to here.
  const uintptr_t here = rt::current_stack_position();
  const uintptr_t limit =
      rt::stack_limit_for_entry(here, st->nesting == 0 ? 0 : st->stack_limit, st->max_stack_bytes);
  if (here <= limit || st->nesting >= kMaxNesting || st->depth + 1 > st->max_depth ||
      fp + fn->frame_bytes > st->end) {
    return make_trap(rt::TrapKind::CallStackExhausted);
  }
  const uintptr_t saved_limit = st->stack_limit;
  st->stack_limit = limit;
  const FuncType& type = *fn->type;
  uint32_t off = 0;
  for (size_t i = 0; i < type.params.size(); ++i) {
    std::memcpy(fp + off, &args[i], slot_bytes(type.params[i]));
    off += slot_bytes(type.params[i]);
  }
  uint8_t* saved_top = st->top;
  ++st->nesting;
  std::optional<rt::TrapInfo> trap = run(st, fn, f->ctx, fp, nullptr);
  --st->nesting;
  st->top = saved_top;
  st->stack_limit = saved_limit;
  if (trap) return trap;
  off = 0;
  for (size_t i = 0; i < type.results.size(); ++i) {
    results[i] = rt::raw_zero();
    std::memcpy(&results[i], fp + off, slot_bytes(type.results[i]));
    off += slot_bytes(type.results[i]);
  }
  return std::nullopt;
}

}  // namespace wasmrun::interp
