#include "engine/core/decoder.h"

#include <string>

#include "engine/core/byte_reader.h"
#include "engine/core/name_section.h"

namespace wasmrun {
namespace {

enum SectionId : uint8_t {
  kCustom = 0,
  kType = 1,
  kImport = 2,
  kFunction = 3,
  kTable = 4,
  kMemory = 5,
  kGlobal = 6,
  kExport = 7,
  kStart = 8,
  kElement = 9,
  kCode = 10,
  kData = 11,
  kDataCount = 12,
};

// Position of each known section in the required order; the data count section sits between
// the element and code sections although its id is the largest.
constexpr int section_rank(uint8_t id) {
  switch (id) {
    case kType: return 1;
    case kImport: return 2;
    case kFunction: return 3;
    case kTable: return 4;
    case kMemory: return 5;
    case kGlobal: return 6;
    case kExport: return 7;
    case kStart: return 8;
    case kElement: return 9;
    case kDataCount: return 10;
    case kCode: return 11;
    case kData: return 12;
    default: return 0;
  }
}

constexpr uint8_t kEnd = 0x0b;

class Decoder {
 public:
  explicit Decoder(core::Module& m) : m_(m), data_(m.bytes.data()) {}

  bool run();
  CoreError error() const { return {error_offset_, error_}; }

 private:
  bool fail(size_t offset, std::string message) {
    if (error_.empty()) {
      error_ = std::move(message);
      error_offset_ = offset;
    }
    return false;
  }
  // Adopts a reader's error after one of its reads returned false.
  bool fail_from(const ByteReader& r) {
    return fail(r.error_offset(), r.error() ? r.error() : "malformed module");
  }

  bool section(uint8_t id, ByteReader& r);
  bool type_section(ByteReader& r);
  bool import_section(ByteReader& r);
  bool function_section(ByteReader& r);
  bool table_section(ByteReader& r);
  bool memory_section(ByteReader& r);
  bool global_section(ByteReader& r);
  bool export_section(ByteReader& r);
  bool element_section(ByteReader& r);
  bool code_section(ByteReader& r);
  bool data_section(ByteReader& r);
  bool custom_section(ByteReader& r);

  bool value_type(ByteReader& r, ValType& t);
  bool ref_type(ByteReader& r, ValType& t);
  bool limits(ByteReader& r, Limits& l);
  bool memory_type(ByteReader& r, MemoryType& t);
  bool table_type(ByteReader& r, TableType& t);
  bool global_type(ByteReader& r, GlobalType& t);
  bool const_expr(ByteReader& r, core::ConstExpr& e);
  bool const_instr(ByteReader& r, core::ConstExpr& e);

