#include "jit/compiled_module.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <shared_mutex>

#include "jit/fault_handler.h"

namespace wasmrun::jit {

namespace {

struct Registry {
  std::shared_mutex mutex;
  std::map<uintptr_t, const CompiledModule*> by_begin;
};

Registry& registry() {
  static Registry* r = new Registry;  // never destroyed: modules may outlive static teardown
  return *r;
}

}  // namespace

CompiledModule::~CompiledModule() {
  if (fault_registered) unregister_fault_module(this);
  if (begin != 0) unregister_code(this);
}

uint32_t CompiledModule::func_index_at(uintptr_t pc) const {
  auto it = std::upper_bound(entries.begin(), entries.end(), pc);
  size_t defined = it == entries.begin() ? 0 : static_cast<size_t>(it - entries.begin()) - 1;
  return module->module->num_imported_funcs + static_cast<uint32_t>(defined);
}

std::optional<uint32_t> CompiledModule::wasm_offset_at(uintptr_t pc) const {
  if (pc < begin || pc >= trap_common) return std::nullopt;
  return ::wasmrun::wasm_offset_at(code_offsets, static_cast<uint32_t>(pc - begin));
}

void register_code(const CompiledModule* m) {
  Registry& r = registry();
  std::unique_lock lock(r.mutex);
  r.by_begin[m->begin] = m;
}

void unregister_code(const CompiledModule* m) {
  Registry& r = registry();
  std::unique_lock lock(r.mutex);
  r.by_begin.erase(m->begin);
}

const CompiledModule* find_code(uintptr_t pc) {
  Registry& r = registry();
  std::shared_lock lock(r.mutex);
  auto it = r.by_begin.upper_bound(pc);
  if (it == r.by_begin.begin()) return nullptr;
  --it;
  return pc < it->second->end ? it->second : nullptr;
}

}  // namespace wasmrun::jit
