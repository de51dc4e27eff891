// Turns a module with a 32-bit memory into the same program on a 64-bit memory (memory64), for
// the differential test: binaryen 108's -ttf never generates a 64-bit memory, even with
// --enable-memory64.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace wasmrun::differential {

// The memory's limits get flag 0x04, data segment offsets become i64 constants, and every
// address and length operand is extended to i64 right before its instruction (memory.size and
// memory.grow results are wrapped back to i32). `seed` picks, per access, zero- or
// sign-extension of the address: a negative i32 sign-extended is an address near 2^64, which
// must trap in both tiers. Nullopt when the module has no defined memory or an offset that
// cannot be rewritten in place.
std::optional<std::vector<uint8_t>> to_memory64(const std::vector<uint8_t>& wasm, uint64_t seed);

}  // namespace wasmrun::differential
