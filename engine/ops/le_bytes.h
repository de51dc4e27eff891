// Little-endian, unaligned access to raw bytes: how linear memory and V128 lanes are laid out.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace wasmrun::ops::detail {

// Byte order is fixed by the specification, not by the host, so a big-endian host reverses.
template <typename T>
inline T load_le(const uint8_t* p) {
  static_assert(std::is_trivially_copyable_v<T>);
  if constexpr (std::endian::native == std::endian::little || sizeof(T) == 1) {
    T v;
    std::memcpy(&v, p, sizeof(T));
    return v;
  } else {
    uint8_t tmp[sizeof(T)];
    std::reverse_copy(p, p + sizeof(T), tmp);
    T v;
    std::memcpy(&v, tmp, sizeof(T));
    return v;
  }
}

template <typename T>
inline void store_le(uint8_t* p, T v) {
  static_assert(std::is_trivially_copyable_v<T>);
  if constexpr (std::endian::native == std::endian::little || sizeof(T) == 1) {
    std::memcpy(p, &v, sizeof(T));
  } else {
    uint8_t tmp[sizeof(T)];
    std::memcpy(tmp, &v, sizeof(T));
    std::reverse_copy(tmp, tmp + sizeof(T), p);
  }
}

}  // namespace wasmrun::ops::detail
