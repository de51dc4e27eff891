// Shared by the benchmark suites that report compile throughput.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace wasmrun::bench {

// The size of a module's code section (id 10): what a tier translates, unlike types, imports,
// data and names, which cost the same in every tier. 0 when the module has none.
inline uint64_t code_section_bytes(const std::vector<uint8_t>& m) {
  size_t p = 8;  // past the magic number and version
  auto leb = [&]() {
    uint64_t v = 0;
    for (int shift = 0; p < m.size() && shift < 64; shift += 7) {
      uint8_t b = m[p++];
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) break;
    }
    return v;
  };
  while (p < m.size()) {
    uint8_t id = m[p++];
    uint64_t size = leb();
    if (id == 10) return size;
    p += size;
  }
  return 0;
}

}  // namespace wasmrun::bench
