#include "engine/api/link_check.h"

namespace wasmrun::internal {
namespace {

std::string describe(const core::Import& imp, size_t index) {
  return "import " + std::to_string(index) + " \"" + imp.module + "\" \"" + imp.name + "\"";
}

// Why `given` cannot stand in for `imp`, or nullopt when it can. The limits of a table or
// memory are its current size and declared maximum, as the specification's external typing
// of runtime objects says, so a grown table satisfies a larger minimum.
std::optional<std::string> mismatch(const core::Module& m, const core::Import& imp,
                                    const ImportRef& given, const rt::Store& store) {
  if (given.kind != imp.kind) {
    return std::string("expected a ") + to_string(imp.kind) + ", got a " + to_string(given.kind);
  }
  if (!given.object) return std::string("null object");
  switch (imp.kind) {
    case ExternKind::Func: {
      auto* f = static_cast<const rt::FuncInst*>(given.object);
      if (rt::store_of(f) != &store) return std::string("function from another store");
      const FuncType& want = m.types[imp.func_type];
      if (*f->type != want) {
        return "expected function type " + to_string(want) + ", got " + to_string(*f->type);
      }
      return std::nullopt;
    }
    case ExternKind::Table: {
      auto* t = static_cast<const rt::Table*>(given.object);
      if (t->type.elem != imp.table.elem) {
        return std::string("expected a table of ") + to_string(imp.table.elem) + ", got " +
               to_string(t->type.elem);
      }
      if (!limits_match({t->size(), t->type.limits.max}, imp.table.limits)) {
        return std::string("table limits do not match");
      }
      return std::nullopt;
    }
    case ExternKind::Memory: {
      auto* mem = static_cast<const rt::LinearMemory*>(given.object);
      if (mem->type.is64 != imp.memory.is64) {
        return std::string(imp.memory.is64 ? "expected a 64-bit memory, got a 32-bit one"
                                           : "expected a 32-bit memory, got a 64-bit one");
      }
      if (!limits_match({mem->pages, mem->type.limits.max}, imp.memory.limits)) {
        return std::string("memory limits do not match");
      }
      return std::nullopt;
    }
    case ExternKind::Global: {
      auto* g = static_cast<const rt::GlobalCell*>(given.object);
      if (g->type.type != imp.global.type || g->type.is_mutable != imp.global.is_mutable) {
        return std::string("global type does not match");
      }
      return std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace

bool limits_match(const wasmrun::Limits& actual, const wasmrun::Limits& expected) {
  if (actual.min < expected.min) return false;
  if (!expected.max) return true;
  return actual.max && *actual.max <= *expected.max;
}

std::optional<std::string> check_imports(const core::Module& m, const rt::Store& store,
                                         std::span<const ImportRef> imports) {
  if (imports.size() < m.imports.size()) {
    const core::Import& missing = m.imports[imports.size()];
    return "unknown import: " + describe(missing, imports.size()) + " was not provided";
  }
  if (imports.size() > m.imports.size()) {
    return "incompatible import type: the module declares " + std::to_string(m.imports.size()) +
           " imports, " + std::to_string(imports.size()) + " were given";
  }
  for (size_t i = 0; i < imports.size(); ++i) {
    if (auto why = mismatch(m, m.imports[i], imports[i], store)) {
      return "incompatible import type: " + describe(m.imports[i], i) + ": " + *why;
    }
  }
  return std::nullopt;
}

}  // namespace wasmrun::internal
