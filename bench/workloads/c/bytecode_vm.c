// A small stack-machine interpreter with switch dispatch running a bytecode program (the sum
// of Collatz sequence lengths, with the step as a bytecode subroutine): an indirect branch per
// instruction and unpredictable data-dependent jumps.
#include "workload.h"

enum {
  OP_HALT,
  OP_PUSH,   // imm: push imm
  OP_LOAD,   // imm: push reg[imm]
  OP_STORE,  // imm: reg[imm] = pop
  OP_INC,    // imm: reg[imm] += 1
  OP_DUP,
  OP_DROP,
  OP_ADD,
  OP_SUB,
  OP_MUL,
  OP_AND,
  OP_SHR,
  OP_LT,  // push (a < b), b on top
  OP_EQ,
  OP_JMP,   // imm: pc = imm
  OP_JZ,    // imm: if pop == 0, pc = imm
  OP_JNZ,   // imm
  OP_CALL,  // imm: push return address on the call stack, pc = imm
  OP_RET,
};

typedef struct {
  uint32_t code[256];
  uint32_t len;
} program;

static uint32_t emit(program* p, uint32_t op) {
  p->code[p->len] = op;
  return p->len++;
}

static uint32_t emit_imm(program* p, uint32_t op, uint32_t imm) {
  uint32_t at = emit(p, op);
  emit(p, imm);
  return at;
}

// Jumps to labels not yet emitted get their target patched in later.
static void patch(program* p, uint32_t jump_at, uint32_t target) { p->code[jump_at + 1] = target; }

enum { R_I, R_LIMIT, R_TOTAL, R_X, R_MAX, R_STEPS };

static void build(program* p) {
  p->len = 0;
  // main: for (i = 1; i < limit; ++i) { x = i; steps = 0; while (x != 1) { x = step(x); ++steps; }
  //                                    total += steps; max = max(max, steps); }
  uint32_t loop = p->len;
  emit_imm(p, OP_LOAD, R_I);
  emit_imm(p, OP_LOAD, R_LIMIT);
  emit(p, OP_LT);
  uint32_t exit_jump = emit_imm(p, OP_JZ, 0);
  emit_imm(p, OP_LOAD, R_I);
  emit_imm(p, OP_STORE, R_X);
  emit_imm(p, OP_PUSH, 0);
  emit_imm(p, OP_STORE, R_STEPS);
  uint32_t inner = p->len;
  emit_imm(p, OP_LOAD, R_X);
  emit_imm(p, OP_PUSH, 1);
  emit(p, OP_EQ);
  uint32_t inner_exit = emit_imm(p, OP_JNZ, 0);
  emit_imm(p, OP_LOAD, R_X);
  uint32_t call = emit_imm(p, OP_CALL, 0);
  emit_imm(p, OP_STORE, R_X);
  emit_imm(p, OP_INC, R_STEPS);
  emit_imm(p, OP_JMP, inner);
  patch(p, inner_exit, p->len);
  emit_imm(p, OP_LOAD, R_TOTAL);
  emit_imm(p, OP_LOAD, R_STEPS);
  emit(p, OP_ADD);
  emit_imm(p, OP_STORE, R_TOTAL);
  emit_imm(p, OP_LOAD, R_MAX);
  emit_imm(p, OP_LOAD, R_STEPS);
  emit(p, OP_LT);
  uint32_t keep_max = emit_imm(p, OP_JZ, 0);
  emit_imm(p, OP_LOAD, R_STEPS);
  emit_imm(p, OP_STORE, R_MAX);
  patch(p, keep_max, p->len);
  emit_imm(p, OP_INC, R_I);
  emit_imm(p, OP_JMP, loop);
  patch(p, exit_jump, p->len);
  emit(p, OP_HALT);

  // step(x): x even ? x >> 1 : 3x + 1
  patch(p, call, p->len);
  emit(p, OP_DUP);
  emit_imm(p, OP_PUSH, 1);
  emit(p, OP_AND);
  uint32_t odd = emit_imm(p, OP_JNZ, 0);
  emit_imm(p, OP_PUSH, 1);
  emit(p, OP_SHR);
  emit(p, OP_RET);
  patch(p, odd, p->len);
  emit_imm(p, OP_PUSH, 3);
  emit(p, OP_MUL);
  emit_imm(p, OP_PUSH, 1);
  emit(p, OP_ADD);
  emit(p, OP_RET);
}

typedef struct {
  uint64_t regs[8];
  uint64_t executed;
} vm_result;

static int run(const program* p, vm_result* r) {
  uint64_t stack[64];
  uint32_t calls[64];
  uint32_t sp = 0, csp = 0, pc = 0;
  uint64_t executed = 0;
  const uint32_t* code = p->code;
  for (;;) {
    uint32_t op = code[pc++];
    ++executed;
    uint64_t a, b;
    switch (op) {
      case OP_HALT: r->executed = executed; return 0;
      case OP_PUSH: stack[sp++] = code[pc++]; break;
      case OP_LOAD: stack[sp++] = r->regs[code[pc++]]; break;
      case OP_STORE: r->regs[code[pc++]] = stack[--sp]; break;
      case OP_INC: r->regs[code[pc++]] += 1; break;
      case OP_DUP:
        stack[sp] = stack[sp - 1];
        ++sp;
        break;
      case OP_DROP: --sp; break;
      case OP_ADD:
        b = stack[--sp];
        stack[sp - 1] += b;
        break;
      case OP_SUB:
        b = stack[--sp];
        stack[sp - 1] -= b;
        break;
      case OP_MUL:
        b = stack[--sp];
        stack[sp - 1] *= b;
        break;
      case OP_AND:
        b = stack[--sp];
        stack[sp - 1] &= b;
        break;
      case OP_SHR:
        b = stack[--sp];
        stack[sp - 1] >>= (b & 63);
        break;
      case OP_LT:
        b = stack[--sp];
        a = stack[sp - 1];
        stack[sp - 1] = a < b;
        break;
      case OP_EQ:
        b = stack[--sp];
        a = stack[sp - 1];
        stack[sp - 1] = a == b;
        break;
      case OP_JMP: pc = code[pc]; break;
      case OP_JZ: pc = stack[--sp] == 0 ? code[pc] : pc + 1; break;
      case OP_JNZ: pc = stack[--sp] != 0 ? code[pc] : pc + 1; break;
      case OP_CALL:
        calls[csp++] = pc + 1;
        pc = code[pc];
        break;
      case OP_RET: pc = calls[--csp]; break;
      default: return 1;
    }
    if (sp >= 62 || csp >= 62) return 1;  // a malformed program, not reachable here
  }
}

int main(int argc, char** argv) {
  uint32_t limit = wl_size_arg(argc, argv, 30000);
  program p;
  build(&p);
  vm_result r;
  memset(&r, 0, sizeof r);
  r.regs[R_I] = 1;
  r.regs[R_LIMIT] = limit;
  if (run(&p, &r) != 0) {
    printf("vm error\n");
    return 1;
  }
  printf("collatz below %" PRIu32 ": %" PRIu64 " steps, longest %" PRIu64 ", %" PRIu64
         " instructions\n",
         limit, r.regs[R_TOTAL], r.regs[R_MAX], r.executed);
  wl_print_checksum(wl_mix(wl_mix(r.regs[R_TOTAL], r.regs[R_MAX]), r.executed));
  return 0;
}
