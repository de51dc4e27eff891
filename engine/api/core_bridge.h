// The API's way into the engine core. The core's decoded-module structs share names with the
// public classes (wasmrun::Module, wasmrun::Global), so no file can include both
// engine/core/module.h and wasmrun/wasmrun.hpp. Files on the core side (compile.cpp,
// describe.cpp, instantiate.cpp, call.cpp) include the core; files on the API side include
// wasmrun.hpp; this header, which needs neither, is all they share.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "runtime/memory.h"
#include "runtime/store.h"
#include "runtime/trap.h"
#include "runtime/type_registry.h"
#include "runtime/value.h"
#include "wasmrun/types.hpp"

namespace wasmrun {

struct ValidatedModule;
namespace interp {
struct CompiledModule;
class Thread;
}  // namespace interp

namespace bridge {

// A module that went through the pipeline. `code` is null when only validation was asked for.
struct CompiledParts {
  std::shared_ptr<const ValidatedModule> validated;
  std::shared_ptr<const interp::CompiledModule> code;
};

struct CoreFailure {
  enum class Stage : uint8_t { Decode, Validate, Translate } stage = Stage::Decode;
  std::string message;
  uint64_t offset = 0;
};

// decode -> validate (-> translate for the interpreter when `translate`). Never throws.
std::optional<CoreFailure> compile(std::span<const uint8_t> bytes, bool translate,
                                   CompiledParts* out);

// An import or export with its type, as the public ImportDesc/ExportDesc report it.
struct ExternDesc {
  std::string module;  // imports only
  std::string name;
  ExternKind kind = ExternKind::Func;
  FuncType func;
  TableType table;
  MemoryType memory;
  GlobalType global;
};
std::vector<ExternDesc> describe_imports(const ValidatedModule& m);
std::vector<ExternDesc> describe_exports(const ValidatedModule& m);

// Engine-wide limits instantiation applies to new memories and tables.
struct EngineLimits {
  rt::BoundsMode bounds = rt::BoundsMode::Explicit;
  uint32_t max_memory_pages = kMaxPages;
  uint32_t max_table_size = UINT32_MAX;
};

// One provided import: the runtime object and what kind it is.
struct ImportRef {
  ExternKind kind = ExternKind::Func;
  void* object = nullptr;  // FuncInst*, Table*, LinearMemory* or GlobalCell*
};

struct InstantiateOutcome {
  enum class Status : uint8_t { Ok, Link, Resource, Trap } status = Status::Ok;
  std::string message;
  std::optional<rt::TrapInfo> trap;  // Status::Trap
  rt::Instance* instance = nullptr;  // set on success; owned by the store
};

// The specification's instantiation: link checks, allocation, segment initialization, start.
// Objects created before a failure stay in the store.
InstantiateOutcome instantiate(rt::Store& store, interp::Thread& thread, rt::TypeRegistry& types,
                               const CompiledParts& module, std::span<const ImportRef> imports,
                               const EngineLimits& limits);

// The interpreter's per-store thread.
struct ThreadDeleter {
  void operator()(interp::Thread* t) const;
};
using ThreadPtr = std::unique_ptr<interp::Thread, ThreadDeleter>;
ThreadPtr new_thread(uint32_t max_call_depth);

// A call from the host into `f`: clears the store's interrupt flag unless another host call is
// already running (a host function re-entering wasm), then runs `f`.
std::optional<rt::TrapInfo> call_from_host(rt::Store& store, interp::Thread& thread,
                                           rt::FuncInst* f, const rt::RawValue* args,
                                           rt::RawValue* results);

}  // namespace bridge
}  // namespace wasmrun
