#include "engine/interp/test_instance.h"

#include <cstring>
#include <fstream>
#include <iterator>

#include "engine/core/decoder.h"
#include "engine/core/validator.h"

namespace wasmrun::interp::testing {

std::vector<uint8_t> load_test_wasm(const std::string& name) {
  std::ifstream in(std::string(WASMRUN_INTERP_TESTDATA) + "/" + name + ".wasm", std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

rt::RawValue i32(uint32_t v) {
  rt::RawValue r = rt::raw_zero();
  r.i32 = v;
  return r;
}

rt::RawValue i64(uint64_t v) {
  rt::RawValue r = rt::raw_zero();
  r.i64 = v;
  return r;
}

TestInstance::TestInstance(const std::vector<uint8_t>& wasm, std::vector<rt::HostCallback> imports,
                           std::string* error) {
  auto decoded = decode_module(wasm);
  if (!decoded.ok()) {
    *error = "decode: " + decoded.error.message;
    return;
  }
  auto valid = validate_module(*decoded.value);
  if (!valid.ok()) {
    *error = "validate: " + valid.error.message;
    return;
  }
  validated = *valid.value;
  auto translated = translate_module(validated);
  if (!translated.ok()) {
    *error = "translate: " + translated.error.message;
    return;
  }
  compiled = *translated.value;
  const core::Module& m = *validated->module;

  for (size_t i = 0; i < m.types.size(); ++i) {
    uint32_t id = static_cast<uint32_t>(i);
    for (size_t j = 0; j < i; ++j) {
      if (m.types[j] == m.types[i]) {
        id = static_cast<uint32_t>(j);
        break;
      }
    }
    type_ids_.push_back(id);
  }

  size_t next_import = 0;
  for (uint32_t f = 0; f < m.func_types.size(); ++f) {
    auto fi = std::make_unique<rt::FuncInst>();
    fi->type = &m.types[m.func_types[f]];
    fi->type_id = type_ids_[m.func_types[f]];
    fi->func_index = f;
    if (f < m.num_imported_funcs) {
      if (next_import >= imports.size()) {
        *error = "missing import";
        return;
      }
      fi->host = imports[next_import++];
    } else {
      fi->ctx = &ctx;
      fi->interp_code = function_code(*compiled, f);
    }
    func_ptrs_.push_back(fi.get());
    funcs_.push_back(std::move(fi));
  }

  if (!m.memories.empty()) {
    memory = rt::LinearMemory::create(m.memories[0], rt::BoundsMode::Explicit, kMaxPages, error);
    if (!memory) return;
  }

  auto eval = [&](const core::ConstExpr& e) {
    rt::RawValue v = rt::raw_zero();
    switch (e.kind) {
      case core::ConstExpr::Kind::RefFunc: v.ref = func_ptrs_[e.index]; break;
      case core::ConstExpr::Kind::GlobalGet: v = global_ptrs_[e.index]->value; break;
      case core::ConstExpr::Kind::RefNull: break;
      case core::ConstExpr::Kind::Extended:
        v.i64 = core::eval_integer_expr(e, [&](uint32_t i) { return global_ptrs_[i]->value.i64; });
        break;
      default:
        std::memcpy(v.v128, &e.lo, 8);
        std::memcpy(v.v128 + 8, &e.hi, 8);
        break;
    }
    return v;
  };
  for (const core::Global& g : m.globals) {
    auto cell = std::make_unique<rt::GlobalCell>();
    cell->type = g.type;
    cell->value = eval(g.init);
    global_ptrs_.push_back(cell.get());
    globals_.push_back(std::move(cell));
  }
  for (const TableType& t : m.tables) {
    tables_.push_back(std::make_unique<rt::Table>(t, nullptr));
    table_ptrs_.push_back(tables_.back().get());
  }

  ctx.memory = memory.get();
  ctx.memory_base = memory ? memory->base : nullptr;
  ctx.memories = &ctx.memory;  // one memory at most here: its index space is memory 0
  ctx.num_memories = memory ? 1 : 0;
  ctx.globals = global_ptrs_.data();
  ctx.tables = table_ptrs_.data();
  ctx.funcs = func_ptrs_.data();
  ctx.type_ids = type_ids_.data();
  ctx.interrupt = &interrupt;

  for (const core::ElemSegment& seg : m.elems) {
    std::vector<rt::Ref> refs;
    for (const core::ConstExpr& e : seg.items) refs.push_back(eval(e).ref);
    if (seg.mode == core::SegmentMode::Active) {
      uint32_t off = eval(seg.offset).i32;
      rt::Table* t = table_ptrs_[seg.table];
      if (uint64_t{off} + refs.size() > t->size()) {
        *error = "elem segment out of bounds";
        return;
      }
      std::copy(refs.begin(), refs.end(), t->elems.begin() + off);
    }
    elem_contents_.push_back(std::move(refs));
  }
  for (size_t i = 0; i < m.elems.size(); ++i) {
    uint32_t size = m.elems[i].mode == core::SegmentMode::Passive
                        ? static_cast<uint32_t>(elem_contents_[i].size())
                        : 0;
    elem_segments_.push_back({elem_contents_[i].data(), size});
  }
  for (const core::DataSegment& seg : m.datas) {
    const uint8_t* bytes = m.bytes.data() + seg.bytes_offset;
    if (seg.mode == core::SegmentMode::Active) {
      uint32_t off = eval(seg.offset).i32;
      if (uint64_t{off} + seg.bytes_size > memory->size) {
        *error = "data segment out of bounds";
        return;
      }
      std::memcpy(memory->base + off, bytes, seg.bytes_size);
      data_segments_.push_back({bytes, 0});
    } else {
      data_segments_.push_back({bytes, seg.bytes_size});
    }
  }
  ctx.elem_segments = elem_segments_.data();
  ctx.data_segments = data_segments_.data();
}

rt::FuncInst* TestInstance::export_func(const std::string& name) {
  for (const core::Export& e : validated->module->exports) {
    if (e.kind == ExternKind::Func && e.name == name) return func_ptrs_[e.index];
  }
  return nullptr;
}

std::optional<rt::TrapInfo> TestInstance::call(Thread& thread, const std::string& name,
                                               const std::vector<rt::RawValue>& args,
                                               std::vector<rt::RawValue>* results) {
  rt::FuncInst* f = export_func(name);
  std::vector<rt::RawValue> out(f->type->results.size() + 1);
  auto trap = invoke(thread, f, args.data(), out.data());
  out.resize(f->type->results.size());
  if (results) *results = out;
  return trap;
}

}  // namespace wasmrun::interp::testing
