// Strict LEB128 decoding as the WebAssembly binary format defines it. Each function reads one
// number at `p` (never past `end`), advances `p`, and returns nullptr on success or a static
// error message. Encodings longer than ceil(N/7) bytes are rejected, and so are final bytes whose
// unused high bits are not a proper zero (unsigned) or sign (signed) extension.
#pragma once

#include <cstdint>

namespace wasmrun {

inline constexpr const char* kErrUnexpectedEnd = "unexpected end";
inline constexpr const char* kErrLebTooLong = "integer representation too long";
inline constexpr const char* kErrLebTooLarge = "integer too large";

namespace leb_detail {

// Bits is the width of the decoded integer (32, 33 or 64).
template <int Bits, bool Signed>
inline const char* read_slow(const uint8_t*& p, const uint8_t* end, uint64_t& out) {
  constexpr int kMaxBytes = (Bits + 6) / 7;
  constexpr int kUsedInLast = Bits - 7 * (kMaxBytes - 1);  // payload bits of the final byte
  const uint8_t* q = p;
  uint64_t result = 0;
  int shift = 0;
  for (int i = 0; i < kMaxBytes; ++i) {
    if (q == end) return kErrUnexpectedEnd;
    uint8_t b = *q++;
    result |= static_cast<uint64_t>(b & 0x7f) << shift;
    shift += 7;
    if (b & 0x80) continue;
    if (i == kMaxBytes - 1) {
      if constexpr (Signed) {
        // The sign bit and every bit above it must agree.
        constexpr uint8_t kMask = static_cast<uint8_t>(0x7f & ~((1u << (kUsedInLast - 1)) - 1));
        uint8_t high = b & kMask;
        if (high != 0 && high != kMask) return kErrLebTooLarge;
      } else {
        constexpr uint8_t kMask = static_cast<uint8_t>(0x7f & ~((1u << kUsedInLast) - 1));
        if (b & kMask) return kErrLebTooLarge;
      }
    }
    if constexpr (Signed) {
      if (shift < 64 && (b & 0x40)) result |= ~uint64_t{0} << shift;
    }
    out = result;
    p = q;
    return nullptr;
  }
  return kErrLebTooLong;
}

}  // namespace leb_detail

inline const char* read_leb_u32(const uint8_t*& p, const uint8_t* end, uint32_t& out) {
  if (p != end && *p < 0x80) {
    out = *p++;
    return nullptr;
  }
  uint64_t v = 0;
  const char* err = leb_detail::read_slow<32, false>(p, end, v);
  out = static_cast<uint32_t>(v);
  return err;
}

// u64: memory64 limits and memarg offsets.
inline const char* read_leb_u64(const uint8_t*& p, const uint8_t* end, uint64_t& out) {
  if (p != end && *p < 0x80) {
    out = *p++;
    return nullptr;
  }
  return leb_detail::read_slow<64, false>(p, end, out);
}

inline const char* read_leb_s32(const uint8_t*& p, const uint8_t* end, int32_t& out) {
  if (p != end && *p < 0x80) {
    // One byte: bit 6 is the sign.
    out = static_cast<int32_t>(static_cast<uint32_t>(*p) | ((*p & 0x40) ? 0xffffff80u : 0u));
    ++p;
    return nullptr;
  }
  uint64_t v = 0;
  const char* err = leb_detail::read_slow<32, true>(p, end, v);
  out = static_cast<int32_t>(static_cast<uint32_t>(v));
  return err;
}

// s33 is used only by block types (a type index or a negative one-byte value type).
inline const char* read_leb_s33(const uint8_t*& p, const uint8_t* end, int64_t& out) {
  uint64_t v = 0;
  const char* err = leb_detail::read_slow<33, true>(p, end, v);
  out = static_cast<int64_t>(v);
  return err;
}

inline const char* read_leb_s64(const uint8_t*& p, const uint8_t* end, int64_t& out) {
  uint64_t v = 0;
  const char* err = leb_detail::read_slow<64, true>(p, end, v);
  out = static_cast<int64_t>(v);
  return err;
}

}  // namespace wasmrun
