#include "runtime/table.h"

#include <algorithm>
#include <new>
#include <stdexcept>

namespace wasmrun::rt {

Table::Table(const TableType& t, Ref init, uint32_t limit)
    : type(t),
      max_size(
          static_cast<uint32_t>(std::min<uint64_t>(limit, t.limits.max.value_or(UINT32_MAX)))) {
  // The caller checks min against max_size first; the table starts at its type's minimum.
  elems.assign(t.limits.min, init);
}

int64_t Table::grow(uint32_t delta, Ref init) {
  uint32_t old_size = size();
  uint64_t new_size = uint64_t{old_size} + delta;
  if (new_size > max_size) return -1;
  // table.grow reports failure as -1 rather than trapping, so running out of host memory must
  // not escape as an exception.
  try {
    elems.resize(static_cast<size_t>(new_size), init);
  } catch (const std::bad_alloc&) {
    return -1;
  } catch (const std::length_error&) {
    return -1;
  }
  return old_size;
}

}  // namespace wasmrun::rt
