// The interpreter's internal code: what the translator writes and the dispatch loop reads.
//
// A function is a flat array of 8-byte-aligned instructions. Each instruction starts with its
// handler (a label address under computed goto, an opcode number under the switch fallback),
// followed by pre-decoded immediates and operand locations. Operands are byte offsets from the
// frame pointer: the frame is one run of 8-byte slots holding the locals, a constant pool and
// the operand stack (a v128 takes two slots), so an instruction reads its sources and writes its
// destination wherever the translator decided they live.
#pragma once

#include <cstdint>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/code_offsets.h"
#include "engine/core/function_info.h"
#include "engine/core/module.h"
#include "engine/core/opcodes.h"

namespace wasmrun::interp {

// Operations of the internal code that are not a WebAssembly op with a generic shape. The numbers
// of the generic ones are their Op values; these come after them.
// clang-format off
#define WASMRUN_INTERP_OPS(X)                                                            \
  X(Copy8) X(Copy16) X(Const8) X(Const16)                                                \
  X(Br) X(BrIf) X(BrUnless) X(BrTable) X(Return) X(Return8)                              \
  X(Call) X(CallImport) X(CallIndirect) X(Trap) X(Select8) X(Select16)                   \
  /* tail calls: the callee's frame replaces the caller's */                             \
  X(ReturnCall) X(ReturnCallImport) X(ReturnCallIndirect)                                \
  X(GlobalGet8) X(GlobalGet16) X(GlobalSet8) X(GlobalSet16) X(RefIsNull) X(RefFunc)      \
  X(TableGet) X(TableSet) X(TableSize) X(TableGrow) X(TableFill) X(TableCopy)            \
  X(TableInit) X(ElemDrop) X(MemorySize) X(MemoryGrow) X(MemoryInit) X(DataDrop)         \
  X(MemoryCopy) X(MemoryFill) X(BrIfI32Eqz) X(BrIfI64Eqz) X(BrIfI64Nez)                \
  /* multi-memory: loads and stores reach the memory selected last (InsIdx: its index); */ \
  /* an access to memory N > 0 is translated as UseMemory N, the access, UseMemory 0 */    \
  X(UseMemory)                                                                           \
  /* memory64: the same on a 64-bit memory (i64 addresses, lengths, sizes) */            \
  X(MemorySize64) X(MemoryGrow64) X(MemoryInit64) X(MemoryCopy64) X(MemoryFill64)        \
  /* fuel metering only: one unit at a function's start and at each loop header */       \
  X(Fuel)                                                                                \
  /* a float multiply fused with the add or subtract that consumes it (InsTern, two */    \
  /* roundings as in the separate ops): MulAdd a*b+c, AddMul c+a*b, MulSub a*b-c, */       \
  /* SubMul c-a*b */                                                                       \
  X(F64MulAdd) X(F64AddMul) X(F64MulSub) X(F64SubMul)                                    \
  X(F32MulAdd) X(F32AddMul) X(F32MulSub) X(F32SubMul)
// clang-format on

// Two ops fused where the second consumes the first's result, (a op1 b) op2 c, each second
// operand a slot (Reg) or a constant (Imm). The list comes from the workloads' most frequent
// dependent op pairs, measured with the op-pair counts (op_counts.h); only non-trapping scalar
// binary ops of opcodes.def, the first's result type being the second's operand type.
// clang-format off
#define WASMRUN_INTERP_CHAINS(X)                                                         \
  X(I32Add, Reg, I32Add, Reg) X(I32Add, Reg, I32Add, Imm) X(I32Add, Imm, I32Shl, Imm)    \
  X(I32Sub, Imm, I32Shl, Imm) X(I32Shl, Imm, I32Add, Reg) X(I32And, Imm, I32ShrU, Imm)   \
  X(I32ShrU, Imm, I32And, Imm) X(I32ShrU, Imm, I32Xor, Reg) X(I32And, Imm, I32Xor, Reg)  \
  X(I32Xor, Reg, I32Mul, Imm) X(I32Mul, Imm, I32Xor, Reg) X(I32Xor, Reg, I32Shl, Imm)    \
  X(I32Rotl, Imm, I32Xor, Reg) X(I64Mul, Imm, I64ShrU, Imm)
// clang-format on

// Besides one op per Op value and the ops above, every Op gets three derived ops, used only for
// the shapes they fit (the others are never emitted):
//   Imm:   a binary op whose second operand is a constant carried in the instruction
//          (InsBinImm), so `x + 1` or `x < n` with a constant n reads no constant slot;
//   BrT / BrF: a comparison fused with the br_if or if that consumes it (InsBrCmp), jumping
//          when the comparison holds (BrT) or does not (BrF; for floats not the same as the
//          opposite comparison because of NaN);
//   BrTImm / BrFImm: the same with a constant second operand (InsBrCmpImm);
//   Indexed: a scalar load or store whose address is the i32.add of two operands
//          (InsLoadIdx, InsStoreIdx), as array indexing compiles to;
//   IndexedImm: the same with a constant second addend (`b` holds it), as field and element
//          accesses `p + 8` compile to (the wasm offset cannot absorb it: the sum wraps);
//   Scaled: address a + (b << shift) (InsLoadScaled, InsStoreScaled), an array element;
//   Addr64: any load or store (scalar, SIMD, lane) of a 64-bit memory (memory64): an i64
//          address and a 64-bit offset (InsLoad64, InsStore64, InsLoadLane64, InsStoreLane64).
enum class IOp : uint16_t {
#define WASM_OP(Name, prefix, code, Imm, n, sig, text) Name,
#include "engine/core/opcodes.def"
#define WASMRUN_X(Name) X##Name,
  WASMRUN_INTERP_OPS(WASMRUN_X)
#undef WASMRUN_X
#define WASM_OP(Name, prefix, code, Kind, n, sig, text) Name##Imm,
#include "engine/core/opcodes.def"
#define WASM_OP(Name, prefix, code, Imm, n, sig, text) Name##BrT,
#include "engine/core/opcodes.def"
#define WASM_OP(Name, prefix, code, Imm, n, sig, text) Name##BrF,
#include "engine/core/opcodes.def"
#define WASM_OP(Name, prefix, code, Imm, n, sig, text) Name##BrTImm,
#include "engine/core/opcodes.def"
#define WASM_OP(Name, prefix, code, Imm, n, sig, text) Name##BrFImm,
#include "engine/core/opcodes.def"
#define WASM_OP(Name, prefix, code, Imm, n, sig, text) Name##Indexed,
#include "engine/core/opcodes.def"
#define WASM_OP(Name, prefix, code, Imm, n, sig, text) Name##IndexedImm,
#include "engine/core/opcodes.def"
#define WASM_OP(Name, prefix, code, Imm, n, sig, text) Name##Scaled,
#include "engine/core/opcodes.def"
#define WASM_OP(Name, prefix, code, Imm, n, sig, text) Name##Addr64,
#include "engine/core/opcodes.def"
#define WASMRUN_X(Op1, K1, Op2, K2) Chain##Op1##K1##Op2##K2,
      WASMRUN_INTERP_CHAINS(WASMRUN_X)
#undef WASMRUN_X
          Count
};
constexpr size_t kIOpCount = static_cast<size_t>(IOp::Count);

inline IOp iop(Op op) { return static_cast<IOp>(op); }

enum class Variant : uint8_t { Imm, BrT, BrF, BrTImm, BrFImm, Indexed, IndexedImm, Scaled, Addr64 };
constexpr size_t kVariantCount = 9;
constexpr size_t kVariantBase = static_cast<size_t>(IOp::XF32SubMul) + 1;
constexpr size_t kChainBase = kVariantBase + kVariantCount * kOpCount;
enum class ChainForm : uint8_t { Reg, Imm };
struct ChainInfo {
  Op op1;
  ChainForm k1;
  Op op2;
  ChainForm k2;
  IOp iop;
};
constexpr ChainInfo kChains[] = {
#define WASMRUN_X(Op1, K1, Op2, K2) \
  {Op::Op1, ChainForm::K1, Op::Op2, ChainForm::K2, IOp::Chain##Op1##K1##Op2##K2},
    WASMRUN_INTERP_CHAINS(WASMRUN_X)
#undef WASMRUN_X
};
static_assert(kChainBase + std::size(kChains) == kIOpCount);
constexpr IOp variant(Op op, Variant v) {
  return static_cast<IOp>(kVariantBase + static_cast<size_t>(v) * kOpCount +
                          static_cast<size_t>(op));
}

using Handler = uintptr_t;
using Off = uint32_t;  // byte offset from the frame pointer

// Instruction layouts. Every instruction is a whole number of 8-byte words with no padding
// (explicit `pad` members instead), so the translator's output, which is serialized as it is,
// holds no indeterminate bytes.
struct InsNone {
  Handler h;
};
struct InsUn {
  Handler h;
  Off d, a;
};
struct InsBin {
  Handler h;
  Off d, a, b;
  uint32_t pad;
};
struct InsBinImm {  // b is a constant: its bits, zero-extended
  Handler h;
  Off d, a;
  uint64_t imm;
};
struct InsTern {
  Handler h;
  Off d, a, b, c;
};
struct InsLoad {  // also loads of v128 shapes
  Handler h;
  Off d, addr;
  uint32_t offset, pad;
};
struct InsLoadIdx {  // address: (a + b) mod 2^32, then + offset
  Handler h;
  Off d, a, b;
  uint32_t offset;
};
struct InsStoreIdx {
  Handler h;
  Off a, b, v;
  uint32_t offset;
};
struct InsChain {  // (a op1 (b or imm1)) op2 (c or imm2)
  Handler h;
  Off d, a, b, c;
  uint64_t imm1, imm2;
};
struct InsLoadScaled {  // address: (a + (b << shift)) mod 2^32, then + offset
  Handler h;
  Off d, a, b;
  uint32_t offset, shift, pad;
};
struct InsStoreScaled {
  Handler h;
  Off a, b, v;
  uint32_t offset, shift, pad;
};
struct InsStore {
  Handler h;
  Off addr, v;
  uint32_t offset, pad;
};
// Accesses to a 64-bit memory (Variant::Addr64): the address slot holds an i64 and the offset
// has 64 bits.
struct InsLoad64 {
  Handler h;
  Off d, addr;
  uint64_t offset;
};
struct InsStore64 {
  Handler h;
  Off addr, v;
  uint64_t offset;
};
struct InsLoadLane64 {
  Handler h;
  Off d, addr, v;
  uint8_t lane;
  uint8_t pad[3];
  uint64_t offset;
};
struct InsStoreLane64 {
  Handler h;
  Off addr, v;
  uint64_t offset;
  uint8_t lane;
  uint8_t pad[7];
};
struct InsLane {  // extract (b unused) and replace lane
  Handler h;
  Off d, a, b;
  uint8_t lane;
  uint8_t pad[3];
};
struct InsShuffle {
  Handler h;
  Off d, a, b;
  uint8_t lanes[16];
  uint8_t pad[4];
};
struct InsLoadLane {
  Handler h;
  Off d, addr, v;
  uint32_t offset;
  uint8_t lane;
  uint8_t pad[7];
};
struct InsStoreLane {
  Handler h;
  Off addr, v;
  uint32_t offset;
  uint8_t lane;
  uint8_t pad[3];
};
struct InsConst {
  Handler h;
  Off d;
  uint32_t pad;
  uint64_t lo, hi;
};
// Jumps hold a displacement in bytes from the start of the jump instruction.
struct InsBr {
  Handler h;
  int32_t disp;
  Off cond;
};
struct InsBrCmp {  // fused compare-and-branch: jump when (a op b) holds
  Handler h;
  int32_t disp;
  Off a, b;
  uint32_t pad;
};
struct InsBrCmpImm {  // fused compare-and-branch with a constant second operand
  Handler h;
  int32_t disp;
  Off a;
  uint64_t imm;
};
struct InsBrTable {  // followed by `count` int32 displacements (the default last), padded
  Handler h;
  Off index;
  uint32_t count;  // entries including the default
  int32_t disp[1];
};
struct FuncCode;
struct InsCall {
  Handler h;
  const FuncCode* callee;
  Off args;  // where the callee's frame starts (its first parameter)
  uint32_t pad;
};
struct InsCallImport {
  Handler h;
  uint32_t func_index;
  Off args;
  uint32_t result_bytes;  // XReturnCallImport: results a host callee leaves at `args`
  uint32_t pad;
};
struct InsCallIndirect {
  Handler h;
  uint32_t type_index, table;
  Off index, args;
  uint32_t result_bytes;  // XReturnCallIndirect, as in InsCallImport
  uint32_t pad;
};
struct InsIdx {  // global/table/segment/function index with up to three operand slots
  Handler h;
  uint32_t index;
  Off a, b, c;
};
struct InsIdx2 {  // table.copy / table.init: two indexes and three operand slots
  Handler h;
  uint32_t x, y;
  Off a, b, c;
  uint32_t pad;
};
struct InsTrap {
  Handler h;
  uint32_t kind, pad;
};

// The largest frame the translator makes (and a loaded function may claim).
inline constexpr uint64_t kMaxFrameBytes = uint64_t{1} << 30;

// One translated function. Frames are laid out as
//   [params | other locals | constant pool | operand stack]
// and a callee's frame starts at its first argument in the caller's operand stack.
struct FuncCode {
  uint32_t func_index = 0;
  uint32_t param_bytes = 0;   // params, already in place when the function is entered
  uint32_t locals_bytes = 0;  // params and other locals; the rest of them is zeroed on entry
  uint32_t frame_bytes = 0;   // whole frame
  uint32_t num_params = 0;
  uint32_t num_results = 0;
  std::vector<uint64_t> consts;         // copied to the frame right after the locals on entry
  const uint64_t* const_ptr = nullptr;  // consts.data(), consts.size(): read on every call
  uint32_t num_consts = 0;
  std::unique_ptr<uint64_t[]> code;
  size_t code_words = 0;
  // Where each instruction starts (word index, ascending): what turns the handler addresses
  // and callee pointers of `code` into numbers and back (serialize.cpp).
  std::vector<uint32_t> ins_words;
  // Byte offset in `code` -> bytecode offset, at instructions that may trap or call.
  std::vector<CodeOffset> offsets;
  const FuncType* type = nullptr;
  const struct CompiledModule* module = nullptr;
};

struct CompiledModule {
  std::shared_ptr<const ValidatedModule> validated;
  std::vector<std::unique_ptr<FuncCode>> funcs;  // defined functions
};

// The handler value for each internal op (label addresses or opcode numbers).
const Handler* handler_table();

}  // namespace wasmrun::interp