  core::Module& m_;
  const uint8_t* data_;
  std::string error_;
  uint64_t error_offset_ = 0;
  uint32_t num_declared_funcs_ = 0;  // entries of the function section
  bool saw_code_section_ = false;
  uint64_t module_locals_ = 0;
};

bool Decoder::value_type(ByteReader& r, ValType& t) {
  size_t at = r.offset();
  uint8_t b = 0;
  if (!r.u8(b)) return false;
  if (!is_valtype_byte(b)) return r.fail_at(at, "malformed value type");
  t = static_cast<ValType>(b);
  return true;
}

bool Decoder::ref_type(ByteReader& r, ValType& t) {
  size_t at = r.offset();
  uint8_t b = 0;
  if (!r.u8(b)) return false;
  if (b != 0x70 && b != 0x6f) return r.fail_at(at, "malformed reference type");
  t = static_cast<ValType>(b);
  return true;
}

bool Decoder::limits(ByteReader& r, Limits& l) {
  size_t at = r.offset();
  uint8_t flags = 0;
  if (!r.u8(flags)) return false;
  if (flags > 1) return r.fail_at(at, "malformed limits flags");
  uint32_t min = 0;
  if (!r.u32(min)) return false;
  l.min = min;
  if (flags == 1) {
    uint32_t max = 0;
    if (!r.u32(max)) return false;
    l.max = max;
  }
  return true;
}

// Limits flags 0x04/0x05 (memory64) make a 64-bit memory with u64 limits; whether the feature
// is on is the validator's question.
bool Decoder::memory_type(ByteReader& r, MemoryType& t) {
  size_t at = r.offset();
  uint8_t flags = 0;
  if (!r.u8(flags)) return false;
  if ((flags & ~uint8_t{0x05}) != 0) return r.fail_at(at, "malformed limits flags");
  t.is64 = (flags & 0x04) != 0;
  Limits& l = t.limits;
  if (t.is64) {
    if (!r.u64(l.min)) return false;
  } else {
    uint32_t min = 0;
    if (!r.u32(min)) return false;
    l.min = min;
  }
  if (flags & 0x01) {
    uint64_t max = 0;
    if (t.is64) {
      if (!r.u64(max)) return false;
    } else {
      uint32_t max32 = 0;
      if (!r.u32(max32)) return false;
      max = max32;
    }
    l.max = max;
  }
  return true;
}

bool Decoder::table_type(ByteReader& r, TableType& t) {
  return ref_type(r, t.elem) && limits(r, t.limits);
}

bool Decoder::global_type(ByteReader& r, GlobalType& t) {
  if (!value_type(r, t.type)) return false;
  size_t at = r.offset();
  uint8_t mut = 0;
  if (!r.u8(mut)) return false;
  if (mut > 1) return r.fail_at(at, "malformed mutability");
  t.is_mutable = mut == 1;
  return true;
}

// One allowed instruction, then `end`. Types of global.get are filled from the globals known
// so far; the validator checks which globals may be referenced.
bool Decoder::const_expr(ByteReader& r, core::ConstExpr& e) {
  size_t at = r.offset();
  e.at = static_cast<uint32_t>(at);
  if (!const_instr(r, e)) return false;
  auto at_end_op = [&r] { return !r.at_end() && *r.pos() == kEnd; };
  if (at_end_op() && e.kind < core::ConstExpr::Kind::I32Add) return r.skip(1);
  // More than one instruction: an extended constant expression, typed by the validator.
  core::ConstExpr first = std::move(e);
  e = core::ConstExpr{};
  e.kind = core::ConstExpr::Kind::Extended;
  e.at = static_cast<uint32_t>(at);
  e.ops.push_back(std::move(first));
  // Every instruction takes at least one byte of the section, which bounds the list.
  while (!at_end_op()) {
    if (!const_instr(r, e.ops.emplace_back())) return false;
  }
  return r.skip(1);
}

// One instruction of a constant expression.
bool Decoder::const_instr(ByteReader& r, core::ConstExpr& e) {
  size_t at = r.offset();
  e.at = static_cast<uint32_t>(at);
  uint8_t op = 0;
  if (!r.u8(op)) return false;
  using K = core::ConstExpr::Kind;
  switch (op) {
    case 0x6a: e.kind = K::I32Add, e.type = ValType::I32; break;
    case 0x6b: e.kind = K::I32Sub, e.type = ValType::I32; break;
    case 0x6c: e.kind = K::I32Mul, e.type = ValType::I32; break;
    case 0x7c: e.kind = K::I64Add, e.type = ValType::I64; break;
    case 0x7d: e.kind = K::I64Sub, e.type = ValType::I64; break;
    case 0x7e: e.kind = K::I64Mul, e.type = ValType::I64; break;
    case 0x41: {
      int32_t v = 0;
      if (!r.s32(v)) return false;
      e.kind = K::I32, e.type = ValType::I32, e.lo = static_cast<uint32_t>(v);
      break;
    }
    case 0x42: {
      int64_t v = 0;
      if (!r.s64(v)) return false;
      e.kind = K::I64, e.type = ValType::I64, e.lo = static_cast<uint64_t>(v);
      break;
    }
    case 0x43: {
      uint32_t v = 0;
      if (!r.fixed_u32(v)) return false;
      e.kind = K::F32, e.type = ValType::F32, e.lo = v;
      break;
    }
    case 0x44: {
      if (!r.fixed_u64(e.lo)) return false;
      e.kind = K::F64, e.type = ValType::F64;
      break;
    }
    case 0xfd: {
      uint32_t sub = 0;
      if (!r.u32(sub)) return false;
      if (sub != 12) return r.fail_at(at, "constant expression required");
      if (!r.fixed_u64(e.lo) || !r.fixed_u64(e.hi)) return false;
      e.kind = K::V128, e.type = ValType::V128;
      break;
    }
    case 0xd0: {
      if (!ref_type(r, e.type)) return false;
      e.kind = K::RefNull;
      break;
    }
    case 0xd2: {
      if (!r.u32(e.index)) return false;
      e.kind = K::RefFunc, e.type = ValType::FuncRef;
      break;
    }
    case 0x23: {
      if (!r.u32(e.index)) return false;
      e.kind = K::GlobalGet;
      e.type = e.index < m_.global_types.size() ? m_.global_types[e.index].type : ValType::I32;
      break;
    }
    case kEnd: return r.fail_at(at, "type mismatch: empty constant expression");
    default: return r.fail_at(at, "constant expression required");
  }
  return true;
}

bool Decoder::type_section(ByteReader& r) {
  uint32_t n = 0;
  if (!r.count(n, 3)) return false;
  m_.types.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    size_t at = r.offset();
    uint8_t form = 0;
    if (!r.u8(form)) return false;
    if (form != 0x60) return r.fail_at(at, "malformed function type: expected 0x60");
    FuncType& t = m_.types.emplace_back();
    uint32_t np = 0;
    size_t np_at = r.offset();
    if (!r.count(np)) return false;
    if (np > kMaxFunctionParams) return r.fail_at(np_at, "too many params in a function type");
    t.params.resize(np);
    for (auto& p : t.params) {
      if (!value_type(r, p)) return false;
    }
    uint32_t nr = 0;
    size_t nr_at = r.offset();
    if (!r.count(nr)) return false;
    if (nr > kMaxFunctionResults) return r.fail_at(nr_at, "too many results in a function type");
    t.results.resize(nr);
    for (auto& p : t.results) {
      if (!value_type(r, p)) return false;
    }
  }
  return true;
}

bool Decoder::import_section(ByteReader& r) {
  uint32_t n = 0;
  if (!r.count(n, 4)) return false;
  m_.imports.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    core::Import& imp = m_.imports.emplace_back();
    imp.entry_offset = static_cast<uint32_t>(r.offset());
    if (!r.name(imp.module) || !r.name(imp.name)) return false;
    size_t at = r.offset();
    const auto desc_at = static_cast<uint32_t>(at + 1);
    uint8_t kind = 0;
    if (!r.u8(kind)) return false;
    switch (kind) {
      case 0:
        imp.kind = ExternKind::Func;
        if (!r.u32(imp.func_type)) return false;
        m_.func_types.push_back(imp.func_type);
        m_.offsets.funcs.push_back(desc_at);
        ++m_.num_imported_funcs;
        break;
      case 1:
        imp.kind = ExternKind::Table;
        if (!table_type(r, imp.table)) return false;
        m_.tables.push_back(imp.table);
        m_.offsets.tables.push_back(desc_at);
        ++m_.num_imported_tables;
        break;
      case 2:
        imp.kind = ExternKind::Memory;
        if (!memory_type(r, imp.memory)) return false;
        m_.memories.push_back(imp.memory);
        m_.offsets.memories.push_back(desc_at);
        ++m_.num_imported_memories;
        break;
      case 3:
        imp.kind = ExternKind::Global;
        if (!global_type(r, imp.global)) return false;
        m_.global_types.push_back(imp.global);
        ++m_.num_imported_globals;
        break;
      default: return r.fail_at(at, "malformed import kind");
    }
  }
  return true;
}

