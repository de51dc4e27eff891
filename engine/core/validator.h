// WebAssembly 2.0 validation: module-level rules and the typing of every function body, which
// also yields each function's FunctionInfo (locals, stack bounds, branch side table).
#pragma once

#include <memory>

#include "engine/core/error.h"
#include "engine/core/function_info.h"
#include "engine/core/module.h"

namespace wasmrun {

CoreResult<std::shared_ptr<const ValidatedModule>> validate_module(
    std::shared_ptr<const core::Module> module);

}  // namespace wasmrun
