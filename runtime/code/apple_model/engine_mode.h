// The default code allocator over the model of Apple's rules, for builds with
// WASMRUN_APPLE_JIT_MODEL (see engine_mode.cpp).
#pragma once

#include <memory>
#include <string>

#include "runtime/code/code_memory.h"

namespace wasmrun::rt {

// The Apple backend over the process's model when WASMRUN_CODE_MEMORY=apple-model, else nullptr.
std::shared_ptr<SystemCodeAllocator> model_code_allocator_from_env(std::string* error);

}  // namespace wasmrun::rt