bool Decoder::function_section(ByteReader& r) {
  uint32_t n = 0;
  if (!r.count(n)) return false;
  num_declared_funcs_ = n;
  m_.func_types.reserve(m_.func_types.size() + n);
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t type = 0;
    m_.offsets.funcs.push_back(static_cast<uint32_t>(r.offset()));
    if (!r.u32(type)) return false;
    m_.func_types.push_back(type);
  }
  return true;
}

bool Decoder::table_section(ByteReader& r) {
  uint32_t n = 0;
  if (!r.count(n, 3)) return false;
  for (uint32_t i = 0; i < n; ++i) {
    TableType t;
    m_.offsets.tables.push_back(static_cast<uint32_t>(r.offset()));
    if (!table_type(r, t)) return false;
    m_.tables.push_back(t);
  }
  return true;
}

bool Decoder::memory_section(ByteReader& r) {
  uint32_t n = 0;
  if (!r.count(n, 2)) return false;
  for (uint32_t i = 0; i < n; ++i) {
    MemoryType t;
    m_.offsets.memories.push_back(static_cast<uint32_t>(r.offset()));
    if (!memory_type(r, t)) return false;
    m_.memories.push_back(t);
  }
  return true;
}

bool Decoder::global_section(ByteReader& r) {
  uint32_t n = 0;
  if (!r.count(n, 4)) return false;
  m_.globals.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    core::Global& g = m_.globals.emplace_back();
    if (!global_type(r, g.type) || !const_expr(r, g.init)) return false;
    m_.global_types.push_back(g.type);
  }
  return true;
}

bool Decoder::export_section(ByteReader& r) {
  uint32_t n = 0;
  if (!r.count(n, 3)) return false;
  m_.exports.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    core::Export& e = m_.exports.emplace_back();
    e.entry_offset = static_cast<uint32_t>(r.offset());
    if (!r.name(e.name)) return false;
    size_t at = r.offset();
    uint8_t kind = 0;
    if (!r.u8(kind)) return false;
    if (kind > 3) return r.fail_at(at, "malformed export kind");
    e.kind = static_cast<ExternKind>(kind);
    if (!r.u32(e.index)) return false;
  }
  return true;
}

