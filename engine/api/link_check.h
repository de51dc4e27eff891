// Import matching of WebAssembly 2.0 (section 4.5.4 step 3 and the external-type subtyping
// rules of section 7.3), read from the decoded module.
#pragma once

#include <optional>
#include <span>
#include <string>

#include "engine/api/api_internal.h"
#include "engine/core/module.h"

namespace wasmrun::internal {

// Limits subtyping: `actual` fits where `expected` is declared.
bool limits_match(const wasmrun::Limits& actual, const wasmrun::Limits& expected);

// The link error message, or nullopt when every import fits its declaration.
std::optional<std::string> check_imports(const core::Module& m, const rt::Store& store,
                                         std::span<const ImportRef> imports);

}  // namespace wasmrun::internal
