#include "engine/core/module.h"

namespace wasmrun::core {

std::string Module::func_name(uint32_t func_index) const {
  if (auto it = names.functions.find(func_index); it != names.functions.end()) return it->second;
  for (const Export& e : exports) {
    if (e.kind == ExternKind::Func && e.index == func_index) return e.name;
  }
  return "";
}

}  // namespace wasmrun::core
