// Module::imports and Module::exports, read from the decoded module.
#include "engine/api/api_internal.h"
#include "engine/core/function_info.h"

namespace wasmrun {

std::vector<ImportDesc> Module::imports() const {
  const core::Module& m = *impl_->parts.validated->module;
  std::vector<ImportDesc> out;
  out.reserve(m.imports.size());
  for (const core::Import& imp : m.imports) {
    ImportDesc d{};
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

std::vector<ExportDesc> Module::exports() const {
  const core::Module& m = *impl_->parts.validated->module;
  std::vector<ExportDesc> out;
  out.reserve(m.exports.size());
  for (const core::Export& exp : m.exports) {
    ExportDesc d{};
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

}  // namespace wasmrun
