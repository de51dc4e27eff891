// Values in wast2json's JSON: arguments become wasmrun::Value, expected results become patterns
// (exact bits, NaN classes, per-lane v128 patterns, reference classes) matched against results.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "wasmrun/wasmrun.hpp"

namespace spectest {

// Thrown for JSON that does not describe a value we understand; the runner turns it into a
// failed command instead of stopping.
struct BadValue : std::runtime_error {
  using std::runtime_error::runtime_error;
};

enum class LaneShape : uint8_t { I8, I16, I32, I64, F32, F64 };
unsigned lane_bits(LaneShape s);
unsigned lane_count(LaneShape s);  // lanes in a v128
const char* to_string(LaneShape s);

// One scalar or one v128 lane.
struct LanePattern {
  enum class Kind : uint8_t { Exact, CanonicalNan, ArithmeticNan };
  Kind kind = Kind::Exact;
  uint64_t bits = 0;  // Exact: the lane's bits, zero-extended
};

struct Expected {
  enum class RefKind : uint8_t { None, Null, AnyNonNull, Extern };
  wasmrun::ValType type = wasmrun::ValType::I32;
  // Numbers: one lane of the type's own shape. v128: lane_count(shape) lanes.
  LaneShape shape = LaneShape::I32;
  std::vector<LanePattern> lanes;
  // Reference types: which references match; Extern carries the script's host number.
  RefKind ref = RefKind::None;
  uint64_t extern_id = 0;
};

// ref.extern N from a script is the externref whose host pointer is N + 1, so that N = 0 is
// still distinguishable from the null reference.
void* extern_pointer(uint64_t n);

wasmrun::Value parse_arg(const nlohmann::json& j);
Expected parse_expected(const nlohmann::json& j);

bool matches(const Expected& e, const wasmrun::Value& v);

// Human-readable forms for failure messages. A v128 result is shown in `shape`'s lanes so it
// lines up with the expectation.
std::string describe(const Expected& e);
std::string describe(const wasmrun::Value& v, LaneShape shape = LaneShape::I32);
std::string describe(const std::vector<Expected>& es);
std::string describe(const std::vector<wasmrun::Value>& vs, const std::vector<Expected>& like);

}  // namespace spectest
