// WebAssembly 2.0 validation, with the 3.0 features in `features` (tail calls, extended constant
// expressions); a module using one that is off is invalid: module-level rules and the typing of
// every function body, which also yields each function's FunctionInfo (locals, stack bounds,
// constant count).
#pragma once

#include <memory>

#include "engine/core/error.h"
#include "engine/core/function_info.h"
#include "engine/core/module.h"

namespace wasmrun {

// Function bodies are validated on up to `threads` threads (1: this one only); the result,
// errors included, is the same for any count.
CoreResult<std::shared_ptr<const ValidatedModule>> validate_module(
    std::shared_ptr<const core::Module> module, const Features& features = {},
    unsigned threads = 1);

// Everything but the function bodies (types, limits, constant expressions, segments, exports,
// start): what instantiation and the module's descriptions rely on. `functions` stays empty.
// For a serialized module, whose code was compiled from validated bodies: linear in the
// declarations, a small part of full validation.
CoreResult<std::shared_ptr<const ValidatedModule>> validate_module_declarations(
    std::shared_ptr<const core::Module> module, const Features& features = {});

}  // namespace wasmrun
