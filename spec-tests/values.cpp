#include "spec-tests/values.h"

#include <bit>
#include <charconv>
#include <cinttypes>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace spectest {
namespace {

using wasmrun::V128;
using wasmrun::ValType;
using wasmrun::Value;

uint64_t width_mask(unsigned bits) { return bits == 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1; }

// wast2json writes integers and float bit patterns as unsigned decimal strings; accept a leading
// minus too, since hand-written scripts use signed lanes.
uint64_t parse_bits(const std::string& s, unsigned bits) {
  const char* first = s.data();
  const char* last = s.data() + s.size();
  bool negative = first != last && *first == '-';
  if (negative) ++first;
  uint64_t magnitude = 0;
  auto [end, ec] = std::from_chars(first, last, magnitude, 10);
  if (ec != std::errc() || end != last || first == last) {
    throw BadValue("not a number: \"" + s + "\"");
  }
  uint64_t mask = width_mask(bits);
  if (!negative) {
    if (magnitude > mask)
      throw BadValue("\"" + s + "\" does not fit " + std::to_string(bits) + " bits");
    return magnitude;
  }
  // Two's complement; the magnitude may be at most 2^(bits-1).
  if (magnitude > (uint64_t{1} << (bits - 1))) {
    throw BadValue("\"" + s + "\" does not fit " + std::to_string(bits) + " bits");
  }
  return (~magnitude + 1) & mask;
}

std::string string_field(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) {
    throw BadValue(std::string("missing string field \"") + key + "\" in " + j.dump());
  }
  return it->get<std::string>();
}

LaneShape parse_shape(const std::string& s) {
  if (s == "i8") return LaneShape::I8;
  if (s == "i16") return LaneShape::I16;
  if (s == "i32") return LaneShape::I32;
  if (s == "i64") return LaneShape::I64;
  if (s == "f32") return LaneShape::F32;
  if (s == "f64") return LaneShape::F64;
  throw BadValue("unknown lane type \"" + s + "\"");
}

bool is_float(LaneShape s) { return s == LaneShape::F32 || s == LaneShape::F64; }

LanePattern parse_lane(const std::string& s, LaneShape shape) {
  if (s == "nan:canonical" || s == "nan:arithmetic") {
    if (!is_float(shape)) throw BadValue(s + " for an integer lane");
    return {
        s == "nan:canonical" ? LanePattern::Kind::CanonicalNan : LanePattern::Kind::ArithmeticNan,
        0};
  }
  return {LanePattern::Kind::Exact, parse_bits(s, lane_bits(shape))};
}

struct Scalar {
  ValType type;
  LaneShape shape;
};

// The JSON type name of a value, with the lane shape numbers use for themselves.
Scalar parse_type(const std::string& t) {
  if (t == "i32") return {ValType::I32, LaneShape::I32};
  if (t == "i64") return {ValType::I64, LaneShape::I64};
  if (t == "f32") return {ValType::F32, LaneShape::F32};
  if (t == "f64") return {ValType::F64, LaneShape::F64};
  if (t == "v128") return {ValType::V128, LaneShape::I32};
  if (t == "funcref") return {ValType::FuncRef, LaneShape::I64};
  if (t == "externref") return {ValType::ExternRef, LaneShape::I64};
  throw BadValue("unknown value type \"" + t + "\"");
}

// v128 lanes in the JSON: an array of strings of `lane_type`.
std::vector<LanePattern> parse_v128_lanes(const nlohmann::json& j, LaneShape* shape) {
  *shape = parse_shape(string_field(j, "lane_type"));
  auto it = j.find("value");
  if (it == j.end() || !it->is_array() || it->size() != lane_count(*shape)) {
    throw BadValue("v128 needs " + std::to_string(lane_count(*shape)) + " lanes: " + j.dump());
  }
  std::vector<LanePattern> lanes;
  for (const auto& lane : *it) {
    if (!lane.is_string()) throw BadValue("v128 lane is not a string: " + j.dump());
    lanes.push_back(parse_lane(lane.get<std::string>(), *shape));
  }
  return lanes;
}

uint64_t get_lane(const V128& v, LaneShape shape, unsigned i) {
  unsigned bytes = lane_bits(shape) / 8;
  uint64_t out = 0;
  for (unsigned b = 0; b < bytes; ++b) {
    out |= uint64_t{v.bytes[i * bytes + b]} << (8 * b);
  }
  return out;
}

void set_lane(V128& v, LaneShape shape, unsigned i, uint64_t bits) {
  unsigned bytes = lane_bits(shape) / 8;
  for (unsigned b = 0; b < bytes; ++b) {
    v.bytes[i * bytes + b] = static_cast<uint8_t>(bits >> (8 * b));
  }
}

