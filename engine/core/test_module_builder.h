// Helpers for unit tests: assemble small binary modules byte by byte.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace wasmrun::testing {

using Bytes = std::vector<uint8_t>;

// Appends `tail` to `out`. Every concatenation below goes through here: GCC 12 at -O3 inlines
// vector::insert of a range whose sizes it can see into a copy it wrongly reports as reading
// past the source (-Warray-bounds in libstdc++'s stl_algobase.h, a false positive of that
// release); growing first and copying into the grown vector is the same work without it.
inline void append(Bytes& out, const Bytes& tail) {
  size_t at = out.size();
  out.resize(at + tail.size());
  std::copy(tail.begin(), tail.end(), out.begin() + static_cast<std::ptrdiff_t>(at));
}

template <class Chars>
inline void append_chars(Bytes& out, const Chars& chars) {
  for (char c : chars) out.push_back(static_cast<uint8_t>(c));
}

// Unsigned LEB128; 64 bits wide for memory64 limits and memarg offsets.
inline void append_u64(Bytes& out, uint64_t v) {
  do {
    uint8_t b = v & 0x7f;
    v >>= 7;
    if (v) b |= 0x80;
    out.push_back(b);
  } while (v);
}

inline void append_u32(Bytes& out, uint32_t v) { append_u64(out, v); }

inline Bytes u32(uint32_t v) {
  Bytes out;
  append_u32(out, v);
  return out;
}

inline Bytes u64(uint64_t v) {
  Bytes out;
  append_u64(out, v);
  return out;
}

inline Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) append(out, p);
  return out;
}

inline Bytes name(const std::string& s) {
  Bytes out = u32(static_cast<uint32_t>(s.size()));
  append_chars(out, s);
  return out;
}

// A vector: count, then the elements' bytes concatenated.
inline Bytes vec(std::initializer_list<Bytes> elems) {
  Bytes out = u32(static_cast<uint32_t>(elems.size()));
  for (const Bytes& e : elems) append(out, e);
  return out;
}

inline Bytes section(uint8_t id, const Bytes& payload) {
  Bytes out{id};
  append_u32(out, static_cast<uint32_t>(payload.size()));
  append(out, payload);
  return out;
}

inline Bytes header() { return {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00}; }

inline Bytes module(std::initializer_list<Bytes> sections) {
  Bytes out = header();
  for (const Bytes& s : sections) append(out, s);
  return out;
}

// functype: 0x60 params results (value type bytes).
inline Bytes func_type(const Bytes& params, const Bytes& results) {
  return cat({{0x60},
              u32(static_cast<uint32_t>(params.size())),
              params,
              u32(static_cast<uint32_t>(results.size())),
              results});
}

// One code entry: size, locals (already encoded vector), instructions.
inline Bytes code_entry(const Bytes& locals, const Bytes& instrs) {
  Bytes body = cat({locals, instrs});
  return cat({u32(static_cast<uint32_t>(body.size())), body});
}

// A module with the given types and one function per (type index, body) pair, plus optional
// extra sections placed between the function and code sections (table, memory, global, export,
// elem, datacount), in the order given.
struct Func {
  uint32_t type;
  Bytes locals;  // encoded locals vector, e.g. {0x00} for none
  Bytes code;    // instructions including the final 0x0b
};

inline Bytes module_with_funcs(std::initializer_list<Bytes> types,
                               std::initializer_list<Func> funcs,
                               std::initializer_list<Bytes> middle = {}) {
  Bytes out = header();
  Bytes type_payload = vec(types);
  Bytes func_payload = u32(static_cast<uint32_t>(funcs.size()));
  Bytes code_payload = u32(static_cast<uint32_t>(funcs.size()));
  for (const Func& f : funcs) {
    append_u32(func_payload, f.type);
    Bytes e = code_entry(f.locals, f.code);
    append(code_payload, e);
  }
  for (const Bytes& s : {section(1, type_payload), section(3, func_payload)}) {
    append(out, s);
  }
  for (const Bytes& s : middle) append(out, s);
  Bytes code = section(10, code_payload);
  append(out, code);
  return out;
}

}  // namespace wasmrun::testing
