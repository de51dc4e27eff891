// UTF-8 well-formedness as names in the binary format require it.
#pragma once

#include <cstddef>
#include <cstdint>

namespace wasmrun {

// True when [data, data+size) is well-formed UTF-8: no overlong forms, no surrogates
// (U+D800..U+DFFF), nothing above U+10FFFF, no truncated sequences.
bool is_valid_utf8(const uint8_t* data, size_t size);

}  // namespace wasmrun
