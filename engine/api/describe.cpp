// Core side of Module::imports and Module::exports.
#include "engine/api/core_bridge.h"
#include "engine/core/function_info.h"

namespace wasmrun::bridge {

std::vector<ExternDesc> describe_imports(const ValidatedModule& vm) {
  const Module& m = *vm.module;
  std::vector<ExternDesc> out;
  out.reserve(m.imports.size());
  for (const Import& imp : m.imports) {
    ExternDesc d;
    d.module = imp.module;
    d.name = imp.name;
    d.kind = imp.kind;
    switch (imp.kind) {
      case ExternKind::Func: d.func = m.types[imp.func_type]; break;
      case ExternKind::Table: d.table = imp.table; break;
      case ExternKind::Memory: d.memory = imp.memory; break;
      case ExternKind::Global: d.global = imp.global; break;
    }
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<ExternDesc> describe_exports(const ValidatedModule& vm) {
  const Module& m = *vm.module;
  std::vector<ExternDesc> out;
  out.reserve(m.exports.size());
  for (const Export& exp : m.exports) {
    ExternDesc d;
    d.name = exp.name;
    d.kind = exp.kind;
    switch (exp.kind) {
      case ExternKind::Func: d.func = m.func_type(exp.index); break;
      case ExternKind::Table: d.table = m.tables[exp.index]; break;
      case ExternKind::Memory: d.memory = m.memories[exp.index]; break;
      case ExternKind::Global: d.global = m.global_types[exp.index]; break;
    }
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace wasmrun::bridge
