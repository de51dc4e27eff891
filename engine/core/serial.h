// The byte format of serialized compiled modules (.cwasm): a writer that appends fixed-width
// little-endian fields, and a reader that checks every length against what is left before using
// it. The reader never trusts a count: a hostile or truncated file ends in a failure with a
// message, never in a read past the end or an allocation sized by the file.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <vector>

namespace wasmrun::serial {

// Files are only loaded by the architecture that wrote them, and both supported ones are
// little-endian; the format is little-endian so that a dump reads the same everywhere.
static_assert(std::endian::native == std::endian::little);

class Writer {
 public:
  explicit Writer(std::vector<uint8_t>& out) : out_(out) {}

  void u8(uint8_t v) { out_.push_back(v); }
  void u32(uint32_t v) { put(&v, sizeof v); }
  void u64(uint64_t v) { put(&v, sizeof v); }
  void bytes(std::span<const uint8_t> b) {
    u64(b.size());
    put(b.data(), b.size());
  }
  void raw(const void* p, size_t n) { put(p, n); }
  size_t size() const { return out_.size(); }
  std::vector<uint8_t>& buffer() { return out_; }

 private:
  void put(const void* p, size_t n) {
    if (n == 0) return;
    size_t at = out_.size();
    out_.resize(at + n);
    std::memcpy(out_.data() + at, p, n);
  }
  std::vector<uint8_t>& out_;
};

class Reader {
 public:
  explicit Reader(std::span<const uint8_t> data) : data_(data) {}

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  size_t remaining() const { return data_.size() - pos_; }
  size_t offset() const { return pos_; }

  // The first failure wins; later reads keep failing without touching the data.
  bool fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
    return false;
  }

  bool u8(uint8_t& v) { return get(&v, sizeof v); }
  bool u32(uint32_t& v) { return get(&v, sizeof v); }
  bool u64(uint64_t& v) { return get(&v, sizeof v); }
  // A count of items of `item_size` bytes each that must all still fit in the data.
  bool count(uint64_t& n, size_t item_size, const char* what) {
    if (!u64(n)) return false;
    if (item_size != 0 && n > remaining() / item_size)
      return fail(std::string(what) + " overruns the file");
    return true;
  }
  // A length-prefixed run of bytes, viewed in place.
  bool bytes(std::span<const uint8_t>& out, const char* what) {
    uint64_t n = 0;
    if (!count(n, 1, what)) return false;
    out = data_.subspan(pos_, static_cast<size_t>(n));
    pos_ += static_cast<size_t>(n);
    return true;
  }
  bool raw(void* p, size_t n) { return get(p, n); }

 private:
  bool get(void* p, size_t n) {
    if (!error_.empty()) return false;
    if (n > remaining()) return fail("the file is truncated");
    if (n == 0) return true;  // `p` may be null (an empty vector's data())
    std::memcpy(p, data_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  std::span<const uint8_t> data_;
  size_t pos_ = 0;
  std::string error_;
};

// XXH3, 64 bits (libxxhash): fast enough that checking a file costs little next to mapping
// its code (several times XXH64's speed on x64), and strong enough to catch any accidental
// corruption.
uint64_t checksum64(std::span<const uint8_t> data, uint64_t seed = 0);

}  // namespace wasmrun::serial
