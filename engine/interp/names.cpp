#include <string>

#include "engine/interp/support.h"

namespace wasmrun::interp {

// Looked up from the module's fields directly so backtraces do not depend on anything else.
std::string function_name(const core::Module& m, uint32_t func_index) {
  auto it = m.names.functions.find(func_index);
  if (it != m.names.functions.end()) return it->second;
  for (const core::Export& e : m.exports) {
    if (e.kind == ExternKind::Func && e.index == func_index) return e.name;
  }
  return {};
}

}  // namespace wasmrun::interp
