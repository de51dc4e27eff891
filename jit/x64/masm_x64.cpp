// x64 back end: registers, labels, branches, the frame, moves, globals, select, references.
#include "jit/x64/masm_x64.h"

#include <cassert>
#include <cstddef>
#include <cstring>

#include "jit/exec_state.h"
#include "runtime/context.h"
#include "runtime/func.h"
#include "runtime/global.h"

namespace wasmrun::jit::x64 {

namespace x86 = asmjit::x86;

namespace {

constexpr Reg gp_reg(uint8_t code) { return Reg{RegClass::Gp, code}; }
constexpr Reg fp_reg(uint8_t code) { return Reg{RegClass::Fp, code}; }

// rax, rcx, rdx, r11 stay out: division, shifts and helper calls need them as scratch; r13 (and
// r12 with explicit bounds checks) is pinned to the memory.
constexpr Reg kAllocatableGpGuard[] = {gp_reg(3), gp_reg(6),  gp_reg(7), gp_reg(8),
                                       gp_reg(9), gp_reg(10), gp_reg(12)};
constexpr std::span<const Reg> kAllocatableGpExplicit(kAllocatableGpGuard, 6);
// xmm14 and xmm15 are scratch.
constexpr Reg kAllocatableFp[] = {fp_reg(0),  fp_reg(1),  fp_reg(2),  fp_reg(3), fp_reg(4),
                                  fp_reg(5),  fp_reg(6),  fp_reg(7),  fp_reg(8), fp_reg(9),
                                  fp_reg(10), fp_reg(11), fp_reg(12), fp_reg(13)};

constexpr bool fits_int32(uint64_t v) {
  int64_t s = static_cast<int64_t>(v);
  return s >= INT32_MIN && s <= INT32_MAX;
}

uint32_t value_bytes(ValType t) {
  switch (t) {
    case ValType::I32:
    case ValType::F32: return 4;
    case ValType::V128: return 16;
    default: return 8;
  }
}

}  // namespace

X64MacroAssembler::X64MacroAssembler(asmjit::CodeHolder& code) : a_(&code) {
  const asmjit::CpuInfo& cpu = asmjit::CpuInfo::host();
  has_lzcnt_ = cpu.hasFeature(asmjit::CpuFeatures::X86::kLZCNT);
  has_tzcnt_ = cpu.hasFeature(asmjit::CpuFeatures::X86::kBMI);
  has_popcnt_ = cpu.hasFeature(asmjit::CpuFeatures::X86::kPOPCNT);
}

std::span<const Reg> X64MacroAssembler::allocatable(RegClass cls) const {
  if (cls == RegClass::Gp) return guard_pages_ ? kAllocatableGpGuard : kAllocatableGpExplicit;
  return kAllocatableFp;
}

Label X64MacroAssembler::new_label() { return Label{a_.newLabel().id()}; }
void X64MacroAssembler::bind(Label l) { a_.bind(label(l)); }
void X64MacroAssembler::jump(Label l) { a_.jmp(label(l)); }

void X64MacroAssembler::jump_if_zero(Reg r, Label l) {
  a_.test(gp32(r), gp32(r));
  a_.jz(label(l));
}

void X64MacroAssembler::jump_if_nonzero(Reg r, Label l) {
  a_.test(gp32(r), gp32(r));
  a_.jnz(label(l));
}

// A few targets: a compare chain. More: one bounds check and an indirect jump through a table of
// 32-bit offsets relative to the table, placed after the jump (the index is zero-extended, as
// every i32 in a register is).
void X64MacroAssembler::jump_table(Reg index, std::span<const Label> targets, Label fallback) {
  constexpr size_t kChainLimit = 4;
  if (targets.size() <= kChainLimit) {
    for (size_t i = 0; i < targets.size(); ++i) {
      a_.cmp(gp32(index), static_cast<uint32_t>(i));
      a_.je(label(targets[i]));
    }
    a_.jmp(label(fallback));
    return;
  }
  asmjit::Label table = a_.newLabel();
  a_.cmp(gp32(index), static_cast<uint32_t>(targets.size()));
  a_.jae(label(fallback));
  a_.lea(x86::rcx, x86::ptr(table));
  a_.movsxd(x86::rax, x86::dword_ptr(x86::rcx, gp64(index), 2));
  a_.add(x86::rax, x86::rcx);
  a_.jmp(x86::rax);
  a_.align(asmjit::AlignMode::kData, 4);
  a_.bind(table);
  tables_.push_back({a_.offset(), table_targets_.size(), targets.size()});
  for (Label t : targets) table_targets_.push_back(t.id);
  a_.embedUInt32(0, targets.size());
}

void X64MacroAssembler::finish_function() {
  asmjit::CodeHolder& code = *a_.code();
  uint8_t* text = code.textSection()->data();
  for (const PendingTable& t : tables_) {
    for (size_t i = 0; i < t.count; ++i) {
      uint32_t id = table_targets_[t.first + i];
      assert(code.isLabelBound(id));
      auto delta = static_cast<int32_t>(static_cast<int64_t>(code.labelOffset(id)) -
                                        static_cast<int64_t>(t.offset));
      std::memcpy(text + t.offset + 4 * i, &delta, 4);
    }
  }
  tables_.clear();
  table_targets_.clear();
}

x86::Mem X64MacroAssembler::slot_mem(Slot s, uint32_t size) const {
  Gp base = s.base == Slot::Base::Frame ? x86::rbp : x86::rsp;
  return x86::ptr(base, s.offset, size);
}

// ---- frame ----

// rax is free on entry (arguments arrive in memory). Below 64 KiB no stack can sit at an
// address smaller than the frame (the kernel never maps the first 64 KiB), so small frames need
// no borrow check of `rsp - frame_size`.
void X64MacroAssembler::emit_prologue(uint32_t frame_size, Label stack_trap) {
  a_.push(x86::rbp);
  a_.mov(x86::rbp, x86::rsp);
  if (frame_size < (64u << 10)) {
    a_.lea(x86::rax, x86::ptr(x86::rsp, -static_cast<int32_t>(frame_size)));
  } else {
    a_.mov(x86::rax, x86::rsp);
    a_.sub(x86::rax, frame_size);
    a_.jb(label(stack_trap));
  }
  a_.cmp(x86::rax, x86::qword_ptr(x86::r15, kStackLimitOffset));
  a_.jb(label(stack_trap));
  a_.mov(x86::rsp, x86::rax);
  a_.mov(x86::qword_ptr(x86::rbp, -8), x86::r14);
}

void X64MacroAssembler::emit_interrupt_check(Label trap) {
  a_.mov(x86::rax, x86::qword_ptr(x86::r14, offsetof(rt::InstanceContext, interrupt)));
  a_.cmp(x86::dword_ptr(x86::rax), 0);
  a_.jne(label(trap));
}

void X64MacroAssembler::emit_fuel_check(Label trap) {
  a_.mov(x86::rax, x86::qword_ptr(x86::r14, offsetof(rt::InstanceContext, fuel)));
  a_.sub(x86::qword_ptr(x86::rax), 1);
  a_.js(label(trap));
}

void X64MacroAssembler::emit_epilogue() {
  a_.mov(x86::rsp, x86::rbp);
  a_.pop(x86::rbp);
  a_.ret();
}

// ---- moves ----

void X64MacroAssembler::load(Reg dst, ValType type, Slot src) {
  uint32_t size = value_bytes(type);
  switch (type) {
    case ValType::I32: a_.mov(gp32(dst), slot_mem(src, 4)); break;
    case ValType::F32: a_.movss(xmm(dst), slot_mem(src, 4)); break;
    case ValType::F64: a_.movsd(xmm(dst), slot_mem(src, 8)); break;
    case ValType::V128: a_.movups(xmm(dst), slot_mem(src, size)); break;
    default: a_.mov(gp64(dst), slot_mem(src, 8)); break;
  }
}

void X64MacroAssembler::store(Slot dst, ValType type, Reg src) {
  switch (type) {
    case ValType::I32: a_.mov(slot_mem(dst, 4), gp32(src)); break;
    case ValType::F32: a_.movss(slot_mem(dst, 4), xmm(src)); break;
    case ValType::F64: a_.movsd(slot_mem(dst, 8), xmm(src)); break;
    case ValType::V128: a_.movups(slot_mem(dst, 16), xmm(src)); break;
    default: a_.mov(slot_mem(dst, 8), gp64(src)); break;
  }
}

void X64MacroAssembler::store_constant(Slot dst, ValType type, uint64_t bits) {
  if (type == ValType::I32 || type == ValType::F32) {
    a_.mov(slot_mem(dst, 4), static_cast<uint32_t>(bits));
  } else if (fits_int32(bits)) {
    a_.mov(slot_mem(dst, 8), static_cast<int32_t>(bits));
  } else {
    a_.mov(x86::r11, bits);
    a_.mov(slot_mem(dst, 8), x86::r11);
  }
}

// Whole cells are copied: a 4-byte value's cell has 8 bytes and the upper half is never read.
void X64MacroAssembler::copy_slot(Slot dst, Slot src, ValType type) {
  if (type == ValType::V128) {
    a_.movups(x86::xmm15, slot_mem(src, 16));
    a_.movups(slot_mem(dst, 16), x86::xmm15);
    return;
  }
  a_.mov(x86::r11, slot_mem(src, 8));
  a_.mov(slot_mem(dst, 8), x86::r11);
}

void X64MacroAssembler::move(Reg dst, Reg src, ValType type) {
  if (dst == src) return;
  if (dst.cls == RegClass::Fp) {
    a_.movaps(xmm(dst), xmm(src));
  } else if (type == ValType::I32) {
    a_.mov(gp32(dst), gp32(src));
  } else {
    a_.mov(gp64(dst), gp64(src));
  }
}

void X64MacroAssembler::load_constant(Reg dst, ValType type, uint64_t bits) {
  switch (type) {
    case ValType::I32:
      if (static_cast<uint32_t>(bits) == 0) {
        a_.xor_(gp32(dst), gp32(dst));
      } else {
        a_.mov(gp32(dst), static_cast<uint32_t>(bits));
      }
      break;
    case ValType::F32:
      if (static_cast<uint32_t>(bits) == 0) {
        a_.xorps(xmm(dst), xmm(dst));
      } else {
        a_.mov(x86::eax, static_cast<uint32_t>(bits));
        a_.movd(xmm(dst), x86::eax);
      }
      break;
    case ValType::F64:
      if (bits == 0) {
        a_.xorps(xmm(dst), xmm(dst));
      } else {
        a_.mov(x86::rax, bits);
        a_.movq(xmm(dst), x86::rax);
      }
      break;
    default:
      if (bits == 0) {
        a_.xor_(gp32(dst), gp32(dst));
      } else {
        a_.mov(gp64(dst), bits);
      }
      break;
  }
}

// ---- globals: ctx->globals[index]->value ----

void X64MacroAssembler::emit_global_get(Reg dst, ValType type, uint32_t index) {
  a_.mov(x86::rax, x86::qword_ptr(x86::r14, offsetof(rt::InstanceContext, globals)));
  a_.mov(x86::rax, x86::qword_ptr(x86::rax, static_cast<int32_t>(index * 8)));
  static_assert(offsetof(rt::GlobalCell, value) == 0);
  switch (type) {
    case ValType::I32: a_.mov(gp32(dst), x86::dword_ptr(x86::rax)); break;
    case ValType::F32: a_.movss(xmm(dst), x86::dword_ptr(x86::rax)); break;
    case ValType::F64: a_.movsd(xmm(dst), x86::qword_ptr(x86::rax)); break;
    case ValType::V128: a_.movups(xmm(dst), x86::xmmword_ptr(x86::rax)); break;
    default: a_.mov(gp64(dst), x86::qword_ptr(x86::rax)); break;
  }
}

void X64MacroAssembler::emit_global_set(uint32_t index, ValType type, Reg src) {
  a_.mov(x86::rax, x86::qword_ptr(x86::r14, offsetof(rt::InstanceContext, globals)));
  a_.mov(x86::rax, x86::qword_ptr(x86::rax, static_cast<int32_t>(index * 8)));
  switch (type) {
    case ValType::I32: a_.mov(x86::dword_ptr(x86::rax), gp32(src)); break;
    case ValType::F32: a_.movss(x86::dword_ptr(x86::rax), xmm(src)); break;
    case ValType::F64: a_.movsd(x86::qword_ptr(x86::rax), xmm(src)); break;
    case ValType::V128: a_.movups(x86::xmmword_ptr(x86::rax), xmm(src)); break;
    default: a_.mov(x86::qword_ptr(x86::rax), gp64(src)); break;
  }
}

// ---- select ----

void X64MacroAssembler::emit_select(ValType type, Reg dst, Reg cond, Reg if_true, Reg if_false) {
  if (dst.cls == RegClass::Gp) {
    bool wide = type != ValType::I32;
    if (dst == if_false && dst != if_true) {
      a_.test(gp32(cond), gp32(cond));
      a_.cmovnz(gp(dst, wide), gp(if_true, wide));
      return;
    }
    move(dst, if_true, type);
    a_.test(gp32(cond), gp32(cond));
    a_.cmovz(gp(dst, wide), gp(if_false, wide));
    return;
  }
  // Floats: a short branch; cmov has no xmm form.
  asmjit::Label done = a_.newLabel();
  if (dst == if_false && dst != if_true) {
    a_.test(gp32(cond), gp32(cond));
    a_.jz(done);
    a_.movaps(xmm(dst), xmm(if_true));
    a_.bind(done);
    return;
  }
  move(dst, if_true, type);
  a_.test(gp32(cond), gp32(cond));
  a_.jnz(done);
  a_.movaps(xmm(dst), xmm(if_false));
  a_.bind(done);
}

// ---- references: a funcref is the FuncInst* of ctx->funcs ----

void X64MacroAssembler::emit_ref_func(Reg dst, uint32_t func_index) {
  a_.mov(x86::rax, x86::qword_ptr(x86::r14, offsetof(rt::InstanceContext, funcs)));
  a_.mov(gp64(dst), x86::qword_ptr(x86::rax, static_cast<int32_t>(func_index * 8)));
}

}  // namespace wasmrun::jit::x64
