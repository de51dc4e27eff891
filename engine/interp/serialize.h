// The interpreter's translated code as bytes (for the module cache, engine/api/cache.cpp) and
// back without translating again. Handler addresses become internal op numbers and call targets
// function indexes; loading threads them again for this process.
#pragma once

#include <cstdint>
#include <memory>

#include "engine/core/error.h"
#include "engine/core/function_info.h"
#include "engine/core/serial.h"

namespace wasmrun::interp {

struct CompiledModule;

// A fingerprint of the internal code's format (op numbering, instruction layouts): code from a
// build where it differs is refused.
uint64_t code_abi_fingerprint();

void serialize_code(const CompiledModule& cm, serial::Writer& out);

// Every count, index and frame size is checked against the module and the file's length; operand
// offsets and jump displacements are trusted (the caller has checked the file's checksum and
// origin).
CoreResult<std::shared_ptr<const CompiledModule>> load_code(
    std::shared_ptr<const ValidatedModule> module, serial::Reader& in);

}  // namespace wasmrun::interp
