// A global variable's storage. Instances that import a global point at the exporter's cell.
#pragma once

#include "runtime/value.h"
#include "wasmrun/types.hpp"

namespace wasmrun::rt {

struct GlobalCell {
  RawValue value;
  GlobalType type;
};

}  // namespace wasmrun::rt