bool Decoder::element_section(ByteReader& r) {
  uint32_t n = 0;
  if (!r.count(n, 2)) return false;
  m_.elems.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    core::ElemSegment& seg = m_.elems.emplace_back();
    size_t at = r.offset();
    seg.entry_offset = static_cast<uint32_t>(at);
    uint32_t flags = 0;
    if (!r.u32(flags)) return false;
    if (flags > 7) return r.fail_at(at, "malformed elements segment kind");
    // Bit 0: passive or declarative; bit 1: explicit table (active) or declarative (not
    // active); bit 2: items are expressions rather than function indexes.
    const bool not_active = flags & 1;
    const bool explicit_table_or_declarative = flags & 2;
    const bool exprs = flags & 4;
    if (not_active) {
      seg.mode = explicit_table_or_declarative ? core::SegmentMode::Declarative
                                               : core::SegmentMode::Passive;
    } else {
      seg.mode = core::SegmentMode::Active;
      if (explicit_table_or_declarative && !r.u32(seg.table)) return false;
      if (!const_expr(r, seg.offset)) return false;
    }
    // Forms 0 and 4 imply funcref; the others carry an element kind or a reference type.
    if (not_active || explicit_table_or_declarative) {
      if (exprs) {
        if (!ref_type(r, seg.type)) return false;
      } else {
        size_t kind_at = r.offset();
        uint8_t kind = 0;
        if (!r.u8(kind)) return false;
        if (kind != 0x00) return r.fail_at(kind_at, "malformed element kind");
        seg.type = ValType::FuncRef;
      }
    }
    uint32_t count = 0;
    if (!r.count(count)) return false;
    seg.items.resize(count);
    for (core::ConstExpr& item : seg.items) {
      if (exprs) {
        if (!const_expr(r, item)) return false;
      } else {
        item.kind = core::ConstExpr::Kind::RefFunc;
        item.type = ValType::FuncRef;
        item.at = static_cast<uint32_t>(r.offset());
        if (!r.u32(item.index)) return false;
      }
    }
  }
  return true;
}

bool Decoder::code_section(ByteReader& r) {
  saw_code_section_ = true;
  size_t at = r.offset();
  uint32_t n = 0;
  if (!r.count(n, 2)) return false;
  if (n != num_declared_funcs_) {
    return r.fail_at(at, "function and code section have inconsistent lengths");
  }
  m_.bodies.resize(n);
  for (uint32_t i = 0; i < n; ++i) {
    core::FunctionBody& body = m_.bodies[i];
    body.type_index = m_.func_types[m_.num_imported_funcs + i];
    body.entry_offset = static_cast<uint32_t>(r.offset());
    uint32_t size = 0;
    if (!r.u32(size)) return false;
    if (size > r.remaining())
      return r.fail_at(body.entry_offset, "function body size out of bounds");
    const size_t body_end = r.offset() + size;
    ByteReader b(data_, r.offset(), body_end);
    uint32_t groups = 0;
    if (!b.count(groups, 2)) return fail_from(b);
    body.locals.reserve(groups);
    uint64_t total = 0;
    for (uint32_t g = 0; g < groups; ++g) {
      size_t decl_at = b.offset();
      core::LocalDecl d;
      if (!b.u32(d.count) || !value_type(b, d.type)) return fail_from(b);
      total += d.count;
      if (total > kMaxLocals) return fail(decl_at, "too many locals");
      body.locals.push_back(d);
    }
    body.num_locals = static_cast<uint32_t>(total);
    module_locals_ += total;
    if (module_locals_ > kMaxModuleLocals)
      return fail(body.entry_offset, "too many locals in the module");
    body.code_begin = static_cast<uint32_t>(b.offset());
    body.code_end = static_cast<uint32_t>(body_end);
    if (body.code_begin == body.code_end)
      return fail(body.code_begin, "unexpected end: empty function body");
    r.skip(size);
  }
  return true;
}

