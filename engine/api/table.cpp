// Table handles: standalone tables (e.g. the spectest module's) and exported ones.
#include <new>

#include "engine/api/api_internal.h"
#include "engine/api/convert.h"

namespace wasmrun {
namespace {

rt::Table* table(void* p) { return static_cast<rt::Table*>(p); }

// A reference may go into a table of this store when its type matches and, for a function,
// the function lives in the same store (its FuncInst would otherwise outlive its owner).
bool fits(const Store::Impl* store, ValType elem, const Value& v) {
  if (v.type() != elem) return false;
  if (elem == ValType::FuncRef && !v.is_null()) {
    auto* f = reinterpret_cast<rt::FuncInst*>(static_cast<uintptr_t>(v.raw_lo()));
    return api_store(rt::store_of(f)) == store;
  }
  return true;
}

}  // namespace

Result<Table> Table::create(Store& store, const TableType& type, Value init) {
  Store::Impl* s = store.impl();
  if (!is_ref(type.elem) || (type.limits.max && *type.limits.max < type.limits.min)) {
    return Error{Error::Kind::Other, "invalid table type", 0};
  }
  if (!fits(s, type.elem, init)) {
    return Error{Error::Kind::Other, "initial value does not match the table's element type", 0};
  }
  if (type.limits.min > s->engine->config.max_table_size) {
    return Error{Error::Kind::Other, "table size exceeds the engine's limit", 0};
  }
  try {
    auto t = std::make_unique<rt::Table>(type, to_raw(init).ref, s->engine->config.max_table_size);
    return Table(s, s->objects.add_table(std::move(t)));
  } catch (const std::bad_alloc&) {
    return Error{Error::Kind::Other, "out of memory", 0};
  }
}

TableType Table::type() const { return table(ptr_)->type; }
uint32_t Table::size() const { return table(ptr_)->size(); }

std::optional<Value> Table::get(uint32_t index) const {
  rt::Table* t = table(ptr_);
  if (index >= t->size()) return std::nullopt;
  rt::RawValue r = rt::raw_zero();
  r.ref = t->elems[index];
  return from_raw(t->type.elem, r);
}

bool Table::set(uint32_t index, Value v) {
  rt::Table* t = table(ptr_);
  if (index >= t->size() || !fits(store_, t->type.elem, v)) return false;
  t->elems[index] = to_raw(v).ref;
  return true;
}

std::optional<uint32_t> Table::grow(uint32_t delta, Value init) {
  rt::Table* t = table(ptr_);
  if (!fits(store_, t->type.elem, init)) return std::nullopt;
  int64_t old = t->grow(delta, to_raw(init).ref);
  if (old < 0) return std::nullopt;
  return static_cast<uint32_t>(old);
}

}  // namespace wasmrun
