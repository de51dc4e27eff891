// Global handles: standalone globals (e.g. the spectest module's) and exported ones.
#include "engine/api/api_internal.h"
#include "engine/api/convert.h"

namespace wasmrun {

Result<Global> Global::create(Store& store, const GlobalType& type, Value init) {
  if (init.type() != type.type) {
    return Error{Error::Kind::Other, "initial value does not match the global's type", 0};
  }
  Store::Impl* s = store.impl();
  return Global(s, s->objects.add_global(type, to_raw(init)));
}

static rt::GlobalCell* cell(void* p) { return static_cast<rt::GlobalCell*>(p); }

GlobalType Global::type() const { return cell(ptr_)->type; }
Value Global::get() const { return from_raw(cell(ptr_)->type.type, cell(ptr_)->value); }

bool Global::set(Value v) {
  rt::GlobalCell* g = cell(ptr_);
  if (!g->type.is_mutable || v.type() != g->type.type) return false;
  g->value = to_raw(v);
  return true;
}

}  // namespace wasmrun
