#include "engine/core/name_section.h"

#include <algorithm>

#include "engine/core/byte_reader.h"

namespace wasmrun {
namespace {

constexpr uint8_t kModuleNames = 0;
constexpr uint8_t kFunctionNames = 1;
constexpr uint8_t kLocalNames = 2;

// With `out` null, the map is only checked (well-formed, names in UTF-8).
bool parse_name_map(ByteReader& r, std::unordered_map<uint32_t, std::string>* out) {
  uint32_t n = 0;
  if (!r.count(n, 2)) return false;
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t index = 0;
    size_t at = 0;
    uint32_t len = 0;
    if (!r.u32(index) || !r.name_in_place(at, len)) return false;
    if (out) (*out)[index].assign(reinterpret_cast<const char*>(r.base() + at), len);
  }
  return true;
}

// The function-names subsection, whose names stay in the binary. Entries should come in
// ascending index order; others are sorted, the last name given for an index winning.
bool parse_function_names(ByteReader& r, std::vector<core::NameRef>& out) {
  uint32_t n = 0;
  if (!r.count(n, 2)) return false;
  out.reserve(n);
  bool sorted = true;
  for (uint32_t i = 0; i < n; ++i) {
    core::NameRef ref;
    size_t at = 0;
    if (!r.u32(ref.index) || !r.name_in_place(at, ref.size)) return false;
    ref.offset = static_cast<uint32_t>(at);
    if (!out.empty() && ref.index <= out.back().index) sorted = false;
    out.push_back(ref);
  }
  if (!sorted) {
    auto by_index = [](const core::NameRef& a, const core::NameRef& b) {
      return a.index < b.index;
    };
    std::stable_sort(out.begin(), out.end(), by_index);
    // Equal indices keep their order: the last of each run replaces the ones before it.
    size_t kept = 0;
    for (const core::NameRef& ref : out) {
      if (kept > 0 && out[kept - 1].index == ref.index) {
        out[kept - 1] = ref;
      } else {
        out[kept++] = ref;
      }
    }
    out.resize(kept);
  }
  return true;
}

// The local-names subsection: a map of name maps. `out` as for parse_name_map.
bool parse_local_name_maps(ByteReader& r, LocalNames* out) {
  uint32_t n = 0;
  if (!r.count(n, 2)) return false;
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t func = 0;
    if (!r.u32(func) || !parse_name_map(r, out ? &(*out)[func] : nullptr)) return false;
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
    const size_t sub_begin = r.offset();
    ByteReader sub(bytes, sub_begin, sub_begin + size);
    r.skip(size);
    switch (id) {
      case kModuleNames:
        if (!sub.name(names.module)) return false;
        break;
      case kFunctionNames:
        if (!parse_function_names(sub, names.functions)) return false;
        break;
      case kLocalNames:
        if (!parse_local_name_maps(sub, nullptr)) return false;
        names.locals_offset = static_cast<uint32_t>(sub_begin);
        names.locals_size = size;
        break;
      default: continue;  // other subsections (labels, types, ...) are not kept
    }
    if (!sub.at_end()) return false;
  }
  out = std::move(names);
  return true;
}

LocalNames parse_local_names(const uint8_t* bytes, const core::NameSection& names) {
  LocalNames out;
  if (names.locals_size == 0) return out;
  ByteReader r(bytes, names.locals_offset, names.locals_offset + size_t{names.locals_size});
  parse_local_name_maps(r, &out);  // checked when the section was read
  return out;
}

}  // namespace wasmrun
