// Core side of Module::jit_listings (see core_bridge.h for why the API is split in two sides).
#include "engine/api/core_bridge.h"
#include "engine/core/function_info.h"
#if WASMRUN_HAS_JIT
#include "jit/jit.h"
#endif

namespace wasmrun::bridge {

std::optional<CoreFailure> jit_listings(const std::shared_ptr<const ValidatedModule>& module,
                                        bool guard_pages, bool fuel,
                                        std::vector<FunctionListing>* out) {
#if WASMRUN_HAS_JIT
  jit::CompileOptions options;
  options.guard_pages = guard_pages;
  options.fuel = fuel;
  auto listings = jit::disassemble_functions(module, options);
  if (!listings.ok()) {
    return CoreFailure{CoreFailure::Stage::Translate, listings.error.message,
                       listings.error.offset};
  }
  const Module& m = *module->module;
  for (size_t i = 0; i < listings.value->size(); ++i) {
    uint32_t index = m.num_imported_funcs + static_cast<uint32_t>(i);
    out->push_back(FunctionListing{index, m.func_name(index), std::move((*listings.value)[i])});
  }
  return std::nullopt;
#else
  (void)module;
  (void)guard_pages;
  (void)fuel;
  (void)out;
  return CoreFailure{CoreFailure::Stage::Translate, "this build has no JIT", 0};
#endif
}

}  // namespace wasmrun::bridge
