#include "runtime/type_registry.h"

namespace wasmrun::rt {

size_t TypeRegistry::Hash::operator()(const FuncType& t) const {
  // FNV-1a over the encoded value types; the separator keeps ([i32] -> []) apart from
  // ([] -> [i32]).
  uint64_t h = 1469598103934665603ull;
  auto mix = [&h](uint8_t b) {
    h ^= b;
    h *= 1099511628211ull;
  };
  for (ValType v : t.params) mix(static_cast<uint8_t>(v));
  mix(0);
  for (ValType v : t.results) mix(static_cast<uint8_t>(v));
  return static_cast<size_t>(h);
}

uint32_t TypeRegistry::intern(const FuncType& type) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = ids_.find(type);
  if (it != ids_.end()) return it->second;
  uint32_t id = static_cast<uint32_t>(types_.size());
  types_.push_back(type);
  ids_.emplace(type, id);
  return id;
}

const FuncType& TypeRegistry::type(uint32_t id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return types_.at(id);
}

size_t TypeRegistry::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return types_.size();
}

}  // namespace wasmrun::rt
