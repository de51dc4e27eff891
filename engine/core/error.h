// Errors of the engine core (decoder, validator, translators): where and what.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace wasmrun {

struct CoreError {
  uint64_t offset = 0;  // byte offset in the module binary
  std::string message;
};

template <class T>
struct CoreResult {
  std::optional<T> value;
  CoreError error;

  CoreResult(T v) : value(std::move(v)) {}
  CoreResult(CoreError e) : error(std::move(e)) {}
  bool ok() const { return value.has_value(); }
};

}  // namespace wasmrun
