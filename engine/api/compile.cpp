// The pipeline behind Module::compile and Module::validate: decode, validate, then translate
// for the interpreter or compile for the JIT.
#include <exception>
#include <new>

#include "engine/api/api_internal.h"
#include "engine/core/decoder.h"
#include "engine/core/parallel.h"
#include "engine/core/validator.h"
#include "engine/interp/interpreter.h"
#if WASMRUN_HAS_JIT
#include "jit/jit.h"
#endif

namespace wasmrun::internal {

std::optional<Error> compile(std::vector<uint8_t>&& bytes, const CompileTarget& target,
                             CompiledParts* out) {
  // A failure in decoding is a malformed module, in validation an invalid one; anything later
  // (resources, the JIT) is Other.
  using Stage = Error::Kind;
  Stage stage = Stage::Malformed;
  // The core may throw std::bad_alloc on absurd sizes; the public API must not let it escape.
  try {
    // Below this size starting threads costs more than it saves.
    constexpr size_t kParallelFromBytes = 128 * 1024;
    const unsigned threads =
        bytes.size() < kParallelFromBytes ? 1 : compile_thread_count(target.threads);
    auto decoded = decode_module(std::move(bytes));
    if (!decoded.ok()) return Error{stage, decoded.error.message, decoded.error.offset};
    stage = Stage::Invalid;
    auto validated = validate_module(std::move(*decoded.value), target.features, threads);
    if (!validated.ok()) {
      return Error{stage, validated.error.message, validated.error.offset};
    }
    out->validated = std::move(*validated.value);
    if (target.kind == CompileTarget::Kind::ValidateOnly) return std::nullopt;
    stage = Stage::Other;
    if (target.kind == CompileTarget::Kind::Jit) {
#if WASMRUN_HAS_JIT
      jit::CompileOptions options;
      options.guard_pages = target.guard_pages;
      options.fuel = target.fuel;
      options.visibility = {target.perf_map, target.jitdump, target.debug_info};
      auto code = jit::compile_module(out->validated, target.allocator, options);
      if (!code.ok()) return Error{stage, code.error.message, code.error.offset};
      out->jit_code = std::move(*code.value);
      return std::nullopt;
#else
      return Error{stage, "this build has no JIT", 0};
#endif
    }
    interp::TranslateOptions options;
    options.fuel = target.fuel;
    options.threads = threads;
    auto code = interp::translate_module(out->validated, options);
    if (!code.ok()) return Error{stage, code.error.message, code.error.offset};
    out->code = std::move(*code.value);
    return std::nullopt;
  } catch (const std::bad_alloc&) {
    return Error{stage, "out of memory", 0};
  } catch (const std::exception& e) {
    return Error{stage, e.what(), 0};
  }
}

}  // namespace wasmrun::internal
