// Loads and stores, given a pointer to the already bounds-checked effective address.
//
// Memory is little-endian and accesses may be unaligned (the alignment immediate is only a
// hint), so every access goes through memcpy-based helpers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "engine/ops/le_bytes.h"
#include "engine/ops/v128_lanes.h"
#include "wasmrun/types.hpp"

namespace wasmrun::ops {

namespace detail {

// Sign- or zero-extends a narrow memory value of type M to the wide unsigned result type R.
template <typename M, typename R>
inline R load_extend(const uint8_t* p) {
  using WideSigned = std::make_signed_t<R>;
  return static_cast<R>(static_cast<WideSigned>(load_le<M>(p)));
}

// v128.loadNxM_s/u: M narrow lanes from 8 bytes, each extended to twice its width.
template <typename Narrow, typename Wide>
inline V128 load_widen(const uint8_t* p) {
  LaneArray<Wide> r;
  for (size_t i = 0; i < kLanes<Wide>; ++i) {
    r[i] = static_cast<Wide>(load_le<Narrow>(p + i * sizeof(Narrow)));
  }
  return pack<Wide>(r);
}

template <typename T>
inline V128 load_splat(const uint8_t* p) {
  T x = load_le<T>(p);
  LaneArray<T> r;
  r.fill(x);
  return pack<T>(r);
}

template <typename T>
inline V128 load_zero(const uint8_t* p) {
  V128 r;  // zero-initialized
  store_le<T>(r.bytes, load_le<T>(p));
  return r;
}

}  // namespace detail

// ---- scalar loads ----
inline uint32_t I32Load(const uint8_t* p) { return detail::load_le<uint32_t>(p); }
inline uint64_t I64Load(const uint8_t* p) { return detail::load_le<uint64_t>(p); }
inline float F32Load(const uint8_t* p) { return detail::load_le<float>(p); }
inline double F64Load(const uint8_t* p) { return detail::load_le<double>(p); }
inline uint32_t I32Load8S(const uint8_t* p) { return detail::load_extend<int8_t, uint32_t>(p); }
inline uint32_t I32Load8U(const uint8_t* p) { return detail::load_le<uint8_t>(p); }
inline uint32_t I32Load16S(const uint8_t* p) { return detail::load_extend<int16_t, uint32_t>(p); }
inline uint32_t I32Load16U(const uint8_t* p) { return detail::load_le<uint16_t>(p); }
inline uint64_t I64Load8S(const uint8_t* p) { return detail::load_extend<int8_t, uint64_t>(p); }
inline uint64_t I64Load8U(const uint8_t* p) { return detail::load_le<uint8_t>(p); }
inline uint64_t I64Load16S(const uint8_t* p) { return detail::load_extend<int16_t, uint64_t>(p); }
inline uint64_t I64Load16U(const uint8_t* p) { return detail::load_le<uint16_t>(p); }
inline uint64_t I64Load32S(const uint8_t* p) { return detail::load_extend<int32_t, uint64_t>(p); }
inline uint64_t I64Load32U(const uint8_t* p) { return detail::load_le<uint32_t>(p); }

// ---- scalar stores (narrow stores keep the low bits) ----
inline void I32Store(uint8_t* p, uint32_t v) { detail::store_le(p, v); }
inline void I64Store(uint8_t* p, uint64_t v) { detail::store_le(p, v); }
inline void F32Store(uint8_t* p, float v) { detail::store_le(p, v); }
inline void F64Store(uint8_t* p, double v) { detail::store_le(p, v); }
inline void I32Store8(uint8_t* p, uint32_t v) { detail::store_le(p, static_cast<uint8_t>(v)); }
inline void I32Store16(uint8_t* p, uint32_t v) { detail::store_le(p, static_cast<uint16_t>(v)); }
inline void I64Store8(uint8_t* p, uint64_t v) { detail::store_le(p, static_cast<uint8_t>(v)); }
inline void I64Store16(uint8_t* p, uint64_t v) { detail::store_le(p, static_cast<uint16_t>(v)); }
inline void I64Store32(uint8_t* p, uint64_t v) { detail::store_le(p, static_cast<uint32_t>(v)); }

// ---- v128 loads and stores ----
// The V128 byte order is the memory byte order, so whole-vector accesses are plain copies.
inline V128 V128Load(const uint8_t* p) {
  V128 r;
  std::memcpy(r.bytes, p, 16);
  return r;
}
inline void V128Store(uint8_t* p, V128 v) { std::memcpy(p, v.bytes, 16); }

inline V128 V128Load8x8S(const uint8_t* p) { return detail::load_widen<int8_t, int16_t>(p); }
inline V128 V128Load8x8U(const uint8_t* p) { return detail::load_widen<uint8_t, uint16_t>(p); }
inline V128 V128Load16x4S(const uint8_t* p) { return detail::load_widen<int16_t, int32_t>(p); }
inline V128 V128Load16x4U(const uint8_t* p) { return detail::load_widen<uint16_t, uint32_t>(p); }
inline V128 V128Load32x2S(const uint8_t* p) { return detail::load_widen<int32_t, int64_t>(p); }
inline V128 V128Load32x2U(const uint8_t* p) { return detail::load_widen<uint32_t, uint64_t>(p); }

inline V128 V128Load8Splat(const uint8_t* p) { return detail::load_splat<uint8_t>(p); }
inline V128 V128Load16Splat(const uint8_t* p) { return detail::load_splat<uint16_t>(p); }
inline V128 V128Load32Splat(const uint8_t* p) { return detail::load_splat<uint32_t>(p); }
inline V128 V128Load64Splat(const uint8_t* p) { return detail::load_splat<uint64_t>(p); }

inline V128 V128Load32Zero(const uint8_t* p) { return detail::load_zero<uint32_t>(p); }
inline V128 V128Load64Zero(const uint8_t* p) { return detail::load_zero<uint64_t>(p); }

// ---- lane loads and stores: one lane from/to memory, the other lanes kept ----
inline V128 V128Load8Lane(const uint8_t* p, V128 v, uint8_t lane) {
  return detail::set_lane(v, lane, detail::load_le<uint8_t>(p));
}
inline V128 V128Load16Lane(const uint8_t* p, V128 v, uint8_t lane) {
  return detail::set_lane(v, lane, detail::load_le<uint16_t>(p));
}
inline V128 V128Load32Lane(const uint8_t* p, V128 v, uint8_t lane) {
  return detail::set_lane(v, lane, detail::load_le<uint32_t>(p));
}
inline V128 V128Load64Lane(const uint8_t* p, V128 v, uint8_t lane) {
  return detail::set_lane(v, lane, detail::load_le<uint64_t>(p));
}
inline void V128Store8Lane(uint8_t* p, V128 v, uint8_t lane) {
  detail::store_le(p, detail::get_lane<uint8_t>(v, lane));
}
inline void V128Store16Lane(uint8_t* p, V128 v, uint8_t lane) {
  detail::store_le(p, detail::get_lane<uint16_t>(v, lane));
}
inline void V128Store32Lane(uint8_t* p, V128 v, uint8_t lane) {
  detail::store_le(p, detail::get_lane<uint32_t>(v, lane));
}
inline void V128Store64Lane(uint8_t* p, V128 v, uint8_t lane) {
  detail::store_le(p, detail::get_lane<uint64_t>(v, lane));
}

}  // namespace wasmrun::ops
