// The decoded form of a binary module, in namespace core so it never meets the public
// wasmrun::Module and wasmrun::Global. Immutable once the decoder returns it, so threads and
// instances can share one Module. Function bodies and data segments stay byte ranges of `bytes`.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "wasmrun/types.hpp"

namespace wasmrun::core {

// A constant expression: one instruction then `end` (the WebAssembly 2.0 forms), or with
// extended constant expressions (3.0) a sequence, kept as Kind::Extended with its instructions in
// `ops` (the operand kinds above, and i32/i64 add, sub, mul).
struct ConstExpr {
  enum class Kind : uint8_t {
    I32,
    I64,
    F32,
    F64,
    V128,
    RefNull,
    RefFunc,
    GlobalGet,
    // Only inside `ops`:
    I32Add,
    I32Sub,
    I32Mul,
    I64Add,
    I64Sub,
    I64Mul,
    Extended,
  };
  Kind kind = Kind::I32;
  ValType type = ValType::I32;  // the type the expression produces
  uint64_t lo = 0;              // i32/i64/f32/f64 bits, low half of v128
  uint64_t hi = 0;              // high half of v128
  uint32_t index = 0;           // function index (RefFunc) or global index (GlobalGet)
  uint32_t at = 0;              // byte offset of the expression (or of a bare function index)
  std::vector<ConstExpr> ops;   // Extended: the instructions in order
};

// The value of a validated integer expression (Kind::Extended, or a single i32/i64 constant or
// global.get); `global(index)` gives a global's bits. i32 results are zero-extended.
template <class GlobalBits>
uint64_t eval_integer_expr(const ConstExpr& e, GlobalBits global) {
  using K = ConstExpr::Kind;
  auto leaf = [&](const ConstExpr& x) -> uint64_t {
    if (x.kind == K::GlobalGet) {
      uint64_t v = global(x.index);
      return x.type == ValType::I32 ? static_cast<uint32_t>(v) : v;
    }
    return x.lo;
  };
  if (e.kind != K::Extended) return leaf(e);
  std::vector<uint64_t> stack;
  for (const ConstExpr& x : e.ops) {
    if (x.kind < K::I32Add) {
      stack.push_back(leaf(x));
      continue;
    }
    uint64_t b = stack.back();
    stack.pop_back();
    uint64_t a = stack.back();
    uint64_t r = 0;
    switch (x.kind) {
      case K::I32Add: r = static_cast<uint32_t>(a + b); break;
      case K::I32Sub: r = static_cast<uint32_t>(a - b); break;
      case K::I32Mul: r = static_cast<uint32_t>(a * b); break;
      case K::I64Add: r = a + b; break;
      case K::I64Sub: r = a - b; break;
      default: r = a * b; break;
    }
    stack.back() = r;
  }
  return stack.back();
}

struct Import {
  std::string module;
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t func_type = 0;     // kind == Func: type index
  TableType table;            // kind == Table
  MemoryType memory;          // kind == Memory
  GlobalType global;          // kind == Global
  uint32_t entry_offset = 0;  // where the import's entry starts (for errors)
};

struct Export {
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t index = 0;
  uint32_t entry_offset = 0;  // where the export's entry starts (for errors)
};

struct Global {
  GlobalType type;
  ConstExpr init;
};

enum class SegmentMode : uint8_t { Active, Passive, Declarative };

struct ElemSegment {
  SegmentMode mode = SegmentMode::Active;
  ValType type = ValType::FuncRef;
  uint32_t table = 0;
  ConstExpr offset;              // Active only
  std::vector<ConstExpr> items;  // function indexes are stored as RefFunc expressions
  uint32_t entry_offset = 0;     // where the segment's entry starts (for errors)
};

struct DataSegment {
  SegmentMode mode = SegmentMode::Active;  // never Declarative
  uint32_t memory = 0;
  ConstExpr offset;           // Active only
  uint32_t bytes_offset = 0;  // the segment's bytes: Module::bytes[bytes_offset, +bytes_size)
  uint32_t bytes_size = 0;
  uint32_t entry_offset = 0;  // where the segment's entry starts (for errors)
};

struct LocalDecl {
  uint32_t count = 0;
  ValType type = ValType::I32;
};

struct FunctionBody {
  uint32_t type_index = 0;
  std::vector<LocalDecl> locals;  // as declared (run-length), params not included
  uint32_t num_locals = 0;        // sum of the counts above
  uint32_t entry_offset = 0;      // offset of the body's size field in `bytes` (for errors)
  uint32_t code_begin = 0;        // first instruction
  uint32_t code_end = 0;          // one past the final `end`
};

struct CustomSection {
  std::string name;
  uint32_t offset = 0;  // payload after the name
  uint32_t size = 0;
};

// What the name section tells, kept for backtraces and tools. Malformed name sections are
// ignored (as the specification allows for custom sections), never an error.
struct NameRef {
  uint32_t index = 0;
  uint32_t offset = 0;  // of the name's UTF-8 bytes in Module::bytes
  uint32_t size = 0;
};

struct NameSection {
  std::string module;
  std::vector<NameRef> functions;  // ascending index, one entry per index (Module::func_name)
  // The local-names subsection, checked but not unpacked: nothing on the way to running code
  // needs it, and unpacking a map per function would cost every load (parse_local_names()).
  uint32_t locals_offset = 0;  // in Module::bytes
  uint32_t locals_size = 0;    // 0: no local names
};

struct Module {
  std::vector<uint8_t> bytes;  // the whole binary; every offset below points into it

  std::vector<FuncType> types;
  std::vector<Import> imports;

  // Index spaces, imports first.
  std::vector<uint32_t> func_types;  // function index -> type index
  std::vector<TableType> tables;
  std::vector<MemoryType> memories;
  std::vector<GlobalType> global_types;
  uint32_t num_imported_funcs = 0;
  uint32_t num_imported_tables = 0;
  uint32_t num_imported_memories = 0;
  uint32_t num_imported_globals = 0;

  std::vector<Global> globals;       // defined globals (index - num_imported_globals)
  std::vector<FunctionBody> bodies;  // defined functions (index - num_imported_funcs)
  std::vector<Export> exports;
  std::optional<uint32_t> start;
  std::vector<ElemSegment> elems;
  std::vector<DataSegment> datas;
  std::optional<uint32_t> data_count;  // from the data count section, if present
  std::vector<CustomSection> customs;
  NameSection names;

  // Byte offsets of module-level entries, so validation errors can point at them: per index
  // space entry (imports first), where its type index or type was read; the start section's
  // function index.
  struct EntryOffsets {
    std::vector<uint32_t> funcs;
    std::vector<uint32_t> tables;
    std::vector<uint32_t> memories;
    uint32_t start = 0;
  } offsets;

  const FuncType& func_type(uint32_t func_index) const { return types[func_types[func_index]]; }
  // Whether memory `memidx` is a 64-bit memory (memory64), so its addresses, sizes and data
  // segment offsets are i64: the one question every tier asks about an instruction's memory.
  bool memory_is_64(uint32_t memidx) const { return memories[memidx].is64; }
  ValType memory_address_type(uint32_t memidx) const {
    return memory_is_64(memidx) ? ValType::I64 : ValType::I32;
  }
  // Name for backtraces: from the name section, else an export name, else empty.
  std::string func_name(uint32_t func_index) const;
};

}  // namespace wasmrun::core