bool lane_matches(const LanePattern& p, LaneShape shape, uint64_t bits) {
  // A canonical NaN has only the quiet bit of the payload set; an arithmetic NaN has at least
  // the quiet bit. Either sign is allowed.
  switch (p.kind) {
    case LanePattern::Kind::Exact: return p.bits == bits;
    case LanePattern::Kind::CanonicalNan:
      if (shape == LaneShape::F32) return (bits & 0x7fffffffu) == 0x7fc00000u;
      return (bits & 0x7fffffffffffffffu) == 0x7ff8000000000000u;
    case LanePattern::Kind::ArithmeticNan:
      if (shape == LaneShape::F32) return (bits & 0x7fc00000u) == 0x7fc00000u;
      return (bits & 0x7ff8000000000000u) == 0x7ff8000000000000u;
  }
  return false;
}

std::string lane_string(LaneShape shape, uint64_t bits) {
  char buf[64];
  switch (shape) {
    case LaneShape::F32:
      std::snprintf(buf, sizeof buf, "%.9g(0x%08" PRIx64 ")",
                    static_cast<double>(std::bit_cast<float>(static_cast<uint32_t>(bits))), bits);
      return buf;
    case LaneShape::F64:
      std::snprintf(buf, sizeof buf, "%.17g(0x%016" PRIx64 ")", std::bit_cast<double>(bits), bits);
      return buf;
    default: {
      // Integers print as signed and, when that differs, unsigned hex as well.
      unsigned w = lane_bits(shape);
      int64_t s = static_cast<int64_t>(bits << (64 - w)) >> (64 - w);
      if (s >= 0) {
        std::snprintf(buf, sizeof buf, "%" PRId64, s);
      } else {
        std::snprintf(buf, sizeof buf, "%" PRId64 "(0x%" PRIx64 ")", s, bits);
      }
      return buf;
    }
  }
}

std::string pattern_string(const LanePattern& p, LaneShape shape) {
  switch (p.kind) {
    case LanePattern::Kind::CanonicalNan: return "nan:canonical";
    case LanePattern::Kind::ArithmeticNan: return "nan:arithmetic";
    case LanePattern::Kind::Exact: break;
  }
  return lane_string(shape, p.bits);
}

}  // namespace

unsigned lane_bits(LaneShape s) {
  switch (s) {
    case LaneShape::I8: return 8;
    case LaneShape::I16: return 16;
    case LaneShape::I32:
    case LaneShape::F32: return 32;
    case LaneShape::I64:
    case LaneShape::F64: return 64;
  }
  return 32;
}

unsigned lane_count(LaneShape s) { return 128 / lane_bits(s); }

const char* to_string(LaneShape s) {
  switch (s) {
    case LaneShape::I8: return "i8x16";
    case LaneShape::I16: return "i16x8";
    case LaneShape::I32: return "i32x4";
    case LaneShape::I64: return "i64x2";
    case LaneShape::F32: return "f32x4";
    case LaneShape::F64: return "f64x2";
  }
  return "?";
}

void* extern_pointer(uint64_t n) { return reinterpret_cast<void*>(static_cast<uintptr_t>(n + 1)); }

Value parse_arg(const nlohmann::json& j) {
  if (!j.is_object()) throw BadValue("value is not an object: " + j.dump());
  Scalar t = parse_type(string_field(j, "type"));
  switch (t.type) {
    case ValType::V128: {
      LaneShape shape;
      std::vector<LanePattern> lanes = parse_v128_lanes(j, &shape);
      V128 v;
      for (unsigned i = 0; i < lanes.size(); ++i) {
        if (lanes[i].kind != LanePattern::Kind::Exact) throw BadValue("NaN pattern as argument");
        set_lane(v, shape, i, lanes[i].bits);
      }
      return Value::v128(v);
    }
    case ValType::FuncRef:
    case ValType::ExternRef: {
      std::string s = string_field(j, "value");
      if (s == "null") return Value::null_ref(t.type);
      // A script can only name host references; there is no way to spell a wasm function.
      if (t.type == ValType::FuncRef) throw BadValue("non-null funcref argument: " + j.dump());
      return Value::externref(extern_pointer(parse_bits(s, 64)));
    }
    default: break;
  }
  LanePattern p = parse_lane(string_field(j, "value"), t.shape);
  if (p.kind != LanePattern::Kind::Exact) throw BadValue("NaN pattern as argument");
  switch (t.type) {
    case ValType::I32: return Value::i32(static_cast<int32_t>(p.bits));
    case ValType::I64: return Value::i64(static_cast<int64_t>(p.bits));
    case ValType::F32: return Value::f32_bits(static_cast<uint32_t>(p.bits));
    default: return Value::f64_bits(p.bits);
  }
}

