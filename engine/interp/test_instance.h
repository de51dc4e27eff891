// A minimal instantiation for the interpreter's tests: decodes, validates and translates a
// module, then builds its InstanceContext (memory, tables, globals, segments, functions) the
// way the runtime does, with host functions supplied by the test for function imports.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/function_info.h"
#include "engine/interp/code.h"
#include "engine/interp/interpreter.h"
#include "runtime/context.h"
#include "runtime/func.h"
#include "runtime/global.h"
#include "runtime/memory.h"
#include "runtime/table.h"

namespace wasmrun::interp::testing {

// Reads `name`.wasm from the test data directory the build compiled the .wat files into.
std::vector<uint8_t> load_test_wasm(const std::string& name);

class TestInstance {
 public:
  // Empty `error` on success. `imports` are the function imports, in import order.
  TestInstance(const std::vector<uint8_t>& wasm, std::vector<rt::HostCallback> imports,
               std::string* error);

  rt::FuncInst* export_func(const std::string& name);
  // Calls an export with i64-sized arguments (i32 arguments use the low half).
  std::optional<rt::TrapInfo> call(Thread& thread, const std::string& name,
                                   const std::vector<rt::RawValue>& args,
                                   std::vector<rt::RawValue>* results = nullptr);

  rt::InstanceContext ctx;
  std::atomic<uint32_t> interrupt{0};
  std::unique_ptr<rt::LinearMemory> memory;
  std::shared_ptr<const ValidatedModule> validated;
  std::shared_ptr<const CompiledModule> compiled;

 private:
  std::vector<std::unique_ptr<rt::FuncInst>> funcs_;
  std::vector<rt::FuncInst*> func_ptrs_;
  std::vector<std::unique_ptr<rt::GlobalCell>> globals_;
  std::vector<rt::GlobalCell*> global_ptrs_;
  std::vector<std::unique_ptr<rt::Table>> tables_;
  std::vector<rt::Table*> table_ptrs_;
  std::vector<uint32_t> type_ids_;
  std::vector<std::vector<rt::Ref>> elem_contents_;
  std::vector<rt::InstanceContext::Segment> elem_segments_;
  std::vector<rt::InstanceContext::Segment> data_segments_;
};

rt::RawValue i32(uint32_t v);
rt::RawValue i64(uint64_t v);

}  // namespace wasmrun::interp::testing
