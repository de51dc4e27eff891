// Test-only instantiation for the JIT's unit tests: decode, validate and compile a module from
// jit/testdata, build its InstanceContext by hand (memory, globals, tables, segments, host
// imports) and call its exports through jit::invoke.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/function_info.h"
#include "jit/jit.h"
#include "runtime/context.h"
#include "runtime/func.h"
#include "runtime/global.h"
#include "runtime/memory.h"
#include "runtime/table.h"

namespace wasmrun::jit::test {

struct CallResult {
  std::optional<rt::TrapInfo> trap;
  std::vector<rt::RawValue> results;
  uint32_t i32(size_t k = 0) const { return results.at(k).i32; }
  uint64_t i64(size_t k = 0) const { return results.at(k).i64; }
  float f32(size_t k = 0) const { return results.at(k).f32; }
  double f64(size_t k = 0) const { return results.at(k).f64; }
};

// Decodes and validates a module; nullptr and `error` set when either fails.
std::shared_ptr<const ValidatedModule> decode_and_validate(const std::vector<uint8_t>& bytes,
                                                           std::string* error);

rt::RawValue I32(uint32_t v);
rt::RawValue I64(uint64_t v);
rt::RawValue F32(float v);
rt::RawValue F64(double v);

// Host functions for imports, by "module.name".
using HostImports = std::map<std::string, rt::HostCallback>;

class Instance {
 public:
  // Fails the current test (and returns nullptr) when any step fails.
  static std::unique_ptr<Instance> load(const std::string& stem, HostImports imports = {},
                                        CompileOptions options = {});
  // The same for any binary; nullptr and `error` set instead of a test failure.
  // Guard-page options also create the memory in rt::BoundsMode::GuardPages.
  static std::unique_ptr<Instance> create(const std::vector<uint8_t>& bytes, HostImports imports,
                                          std::string* error, CompileOptions options = {});
  // Compiles raw bytes; the error text when compilation fails.
  static std::string compile_error(const std::string& stem);

  CallResult call(const std::string& export_name, std::vector<rt::RawValue> args = {});
  rt::FuncInst* func(const std::string& export_name);
  rt::FuncInst* find_func(const std::string& export_name);  // nullptr when absent
  jit::Thread& thread() { return thread_; }
  rt::InstanceContext& ctx() { return ctx_; }
  rt::LinearMemory* memory() { return memory_.get(); }
  std::atomic<uint32_t>& interrupt_flag() { return interrupt_; }

 private:
  bool instantiate(HostImports& imports, std::string* error, rt::BoundsMode mode);

  std::shared_ptr<const ValidatedModule> validated_;
  std::shared_ptr<const CompiledModule> compiled_;
  std::unique_ptr<rt::LinearMemory> memory_;
  std::vector<std::unique_ptr<rt::GlobalCell>> globals_;
  std::vector<rt::GlobalCell*> global_ptrs_;
  std::vector<std::unique_ptr<rt::Table>> tables_;
  std::vector<rt::Table*> table_ptrs_;
  std::vector<std::unique_ptr<rt::FuncInst>> funcs_;
  std::vector<rt::FuncInst*> func_ptrs_;
  std::vector<uint32_t> type_ids_;
  std::vector<std::vector<rt::Ref>> elem_items_;
  std::vector<rt::InstanceContext::Segment> elem_segments_;
  std::vector<rt::InstanceContext::Segment> data_segments_;
  std::atomic<uint32_t> interrupt_{0};
  rt::InstanceContext ctx_;
  jit::Thread thread_;
};

// The death-test style for tests that need a pristine child process. "threadsafe" re-executes
// the test binary; under qemu-user (cross builds) that exec fails, as the kernel has no handler
// for the target's binaries, so there the child is a plain fork ("fast"), which is enough for
// these single-threaded tests.
inline const char* isolated_death_test_style() {
#if defined(WASMRUN_TEST_UNDER_EMULATOR)
  return "fast";
#else
  return "threadsafe";
#endif
}

}  // namespace wasmrun::jit::test
