// The untyped 16-byte cell in which the runtime passes values between tiers and the host.
#pragma once

#include <cstdint>
#include <cstring>

namespace wasmrun::rt {

// funcref: a FuncInst*; externref: an opaque host word. Null is nullptr for both.
using Ref = void*;

union alignas(16) RawValue {
  uint32_t i32;
  uint64_t i64;
  float f32;
  double f64;
  uint8_t v128[16];
  Ref ref;
};
static_assert(sizeof(RawValue) == 16);

inline RawValue raw_zero() {
  RawValue v;
  std::memset(&v, 0, sizeof v);
  return v;
}

}  // namespace wasmrun::rt
