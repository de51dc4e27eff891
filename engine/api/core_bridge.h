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
class CodeAllocator;
namespace interp {
struct CompiledModule;
class Thread;
}  // namespace interp
namespace jit {
struct CompiledModule;
class Thread;
}  // namespace jit

namespace bridge {

// A module that went through the pipeline. `code` is set for the interpreter tier, `jit_code`
// for the JIT tier; both are null when only validation was asked for. Instances copy this, so
// the code lives as long as the Module and every instance made from it.
struct CompiledParts {
  std::shared_ptr<const ValidatedModule> validated;
  std::shared_ptr<const interp::CompiledModule> code;
  std::shared_ptr<const jit::CompiledModule> jit_code;
};

// Which back end compile() prepares the module for.
struct CompileTarget {
  enum class Kind : uint8_t { ValidateOnly, Interp, Jit } kind = Kind::Interp;
  std::shared_ptr<CodeAllocator> allocator;  // Jit only: already resolved, never null
  bool guard_pages = false;                  // Jit only
  bool perf_map = false;                     // Jit only: EngineConfig::profiling
  bool jitdump = false;                      // Jit only: EngineConfig::profiling
  bool debug_info = false;                   // Jit only: EngineConfig::debug_info
  bool fuel = false;                         // Interp and Jit: EngineConfig::fuel
};

struct CoreFailure {
  enum class Stage : uint8_t { Decode, Validate, Translate } stage = Stage::Decode;
  std::string message;
  uint64_t offset = 0;
};

// decode -> validate (-> translate for the interpreter, or JIT compile). Never throws. The
// decoded module keeps `bytes`.
std::optional<CoreFailure> compile(std::vector<uint8_t>&& bytes, const CompileTarget& target,
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
struct Threads;
InstantiateOutcome instantiate(rt::Store& store, Threads& thread, rt::TypeRegistry& types,
                               const CompiledParts& module, std::span<const ImportRef> imports,
                               const EngineLimits& limits);

// The JIT's assembly listing of every defined function, for tools that show what each wasm
// operator becomes. The failure's message when this build has no JIT or compiling fails.
struct FunctionListing {
  uint32_t func_index = 0;
  std::string name;
  std::string text;
};
// `guard_pages`: list the code of that bounds mode (the one the engine runs).
// `fuel`: with fuel metering code (EngineConfig::fuel).
std::optional<CoreFailure> jit_listings(const std::shared_ptr<const ValidatedModule>& module,
                                        bool guard_pages, bool fuel,
                                        std::vector<FunctionListing>* out);

// Why the JIT cannot run on this host (jit::host_unsupported_reason), nullopt when it can. Only
// meaningful in builds with a JIT.
std::optional<std::string> jit_host_unsupported_reason();

// A store's execution state: the interpreter's thread, or the JIT's for a JIT-tier store.
struct ThreadDeleter {
  void operator()(Threads* t) const;
};
using ThreadPtr = std::unique_ptr<Threads, ThreadDeleter>;
ThreadPtr new_thread(uint32_t max_call_depth, size_t max_stack_bytes, bool jit);

// A call from the host into `f`: clears the store's interrupt flag unless another host call is
// already running (a host function re-entering wasm), then runs `f`.
std::optional<rt::TrapInfo> call_from_host(rt::Store& store, Threads& thread, rt::FuncInst* f,
                                           const rt::RawValue* args, rt::RawValue* results);

}  // namespace bridge
}  // namespace wasmrun
