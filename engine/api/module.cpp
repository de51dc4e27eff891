// Module::compile and Module::validate: size limits, the engine's tier and its code options.
#include <new>

#include "engine/api/api_internal.h"
#include "runtime/code/code_memory.h"

namespace wasmrun {

internal::CompileTarget compile_target(const Engine::Impl& e) {
  internal::CompileTarget target;
  target.fuel = e.config.fuel;
  target.threads = e.config.compile_threads;
  target.features = e.config.features;
  target.max_module_bytes = e.config.max_module_bytes;
  if (e.effective_tier == Tier::Jit) {
    target.kind = internal::CompileTarget::Kind::Jit;
    target.allocator = rt::resolve_code_allocator(e.config.code_allocator);
    target.guard_pages = e.config.bounds_checks == BoundsChecks::GuardPages;
    target.perf_map = e.config.profiling == Profiling::PerfMap;
    target.jitdump = e.config.profiling == Profiling::JitDump;
    target.debug_info = e.config.debug_info;
  }
  return target;
}

// Checked before any copy, so an oversized binary costs nothing more.
std::optional<Error> internal::check_module_size(uint64_t size, uint64_t max_bytes) {
  if (size <= max_bytes) return std::nullopt;
  return Error{Error::Kind::Other,
               "module is " + std::to_string(size) + " bytes, above the limit of " +
                   std::to_string(max_bytes) + " bytes",
               0};
}

Result<Module> Module::compile(const Engine& engine, std::span<const uint8_t> bytes) {
  if (auto e = internal::check_module_size(bytes.size(), engine.config().max_module_bytes))
    return *e;
  try {
    return compile(engine, std::vector<uint8_t>(bytes.begin(), bytes.end()));
  } catch (const std::bad_alloc&) {
    return Error{Error::Kind::Other, "out of memory", 0};
  }
}

Result<Module> Module::compile(const Engine& engine, std::vector<uint8_t>&& bytes) {
  if (auto e = internal::check_module_size(bytes.size(), engine.config().max_module_bytes))
    return *e;
  try {
    auto impl = std::make_shared<Impl>();
    impl->engine = engine.impl();
    if (impl->engine->refuse_compile) {
      return Error{Error::Kind::Other, impl->engine->jit_unavailable_reason, 0};
    }
    internal::CompileTarget target = compile_target(*impl->engine);
    if (auto failure = internal::compile(std::move(bytes), target, &impl->parts)) return *failure;
    return Module(std::move(impl));
  } catch (const std::bad_alloc&) {
    return Error{Error::Kind::Other, "out of memory", 0};
  }
}

std::optional<Error> Module::validate(std::span<const uint8_t> bytes, uint64_t max_bytes,
                                      const Features& features) {
  if (auto e = internal::check_module_size(bytes.size(), max_bytes)) return e;
  try {
    return validate(std::vector<uint8_t>(bytes.begin(), bytes.end()), max_bytes, features);
  } catch (const std::bad_alloc&) {
    return Error{Error::Kind::Other, "out of memory", 0};
  }
}

std::optional<Error> Module::validate(std::vector<uint8_t>&& bytes, uint64_t max_bytes,
                                      const Features& features) {
  if (auto e = internal::check_module_size(bytes.size(), max_bytes)) return e;
  try {
    internal::CompiledParts parts;
    internal::CompileTarget target;
    target.kind = internal::CompileTarget::Kind::ValidateOnly;
    target.features = features;
    if (auto failure = internal::compile(std::move(bytes), target, &parts)) return failure;
    return std::nullopt;
  } catch (const std::bad_alloc&) {
    return Error{Error::Kind::Other, "out of memory", 0};
  }
}

}  // namespace wasmrun
