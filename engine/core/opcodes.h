// Expansions of opcodes.def: the Op enum, per-op metadata and encoding lookups.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "wasmrun/types.hpp"

namespace wasmrun {

// How the bytes after an opcode are read.
enum class ImmKind : uint8_t {
  None,
  BlockType,     // s33: 0x40 (empty), a value type, or a type index
  Label,         // u32 label depth
  BrTable,       // vec(u32) then u32 default
  Func,          // u32 function index
  CallIndirect,  // u32 type index, u32 table index
  SelectT,       // vec(valtype), length must be 1
  Local,         // u32
  Global,        // u32
  Table,         // u32 table index
  MemArg,        // u32 align (log2) [| kMemArgHasMemory, then u32 memory index], u32 offset
  Memory,        // memory index: u32 with multi-memory, else one byte 0x00
  I32,           // s32
  I64,           // s64
  F32,           // 4 raw bytes
  F64,           // 8 raw bytes
  V128,          // 16 raw bytes
  Shuffle,       // 16 lane indexes, each < 32
  Lane,          // one byte lane index
  MemArgLane,    // memarg then one byte lane index
  RefType,       // one byte reference type
  MemoryInit,    // u32 data index, then a memory index (as Memory)
  Data,          // u32 data index
  MemoryCopy,    // destination then source memory index (each as Memory)
  TableInit,     // u32 element index, u32 table index
  Elem,          // u32 element index
  TableCopy,     // u32 destination table, u32 source table
};

// Set in a memarg's alignment field (multi-memory): a u32 memory index follows the alignment.
inline constexpr uint32_t kMemArgHasMemory = 0x40;

enum class Op : uint16_t {
#define WASM_OP(Name, prefix, code, Imm, n, sig, text) Name,
#include "engine/core/opcodes.def"
  Count
};

constexpr size_t kOpCount = static_cast<size_t>(Op::Count);

struct OpInfo {
  uint8_t prefix;  // 0, 0xfc or 0xfd
  uint32_t code;   // opcode byte or sub-opcode
  ImmKind imm;
  uint8_t n;  // alignment log2 / lane count, see opcodes.def
  const char* sig;
  const char* text;
};

// The fixed operand and result types of an op, parsed from the sig column.
struct OpSig {
  bool special = false;  // typed by hand in the validator ("*")
  bool traps = false;    // a numeric op that can trap ("!")
  uint8_t num_params = 0;
  uint8_t num_results = 0;
  ValType params[3] = {};
  ValType results[1] = {};
};

namespace detail {
inline constexpr OpInfo kOpInfo[] = {
#define WASM_OP(Name, prefix, code, Imm, n, sig, text) {prefix, code, ImmKind::Imm, n, sig, text},
#include "engine/core/opcodes.def"
};
static_assert(sizeof(kOpInfo) / sizeof(kOpInfo[0]) == kOpCount);
extern const OpSig kOpSigs[kOpCount];
}  // namespace detail

// Inline: the tiers' decoding loops look these up for every instruction.
inline const OpInfo& op_info(Op op) { return detail::kOpInfo[static_cast<size_t>(op)]; }
inline const OpSig& op_sig(Op op) { return detail::kOpSigs[static_cast<size_t>(op)]; }
inline const char* op_name(Op op) { return op_info(op).text; }
// Loads and stores: the instructions with a memarg.
inline bool op_has_memarg(Op op) {
  return op_info(op).imm == ImmKind::MemArg || op_info(op).imm == ImmKind::MemArgLane;
}

// The relaxed SIMD instructions (feature relaxed-simd), one contiguous block of opcodes.def.
constexpr bool is_relaxed_simd(Op op) {
  return op >= Op::I8x16RelaxedSwizzle && op <= Op::I32x4RelaxedDotI8x16I7x16AddS;
}

// The non-relaxed instruction whose result wasmrun gives for a relaxed one, where there is one
// (engine/ops/simd_relaxed.h has every choice); `op` itself for the others (madd, nmadd, the
// dot products) and for every instruction that is not relaxed. Tiers that emit code per op map
// through this, so a relaxed op gets exactly the code of its non-relaxed twin.
constexpr Op relaxed_simd_equivalent(Op op) {
  switch (op) {
    case Op::I8x16RelaxedSwizzle: return Op::I8x16Swizzle;
    case Op::I32x4RelaxedTruncF32x4S: return Op::I32x4TruncSatF32x4S;
    case Op::I32x4RelaxedTruncF32x4U: return Op::I32x4TruncSatF32x4U;
    case Op::I32x4RelaxedTruncF64x2SZero: return Op::I32x4TruncSatF64x2SZero;
    case Op::I32x4RelaxedTruncF64x2UZero: return Op::I32x4TruncSatF64x2UZero;
    case Op::I8x16RelaxedLaneselect:
    case Op::I16x8RelaxedLaneselect:
    case Op::I32x4RelaxedLaneselect:
    case Op::I64x2RelaxedLaneselect: return Op::V128Bitselect;
    case Op::F32x4RelaxedMin: return Op::F32x4Min;
    case Op::F32x4RelaxedMax: return Op::F32x4Max;
    case Op::F64x2RelaxedMin: return Op::F64x2Min;
    case Op::F64x2RelaxedMax: return Op::F64x2Max;
    case Op::I16x8RelaxedQ15mulrS: return Op::I16x8Q15mulrSatS;
    default: return op;
  }
}

// Encoding to Op; nullopt for unassigned encodings.
std::optional<Op> op_from_byte(uint8_t byte);
std::optional<Op> op_from_prefixed(uint8_t prefix, uint32_t sub);

// The encoding tables behind those lookups, for hot loops: row 0 is indexed by the opcode byte,
// row 1 by the sub-opcode after 0xfc, row 2 by the sub-opcode after 0xfd; kNoOpIndex marks an
// unassigned encoding. Sub-opcodes at or above kOpTableColumns are unassigned.
constexpr uint16_t kNoOpIndex = 0xffff;
constexpr uint32_t kOpTableColumns = 512;
using OpEncodingTable = std::array<std::array<uint16_t, kOpTableColumns>, 3>;

namespace detail {
constexpr OpEncodingTable make_op_encoding_table() {
  OpEncodingTable table{};
  for (auto& row : table) row.fill(kNoOpIndex);
  uint16_t index = 0;
#define WASM_OP(Name, prefix, code, Imm, n, sig, text) \
  table[(prefix) == 0 ? 0 : (prefix) == 0xfc ? 1 : 2][code] = index++;
#include "engine/core/opcodes.def"
  return table;
}
}  // namespace detail

inline constexpr OpEncodingTable kOpByEncoding = detail::make_op_encoding_table();

// Op of an encoding the validator has already accepted: one table load, no checks.
[[gnu::always_inline]] inline Op validated_op(uint8_t byte) {
  return static_cast<Op>(kOpByEncoding[0][byte]);
}
[[gnu::always_inline]] inline Op validated_prefixed_op(uint8_t prefix, uint32_t sub) {
  return static_cast<Op>(kOpByEncoding[prefix == 0xfc ? 1 : 2][sub]);
}

}  // namespace wasmrun
