// A bounds-checked view of the guest's linear memory for one WASI call. Memory can grow (and so
// change size) between calls, so a view is made afresh for every call and never kept.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>

namespace wasmrun::rt::wasi {

static_assert(std::endian::native == std::endian::little,
              "guest structs are copied as host integers; a big-endian host would need swaps");

class GuestMemory {
 public:
  GuestMemory() = default;
  GuestMemory(uint8_t* base, uint64_t size) : base_(base), size_(base ? size : 0) {}

  // True when [ptr, ptr + len) lies inside the memory. Sizes are 64-bit so a 32-bit pointer plus
  // length never wraps.
  bool contains(uint32_t ptr, uint64_t len) const {
    return base_ != nullptr && static_cast<uint64_t>(ptr) + len <= size_;
  }
  // The host address of [ptr, ptr + len), or nullptr when any of it is outside the memory.
  uint8_t* span(uint32_t ptr, uint64_t len) const {
    return contains(ptr, len) ? base_ + ptr : nullptr;
  }

  template <class T>
  bool load(uint32_t ptr, T& out) const {
    static_assert(std::is_integral_v<T>);
    if (!contains(ptr, sizeof(T))) return false;
    std::memcpy(&out, base_ + ptr, sizeof(T));
    return true;
  }
  template <class T>
  bool store(uint32_t ptr, T value) const {
    static_assert(std::is_integral_v<T>);
    if (!contains(ptr, sizeof(T))) return false;
    std::memcpy(base_ + ptr, &value, sizeof(T));
    return true;
  }
  // Copies a guest string (not NUL-terminated in WASI); false when out of bounds.
  bool read_string(uint32_t ptr, uint32_t len, std::string& out) const {
    const uint8_t* p = span(ptr, len);
    if (!p) return false;
    out.assign(reinterpret_cast<const char*>(p), len);
    return true;
  }

 private:
  uint8_t* base_ = nullptr;
  uint64_t size_ = 0;
};

}  // namespace wasmrun::rt::wasi
