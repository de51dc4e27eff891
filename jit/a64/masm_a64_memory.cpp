// arm64 back end: linear-memory accesses (explicit bounds checks or guard pages), memory.size and
// memory.grow.
#include <cstddef>

#include "jit/a64/masm_a64.h"
#include "runtime/context.h"
#include "runtime/memory.h"

namespace wasmrun::jit::a64 {

namespace a64 = asmjit::a64;

// Linear memory is reached through two pinned registers (see masm_a64.h): x28 holds the base of
// memory 0, x27 its LinearMemory (explicit mode).
//
// Explicit check, computed in 64 bits so addr + offset + size cannot wrap:
//   x16 = zero-extended addr + offset + size; trap unless x16 <= memory->size.
A64MacroAssembler::Mem A64MacroAssembler::checked_address(Reg addr, uint64_t offset, uint32_t size,
                                                          Label oob) {
  a_.mov(a64::w16, gp32(addr));
  add_constant(a64::x16, a64::x16, offset + size, a64::x17);
  a_.ldr(a64::x17, a64::ptr(checked_memory(), offsetof(rt::LinearMemory, size)));
  a_.cmp(a64::x16, a64::x17);
  branch_if(asmjit::arm::CondCode::kHI, oob);
  return memory_operand(addr, offset);
}

// A 64-bit memory: addr is any i64, so x16 = addr + offset + size may carry out of 64 bits,
// which traps (adds, then b.cs) like any other access past the end. An offset so large that
// offset + size wraps by itself is never in bounds.
A64MacroAssembler::Mem A64MacroAssembler::checked_address64(Reg addr, uint64_t offset,
                                                            uint32_t size, Label oob) {
  uint64_t end = offset + size;
  if (end < offset) {
    jump(oob);
    return memory_operand(addr, 0);  // never reached; consumes use_memory's register
  }
  materialize(a64::x16, end);
  a_.adds(a64::x16, a64::x16, gp64(addr));
  branch_if(asmjit::arm::CondCode::kCS, oob);
  a_.ldr(a64::x17, a64::ptr(checked_memory(), offsetof(rt::LinearMemory, size)));
  a_.cmp(a64::x16, a64::x17);
  branch_if(asmjit::arm::CondCode::kHI, oob);
  Gp base = access_base();
  if (offset == 0) return a64::ptr(base, gp64(addr));
  add_constant(a64::x17, base, offset, a64::x16);
  return a64::ptr(a64::x17, gp64(addr));
}

// Another memory than 0 (use_memory): the register holding its LinearMemory. Memory 0's is pinned
// in x27 in explicit mode only; with guard pages x27 is allocatable, and the checks that remain
// (helper accesses, huge offsets, 64-bit memories) load it into x17.
A64MacroAssembler::Gp A64MacroAssembler::checked_memory() {
  if (access_memory_) return gp64(*access_memory_);
  if (!guard_pages_) return kMemoryReg;
  a_.ldr(a64::x17, a64::ptr(a64::x19, offsetof(rt::InstanceContext, memory)));
  return a64::x17;
}

// Memory 0's base is pinned in x28; another memory's (use_memory) replaces the LinearMemory* in
// its register, which is then consumed.
A64MacroAssembler::Gp A64MacroAssembler::access_base() {
  if (!access_memory_) return kMemoryBaseReg;
  Gp base = gp64(*access_memory_);
  access_memory_.reset();
  a_.ldr(base, a64::ptr(base, offsetof(rt::LinearMemory, base)));
  return base;
}

// [base + addr, uxtw]; a non-zero offset is added to the base in x17 first, which keeps the
// (possibly 32-bit-wide) offset out of the addressing mode. Another memory than 0 (use_memory):
// its base replaces the LinearMemory* in that register and stands for x28.
A64MacroAssembler::Mem A64MacroAssembler::memory_operand(Reg addr, uint64_t offset) {
  Gp base = access_base();
  if (offset == 0) return a64::ptr(base, gp32(addr), asmjit::arm::uxtw(0));
  add_constant(a64::x17, base, offset, a64::x16);
  return a64::ptr(a64::x17, gp32(addr), asmjit::arm::uxtw(0));
}

// dst = ctx->memories[index]; an index whose byte offset does not fit ldr's scaled immediate is
// added first.
void A64MacroAssembler::load_linear_memory(Reg dst, uint32_t index) {
  a_.ldr(gp64(dst), a64::ptr(a64::x19, offsetof(rt::InstanceContext, memories)));
  uint64_t at = uint64_t{index} * sizeof(void*);
  if (at >= 32768) {
    add_constant(gp64(dst), gp64(dst), at, a64::x16);
    at = 0;
  }
  a_.ldr(gp64(dst), a64::ptr(gp64(dst), static_cast<int32_t>(at)));
}

// See MacroAssembler::access_is_checked.
A64MacroAssembler::Mem A64MacroAssembler::access_address(Reg addr, uint64_t offset, uint32_t size,
                                                         bool addr64, Label oob) {
  if (addr64) return checked_address64(addr, offset, size, oob);
  if (access_is_checked(offset)) {
    return checked_address(addr, offset, size, oob);
  }
  return memory_operand(addr, offset);
}

void A64MacroAssembler::emit_load(MemAccess access, Reg dst, Reg addr, uint64_t offset, Label oob) {
  uint32_t size = 1u << access.size_log2;
  Mem m = access_address(addr, offset, size, access.addr64, oob);
  switch (access.type) {
    case ValType::F32: a_.ldr(vs(dst), m); return;
    case ValType::F64: a_.ldr(vd(dst), m); return;
    case ValType::V128: a_.ldr(vq(dst), m); return;
    default: break;
  }
  bool wide = access.type == ValType::I64;
  bool sx = access.sign_extend;
  switch (size) {
    case 1: sx ? a_.ldrsb(gp(dst, wide), m) : a_.ldrb(gp32(dst), m); break;
    case 2: sx ? a_.ldrsh(gp(dst, wide), m) : a_.ldrh(gp32(dst), m); break;
    case 4:
      // i64.load32_u too: writing a w register zero-extends.
      (wide && sx) ? a_.ldrsw(gp64(dst), m) : a_.ldr(gp32(dst), m);
      break;
    default: a_.ldr(gp64(dst), m); break;
  }
}

void A64MacroAssembler::emit_store(MemAccess access, Reg addr, uint64_t offset, Reg value,
                                   Label oob) {
  uint32_t size = 1u << access.size_log2;
  Mem m = access_address(addr, offset, size, access.addr64, oob);
  switch (access.type) {
    case ValType::F32: a_.str(vs(value), m); return;
    case ValType::F64: a_.str(vd(value), m); return;
    case ValType::V128: a_.str(vq(value), m); return;
    default: break;
  }
  switch (size) {
    case 1: a_.strb(gp32(value), m); break;
    case 2: a_.strh(gp32(value), m); break;
    case 4: a_.str(gp32(value), m); break;
    default: a_.str(gp64(value), m); break;
  }
}

void A64MacroAssembler::emit_checked_address(Reg dst, Reg addr, uint64_t offset, uint32_t size,
                                             bool addr64, Label oob) {
  Mem m = addr64 ? checked_address64(addr, offset, size, oob)
                 : checked_address(addr, offset, size, oob);
  // The operand's base is base + offset in x17, or the memory's base when the offset is 0.
  if (addr64) {
    a_.add(gp64(dst), a64::x(m.baseId()), gp64(addr));
  } else {
    a_.add(gp64(dst), a64::x(m.baseId()), gp64(addr), asmjit::arm::uxtw(0));
  }
}

void A64MacroAssembler::emit_memory_size(Reg dst) {
  a_.ldr(a64::x16, a64::ptr(a64::x19, offsetof(rt::InstanceContext, memory)));
  a_.ldr(gp64(dst), a64::ptr(a64::x16, offsetof(rt::LinearMemory, pages)));
}

// uint64 grow(InstanceContext*, uint64 delta). The delta moves to x1 before x0 is overwritten,
// since `reg` may be x0.
void A64MacroAssembler::emit_memory_grow(Reg reg) {
  a_.mov(a64::x1, gp64(reg));
  a_.mov(a64::x0, a64::x19);
  call_helper(Helper::MemoryGrow);
  a_.mov(gp64(reg), a64::x0);
}

}  // namespace wasmrun::jit::a64
