#include "jit/helpers.h"

#include <algorithm>
#include <cstring>
#include <exception>
#include <vector>

#include "jit/call_layout.h"
#include "jit/compiled_module.h"
#include "runtime/memory.h"
#include "runtime/table.h"

namespace wasmrun::jit {

namespace {

uint32_t raise(ExecState* state, rt::TrapKind kind) {
  state->trap = rt::TrapInfo{kind, rt::trap_message(kind), {}};
  return 1;
}

// Called by the trap tail with the trapping function's frame pointer and `pc`, the trap site's
// return address (or one past the faulting access). Walks the frame-pointer chain up to the entry
// trampoline's frame, mapping each return address to its function and call instruction; the
// byte before a return address lies in its call, which the side table keys.
void record_trap(ExecState* state, uint32_t kind, uint32_t func_index, uintptr_t fp, uintptr_t pc) {
  if (kind != kPendingTrap || !state->trap) {
    auto k = kind == kPendingTrap ? rt::TrapKind::Host : static_cast<rt::TrapKind>(kind);
    state->trap = rt::TrapInfo{k, rt::trap_message(k), {}};
  }
  auto add = [&](const CompiledModule* m, uint32_t index, uintptr_t ret) {
    if (!m) {
      rt::add_backtrace_frame(*state->trap, {index, std::string()});
      return;
    }
    const core::Module& mod = *m->module->module;
    rt::add_backtrace_frame(*state->trap, make_trap_frame(mod, index, mod.func_name(index),
                                                          m->wasm_offset_at(ret - 1)));
  };
  add(find_code(pc - 1), func_index, pc);
  for (uintptr_t f = fp; f != 0;) {
    uintptr_t caller_fp = *reinterpret_cast<const uintptr_t*>(f);
    if (caller_fp == state->entry_fp || caller_fp == 0) break;
    uintptr_t ret = *reinterpret_cast<const uintptr_t*>(f + sizeof(uintptr_t));
    const CompiledModule* m = find_code(ret - 1);
    if (!m) break;
    // A tail call's adapter frame stands for no live wasm function.
    if (m->wasm_offset_at(ret - 1) != kTailAdapterFrame) add(m, m->func_index_at(ret - 1), ret);
    f = caller_fp;
  }
}

rt::FuncInst* lookup_indirect(ExecState* state, rt::InstanceContext* ctx, uint32_t table,
                              uint32_t index, uint32_t type_index) {
  rt::Table* t = ctx->tables[table];
  if (index >= t->size()) {
    raise(state, rt::TrapKind::UndefinedElement);
    return nullptr;
  }
  auto* f = static_cast<rt::FuncInst*>(t->elems[index]);
  if (!f) {
    raise(state, rt::TrapKind::UninitializedElement);
    return nullptr;
  }
  if (f->type_id != ctx->type_ids[type_index]) {
    raise(state, rt::TrapKind::IndirectCallTypeMismatch);
    return nullptr;
  }
  return f;
}

// A 32-bit memory's delta is the low half (the register's upper half is not defined on every
// architecture) and its result -1 reads as an i32.
uint64_t grow(rt::LinearMemory* m, uint64_t delta) {
  if (m->type.is64) return static_cast<uint64_t>(m->grow(delta));
  return static_cast<uint32_t>(m->grow(static_cast<uint32_t>(delta)));
}

uint64_t memory_grow(rt::InstanceContext* ctx, uint64_t delta) { return grow(ctx->memory, delta); }

// An address or length operand of memory `m`: an i64 for a 64-bit memory (memory64); a 32-bit
// memory's cells hold i32s whose upper halves are not defined.
uint64_t address_operand(const rt::RawValue& cell, bool is64) { return is64 ? cell.i64 : cell.i32; }

// True when [start, start + n) lies inside [0, size).
bool in_range(uint64_t start, uint64_t n, uint64_t size) { return start + n <= size; }

uint32_t instr(ExecState* state, rt::InstanceContext* ctx, uint32_t op_id, rt::RawValue* c,
               uint64_t packed_imms) {
  const uint32_t imms[2] = {static_cast<uint32_t>(packed_imms),
                            static_cast<uint32_t>(packed_imms >> 32)};
  auto op = static_cast<Op>(op_id);
  switch (op) {
    case Op::TableGet: {
      rt::Table* t = ctx->tables[imms[0]];
      if (c[0].i32 >= t->size()) return raise(state, rt::TrapKind::TableOutOfBounds);
      c[0].ref = t->elems[c[0].i32];
      return 0;
    }
    case Op::TableSet: {
      rt::Table* t = ctx->tables[imms[0]];
      if (c[0].i32 >= t->size()) return raise(state, rt::TrapKind::TableOutOfBounds);
      t->elems[c[0].i32] = c[1].ref;
      return 0;
    }
    case Op::TableSize: c[0].i32 = ctx->tables[imms[0]]->size(); return 0;
    case Op::TableGrow:
      c[0].i32 = static_cast<uint32_t>(ctx->tables[imms[0]]->grow(c[1].i32, c[0].ref));
      return 0;
    case Op::TableFill: {
      rt::Table* t = ctx->tables[imms[0]];
      uint32_t i = c[0].i32, n = c[2].i32;
      if (!in_range(i, n, t->size())) return raise(state, rt::TrapKind::TableOutOfBounds);
      std::fill_n(t->elems.begin() + i, n, c[1].ref);
      return 0;
    }
    case Op::TableCopy: {
      rt::Table* dst = ctx->tables[imms[0]];
      rt::Table* src = ctx->tables[imms[1]];
      uint32_t d = c[0].i32, s = c[1].i32, n = c[2].i32;
      if (!in_range(d, n, dst->size()) || !in_range(s, n, src->size())) {
        return raise(state, rt::TrapKind::TableOutOfBounds);
      }
      if (n) std::memmove(dst->elems.data() + d, src->elems.data() + s, n * sizeof(rt::Ref));
      return 0;
    }
    case Op::TableInit: {
      const rt::InstanceContext::Segment& seg = ctx->elem_segments[imms[0]];
      rt::Table* t = ctx->tables[imms[1]];
      uint32_t d = c[0].i32, s = c[1].i32, n = c[2].i32;
      if (!in_range(s, n, seg.size) || !in_range(d, n, t->size())) {
        return raise(state, rt::TrapKind::TableOutOfBounds);
      }
      if (n)
        std::memcpy(t->elems.data() + d, static_cast<const rt::Ref*>(seg.data) + s,
                    n * sizeof(rt::Ref));
      return 0;
    }
    case Op::ElemDrop: ctx->elem_segments[imms[0]].size = 0; return 0;
    // Memories other than 0 (memory 0's size and grow are inline); the page count and delta are
    // i64 on a 64-bit memory.
    case Op::MemorySize: c[0].i64 = ctx->memories[imms[0]]->pages; return 0;
    case Op::MemoryGrow: c[0].i64 = grow(ctx->memories[imms[0]], c[0].i64); return 0;
    case Op::MemoryInit: {
      const rt::InstanceContext::Segment& seg = ctx->data_segments[imms[0]];
      const rt::LinearMemory* m = ctx->memories[imms[1]];
      uint64_t d = address_operand(c[0], m->type.is64);
      uint32_t s = c[1].i32, n = c[2].i32;
      if (!in_range(s, n, seg.size) || !rt::range_in(d, n, m->size)) {
        return raise(state, rt::TrapKind::MemoryOutOfBounds);
      }
      if (n) std::memcpy(m->base + d, static_cast<const uint8_t*>(seg.data) + s, n);
      return 0;
    }
    case Op::DataDrop: ctx->data_segments[imms[0]].size = 0; return 0;
    case Op::MemoryCopy: {
      // Each address has its memory's type; the length is an i64 only when both memories are
      // 64-bit.
      const rt::LinearMemory* dst = ctx->memories[imms[0]];
      const rt::LinearMemory* src = ctx->memories[imms[1]];
      uint64_t d = address_operand(c[0], dst->type.is64), s = address_operand(c[1], src->type.is64),
               n = address_operand(c[2], dst->type.is64 && src->type.is64);
      if (!rt::range_in(d, n, dst->size) || !rt::range_in(s, n, src->size)) {
        return raise(state, rt::TrapKind::MemoryOutOfBounds);
      }
      if (n) std::memmove(dst->base + d, src->base + s, n);
      return 0;
    }
    case Op::MemoryFill: {
      const rt::LinearMemory* m = ctx->memories[imms[0]];
      uint64_t d = address_operand(c[0], m->type.is64), n = address_operand(c[2], m->type.is64);
      if (!rt::range_in(d, n, m->size)) return raise(state, rt::TrapKind::MemoryOutOfBounds);
      if (n) std::memset(m->base + d, static_cast<uint8_t>(c[1].i32), n);
      return 0;
    }
    default: return raise(state, rt::TrapKind::Unreachable);
  }
}

}  // namespace

bool instr_helper_shape(Op op, InstrShape* shape) {
  switch (op) {
    case Op::TableGet: *shape = {1, true}; return true;
    case Op::TableSet: *shape = {2, false}; return true;
    case Op::TableSize:
    case Op::MemorySize: *shape = {0, true}; return true;
    case Op::TableGrow: *shape = {2, true}; return true;
    case Op::MemoryGrow: *shape = {1, true}; return true;
    case Op::TableFill:
    case Op::TableCopy:
    case Op::TableInit:
    case Op::MemoryInit:
    case Op::MemoryCopy:
    case Op::MemoryFill: *shape = {3, false}; return true;
    case Op::ElemDrop:
    case Op::DataDrop: *shape = {0, false}; return true;
    default: return false;
  }
}

// Host functions may throw C++ exceptions; none may unwind through JIT frames, which have no
// unwind information, so they become host traps here.
uint32_t call_func_from_jit(ExecState* state, rt::FuncInst* f, uint64_t* cells,
                            rt::InstanceContext* caller) {
  if (!f->is_host()) {
    state->trap = rt::TrapInfo{rt::TrapKind::Host, "callee has no JIT code", {}};
    return 1;
  }
  const FuncType& type = *f->type;
  CallLayout layout = call_layout(type);
  auto* bytes = reinterpret_cast<uint8_t*>(cells);
  std::vector<rt::RawValue> args(type.params.size(), rt::raw_zero());
  std::vector<rt::RawValue> results(type.results.size(), rt::raw_zero());
  for (size_t j = 0; j < args.size(); ++j) {
    std::memcpy(&args[j], bytes + layout.params[j], call_cell_size(type.params[j]));
  }
  rt::HostCallContext hc{caller};
  std::optional<rt::TrapInfo> trap;
  try {
    trap = f->host(hc, args.data(), results.data());
  } catch (const std::exception& e) {
    trap = rt::TrapInfo{rt::TrapKind::Host, e.what(), {}};
  } catch (...) {
    trap = rt::TrapInfo{rt::TrapKind::Host, "host function threw", {}};
  }
  if (trap) {
    state->trap = std::move(*trap);
    return 1;
  }
  for (size_t k = 0; k < results.size(); ++k) {
    std::memcpy(bytes + layout.results[k], &results[k], call_cell_size(type.results[k]));
  }
  return 0;
}

void install_helpers(ExecState& state) {
  auto set = [&](Helper h, const void* fn) { state.helpers[static_cast<size_t>(h)] = fn; };
  set(Helper::RecordTrap, reinterpret_cast<const void*>(&record_trap));
  set(Helper::CallFunc, reinterpret_cast<const void*>(&call_func_from_jit));
  set(Helper::LookupIndirect, reinterpret_cast<const void*>(&lookup_indirect));
  set(Helper::MemoryGrow, reinterpret_cast<const void*>(&memory_grow));
  set(Helper::Numeric, reinterpret_cast<const void*>(&numeric_helper_entry));
  set(Helper::Instr, reinterpret_cast<const void*>(&instr));
}

}  // namespace wasmrun::jit
