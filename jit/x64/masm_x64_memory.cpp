// x64 back end: linear-memory accesses with explicit bounds checks, memory.size and memory.grow.
#include <cstddef>

#include "jit/x64/masm_x64.h"
#include "runtime/context.h"
#include "runtime/memory.h"

namespace wasmrun::jit::x64 {

namespace x86 = asmjit::x86;

namespace {

constexpr bool fits_int32(uint64_t v) { return v <= static_cast<uint64_t>(INT32_MAX); }

}  // namespace

// Linear memory is reached through two pinned registers (see masm_x64.h): r13 holds the base of
// memory 0, r12 its LinearMemory (explicit mode). An i32 address in a register is already
// zero-extended (every 32-bit write clears the upper half), so it indexes directly.
//
// Explicit check, computed in 64 bits so addr + offset + size cannot wrap:
//   rcx = addr + offset + size; trap unless rcx <= memory->size.
// The returned operand is [r13 + addr + offset].
x86::Mem X64MacroAssembler::checked_address(Reg addr, uint64_t offset, uint32_t size, Label oob) {
  uint64_t end = offset + size;
  if (fits_int32(end)) {
    a_.lea(x86::rcx, x86::ptr(gp64(addr), static_cast<int32_t>(end)));
  } else {
    a_.mov(x86::rcx, end);
    a_.add(x86::rcx, gp64(addr));
  }
  a_.cmp(x86::rcx, x86::qword_ptr(checked_memory(), offsetof(rt::LinearMemory, size)));
  a_.ja(label(oob));
  return memory_operand(addr, offset);
}

// Another memory than 0 (use_memory): the register holding its LinearMemory. Memory 0's is pinned
// in r12 in explicit mode only; with guard pages r12 is allocatable, and the checks that remain
// (helper accesses, huge offsets, 64-bit memories) load it into rax.
x86::Gp X64MacroAssembler::checked_memory() {
  if (access_memory_) return gp64(*access_memory_);
  if (!guard_pages_) return kMemoryReg;
  a_.mov(x86::rax, x86::qword_ptr(x86::r14, offsetof(rt::InstanceContext, memory)));
  return x86::rax;
}

// A 64-bit memory: addr is any i64, so rcx = addr + offset + size may carry out of 64 bits,
// which traps (jc) like any other access past the end. An offset so large that offset + size
// wraps by itself can never be in bounds.
x86::Mem X64MacroAssembler::checked_address64(Reg addr, uint64_t offset, uint32_t size, Label oob) {
  uint64_t end = offset + size;
  if (end < offset) {
    a_.jmp(label(oob));
    return memory_operand(addr, 0);  // never reached; consumes use_memory's register
  }
  if (fits_int32(end)) {
    a_.mov(x86::rcx, gp64(addr));
    a_.add(x86::rcx, static_cast<int32_t>(end));
  } else {
    a_.mov(x86::rcx, end);
    a_.add(x86::rcx, gp64(addr));
  }
  a_.jc(label(oob));
  a_.cmp(x86::rcx, x86::qword_ptr(checked_memory(), offsetof(rt::LinearMemory, size)));
  a_.ja(label(oob));
  return memory_operand(addr, offset);  // addr and offset are below 2^48 here
}

// [r13 + addr + offset]; an offset beyond a 32-bit displacement is added in rcx. Another memory
// than 0 (use_memory): its base replaces the LinearMemory* in that register and stands for r13.
x86::Mem X64MacroAssembler::memory_operand(Reg addr, uint64_t offset) {
  x86::Gp base = kMemoryBaseReg;
  if (access_memory_) {
    base = gp64(*access_memory_);
    access_memory_.reset();
    a_.mov(base, x86::qword_ptr(base, offsetof(rt::LinearMemory, base)));
  }
  if (fits_int32(offset)) {
    return x86::ptr(base, gp64(addr), 0, static_cast<int32_t>(offset));
  }
  a_.mov(x86::rcx, offset);
  a_.add(x86::rcx, gp64(addr));
  return x86::ptr(base, x86::rcx);
}

// dst = ctx->memories[index].
void X64MacroAssembler::load_linear_memory(Reg dst, uint32_t index) {
  a_.mov(gp64(dst), x86::qword_ptr(x86::r14, offsetof(rt::InstanceContext, memories)));
  a_.mov(gp64(dst), x86::qword_ptr(gp64(dst), static_cast<int32_t>(index * sizeof(void*))));
}

// See MacroAssembler::access_is_checked.
x86::Mem X64MacroAssembler::access_address(Reg addr, uint64_t offset, uint32_t size, bool addr64,
                                           Label oob) {
  if (addr64) return checked_address64(addr, offset, size, oob);
  if (access_is_checked(offset)) {
    return checked_address(addr, offset, size, oob);
  }
  return memory_operand(addr, offset);
}

void X64MacroAssembler::emit_load(MemAccess access, Reg dst, Reg addr, uint64_t offset, Label oob) {
  uint32_t size = 1u << access.size_log2;
  x86::Mem m = access_address(addr, offset, size, access.addr64, oob);
  m.setSize(size);
  switch (access.type) {
    case ValType::F32: a_.movss(xmm(dst), m); return;
    case ValType::F64: a_.movsd(xmm(dst), m); return;
    case ValType::V128: a_.movups(xmm(dst), m); return;
    default: break;
  }
  bool wide = access.type == ValType::I64;
  switch (size) {
    case 1:
    case 2:
      if (access.sign_extend) {
        a_.movsx(gp(dst, wide), m);
      } else {
        a_.movzx(gp32(dst), m);
      }
      break;
    case 4:
      if (wide && access.sign_extend) {
        a_.movsxd(gp64(dst), m);
      } else {
        a_.mov(gp32(dst), m);  // also i64.load32_u: writing a 32-bit register zero-extends
      }
      break;
    default: a_.mov(gp64(dst), m); break;
  }
}

void X64MacroAssembler::emit_store(MemAccess access, Reg addr, uint64_t offset, Reg value,
                                   Label oob) {
  uint32_t size = 1u << access.size_log2;
  x86::Mem m = access_address(addr, offset, size, access.addr64, oob);
  m.setSize(size);
  switch (access.type) {
    case ValType::F32: a_.movss(m, xmm(value)); return;
    case ValType::F64: a_.movsd(m, xmm(value)); return;
    case ValType::V128: a_.movups(m, xmm(value)); return;
    default: break;
  }
  switch (size) {
    case 1: a_.mov(m, x86::gpb(value.code)); break;
    case 2: a_.mov(m, x86::gpw(value.code)); break;
    case 4: a_.mov(m, gp32(value)); break;
    default: a_.mov(m, gp64(value)); break;
  }
}

void X64MacroAssembler::emit_checked_address(Reg dst, Reg addr, uint64_t offset, uint32_t size,
                                             bool addr64, Label oob) {
  x86::Mem m = addr64 ? checked_address64(addr, offset, size, oob)
                      : checked_address(addr, offset, size, oob);
  a_.lea(gp64(dst), m);
}

void X64MacroAssembler::emit_memory_size(Reg dst) {
  a_.mov(x86::rax, x86::qword_ptr(x86::r14, offsetof(rt::InstanceContext, memory)));
  a_.mov(gp64(dst), x86::qword_ptr(x86::rax, offsetof(rt::LinearMemory, pages)));
}

// uint64 grow(InstanceContext*, uint64 delta). The delta is read before rdi is overwritten, since
// `reg` may be rdi or rsi.
void X64MacroAssembler::emit_memory_grow(Reg reg) {
  a_.mov(x86::rax, gp64(reg));
  a_.mov(x86::rdi, x86::r14);
  a_.mov(x86::rsi, x86::rax);
  call_helper(Helper::MemoryGrow);
  a_.mov(gp64(reg), x86::rax);
}

}  // namespace wasmrun::jit::x64