bool Decoder::data_section(ByteReader& r) {
  size_t at = r.offset();
  uint32_t n = 0;
  if (!r.count(n, 2)) return false;
  if (m_.data_count && *m_.data_count != n) {
    return r.fail_at(at, "data count and data section have inconsistent lengths");
  }
  m_.datas.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    core::DataSegment& seg = m_.datas.emplace_back();
    size_t flags_at = r.offset();
    seg.entry_offset = static_cast<uint32_t>(flags_at);
    uint32_t flags = 0;
    if (!r.u32(flags)) return false;
    switch (flags) {
      case 0:
        if (!const_expr(r, seg.offset)) return false;
        break;
      case 1: seg.mode = core::SegmentMode::Passive; break;
      case 2:
        if (!r.u32(seg.memory) || !const_expr(r, seg.offset)) return false;
        break;
      default: return r.fail_at(flags_at, "malformed data segment kind");
    }
    uint32_t size = 0;
    if (!r.count(size)) return false;
    seg.bytes_offset = static_cast<uint32_t>(r.offset());
    seg.bytes_size = size;
    r.skip(size);
  }
  return true;
}

bool Decoder::custom_section(ByteReader& r) {
  core::CustomSection c;
  if (!r.name(c.name)) return false;
  c.offset = static_cast<uint32_t>(r.offset());
  c.size = static_cast<uint32_t>(r.remaining());
  if (c.name == "name") parse_name_section(data_, c.offset, c.offset + c.size, m_.names);
  m_.customs.push_back(std::move(c));
  r.skip(r.remaining());
  return true;
}

bool Decoder::section(uint8_t id, ByteReader& r) {
  switch (id) {
    case kCustom: return custom_section(r);
    case kType: return type_section(r);
    case kImport: return import_section(r);
    case kFunction: return function_section(r);
    case kTable: return table_section(r);
    case kMemory: return memory_section(r);
    case kGlobal: return global_section(r);
    case kExport: return export_section(r);
    case kStart: {
      uint32_t f = 0;
      m_.offsets.start = static_cast<uint32_t>(r.offset());
      if (!r.u32(f)) return false;
      m_.start = f;
      return true;
    }
    case kElement: return element_section(r);
    case kCode: return code_section(r);
    case kData: return data_section(r);
    case kDataCount: {
      uint32_t n = 0;
      if (!r.u32(n)) return false;
      m_.data_count = n;
      return true;
    }
  }
  return false;
}

bool Decoder::run() {
  const size_t size = m_.bytes.size();
  ByteReader r(data_, 0, size);
  static constexpr uint8_t kMagic[4] = {0x00, 0x61, 0x73, 0x6d};
  static constexpr uint8_t kVersion[4] = {0x01, 0x00, 0x00, 0x00};
  if (size < 4 || std::memcmp(data_, kMagic, 4) != 0) return fail(0, "magic header not detected");
  if (size < 8 || std::memcmp(data_ + 4, kVersion, 4) != 0)
    return fail(4, "unknown binary version");
  r.skip(8);

  int last_rank = 0;
  while (!r.at_end()) {
    const size_t at = r.offset();
    uint8_t id = 0;
    uint32_t len = 0;
    if (!r.u8(id) || !r.u32(len)) return fail_from(r);
    if (id > kDataCount) return fail(at, "malformed section id " + std::to_string(id));
    if (len > r.remaining()) return fail(at, "section size out of bounds: unexpected end");
    if (id != kCustom) {
      const int rank = section_rank(id);
      if (rank <= last_rank)
        return fail(at, "unexpected content after last section: section " + std::to_string(id) +
                            " out of order or repeated");
      last_rank = rank;
    }
    ByteReader s(data_, r.offset(), r.offset() + len);
    if (!section(id, s)) return fail_from(s);
    if (!s.at_end()) return fail(s.offset(), "section size mismatch");
    r.skip(len);
  }
  if (!saw_code_section_ && num_declared_funcs_ != 0) {
    return fail(size, "function and code section have inconsistent lengths");
  }
  if (m_.data_count && *m_.data_count != m_.datas.size()) {
    return fail(size, "data count and data section have inconsistent lengths");
  }
  return true;
}

}  // namespace

CoreResult<std::shared_ptr<const core::Module>> decode_module(std::span<const uint8_t> bytes) {
  if (bytes.size() > UINT32_MAX) return CoreError{0, "module larger than 4 GiB"};
  return decode_module(std::vector<uint8_t>(bytes.begin(), bytes.end()));
}

CoreResult<std::shared_ptr<const core::Module>> decode_module(std::vector<uint8_t>&& bytes) {
  if (bytes.size() > UINT32_MAX) return CoreError{0, "module larger than 4 GiB"};
  auto module = std::make_shared<core::Module>();
  module->bytes = std::move(bytes);
  Decoder d(*module);
  if (!d.run()) return d.error();
  return std::shared_ptr<const core::Module>(std::move(module));
}

}  // namespace wasmrun