Expected parse_expected(const nlohmann::json& j) {
  if (!j.is_object()) throw BadValue("value is not an object: " + j.dump());
  Scalar t = parse_type(string_field(j, "type"));
  Expected e;
  e.type = t.type;
  e.shape = t.shape;
  switch (t.type) {
    case ValType::V128: e.lanes = parse_v128_lanes(j, &e.shape); return e;
    case ValType::FuncRef:
    case ValType::ExternRef: {
      // No "value" means the script expected `ref.func` (any function) or a bare reference.
      auto it = j.find("value");
      if (it == j.end()) {
        e.ref = Expected::RefKind::AnyNonNull;
      } else if (!it->is_string()) {
        throw BadValue("reference value is not a string: " + j.dump());
      } else if (*it == "null") {
        e.ref = Expected::RefKind::Null;
      } else if (t.type == ValType::FuncRef) {
        e.ref = Expected::RefKind::AnyNonNull;
      } else {
        e.ref = Expected::RefKind::Extern;
        e.extern_id = parse_bits(it->get<std::string>(), 64);
      }
      return e;
    }
    default: e.lanes.push_back(parse_lane(string_field(j, "value"), t.shape)); return e;
  }
}

bool matches(const Expected& e, const Value& v) {
  if (v.type() != e.type) return false;
  switch (e.type) {
    case ValType::FuncRef:
    case ValType::ExternRef:
      switch (e.ref) {
        case Expected::RefKind::Null: return v.is_null();
        case Expected::RefKind::AnyNonNull: return !v.is_null();
        case Expected::RefKind::Extern: return v.externref() == extern_pointer(e.extern_id);
        case Expected::RefKind::None: return false;
      }
      return false;
    case ValType::V128: {
      V128 bits = v.v128();
      for (unsigned i = 0; i < e.lanes.size(); ++i) {
        if (!lane_matches(e.lanes[i], e.shape, get_lane(bits, e.shape, i))) return false;
      }
      return true;
    }
    case ValType::I32:
    case ValType::F32: return lane_matches(e.lanes.at(0), e.shape, v.f32_bits());
    case ValType::I64:
    case ValType::F64: return lane_matches(e.lanes.at(0), e.shape, v.f64_bits());
  }
  return false;
}

std::string describe(const Expected& e) {
  std::string out = wasmrun::to_string(e.type);
  switch (e.type) {
    case ValType::FuncRef:
    case ValType::ExternRef:
      switch (e.ref) {
        case Expected::RefKind::Null: return out + ":null";
        case Expected::RefKind::AnyNonNull: return out + ":non-null";
        case Expected::RefKind::Extern: return out + ":" + std::to_string(e.extern_id);
        case Expected::RefKind::None: return out + ":?";
      }
      return out;
    case ValType::V128: {
      out += std::string(":") + to_string(e.shape) + "[";
      for (unsigned i = 0; i < e.lanes.size(); ++i) {
        out += (i ? " " : "") + pattern_string(e.lanes[i], e.shape);
      }
      return out + "]";
    }
    default: return out + ":" + pattern_string(e.lanes.at(0), e.shape);
  }
}

std::string describe(const Value& v, LaneShape shape) {
  std::string out = wasmrun::to_string(v.type());
  switch (v.type()) {
    case ValType::I32: return out + ":" + lane_string(LaneShape::I32, v.f32_bits());
    case ValType::F32: return out + ":" + lane_string(LaneShape::F32, v.f32_bits());
    case ValType::I64: return out + ":" + lane_string(LaneShape::I64, v.f64_bits());
    case ValType::F64: return out + ":" + lane_string(LaneShape::F64, v.f64_bits());
    case ValType::V128: {
      V128 bits = v.v128();
      out += std::string(":") + to_string(shape) + "[";
      for (unsigned i = 0; i < lane_count(shape); ++i) {
        out += (i ? " " : "") + lane_string(shape, get_lane(bits, shape, i));
      }
      return out + "]";
    }
    case ValType::ExternRef: {
      if (v.is_null()) return out + ":null";
      // Show script numbers for pointers this runner made, raw pointers otherwise.
      auto p = reinterpret_cast<uintptr_t>(v.externref());
      char buf[80];
      std::snprintf(buf, sizeof buf, ":%" PRIuPTR " (pointer 0x%" PRIxPTR ")", p - 1, p);
      return out + buf;
    }
    case ValType::FuncRef: return out + (v.is_null() ? ":null" : ":non-null");
  }
  return out;
}

std::string describe(const std::vector<Expected>& es) {
  std::string out = "(";
  for (size_t i = 0; i < es.size(); ++i) out += (i ? " " : "") + describe(es[i]);
  return out + ")";
}

std::string describe(const std::vector<Value>& vs, const std::vector<Expected>& like) {
  std::string out = "(";
  for (size_t i = 0; i < vs.size(); ++i) {
    LaneShape shape =
        i < like.size() && like[i].type == ValType::V128 ? like[i].shape : LaneShape::I32;
    out += (i ? " " : "") + describe(vs[i], shape);
  }
  return out + ")";
}

}  // namespace spectest
