// A register-machine interpreter: 32-bit instruction words (opcode, two or three register
// fields or a 16-bit immediate) decoded with shifts and masks, dispatched by a switch. The
// program counts the primes below a limit by trial division and sums them, so the interpreted
// loop does a remainder, a multiply and a compare-and-branch per candidate divisor.
#include "workload.h"

enum { HALT, LI, MOV, ADD, ADDI, MUL, REMU, BLTU, BNEZ, BEQZ, JMP };

// op:8 | a:8 | b:8 | c:8, or op:8 | a:8 | imm:16 (LI, ADDI, branches and jumps).
#define R3(op, a, b, c) ((uint32_t)(op) << 24 | (uint32_t)(a) << 16 | (uint32_t)(b) << 8 | (c))
#define RI(op, a, imm) ((uint32_t)(op) << 24 | (uint32_t)(a) << 16 | ((uint32_t)(imm) & 0xffff))

static uint64_t run(const uint32_t* code, uint32_t* r) {
  uint64_t executed = 0;
  uint32_t pc = 0;
  for (;;) {
    uint32_t w = code[pc++];
    ++executed;
    uint32_t a = (w >> 16) & 0xff, b = (w >> 8) & 0xff, c = w & 0xff, imm = w & 0xffff;
    switch (w >> 24) {
      case HALT: return executed;
      case LI: r[a] = imm; break;
      case MOV: r[a] = r[b]; break;
      case ADD: r[a] = r[b] + r[c]; break;
      case ADDI: r[a] += (uint32_t)(int32_t)(int16_t)imm; break;
      case MUL: r[a] = r[b] * r[c]; break;
      case REMU: r[a] = r[c] ? r[b] % r[c] : 0; break;
      case BLTU:  // compares r[a] with r[a + 1]
        if (r[a] < r[a + 1]) pc = imm;
        break;
      case BNEZ:
        if (r[a]) pc = imm;
        break;
      case BEQZ:
        if (!r[a]) pc = imm;
        break;
      case JMP: pc = imm; break;
      default: return executed;
    }
  }
}

// BLTU compares a register with the one after it: N with LIMIT, T with N_PLUS_ONE.
enum { N, LIMIT, T, N_PLUS_ONE, D, COUNT, SUM, ONE };

int main(int argc, char** argv) {
  uint32_t limit = wl_size_arg(argc, argv, 60000);
  if (limit > 0xffff) limit = 0xffff;  // fits LI's immediate
  // for (n = 2; n < limit; ++n) { for (d = 2; d * d <= n; ++d) if (n % d == 0) goto next;
  //                               ++count; sum += n; next:; }
  const uint32_t code[] = {
      /* 0 */ RI(LI, N, 2),
      /* 1 */ RI(LI, LIMIT, limit),
      /* 2 */ RI(LI, ONE, 1),
      /* 3 */ RI(BLTU, N, 5),  // n < limit: next candidate
      /* 4 */ RI(HALT, 0, 0),
      /* 5 */ RI(LI, D, 2),
      /* 6 */ R3(ADD, N_PLUS_ONE, N, ONE),
      /* 7 */ R3(MUL, T, D, D),
      /* 8 */ RI(BLTU, T, 10),  // d * d < n + 1: try d
      /* 9 */ RI(JMP, 0, 14),   // no divisor: prime
      /* 10 */ R3(REMU, T, N, D),
      /* 11 */ RI(BEQZ, T, 16),  // divisible: composite
      /* 12 */ RI(ADDI, D, 1),
      /* 13 */ RI(JMP, 0, 7),
      /* 14 */ RI(ADDI, COUNT, 1),
      /* 15 */ R3(ADD, SUM, SUM, N),
      /* 16 */ RI(ADDI, N, 1),
      /* 17 */ RI(JMP, 0, 3),
  };
  uint32_t regs[16] = {0};
  uint64_t executed = 0;
  uint64_t h = limit;
  for (int round = 0; round < 8; ++round) {
    memset(regs, 0, sizeof regs);
    executed += run(code, regs);
    h = wl_mix(wl_mix(h, regs[COUNT]), regs[SUM]);
  }
  printf("primes below %" PRIu32 ": %" PRIu32 ", sum %" PRIu32 ", %" PRIu64
         " instructions executed\n",
         limit, regs[COUNT], regs[SUM], executed);
  wl_print_checksum(h);
  return 0;
}
