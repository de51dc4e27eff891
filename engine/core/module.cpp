#include "engine/core/module.h"

#include <algorithm>

namespace wasmrun::core {

std::string Module::func_name(uint32_t func_index) const {
  auto it = std::lower_bound(names.functions.begin(), names.functions.end(), func_index,
                             [](const NameRef& n, uint32_t i) { return n.index < i; });
  if (it != names.functions.end() && it->index == func_index) {
    return std::string(reinterpret_cast<const char*>(bytes.data()) + it->offset, it->size);
  }
  for (const Export& e : exports) {
    if (e.kind == ExternKind::Func && e.index == func_index) return e.name;
  }
  return "";
}

}  // namespace wasmrun::core
