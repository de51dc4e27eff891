// The runtime objects one store owns, and the per-instance arrays an InstanceContext points
// into. Everything is heap-allocated once and never moved, so raw pointers between objects
// (funcrefs in tables, imported globals, contexts) stay valid until the store is destroyed.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "runtime/context.h"
#include "runtime/func.h"
#include "runtime/global.h"
#include "runtime/memory.h"
#include "runtime/table.h"
#include "wasmrun/types.hpp"

namespace wasmrun::rt {

struct Store;

// Every FuncInst a store creates is one of these, so a bare FuncInst* (a funcref in a table or
// a value) leads back to its store.
struct StoreFunc : FuncInst {
  Store* store = nullptr;
};

inline Store* store_of(const FuncInst* f) {
  return f ? static_cast<const StoreFunc*>(f)->store : nullptr;
}

struct ExportEntry {
  std::string name;
  ExternKind kind = ExternKind::Func;
  void* object = nullptr;  // FuncInst*, Table*, LinearMemory* or GlobalCell*
};

// One instantiated module. Kept by its store even when instantiation fails part-way, because
// its functions may already sit in imported tables (the specification keeps those writes).
struct Instance {
  std::shared_ptr<const void> keep_alive;  // the module's bytes, validation and code
  InstanceContext ctx;
  std::vector<FuncInst*> funcs;
  std::vector<Table*> tables;
  std::vector<LinearMemory*> memories;
  std::vector<GlobalCell*> globals;
  std::vector<uint32_t> type_ids;
  std::vector<std::vector<Ref>> elem_items;
  std::vector<InstanceContext::Segment> elem_segments;
  std::vector<InstanceContext::Segment> data_segments;
  std::vector<ExportEntry> exports;
};

struct Store {
  void* owner = nullptr;  // the embedding API's store object
  std::atomic<uint32_t> interrupt{0};
  uint32_t active_calls = 0;  // host -> wasm calls in progress (re-entrant calls nest)
  // Fuel left when the engine meters it (InstanceContext::fuel). -1 after the unit that ran out:
  // readers see max(fuel, 0).
  int64_t fuel = 0;

  std::vector<std::unique_ptr<StoreFunc>> funcs;
  std::vector<std::unique_ptr<LinearMemory>> memories;
  std::vector<std::unique_ptr<Table>> tables;
  std::vector<std::unique_ptr<GlobalCell>> globals;
  std::vector<std::unique_ptr<Instance>> instances;

  StoreFunc* add_func() {
    funcs.push_back(std::make_unique<StoreFunc>());
    funcs.back()->store = this;
    return funcs.back().get();
  }
  LinearMemory* add_memory(std::unique_ptr<LinearMemory> m) {
    memories.push_back(std::move(m));
    return memories.back().get();
  }
  Table* add_table(std::unique_ptr<Table> t) {
    tables.push_back(std::move(t));
    return tables.back().get();
  }
  GlobalCell* add_global(const GlobalType& type, const RawValue& value) {
    globals.push_back(std::make_unique<GlobalCell>(GlobalCell{value, type}));
    return globals.back().get();
  }
  Instance* add_instance() {
    instances.push_back(std::make_unique<Instance>());
    return instances.back().get();
  }
};

}  // namespace wasmrun::rt
