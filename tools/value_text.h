// Conversions between command-line text and wasm values.
#pragma once

#include <optional>
#include <string>

#include "wasmrun/wasmrun.hpp"

namespace wasmrun::cli {

// Parses `text` as a value of type `t` (decimal or 0x-hex integers, any float strtod accepts,
// including nan and inf). nullopt when the text does not fit the type.
std::optional<Value> parse_value(ValType t, const std::string& text);

// Prints a result the way a user reads it: integers in signed decimal, floats shortest-exact.
std::string format_value(const Value& v);

}  // namespace wasmrun::cli
