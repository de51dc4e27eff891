// Module::jit_listings: what each wasm operator of every defined function becomes.
#include <new>

#include "engine/api/api_internal.h"
#include "engine/core/function_info.h"
#include "engine/core/validator.h"
#if WASMRUN_HAS_JIT
#include "jit/jit.h"
#endif

namespace wasmrun {

Result<std::vector<FunctionCode>> Module::jit_listings() const {
#if WASMRUN_HAS_JIT
  try {
    jit::CompileOptions options;
    // The listing of the code that runs: the engine's bounds mode and fuel metering.
    options.guard_pages = impl_->engine->config.bounds_checks == BoundsChecks::GuardPages;
    // A module loaded from its serialized form has no per-function validation facts; the
    // listing compiles again, so it validates again.
    std::shared_ptr<const ValidatedModule> validated = impl_->parts.validated;
    if (validated->functions.size() != validated->module->bodies.size()) {
      auto again = validate_module(validated->module, impl_->engine->config.features);
      if (!again.ok()) {
        return Error{Error::Kind::Invalid, again.error.message, again.error.offset};
      }
      validated = std::move(*again.value);
    }
    options.fuel = impl_->engine->config.fuel;
    auto listings = jit::disassemble_functions(validated, options);
    if (!listings.ok()) {
      return Error{Error::Kind::Other, listings.error.message, listings.error.offset};
    }
    const core::Module& m = *impl_->parts.validated->module;
    std::vector<FunctionCode> out;
    for (size_t i = 0; i < listings.value->size(); ++i) {
      uint32_t index = m.num_imported_funcs + static_cast<uint32_t>(i);
      out.push_back(FunctionCode{index, m.func_name(index), std::move((*listings.value)[i])});
    }
    return out;
  } catch (const std::bad_alloc&) {
    return Error{Error::Kind::Other, "out of memory", 0};
  }
#else
  return Error{Error::Kind::Other, "this build has no JIT", 0};
#endif
}

}  // namespace wasmrun
