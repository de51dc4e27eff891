// Value and entity types of WebAssembly 2.0, shared by the public API and the engine's internals.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wasmrun {

// Encoded as in the binary format so the decoder can cast after checking.
enum class ValType : uint8_t {
  I32 = 0x7f,
  I64 = 0x7e,
  F32 = 0x7d,
  F64 = 0x7c,
  V128 = 0x7b,
  FuncRef = 0x70,
  ExternRef = 0x6f,
};

constexpr bool is_ref(ValType t) { return t == ValType::FuncRef || t == ValType::ExternRef; }
constexpr bool is_valtype_byte(uint8_t b) {
  return (b >= 0x7b && b <= 0x7f) || b == 0x70 || b == 0x6f;
}
const char* to_string(ValType t);

struct FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;
  bool operator==(const FuncType&) const = default;
};
std::string to_string(const FuncType& t);

// 64 bits wide for 64-bit memories (memory64); tables and 32-bit memories stay below 2^32.
struct Limits {
  uint64_t min = 0;
  std::optional<uint64_t> max;
  bool operator==(const Limits&) const = default;
};

struct TableType {
  ValType elem = ValType::FuncRef;
  Limits limits;
};

struct MemoryType {
  Limits limits;      // in 64 KiB pages
  bool is64 = false;  // memory64: i64 addresses, sizes and limits (limits flag 0x04)
  bool operator==(const MemoryType&) const = default;
};

struct GlobalType {
  ValType type = ValType::I32;
  bool is_mutable = false;
};

enum class ExternKind : uint8_t { Func = 0, Table = 1, Memory = 2, Global = 3 };
const char* to_string(ExternKind k);

// 128 bits, little-endian lane order, as in linear memory.
struct V128 {
  uint8_t bytes[16] = {};
  bool operator==(const V128& o) const { return std::memcmp(bytes, o.bytes, 16) == 0; }
};

// WebAssembly 3.0 features beyond 2.0, each on unless switched off. A module that uses a
// feature that is off fails validation with a message naming it ("... (feature tail-call)").
struct Features {
  bool tail_call = true;  // return_call, return_call_indirect
  // i32/i64 add, sub, mul in constant expressions, and their reads of defined globals (3.0)
  bool extended_const = true;
  bool relaxed_simd = true;  // the relaxed SIMD instructions (0xfd 0x100 to 0x113)
  bool multi_memory = true;  // more than one memory; memory indexes in memory instructions
  bool memory64 = true;      // 64-bit memories (i64 addresses)
};

// Each feature's name and switch, in kFeatureNames' order: the one list that set_feature and the
// compiled-module identity walk.
struct FeatureFlag {
  std::string_view name;
  bool Features::*flag;
};
inline constexpr FeatureFlag kFeatureFlags[] = {
    {"tail-call", &Features::tail_call},       {"extended-const", &Features::extended_const},
    {"relaxed-simd", &Features::relaxed_simd}, {"multi-memory", &Features::multi_memory},
    {"memory64", &Features::memory64},
};

// The names of all of them, as set_features takes them.
inline constexpr std::string_view kFeatureNames =
    "tail-call,extended-const,relaxed-simd,multi-memory,memory64";

// Switches the feature called `name` (one of kFeatureNames); false for an unknown name.
bool set_feature(Features& features, std::string_view name, bool on);
// Applies a comma-separated list of names (empty entries ignored); the first unknown name is
// returned in `unknown` and stops the list.
bool set_features(Features& features, std::string_view names, bool on, std::string* unknown);

constexpr uint32_t kPageSize = 65536;
constexpr uint32_t kMaxPages = 65536;  // of a 32-bit memory
// Of a 64-bit memory: 2^64 bytes in pages, as memory64 validates limits (engines cap it lower).
constexpr uint64_t kMaxPages64 = uint64_t{1} << 48;

}  // namespace wasmrun
