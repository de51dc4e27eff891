// Global handles: standalone globals (e.g. the spectest module's) and exported ones.
#include <new>

#include "engine/api/api_internal.h"
#include "engine/api/convert.h"

namespace wasmrun {

Result<Global> Global::create(Store& store, const GlobalType& type, Value init) {
  if (init.type() != type.type) {
    return Error{Error::Kind::Other, "initial value does not match the global's type", 0};
  }
  Store::Impl* s = store.impl();
  try {
    return Global(s, s->objects.add_global(type, to_raw(init)));
  } catch (const std::bad_alloc&) {
    return Error{Error::Kind::Other, "out of memory", 0};
  }
}

static rt::GlobalCell* cell(void* p) { return static_cast<rt::GlobalCell*>(p); }

GlobalType Global::type() const { return cell(ptr_)->type; }
Value Global::get() const { return from_raw(cell(ptr_)->type.type, cell(ptr_)->value); }

bool Global::set(Value v) {
  rt::GlobalCell* g = cell(ptr_);
  if (!g->type.is_mutable || v.type() != g->type.type) return false;
  // A function of another store would dangle once that store is gone.
  if (v.type() == ValType::FuncRef && !v.is_null()) {
    auto* f = reinterpret_cast<rt::FuncInst*>(static_cast<uintptr_t>(v.raw_lo()));
    if (api_store(rt::store_of(f)) != store_) return false;
  }
  g->value = to_raw(v);
  return true;
}

}  // namespace wasmrun
