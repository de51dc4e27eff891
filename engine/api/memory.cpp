// Memory handles: standalone memories (e.g. the spectest module's) and exported ones.
#include <new>

#include "engine/api/api_internal.h"

namespace wasmrun {

Result<Memory> Memory::create(Store& store, const MemoryType& type) {
  const uint64_t bound = type.is64 ? kMaxPages64 : kMaxPages;
  if ((type.limits.max && *type.limits.max < type.limits.min) || type.limits.min > bound ||
      (type.limits.max && *type.limits.max > bound)) {
    return Error{Error::Kind::Other, "invalid memory type", 0};
  }
  Store::Impl* s = store.impl();
  std::string error;
  auto mem =
      rt::LinearMemory::create(type, s->bounds_mode(), s->engine->config.max_memory_pages, &error);
  if (!mem) return Error{Error::Kind::Other, error, 0};
  try {
    return Memory(s, s->objects.add_memory(std::move(mem)));
  } catch (const std::bad_alloc&) {
    return Error{Error::Kind::Other, "out of memory", 0};
  }
}

static rt::LinearMemory* mem(void* p) { return static_cast<rt::LinearMemory*>(p); }

MemoryType Memory::type() const { return mem(ptr_)->type; }
uint8_t* Memory::data() const { return mem(ptr_)->base; }
uint64_t Memory::size_bytes() const { return mem(ptr_)->size; }
uint64_t Memory::pages() const { return mem(ptr_)->pages; }

std::optional<uint64_t> Memory::grow(uint64_t delta) {
  if (!store_ || !ptr_) return std::nullopt;  // a handle no store made
  int64_t old = mem(ptr_)->grow(delta);
  if (old < 0) return std::nullopt;
  return static_cast<uint64_t>(old);
}

}  // namespace wasmrun
