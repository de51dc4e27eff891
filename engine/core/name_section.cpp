#include "engine/core/name_section.h"

#include "engine/core/byte_reader.h"

namespace wasmrun {
namespace {

constexpr uint8_t kModuleNames = 0;
constexpr uint8_t kFunctionNames = 1;
constexpr uint8_t kLocalNames = 2;

bool parse_name_map(ByteReader& r, std::unordered_map<uint32_t, std::string>& out) {
  uint32_t n = 0;
  if (!r.count(n, 2)) return false;
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t index = 0;
    std::string name;
    if (!r.u32(index) || !r.name(name)) return false;
    out[index] = std::move(name);
  }
  return true;
}

}  // namespace

bool parse_name_section(const uint8_t* bytes, size_t begin, size_t end, core::NameSection& out) {
  core::NameSection names;
  ByteReader r(bytes, begin, end);
  while (!r.at_end()) {
    uint8_t id = 0;
    uint32_t size = 0;
    if (!r.u8(id) || !r.u32(size) || size > r.remaining()) return false;
    ByteReader sub(bytes, r.offset(), r.offset() + size);
    r.skip(size);
    switch (id) {
      case kModuleNames:
        if (!sub.name(names.module)) return false;
        break;
      case kFunctionNames:
        if (!parse_name_map(sub, names.functions)) return false;
        break;
      case kLocalNames: {
        uint32_t n = 0;
        if (!sub.count(n, 2)) return false;
        for (uint32_t i = 0; i < n; ++i) {
          uint32_t func = 0;
          if (!sub.u32(func) || !parse_name_map(sub, names.locals[func])) return false;
        }
        break;
      }
      default: continue;  // other subsections (labels, types, ...) are not kept
    }
    if (!sub.at_end()) return false;
  }
  out = std::move(names);
  return true;
}

}  // namespace wasmrun
