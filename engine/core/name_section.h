// The "name" custom section (module, function and local names).
#pragma once

#include <cstddef>

#include "engine/core/module.h"

namespace wasmrun {

// Parses the payload [begin, end) of `bytes`. Returns false (leaving `out` untouched) when the
// section is malformed; callers ignore such sections.
bool parse_name_section(const uint8_t* bytes, size_t begin, size_t end, core::NameSection& out);

// The local names the section recorded (function index -> local index -> name), unpacked on
// demand from `bytes` (the module's binary).
using LocalNames = std::unordered_map<uint32_t, std::unordered_map<uint32_t, std::string>>;
LocalNames parse_local_names(const uint8_t* bytes, const core::NameSection& names);

}  // namespace wasmrun
