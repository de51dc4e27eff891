#include "value_text.h"

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>

namespace wasmrun::cli {
namespace {

std::optional<int64_t> parse_integer(const std::string& text, int64_t min, uint64_t max_unsigned) {
  if (text.empty()) return std::nullopt;
  errno = 0;
  char* end = nullptr;
  bool negative = text[0] == '-';
  if (negative) {
    long long v = std::strtoll(text.c_str(), &end, 0);
    if (errno || *end || v < min) return std::nullopt;
    return static_cast<int64_t>(v);
  }
  unsigned long long v = std::strtoull(text.c_str(), &end, 0);
  if (errno || *end || v > max_unsigned) return std::nullopt;
  return static_cast<int64_t>(v);
}

}  // namespace

std::optional<Value> parse_value(ValType t, const std::string& text) {
  switch (t) {
    case ValType::I32: {
      auto v = parse_integer(text, INT32_MIN, UINT32_MAX);
      if (!v) return std::nullopt;
      return Value::i32(static_cast<int32_t>(static_cast<uint32_t>(*v)));
    }
    case ValType::I64: {
      auto v = parse_integer(text, INT64_MIN, UINT64_MAX);
      if (!v) return std::nullopt;
      return Value::i64(*v);
    }
    case ValType::F32:
    case ValType::F64: {
      if (text.empty()) return std::nullopt;
      char* end = nullptr;
      double d = std::strtod(text.c_str(), &end);
      if (*end) return std::nullopt;
      return t == ValType::F32 ? Value::f32(static_cast<float>(d)) : Value::f64(d);
    }
    default: return std::nullopt;  // vectors and references cannot be typed on a command line
  }
}

std::string format_value(const Value& v) {
  char buf[64];
  switch (v.type()) {
    case ValType::I32: std::snprintf(buf, sizeof buf, "%" PRId32, v.i32()); return buf;
    case ValType::I64: std::snprintf(buf, sizeof buf, "%" PRId64, v.i64()); return buf;
    case ValType::F32:
      std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(v.f32()));
      return buf;
    case ValType::F64: std::snprintf(buf, sizeof buf, "%.17g", v.f64()); return buf;
    case ValType::V128: {
      V128 x = v.v128();
      std::string s = "0x";
      for (int i = 15; i >= 0; --i) {
        std::snprintf(buf, sizeof buf, "%02x", x.bytes[i]);
        s += buf;
      }
      return s;
    }
    case ValType::FuncRef:
    case ValType::ExternRef:
      if (v.is_null()) return "null";
      std::snprintf(buf, sizeof buf, "%s:%#" PRIx64, to_string(v.type()), v.raw_lo());
      return buf;
  }
  return "?";
}

}  // namespace wasmrun::cli
