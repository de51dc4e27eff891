// Binary module decoding: structure, section order and sizes, immediates of module-level
// entities. Function bodies are kept as byte ranges; their instructions are checked by the
// validator, which scans each body once.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "engine/core/error.h"
#include "engine/core/module.h"

namespace wasmrun {

// Declared locals (run-length sum, params excluded) beyond this make a body malformed.
inline constexpr uint32_t kMaxLocals = 50'000;

CoreResult<std::shared_ptr<const Module>> decode_module(std::span<const uint8_t> bytes);

}  // namespace wasmrun
