// The `spectest` host module that the spec scripts import from: print functions, four
// immutable globals, a funcref table and a memory, with the sizes the spec interpreter uses.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "wasmrun/wasmrun.hpp"

namespace spectest {

// A module's exports by name, as imports see them.
using ExportMap = std::map<std::string, wasmrun::Extern, std::less<>>;

// Creates the module's entities in `store`. Anything the engine refuses to create is left out
// (and reported in `problems`), so imports of it fail to link instead of crashing the runner.
ExportMap make_spectest_module(wasmrun::Store& store, bool verbose,
                               std::vector<std::string>* problems);

}  // namespace spectest
