// Instance::create: the specification's module instantiation (WebAssembly 2.0,
// section 4.5.4) over the runtime's objects.
#include <cstring>
#include <exception>
#include <new>

#include "engine/api/api_internal.h"
#include "engine/api/link_check.h"
#include "engine/core/function_info.h"
#include "engine/interp/interpreter.h"
#if WASMRUN_HAS_JIT
#include "jit/jit.h"
#endif

namespace wasmrun::internal {
namespace {

using Status = InstantiateOutcome::Status;

InstantiateOutcome failure(Status status, std::string message) {
  InstantiateOutcome out;
  out.status = status;
  out.message = std::move(message);
  return out;
}

InstantiateOutcome trap_failure(rt::TrapKind kind) {
  rt::TrapInfo trap;
  trap.kind = kind;
  trap.message = rt::trap_message(kind);
  InstantiateOutcome out = failure(Status::Trap, trap.message);
  out.trap = std::move(trap);
  return out;
}

// Evaluates a constant expression. Validation guarantees `global.get` names a global that
// already holds its value (an import, or in extended forms an earlier definition).
rt::RawValue eval_const(const core::ConstExpr& e, const rt::Instance& inst) {
  rt::RawValue v = rt::raw_zero();
  switch (e.kind) {
    case core::ConstExpr::Kind::I32: v.i32 = static_cast<uint32_t>(e.lo); break;
    case core::ConstExpr::Kind::I64: v.i64 = e.lo; break;
    case core::ConstExpr::Kind::F32: v.i32 = static_cast<uint32_t>(e.lo); break;
    case core::ConstExpr::Kind::F64: v.i64 = e.lo; break;
    case core::ConstExpr::Kind::V128:
      std::memcpy(v.v128, &e.lo, 8);
      std::memcpy(v.v128 + 8, &e.hi, 8);
      break;
    case core::ConstExpr::Kind::RefNull: v.ref = nullptr; break;
    case core::ConstExpr::Kind::RefFunc: v.ref = inst.funcs[e.index]; break;
    case core::ConstExpr::Kind::GlobalGet: v = inst.globals[e.index]->value; break;
    default:  // extended: integer arithmetic over constants and globals
      v.i64 = core::eval_integer_expr(e, [&](uint32_t i) { return inst.globals[i]->value.i64; });
      break;
  }
  return v;
}

// Allocates the module's own functions, tables, memories and globals after the imports.
std::optional<InstantiateOutcome> allocate(rt::Store& store, rt::TypeRegistry& types,
                                           const CompiledParts& parts,
                                           std::span<const ImportRef> imports,
                                           const EngineLimits& limits, rt::Instance& inst) {
  const core::Module& m = *parts.validated->module;
  inst.type_ids.reserve(m.types.size());
  for (const FuncType& t : m.types) inst.type_ids.push_back(types.intern(t));

  for (const ImportRef& imp : imports) {
    switch (imp.kind) {
      case ExternKind::Func: inst.funcs.push_back(static_cast<rt::FuncInst*>(imp.object)); break;
      case ExternKind::Table: inst.tables.push_back(static_cast<rt::Table*>(imp.object)); break;
      case ExternKind::Memory:
        inst.memories.push_back(static_cast<rt::LinearMemory*>(imp.object));
        break;
      case ExternKind::Global:
        inst.globals.push_back(static_cast<rt::GlobalCell*>(imp.object));
        break;
    }
  }

  for (uint32_t i = m.num_imported_funcs; i < m.func_types.size(); ++i) {
    rt::StoreFunc* f = store.add_func();
    f->type_id = inst.type_ids[m.func_types[i]];
    f->type = &types.type(f->type_id);
    f->ctx = &inst.ctx;
    f->func_index = i;
    // A module carries the code of exactly one tier (see Module::compile).
    if (parts.code) f->interp_code = interp::function_code(*parts.code, i);
#if WASMRUN_HAS_JIT
    if (parts.jit_code) f->jit_code = jit::function_entry(*parts.jit_code, i);
#endif
    inst.funcs.push_back(f);
  }

  for (uint32_t i = m.num_imported_tables; i < m.tables.size(); ++i) {
    const TableType& tt = m.tables[i];
    if (tt.limits.min > limits.max_table_size) {
      return failure(Status::Resource, "table size exceeds the engine's limit");
    }
    inst.tables.push_back(
        store.add_table(std::make_unique<rt::Table>(tt, nullptr, limits.max_table_size)));
  }

  for (uint32_t i = m.num_imported_memories; i < m.memories.size(); ++i) {
    std::string error;
    auto mem =
        rt::LinearMemory::create(m.memories[i], limits.bounds, limits.max_memory_pages, &error);
    if (!mem) return failure(Status::Resource, error);
    inst.memories.push_back(store.add_memory(std::move(mem)));
  }

  // Globals are initialized in order, so an initializer sees every global before it.
  for (const core::Global& g : m.globals) {
    inst.globals.push_back(store.add_global(g.type, eval_const(g.init, inst)));
  }

  inst.elem_items.reserve(m.elems.size());
  for (const core::ElemSegment& seg : m.elems) {
    std::vector<rt::Ref> items;
    items.reserve(seg.items.size());
    for (const core::ConstExpr& e : seg.items) items.push_back(eval_const(e, inst).ref);
    inst.elem_items.push_back(std::move(items));
  }
  for (const auto& items : inst.elem_items) {
    inst.elem_segments.push_back({items.data(), static_cast<uint32_t>(items.size())});
  }
  for (const core::DataSegment& seg : m.datas) {
    inst.data_segments.push_back({m.bytes.data() + seg.bytes_offset, seg.bytes_size});
  }
  return std::nullopt;
}

void fill_context(rt::Store& store, const CompiledParts& parts, rt::Instance& inst) {
  rt::InstanceContext& ctx = inst.ctx;
  if (!inst.memories.empty()) {
    ctx.memory = inst.memories[0];
    ctx.memory_base = ctx.memory->base;
  }
  ctx.memories = inst.memories.data();
  ctx.num_memories = static_cast<uint32_t>(inst.memories.size());
  ctx.globals = inst.globals.data();
  ctx.tables = inst.tables.data();
  ctx.funcs = inst.funcs.data();
  ctx.type_ids = inst.type_ids.data();
  ctx.elem_segments = inst.elem_segments.data();
  ctx.data_segments = inst.data_segments.data();
  ctx.interrupt = &store.interrupt;
  ctx.fuel = &store.fuel;
  ctx.module = parts.validated.get();
  ctx.instance = &inst;
}

void collect_exports(const core::Module& m, rt::Instance& inst) {
  inst.exports.reserve(m.exports.size());
  for (const core::Export& e : m.exports) {
    void* object = nullptr;
    switch (e.kind) {
      case ExternKind::Func: object = inst.funcs[e.index]; break;
      case ExternKind::Table: object = inst.tables[e.index]; break;
      case ExternKind::Memory: object = inst.memories[e.index]; break;
      case ExternKind::Global: object = inst.globals[e.index]; break;
    }
    inst.exports.push_back({e.name, e.kind, object});
  }
}

// Active element segments in order, as table.init followed by elem.drop; declarative segments
// are only dropped. A trap stops here; writes already made stay.
std::optional<InstantiateOutcome> init_elems(const core::Module& m, rt::Instance& inst) {
  for (size_t i = 0; i < m.elems.size(); ++i) {
    const core::ElemSegment& seg = m.elems[i];
    if (seg.mode == core::SegmentMode::Passive) continue;
    if (seg.mode == core::SegmentMode::Active) {
      uint64_t offset = eval_const(seg.offset, inst).i32;
      const auto& items = inst.elem_items[i];
      rt::Table& table = *inst.tables[seg.table];
      if (offset + items.size() > table.size()) {
        return trap_failure(rt::TrapKind::TableOutOfBounds);
      }
      std::copy(items.begin(), items.end(), table.elems.begin() + static_cast<ptrdiff_t>(offset));
    }
    inst.elem_segments[i].size = 0;
  }
  return std::nullopt;
}

// Active data segments in order, as memory.init followed by data.drop.
std::optional<InstantiateOutcome> init_datas(const core::Module& m, rt::Instance& inst) {
  for (size_t i = 0; i < m.datas.size(); ++i) {
    const core::DataSegment& seg = m.datas[i];
    if (seg.mode != core::SegmentMode::Active) continue;
    const rt::RawValue at = eval_const(seg.offset, inst);
    const uint64_t offset = m.memory_is_64(seg.memory) ? at.i64 : at.i32;
    rt::LinearMemory& mem = *inst.memories[seg.memory];
    if (offset > mem.size || seg.bytes_size > mem.size - offset) {
      return trap_failure(rt::TrapKind::MemoryOutOfBounds);
    }
    if (seg.bytes_size)
      std::memcpy(mem.base + offset, m.bytes.data() + seg.bytes_offset, seg.bytes_size);
    inst.data_segments[i].size = 0;
  }
  return std::nullopt;
}

InstantiateOutcome run(rt::Store& store, Threads& thread, rt::TypeRegistry& types,
                       const CompiledParts& parts, std::span<const ImportRef> imports,
                       const EngineLimits& limits) {
  const core::Module& m = *parts.validated->module;
  if (auto error = check_imports(m, store, imports)) return failure(Status::Link, *error);

  // From here on the instance belongs to the store, so a failure part-way leaves every object
  // that other instances may already reference alive.
  rt::Instance& inst = *store.add_instance();
  inst.keep_alive = std::make_shared<const CompiledParts>(parts);
  if (auto f = allocate(store, types, parts, imports, limits, inst)) return *f;
  fill_context(store, parts, inst);
  collect_exports(m, inst);

  if (auto f = init_elems(m, inst)) return *f;
  if (auto f = init_datas(m, inst)) return *f;

  if (m.start) {
    rt::RawValue none = rt::raw_zero();
    if (auto trap = call_from_host(store, thread, inst.funcs[*m.start], &none, &none)) {
      InstantiateOutcome out = failure(Status::Trap, trap->message);
      out.trap = std::move(*trap);
      return out;
    }
  }
  InstantiateOutcome out;
  out.instance = &inst;
  return out;
}

}  // namespace

InstantiateOutcome instantiate(rt::Store& store, Threads& thread, rt::TypeRegistry& types,
                               const CompiledParts& parts, std::span<const ImportRef> imports,
                               const EngineLimits& limits) {
  try {
    return run(store, thread, types, parts, imports, limits);
  } catch (const std::bad_alloc&) {
    return failure(Status::Resource, "out of memory");
  } catch (const std::exception& e) {
    return failure(Status::Resource, e.what());
  }
}

}  // namespace wasmrun::internal
