// Binary module decoding: structure, section order and sizes, immediates of module-level
// entities. Function bodies are kept as byte ranges; their instructions are checked by the
// validator, which scans each body once.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "engine/core/error.h"
#include "engine/core/module.h"

namespace wasmrun {

// Implementation limits. They keep the work and memory that validation spends proportional to
// the input: a few bytes must not be able to demand gigabytes.
// Declared locals of one function (run-length sum, params excluded).
inline constexpr uint32_t kMaxLocals = 50'000;
// Declared locals summed over all functions of a module (each is expanded in FunctionInfo).
inline constexpr uint64_t kMaxModuleLocals = uint64_t{1} << 24;
// Params and results of one function type (block types included).
inline constexpr uint32_t kMaxFunctionParams = 1'000;
inline constexpr uint32_t kMaxFunctionResults = 1'000;

CoreResult<std::shared_ptr<const core::Module>> decode_module(std::span<const uint8_t> bytes);
// The same without a copy: the module keeps `bytes`.
CoreResult<std::shared_ptr<const core::Module>> decode_module(std::vector<uint8_t>&& bytes);

}  // namespace wasmrun
