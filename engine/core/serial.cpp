#include "engine/core/serial.h"

// Debian's libxxhash, compiled inline: no library to link, only its header at build time.
#define XXH_INLINE_ALL
#include <xxhash.h>

namespace wasmrun::serial {

uint64_t checksum64(std::span<const uint8_t> data, uint64_t seed) {
  return XXH3_64bits_withSeed(data.data(), data.size(), seed);
}

}  // namespace wasmrun::serial
