// A bounds-checked cursor over part of a module's bytes. Every read either succeeds or records
// the first error (a static message and the offset where the failing read began) and returns
// false; offsets are relative to `base`, the start of the whole module.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "engine/core/leb128.h"
#include "engine/core/utf8.h"

namespace wasmrun {

class ByteReader {
 public:
  ByteReader(const uint8_t* base, size_t begin, size_t end)
      : base_(base), p_(base + begin), end_(base + end) {}

  size_t offset() const { return static_cast<size_t>(p_ - base_); }
  size_t end_offset() const { return static_cast<size_t>(end_ - base_); }
  size_t remaining() const { return static_cast<size_t>(end_ - p_); }
  bool at_end() const { return p_ == end_; }
  const uint8_t* pos() const { return p_; }
  const uint8_t* base() const { return base_; }

  const char* error() const { return error_; }
  size_t error_offset() const { return error_offset_; }
  bool fail(const char* message) { return fail_at(offset(), message); }
  bool fail_at(size_t off, const char* message) {
    if (!error_) {
      error_ = message;
      error_offset_ = off;
    }
    return false;
  }

  bool u8(uint8_t& v) {
    if (p_ == end_) return fail(kErrUnexpectedEnd);
    v = *p_++;
    return true;
  }
  bool u32(uint32_t& v) { return leb(read_leb_u32, v); }
  bool u64(uint64_t& v) { return leb(read_leb_u64, v); }
  bool s32(int32_t& v) { return leb(read_leb_s32, v); }
  bool s33(int64_t& v) { return leb(read_leb_s33, v); }
  bool s64(int64_t& v) { return leb(read_leb_s64, v); }

  // Little-endian fixed-width reads (float bits).
  bool fixed_u32(uint32_t& v) { return fixed(v); }
  bool fixed_u64(uint64_t& v) { return fixed(v); }

  bool skip(size_t n) {
    if (remaining() < n) return fail(kErrUnexpectedEnd);
    p_ += n;
    return true;
  }
  bool bytes(size_t n, const uint8_t*& out) {
    out = p_;
    return skip(n);
  }

  // A vector length that must be backed by at least `min_elem_size` bytes per element, so that
  // callers may reserve `n` entries without trusting a hostile count.
  bool count(uint32_t& n, size_t min_elem_size = 1) {
    size_t at = offset();
    if (!u32(n)) return false;
    if (min_elem_size != 0 && n > remaining() / min_elem_size) {
      return fail_at(at, "length out of bounds: vector longer than its section");
    }
    return true;
  }

  // A name left in place: where its UTF-8 bytes start (an offset, as offset() counts) and how
  // many there are.
  bool name_in_place(size_t& at, uint32_t& len) {
    size_t len_at = offset();
    if (!u32(len)) return false;
    if (len > remaining()) {
      return fail_at(len_at, "length out of bounds: name longer than its section");
    }
    if (!is_valid_utf8(p_, len)) return fail("malformed UTF-8 encoding");
    at = offset();
    p_ += len;
    return true;
  }

  // A name: u32 length, then that many bytes of well-formed UTF-8.
  bool name(std::string& out) {
    size_t at = 0;
    uint32_t len = 0;
    if (!name_in_place(at, len)) return false;
    out.assign(reinterpret_cast<const char*>(base_ + at), len);
    return true;
  }

 private:
  template <class T, class F>
  bool leb(F f, T& v) {
    const uint8_t* start = p_;
    if (const char* err = f(p_, end_, v)) return fail_at(static_cast<size_t>(start - base_), err);
    return true;
  }
  template <class T>
  bool fixed(T& v) {
    if (remaining() < sizeof(T)) return fail(kErrUnexpectedEnd);
    // Hosts are little-endian (x86-64, arm64), as is the wasm encoding.
    std::memcpy(&v, p_, sizeof(T));
    p_ += sizeof(T);
    return true;
  }

  const uint8_t* base_;
  const uint8_t* p_;
  const uint8_t* end_;
  const char* error_ = nullptr;
  size_t error_offset_ = 0;
};

}  // namespace wasmrun
