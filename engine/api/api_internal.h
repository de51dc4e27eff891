// What the public handles point at, and the internal steps behind them: the compile pipeline,
// instantiation, and calls from the host. The engine core's decoded-module structs live in
// namespace core, so files here may include both this header and the core's.
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
#include "wasmrun/wasmrun.hpp"

namespace wasmrun {

struct ValidatedModule;
namespace interp {
struct CompiledModule;
class Thread;
}  // namespace interp
namespace jit {
struct CompiledModule;
class Thread;
}  // namespace jit

namespace internal {

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
  uint32_t threads = 0;                      // EngineConfig::compile_threads
  Features features;                         // EngineConfig::features
  // Loading a compiled module: the bound on the wasm binary it carries, as for compiling one
  // (EngineConfig::max_module_bytes).
  uint64_t max_module_bytes = UINT64_MAX;
};

// The error for a wasm binary of `size` bytes above EngineConfig::max_module_bytes (compiling,
// validating, and loading a compiled module that carries it).
std::optional<Error> check_module_size(uint64_t size, uint64_t max_bytes);

// decode -> validate (-> translate for the interpreter, or JIT compile). Never throws. The
// decoded module keeps `bytes`.
std::optional<Error> compile(std::vector<uint8_t>&& bytes, const CompileTarget& target,
                             CompiledParts* out);

// What a serialized module must match to be loaded besides the target (cache.cpp): the engine's
// version and the configuration its code depends on, as text (engine/api/serialize.cpp).
struct CacheIdentity {
  std::string engine_version;
  std::string config;
};

// The module's code and binary in the compiled-module format (engine/api/cache.cpp). Nullopt on
// success; otherwise why it cannot be serialized.
std::optional<std::string> serialize(const CompiledParts& parts, const CacheIdentity& identity,
                                     std::vector<uint8_t>* out);
// Checks a serialized module's header against this build, `identity` and `target`, then its
// checksum, decodes its binary and checks its declarations (function bodies are not validated
// again: their code was compiled from validated bodies), and loads its code for `target`.
// Never throws.
std::optional<Error> deserialize(std::span<const uint8_t> data, const CompileTarget& target,
                                 const CacheIdentity& identity, CompiledParts* out);
// True when `data` starts like a serialized module (and so is not a wasm binary).
bool is_serialized(std::span<const uint8_t> data);
// The binary the module was decoded from.
std::span<const uint8_t> module_binary(const CompiledParts& parts);

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

}  // namespace internal

struct Engine::Impl {
  EngineConfig config;
  Tier effective_tier = Tier::Interp;
  std::string jit_unavailable_reason;  // empty when the JIT is what runs
  bool refuse_compile = false;         // the embedder demanded a tier this build cannot give
  rt::TypeRegistry types;
};

struct Module::Impl {
  std::shared_ptr<Engine::Impl> engine;
  internal::CompiledParts parts;
};

struct Store::Impl {
  explicit Impl(std::shared_ptr<Engine::Impl> e);

  std::shared_ptr<Engine::Impl> engine;
  rt::Store objects;
  internal::ThreadPtr thread;

  rt::BoundsMode bounds_mode() const;
  internal::EngineLimits limits() const;
};

// How modules are compiled for the engine `e` (tier, code allocator, bounds mode, visibility).
internal::CompileTarget compile_target(const Engine::Impl& e);

// The API store a runtime store belongs to.
inline Store::Impl* api_store(rt::Store* s) {
  return s ? static_cast<Store::Impl*>(s->owner) : nullptr;
}

}  // namespace wasmrun
