// The "name" custom section (module, function and local names).
#pragma once

#include <cstddef>

#include "engine/core/module.h"

namespace wasmrun {

// Parses the payload [begin, end) of `bytes`. Returns false (leaving `out` untouched) when the
// section is malformed; callers ignore such sections.
bool parse_name_section(const uint8_t* bytes, size_t begin, size_t end, core::NameSection& out);

}  // namespace wasmrun
