// Canonical function-type ids for one engine: structurally equal FuncTypes share one id, so
// call_indirect compares two integers instead of two signatures. Ids and the FuncType objects
// they name stay valid for the registry's whole life.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <unordered_map>

#include "wasmrun/types.hpp"

namespace wasmrun::rt {

class TypeRegistry {
 public:
  // The id of `type`, registering it on first sight. Safe to call from several threads.
  uint32_t intern(const FuncType& type);
  // The canonical FuncType of an id returned by intern(); the reference never dangles while
  // the registry lives.
  const FuncType& type(uint32_t id) const;
  size_t size() const;

 private:
  struct Hash {
    size_t operator()(const FuncType& t) const;
  };
  mutable std::mutex mutex_;
  std::deque<FuncType> types_;  // a deque never moves its elements, so references stay valid
  std::unordered_map<FuncType, uint32_t, Hash> ids_;
};

}  // namespace wasmrun::rt
