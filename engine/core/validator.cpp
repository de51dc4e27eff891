#include "engine/core/validator.h"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

#include "engine/core/function_validator.h"
#include "engine/core/parallel.h"

namespace wasmrun {
namespace {

class ModuleValidator {
 public:
  ModuleValidator(const core::Module& m, const Features& features) : m_(m), features_(features) {}

  // `bodies`: also validate every function body and fill out.functions, on up to `threads`
  // threads.
  bool run(ValidatedModule& out, bool bodies, unsigned threads = 1);
  const CoreError& error() const { return error_; }

 private:
  bool fail(uint64_t offset, std::string message) {
    error_ = {offset, std::move(message)};
    return false;
  }
  bool check_limits(const Limits& l, uint64_t bound, const char* what, uint64_t at);
  bool check_const_expr(const core::ConstExpr& e, ValType expected);
  bool check_extended_expr(const core::ConstExpr& e, ValType expected);
  bool check_const_instr(const core::ConstExpr& e, ValType& type);
  bool check_index(uint32_t index, size_t size, const char* what, uint64_t at);
  void collect_declared_refs(std::vector<bool>& refs) const;

  const core::Module& m_;
  Features features_;
  CoreError error_;
  // Globals a constant expression may read right now (see check_const_expr).
  size_t readable_globals_ = 0;
};

bool ModuleValidator::check_index(uint32_t index, size_t size, const char* what, uint64_t at) {
  if (index < size) return true;
  return fail(at, std::string("unknown ") + what + " " + std::to_string(index));
}

bool ModuleValidator::check_limits(const Limits& l, uint64_t bound, const char* what, uint64_t at) {
  if (l.min > bound || (l.max && *l.max > bound)) {
    return fail(at, std::string(what) + (bound == kMaxPages64
                                             ? " size must be at most 2^48 pages (2^64 bytes)"
                                             : " size must be at most 65536 pages (4GiB)"));
  }
  if (l.max && l.min > *l.max) {
    return fail(at, std::string(what) + " size minimum must not be greater than maximum");
  }
  return true;
}

// Constant expressions read immutable globals. WebAssembly 2.0 (and the extended-const proposal's
// suite) allows only imported ones; 3.0 also allows defined ones before the global being
// initialised, and every global in segment offsets and items. The 3.0 rule comes with feature
// extended-const; off, a defined global is "unknown" as in 2.0.
bool ModuleValidator::check_const_expr(const core::ConstExpr& e, ValType expected) {
  if (e.kind == core::ConstExpr::Kind::Extended) return check_extended_expr(e, expected);
  ValType type = e.type;
  if (!check_const_instr(e, type)) return false;
  if (type != expected) {
    return fail(e.at, std::string("type mismatch: constant expression of type ") + to_string(type) +
                          ", expected " + to_string(expected));
  }
  return true;
}

// A sequence typed on a small stack: operands push, i32/i64 add/sub/mul pop two of their type.
bool ModuleValidator::check_extended_expr(const core::ConstExpr& e, ValType expected) {
  std::vector<ValType> stack;
  for (const core::ConstExpr& x : e.ops) {
    if (x.kind < core::ConstExpr::Kind::I32Add) {
      ValType type = x.type;
      if (!check_const_instr(x, type)) return false;
      stack.push_back(type);
      continue;
    }
    if (!features_.extended_const) {
      return fail(x.at, "extended constant expressions are disabled (feature extended-const)");
    }
    for (int k = 0; k < 2; ++k) {
      if (stack.empty() || stack.back() != x.type) {
        return fail(x.at, std::string("type mismatch: ") + to_string(x.type) +
                              " arithmetic in a constant expression needs two " +
                              to_string(x.type) + " operands");
      }
      stack.pop_back();
    }
    stack.push_back(x.type);
  }
  if (stack.size() != 1 || stack.back() != expected) {
    return fail(e.at, std::string("type mismatch: constant expression does not produce one ") +
                          to_string(expected));
  }
  return true;
}

// One operand instruction: its index and, for global.get, the global's type in `type`.
bool ModuleValidator::check_const_instr(const core::ConstExpr& e, ValType& type) {
  switch (e.kind) {
    case core::ConstExpr::Kind::GlobalGet: {
      const size_t readable =
          features_.extended_const ? readable_globals_ : size_t{m_.num_imported_globals};
      if (e.index >= readable) {
        return fail(e.at, "unknown global " + std::to_string(e.index));
      }
      const GlobalType& g = m_.global_types[e.index];
      if (g.is_mutable)
        return fail(e.at, "constant expression required: global.get of a mutable global");
      type = g.type;
      break;
    }
    case core::ConstExpr::Kind::RefFunc:
      if (!check_index(e.index, m_.func_types.size(), "function", e.at)) return false;
      break;
    default: break;
  }
  return true;
}

// Functions that ref.func may name in code: those referenced outside function bodies.
void ModuleValidator::collect_declared_refs(std::vector<bool>& refs) const {
  refs.assign(m_.func_types.size(), false);
  auto mark = [&](const core::ConstExpr& e) {
    if (e.kind == core::ConstExpr::Kind::RefFunc && e.index < refs.size()) refs[e.index] = true;
  };
  for (const core::Global& g : m_.globals) mark(g.init);
  for (const core::ElemSegment& s : m_.elems) {
    for (const core::ConstExpr& e : s.items) mark(e);
  }
  for (const core::Export& e : m_.exports) {
    if (e.kind == ExternKind::Func && e.index < refs.size()) refs[e.index] = true;
  }
}

bool ModuleValidator::run(ValidatedModule& out, bool bodies, unsigned threads) {
  // Decoded modules always carry their entry offsets; a module built another way may not.
  auto at = [](const std::vector<uint32_t>& offsets, size_t i) -> uint64_t {
    return i < offsets.size() ? offsets[i] : 0;
  };
  for (size_t i = 0; i < m_.func_types.size(); ++i) {
    if (!check_index(m_.func_types[i], m_.types.size(), "type", at(m_.offsets.funcs, i)))
      return false;
  }
  for (size_t i = 0; i < m_.tables.size(); ++i) {
    if (!check_limits(m_.tables[i].limits, UINT32_MAX, "table", at(m_.offsets.tables, i)))
      return false;
  }
  if (m_.memories.size() > 1 && !features_.multi_memory) {
    return fail(at(m_.offsets.memories, 1),
                "multiple memories are disabled (feature multi-memory)");
  }
  for (size_t i = 0; i < m_.memories.size(); ++i) {
    const MemoryType& t = m_.memories[i];
    if (t.is64 && !features_.memory64) {
      return fail(at(m_.offsets.memories, i), "64-bit memories are disabled (feature memory64)");
    }
    if (!check_limits(t.limits, t.is64 ? kMaxPages64 : kMaxPages, "memory",
                      at(m_.offsets.memories, i)))
      return false;
  }
  for (size_t i = 0; i < m_.globals.size(); ++i) {
    readable_globals_ = m_.num_imported_globals + i;  // the globals before this one
    if (!check_const_expr(m_.globals[i].init, m_.globals[i].type.type)) return false;
  }
  readable_globals_ = m_.global_types.size();
  for (const core::ElemSegment& s : m_.elems) {
    if (s.mode == core::SegmentMode::Active) {
      if (!check_index(s.table, m_.tables.size(), "table", s.entry_offset)) return false;
      if (m_.tables[s.table].elem != s.type) {
        return fail(s.entry_offset, "type mismatch: element segment type does not match its table");
      }
      if (!check_const_expr(s.offset, ValType::I32)) return false;
    }
    for (const core::ConstExpr& e : s.items) {
      if (!check_const_expr(e, s.type)) return false;
    }
  }
  for (const core::DataSegment& d : m_.datas) {
    if (d.mode != core::SegmentMode::Active) continue;
    if (!check_index(d.memory, m_.memories.size(), "memory", d.entry_offset)) return false;
    if (!check_const_expr(d.offset, m_.memory_address_type(d.memory))) return false;
  }
  if (m_.start) {
    if (!check_index(*m_.start, m_.func_types.size(), "function", m_.offsets.start)) return false;
    const FuncType& t = m_.func_type(*m_.start);
    if (!t.params.empty() || !t.results.empty()) {
      return fail(m_.offsets.start, "start function must have type [] -> [], not " + to_string(t));
    }
  }
  std::unordered_set<std::string_view> names;
  names.reserve(m_.exports.size());
  for (const core::Export& e : m_.exports) {
    if (!names.insert(e.name).second) {
      return fail(e.entry_offset, "duplicate export name \"" + e.name + "\"");
    }
    const uint64_t e_at = e.entry_offset;
    switch (e.kind) {
      case ExternKind::Func:
        if (!check_index(e.index, m_.func_types.size(), "function", e_at)) return false;
        break;
      case ExternKind::Table:
        if (!check_index(e.index, m_.tables.size(), "table", e_at)) return false;
        break;
      case ExternKind::Memory:
        if (!check_index(e.index, m_.memories.size(), "memory", e_at)) return false;
        break;
      case ExternKind::Global:
        if (!check_index(e.index, m_.global_types.size(), "global", e_at)) return false;
        break;
    }
  }

  collect_declared_refs(out.declared_refs);
  if (!bodies) return true;
  out.functions.resize(m_.bodies.size());
  // One validator per thread, its buffers reused from function to function.
  std::vector<std::optional<FunctionValidator>> validators(std::max(threads, 1u));
  auto error = first_error_in_parallel<CoreError>(
      m_.bodies.size(), threads, [&](unsigned w, size_t i) -> std::optional<CoreError> {
        std::optional<FunctionValidator>& fv = validators[w];
        if (!fv) fv.emplace(m_, out.declared_refs, features_);
        if (fv->validate(static_cast<uint32_t>(i), out.functions[i])) return std::nullopt;
        return fv->error();
      });
  if (error) {
    error_ = *error;
    return false;
  }
  return true;
}

}  // namespace

CoreResult<std::shared_ptr<const ValidatedModule>> validate_module(
    std::shared_ptr<const core::Module> module, const Features& features, unsigned threads) {
  if (!module) return CoreError{0, "no module"};
  auto out = std::make_shared<ValidatedModule>();
  ModuleValidator v(*module, features);
  if (!v.run(*out, /*bodies=*/true, threads)) return v.error();
  out->module = std::move(module);
  return std::shared_ptr<const ValidatedModule>(std::move(out));
}

CoreResult<std::shared_ptr<const ValidatedModule>> validate_module_declarations(
    std::shared_ptr<const core::Module> module, const Features& features) {
  if (!module) return CoreError{0, "no module"};
  auto out = std::make_shared<ValidatedModule>();
  ModuleValidator v(*module, features);
  if (!v.run(*out, /*bodies=*/false)) return v.error();
  out->module = std::move(module);
  return std::shared_ptr<const ValidatedModule>(std::move(out));
}

}  // namespace wasmrun
