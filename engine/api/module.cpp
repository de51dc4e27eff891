// Module::compile, Module::validate and the module's import and export descriptions.
#include <new>

#include "engine/api/api_internal.h"
#include "runtime/code/code_memory.h"

namespace wasmrun {
namespace {

Error to_error(const bridge::CoreFailure& f) {
  using Stage = bridge::CoreFailure::Stage;
  Error e;
  switch (f.stage) {
    case Stage::Decode: e.kind = Error::Kind::Malformed; break;
    case Stage::Validate: e.kind = Error::Kind::Invalid; break;
    case Stage::Translate: e.kind = Error::Kind::Other; break;
  }
  e.message = f.message;
  e.offset = f.offset;
  return e;
}

// Checked before any copy, so an oversized binary costs nothing more.
std::optional<Error> check_size(uint64_t size, uint64_t max_bytes) {
  if (size <= max_bytes) return std::nullopt;
  return Error{Error::Kind::Other,
               "module is " + std::to_string(size) + " bytes, above the limit of " +
                   std::to_string(max_bytes) + " bytes",
               0};
}

}  // namespace

Result<Module> Module::compile(const Engine& engine, std::span<const uint8_t> bytes) {
  if (auto e = check_size(bytes.size(), engine.config().max_module_bytes)) return *e;
  try {
    return compile(engine, std::vector<uint8_t>(bytes.begin(), bytes.end()));
  } catch (const std::bad_alloc&) {
    return Error{Error::Kind::Other, "out of memory", 0};
  }
}

Result<Module> Module::compile(const Engine& engine, std::vector<uint8_t>&& bytes) {
  if (auto e = check_size(bytes.size(), engine.config().max_module_bytes)) return *e;
  try {
    auto impl = std::make_shared<Impl>();
    impl->engine = engine.impl();
    if (impl->engine->refuse_compile) {
      return Error{Error::Kind::Other, impl->engine->jit_unavailable_reason, 0};
    }
    const Engine::Impl& e = *impl->engine;
    bridge::CompileTarget target;
    target.fuel = e.config.fuel;
    if (e.effective_tier == Tier::Jit) {
      target.kind = bridge::CompileTarget::Kind::Jit;
      target.allocator = rt::resolve_code_allocator(e.config.code_allocator);
      target.guard_pages = e.config.bounds_checks == BoundsChecks::GuardPages;
      target.perf_map = e.config.profiling == Profiling::PerfMap;
      target.jitdump = e.config.profiling == Profiling::JitDump;
      target.debug_info = e.config.debug_info;
    }
    if (auto failure = bridge::compile(std::move(bytes), target, &impl->parts)) {
      return to_error(*failure);
    }
    return Module(std::move(impl));
  } catch (const std::bad_alloc&) {
    return Error{Error::Kind::Other, "out of memory", 0};
  }
}

std::optional<Error> Module::validate(std::span<const uint8_t> bytes, uint64_t max_bytes) {
  if (auto e = check_size(bytes.size(), max_bytes)) return e;
  try {
    return validate(std::vector<uint8_t>(bytes.begin(), bytes.end()), max_bytes);
  } catch (const std::bad_alloc&) {
    return Error{Error::Kind::Other, "out of memory", 0};
  }
}

std::optional<Error> Module::validate(std::vector<uint8_t>&& bytes, uint64_t max_bytes) {
  if (auto e = check_size(bytes.size(), max_bytes)) return e;
  try {
    bridge::CompiledParts parts;
    bridge::CompileTarget target;
    target.kind = bridge::CompileTarget::Kind::ValidateOnly;
    if (auto failure = bridge::compile(std::move(bytes), target, &parts)) {
      return to_error(*failure);
    }
    return std::nullopt;
  } catch (const std::bad_alloc&) {
    return Error{Error::Kind::Other, "out of memory", 0};
  }
}

std::vector<ImportDesc> Module::imports() const {
  std::vector<ImportDesc> out;
  for (auto& d : bridge::describe_imports(*impl_->parts.validated)) {
    out.push_back(ImportDesc{std::move(d.module), std::move(d.name), d.kind, std::move(d.func),
                             d.table, d.memory, d.global});
  }
  return out;
}

std::vector<ExportDesc> Module::exports() const {
  std::vector<ExportDesc> out;
  for (auto& d : bridge::describe_exports(*impl_->parts.validated)) {
    out.push_back(
        ExportDesc{std::move(d.name), d.kind, std::move(d.func), d.table, d.memory, d.global});
  }
  return out;
}

Result<std::vector<FunctionCode>> Module::jit_listings() const {
  try {
    std::vector<bridge::FunctionListing> listings;
    // The listing of the code that runs: the engine's bounds mode and fuel metering.
    const EngineConfig& config = impl_->engine->config;
    bool guard_pages = config.bounds_checks == BoundsChecks::GuardPages;
    if (auto failure =
            bridge::jit_listings(impl_->parts.validated, guard_pages, config.fuel, &listings)) {
      return Error{Error::Kind::Other, failure->message, failure->offset};
    }
    std::vector<FunctionCode> out;
    for (auto& l : listings)
      out.push_back(FunctionCode{l.func_index, std::move(l.name), std::move(l.text)});
    return out;
  } catch (const std::bad_alloc&) {
    return Error{Error::Kind::Other, "out of memory", 0};
  }
}

}  // namespace wasmrun
