// Instance: instantiation and export lookup.
#include <new>

#include "engine/api/api_internal.h"
#include "engine/api/convert.h"

namespace wasmrun {
namespace {

rt::Instance* inst(void* p) { return static_cast<rt::Instance*>(p); }

Extern to_extern(Store::Impl* store, const rt::ExportEntry& e) {
  switch (e.kind) {
    case ExternKind::Func: return Func(store, e.object);
    case ExternKind::Table: return Table(store, e.object);
    case ExternKind::Memory: return Memory(store, e.object);
    case ExternKind::Global: return Global(store, e.object);
  }
  return Func(store, e.object);
}

}  // namespace

Result<Instance> Instance::create(Store& store, const Module& module,
                                  std::span<const Extern> imports, std::optional<Trap>* trap) {
  using Status = internal::InstantiateOutcome::Status;
  if (trap) trap->reset();
  try {
    Store::Impl* s = store.impl();
    // A store runs one tier (its thread and its functions' code), so it only takes modules
    // compiled for that tier; JIT code compiled for guard pages also needs every memory of the
    // store to have the guard region.
    const Engine::Impl& me = *module.impl()->engine;
    if (me.effective_tier != s->engine->effective_tier ||
        (me.effective_tier == Tier::Jit &&
         me.config.bounds_checks != s->engine->config.bounds_checks)) {
      return Error{Error::Kind::Link,
                   "the module was compiled for a different execution tier or bounds mode", 0};
    }
    std::vector<internal::ImportRef> refs;
    refs.reserve(imports.size());
    for (const Extern& e : imports) {
      void* object = std::visit([](const auto& h) { return h.raw(); }, e);
      refs.push_back({kind_of(e), object});
    }
    internal::InstantiateOutcome out = internal::instantiate(
        s->objects, *s->thread, s->engine->types, module.impl()->parts, refs, s->limits());
    switch (out.status) {
      case Status::Ok: return Instance(s, out.instance);
      case Status::Link: return Error{Error::Kind::Link, std::move(out.message), 0};
      case Status::Resource: return Error{Error::Kind::Instantiate, std::move(out.message), 0};
      case Status::Trap:
        if (trap && out.trap) *trap = to_trap(std::move(*out.trap));
        return Error{Error::Kind::Instantiate, std::move(out.message), 0};
    }
    return Error{Error::Kind::Other, "unknown instantiation result", 0};
  } catch (const std::bad_alloc&) {
    return Error{Error::Kind::Other, "out of memory", 0};
  }
}

std::optional<Extern> Instance::get_export(std::string_view name) const {
  for (const rt::ExportEntry& e : inst(ptr_)->exports) {
    if (e.name == name) return to_extern(store_, e);
  }
  return std::nullopt;
}

std::optional<Func> Instance::get_func(std::string_view name) const {
  auto e = get_export(name);
  if (!e || !std::holds_alternative<Func>(*e)) return std::nullopt;
  return std::get<Func>(*e);
}

std::optional<Memory> Instance::get_memory(std::string_view name) const {
  auto e = get_export(name);
  if (!e || !std::holds_alternative<Memory>(*e)) return std::nullopt;
  return std::get<Memory>(*e);
}

std::vector<std::pair<std::string, Extern>> Instance::exports() const {
  std::vector<std::pair<std::string, Extern>> out;
  for (const rt::ExportEntry& e : inst(ptr_)->exports)
    out.emplace_back(e.name, to_extern(store_, e));
  return out;
}

}  // namespace wasmrun
