// Tables of references.
#pragma once

#include <cstdint>
#include <vector>

#include "runtime/value.h"
#include "wasmrun/types.hpp"

namespace wasmrun::rt {

struct Table {
  TableType type;
  std::vector<Ref> elems;        // size() is the table size
  uint32_t max_size = UINT32_MAX;  // the type's max, or the engine's limit

  explicit Table(const TableType& t, Ref init, uint32_t limit = UINT32_MAX);
  uint32_t size() const { return static_cast<uint32_t>(elems.size()); }
  // table.grow: the old size, or -1 when the table cannot grow by `delta`.
  int64_t grow(uint32_t delta, Ref init);
};

}  // namespace wasmrun::rt
