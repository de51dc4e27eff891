#include "jit/test/jit_test_util.h"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <iterator>

#include "engine/core/decoder.h"
#include "engine/core/validator.h"
#include "runtime/code/code_memory.h"

namespace wasmrun::jit::test {

rt::RawValue I32(uint32_t v) {
  rt::RawValue r = rt::raw_zero();
  r.i32 = v;
  return r;
}
rt::RawValue I64(uint64_t v) {
  rt::RawValue r = rt::raw_zero();
  r.i64 = v;
  return r;
}
rt::RawValue F32(float v) {
  rt::RawValue r = rt::raw_zero();
  r.f32 = v;
  return r;
}
rt::RawValue F64(double v) {
  rt::RawValue r = rt::raw_zero();
  r.f64 = v;
  return r;
}

std::shared_ptr<const ValidatedModule> decode_and_validate(const std::vector<uint8_t>& bytes,
                                                           std::string* error) {
  auto decoded = decode_module(bytes);
  if (!decoded.ok()) {
    *error = "decode: " + decoded.error.message;
    return nullptr;
  }
  auto validated = validate_module(*decoded.value);
  if (!validated.ok()) {
    *error = "validate: " + validated.error.message;
    return nullptr;
  }
  return *validated.value;
}

namespace {

std::vector<uint8_t> read_wasm(const std::string& stem) {
  std::string path = std::string(WASMRUN_JIT_TESTDATA) + "/" + stem + ".wasm";
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

rt::RawValue eval_const(const core::ConstExpr& e, const std::vector<rt::FuncInst*>& funcs,
                        const std::vector<rt::GlobalCell*>& globals) {
  rt::RawValue v = rt::raw_zero();
  switch (e.kind) {
    case core::ConstExpr::Kind::RefFunc: v.ref = funcs[e.index]; break;
    case core::ConstExpr::Kind::RefNull: v.ref = nullptr; break;
    case core::ConstExpr::Kind::GlobalGet: v = globals[e.index]->value; break;
    case core::ConstExpr::Kind::Extended:
      v.i64 = core::eval_integer_expr(e, [&](uint32_t i) { return globals[i]->value.i64; });
      break;
    case core::ConstExpr::Kind::V128:
      std::memcpy(v.v128, &e.lo, 8);
      std::memcpy(v.v128 + 8, &e.hi, 8);
      break;
    default: v.i64 = e.lo; break;
  }
  return v;
}

}  // namespace

std::string Instance::compile_error(const std::string& stem) {
  std::string error;
  auto validated = decode_and_validate(read_wasm(stem), &error);
  if (!validated) return error;
  auto compiled = compile_module(validated, rt::resolve_code_allocator(nullptr));
  return compiled.ok() ? std::string() : compiled.error.message;
}

std::unique_ptr<Instance> Instance::create(const std::vector<uint8_t>& bytes, HostImports imports,
                                           std::string* error, CompileOptions options) {
  auto inst = std::make_unique<Instance>();
  inst->validated_ = decode_and_validate(bytes, error);
  if (!inst->validated_) return nullptr;
  auto compiled = compile_module(inst->validated_, rt::resolve_code_allocator(nullptr), options);
  if (!compiled.ok()) {
    *error = "compile: " + compiled.error.message;
    return nullptr;
  }
  inst->compiled_ = *compiled.value;
  auto mode = options.guard_pages ? rt::BoundsMode::GuardPages : rt::BoundsMode::Explicit;
  if (!inst->instantiate(imports, error, mode)) return nullptr;
  return inst;
}

std::unique_ptr<Instance> Instance::load(const std::string& stem, HostImports imports,
                                         CompileOptions options) {
  std::string error;
  auto inst = create(read_wasm(stem), std::move(imports), &error, options);
  if (!inst) ADD_FAILURE() << stem << ": " << error;
  return inst;
}

bool Instance::instantiate(HostImports& imports, std::string* error, rt::BoundsMode mode) {
  const core::Module& m = *validated_->module;
  // Canonical type ids: the first structurally equal type's index.
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
  // Functions: host imports, then this module's JIT code.
  uint32_t import_func = 0;
  for (const core::Import& imp : m.imports) {
    if (imp.kind != ExternKind::Func) {
      *error = "tests support function imports only";
      return false;
    }
    auto f = std::make_unique<rt::FuncInst>();
    f->type = &m.types[imp.func_type];
    f->type_id = type_ids_[imp.func_type];
    f->func_index = import_func++;
    auto it = imports.find(imp.module + "." + imp.name);
    if (it == imports.end()) {
      *error = "missing import " + imp.module + "." + imp.name;
      return false;
    }
    f->host = it->second;
    funcs_.push_back(std::move(f));
  }
  for (uint32_t i = m.num_imported_funcs; i < m.func_types.size(); ++i) {
    auto f = std::make_unique<rt::FuncInst>();
    f->type = &m.func_type(i);
    f->type_id = type_ids_[m.func_types[i]];
    f->ctx = &ctx_;
    f->func_index = i;
    f->jit_code = function_entry(*compiled_, i);
    funcs_.push_back(std::move(f));
  }
  for (auto& f : funcs_) func_ptrs_.push_back(f.get());

  for (const core::Global& g : m.globals) {
    auto cell = std::make_unique<rt::GlobalCell>();
    cell->type = g.type;
    cell->value = eval_const(g.init, func_ptrs_, global_ptrs_);
    global_ptrs_.push_back(cell.get());
    globals_.push_back(std::move(cell));
  }
  if (!m.memories.empty()) {
    memory_ = rt::LinearMemory::create(m.memories[0], mode, kMaxPages, error);
    if (!memory_) return false;
  }
  for (const TableType& t : m.tables) {
    tables_.push_back(std::make_unique<rt::Table>(t, nullptr));
    table_ptrs_.push_back(tables_.back().get());
  }
  for (const core::ElemSegment& seg : m.elems) {
    std::vector<rt::Ref> items;
    for (const core::ConstExpr& e : seg.items)
      items.push_back(eval_const(e, func_ptrs_, global_ptrs_).ref);
    if (seg.mode == core::SegmentMode::Active) {
      uint32_t offset = eval_const(seg.offset, func_ptrs_, global_ptrs_).i32;
      if (uint64_t{offset} + items.size() > table_ptrs_[seg.table]->size()) {
        *error = "out of bounds table access";
        return false;
      }
      std::copy(items.begin(), items.end(), table_ptrs_[seg.table]->elems.begin() + offset);
    }
    elem_items_.push_back(seg.mode == core::SegmentMode::Passive ? std::move(items)
                                                                 : std::vector<rt::Ref>{});
  }
  for (auto& items : elem_items_) {
    elem_segments_.push_back({items.data(), static_cast<uint32_t>(items.size())});
  }
  for (const core::DataSegment& seg : m.datas) {
    const uint8_t* bytes = m.bytes.data() + seg.bytes_offset;
    if (seg.mode == core::SegmentMode::Active) {
      uint32_t offset = eval_const(seg.offset, func_ptrs_, global_ptrs_).i32;
      if (!memory_ || uint64_t{offset} + seg.bytes_size > memory_->size) {
        *error = "out of bounds memory access";
        return false;
      }
      std::memcpy(memory_->base + offset, bytes, seg.bytes_size);
      data_segments_.push_back({bytes, 0});
    } else {
      data_segments_.push_back({bytes, seg.bytes_size});
    }
  }

  ctx_.memory = memory_.get();
  ctx_.memory_base = memory_ ? memory_->base : nullptr;
  ctx_.memories = &ctx_.memory;  // one memory at most here: its index space is memory 0
  ctx_.num_memories = memory_ ? 1 : 0;
  ctx_.globals = global_ptrs_.data();
  ctx_.tables = table_ptrs_.data();
  ctx_.funcs = func_ptrs_.data();
  ctx_.type_ids = type_ids_.data();
  ctx_.elem_segments = elem_segments_.data();
  ctx_.data_segments = data_segments_.data();
  ctx_.interrupt = &interrupt_;
  ctx_.module = validated_.get();
  if (m.start) {
    auto trap = invoke(thread_, func_ptrs_[*m.start], nullptr, nullptr);
    if (trap) {
      *error = trap->message;
      return false;
    }
  }
  return true;
}

rt::FuncInst* Instance::find_func(const std::string& export_name) {
  for (const core::Export& e : validated_->module->exports) {
    if (e.kind == ExternKind::Func && e.name == export_name) return func_ptrs_[e.index];
  }
  return nullptr;
}

rt::FuncInst* Instance::func(const std::string& export_name) {
  for (const core::Export& e : validated_->module->exports) {
    if (e.kind == ExternKind::Func && e.name == export_name) return func_ptrs_[e.index];
  }
  ADD_FAILURE() << "no exported function " << export_name;
  return nullptr;
}

CallResult Instance::call(const std::string& export_name, std::vector<rt::RawValue> args) {
  CallResult r;
  rt::FuncInst* f = func(export_name);
  if (!f) return r;
  EXPECT_EQ(args.size(), f->type->params.size()) << export_name;
  r.results.assign(f->type->results.size(), rt::raw_zero());
  r.trap = invoke(thread_, f, args.data(), r.results.data());
  return r;
}

}  // namespace wasmrun::jit::test
