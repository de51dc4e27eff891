// Core side of Module::serialize and Module::deserialize: the compiled-module format.
//
//   magic "\0wrcode\1"      8 bytes: not a wasm binary (which starts "\0asm")
//   format version          u32
//   reserved                u32, zero
//   engine version          u32 length + text
//   target architecture     u32 length + text
//   tier                    u8: 1 interpreter, 2 JIT
//   CPU features            u64: optional features the code may use (JIT)
//   layout fingerprint      u64: the tier's internal interface (jit/serialize.h,
//   interp/serialize.h) configuration           u32 length + text ("tier=jit bounds=guard-pages",
//   ...) payload length          u64 checksum                u64: XXH3 of the payload, seeded with
//   the XXH3 of the header
//                           before it (so a changed byte anywhere is caught)
//   payload                 the wasm binary (u64 length + bytes), then the tier's code
//
// Loading a file runs its machine code: the checks turn away files from another build, target
// or configuration and corrupt ones, but nothing can tell a forged file from a genuine one.
#include <cstring>
#include <exception>
#include <new>

#include "engine/api/api_internal.h"
#include "engine/core/decoder.h"
#include "engine/core/function_info.h"
#include "engine/core/serial.h"
#include "engine/core/validator.h"
#include "engine/interp/code.h"
#include "engine/interp/serialize.h"
#if WASMRUN_HAS_JIT
#include "jit/compiled_module.h"
#include "jit/serialize.h"
#endif

namespace wasmrun::internal {

namespace {

constexpr uint8_t kMagic[8] = {0, 'w', 'r', 'c', 'o', 'd', 'e', 1};
constexpr uint32_t kFormatVersion = 3;  // 2: bytecode offsets for backtraces; 3: XXH3
constexpr size_t kMaxHeaderText = 256;
enum : uint8_t { kTierInterp = 1, kTierJit = 2 };

struct Target {
  std::string arch;
  uint64_t cpu_features = 0;
  uint64_t abi = 0;
};

Target host_target(uint8_t tier) {
#if WASMRUN_HAS_JIT
  jit::CodeTarget t = jit::host_code_target();
  if (tier == kTierJit) return {t.arch, t.cpu_features, t.abi};
  return {t.arch, 0, interp::code_abi_fingerprint()};
#else
  (void)tier;
#if defined(__x86_64__)
  return {"x86_64", 0, interp::code_abi_fingerprint()};
#elif defined(__aarch64__)
  return {"aarch64", 0, interp::code_abi_fingerprint()};
#else
  return {"unknown", 0, interp::code_abi_fingerprint()};
#endif
#endif
}

const char* tier_name(uint8_t tier) {
  return tier == kTierJit ? "the JIT" : tier == kTierInterp ? "the interpreter" : "an unknown tier";
}

void put_text(serial::Writer& w, const std::string& s) {
  w.u32(static_cast<uint32_t>(s.size()));
  w.raw(s.data(), s.size());
}

bool get_text(serial::Reader& r, std::string& out, const char* what) {
  uint32_t n = 0;
  if (!r.u32(n)) return false;
  if (n > kMaxHeaderText || n > r.remaining()) return r.fail(std::string("bad ") + what);
  out.resize(n);
  return r.raw(out.data(), n);
}

Error failure(std::string message) {
  return Error{Error::Kind::Other, "cannot load compiled module: " + message, 0};
}

}  // namespace

std::span<const uint8_t> module_binary(const CompiledParts& parts) {
  return parts.validated->module->bytes;
}

bool is_serialized(std::span<const uint8_t> data) {
  return data.size() >= sizeof kMagic && std::memcmp(data.data(), kMagic, sizeof kMagic) == 0;
}

std::optional<std::string> serialize(const CompiledParts& parts, const CacheIdentity& identity,
                                     std::vector<uint8_t>* out) {
  try {
    uint8_t tier = parts.jit_code ? kTierJit : parts.code ? kTierInterp : 0;
    if (tier == 0) return "the module has no compiled code";
    std::vector<uint8_t> payload;
    serial::Writer p(payload);
    p.bytes(parts.validated->module->bytes);
    if (tier == kTierJit) {
#if WASMRUN_HAS_JIT
      if (auto why = jit::serialize_code(*parts.jit_code, p)) return why;
#endif
    } else {
      interp::serialize_code(*parts.code, p);
    }
    Target target = host_target(tier);
    out->clear();
    serial::Writer w(*out);
    w.raw(kMagic, sizeof kMagic);
    w.u32(kFormatVersion);
    w.u32(0);
    put_text(w, identity.engine_version);
    put_text(w, target.arch);
    w.u8(tier);
    w.u64(target.cpu_features);
    w.u64(target.abi);
    put_text(w, identity.config);
    w.u64(payload.size());
    w.u64(serial::checksum64(payload, serial::checksum64(*out)));
    w.raw(payload.data(), payload.size());
    return std::nullopt;
  } catch (const std::bad_alloc&) {
    return "out of memory";
  }
}

std::optional<Error> deserialize(std::span<const uint8_t> data, const CompileTarget& target,
                                 const CacheIdentity& identity, CompiledParts* out) {
  try {
    if (!is_serialized(data)) return failure("not a compiled wasmrun module");
    serial::Reader r(data.subspan(sizeof kMagic));
    uint32_t format = 0, reserved = 0;
    if (!r.u32(format) || !r.u32(reserved)) return failure(r.error());
    if (format != kFormatVersion) {
      return failure("format version " + std::to_string(format) + ", this wasmrun reads version " +
                     std::to_string(kFormatVersion));
    }
    if (reserved != 0) return failure("bad header");
    std::string version, arch, config;
    if (!get_text(r, version, "engine version")) return failure(r.error());
    if (version != identity.engine_version) {
      return failure("made by wasmrun " + version + ", this is wasmrun " + identity.engine_version);
    }
    uint8_t tier = 0;
    uint64_t features = 0, abi = 0;
    if (!get_text(r, arch, "architecture") || !r.u8(tier) || !r.u64(features) || !r.u64(abi) ||
        !get_text(r, config, "configuration")) {
      return failure(r.error());
    }
    uint8_t want_tier = target.kind == CompileTarget::Kind::Jit ? kTierJit : kTierInterp;
    Target host = host_target(want_tier);
    if (arch != host.arch) return failure("compiled for " + arch + ", this is " + host.arch);
    if (tier != want_tier) {
      return failure(std::string("compiled for ") + tier_name(tier) + ", this engine runs " +
                     tier_name(want_tier));
    }
    if (config != identity.config) {
      return failure("compiled with " + config + ", this engine has " + identity.config);
    }
#if WASMRUN_HAS_JIT
    if (uint64_t missing = features & ~host.cpu_features) {
      return failure("compiled for a CPU with " + jit::cpu_feature_names(missing) +
                     ", this one lacks it");
    }
#else
    if (features != 0) return failure("compiled for CPU features this build does not know");
#endif
    if (abi != host.abi) {
      return failure("made by a build of wasmrun " + version + " with other internal layouts");
    }
    uint64_t payload_size = 0, checksum = 0;
    if (!r.u64(payload_size) || !r.u64(checksum)) return failure(r.error());
    if (payload_size != r.remaining()) {
      return failure(payload_size > r.remaining() ? "the file is truncated"
                                                  : "trailing bytes after the code");
    }
    std::span<const uint8_t> payload = data.subspan(data.size() - r.remaining());
    std::span<const uint8_t> header = data.first(payload.data() - data.data() - 8);
    if (serial::checksum64(payload, serial::checksum64(header)) != checksum) {
      return failure("checksum mismatch (corrupt file)");
    }

    serial::Reader p(payload);
    std::span<const uint8_t> wasm;
    if (!p.bytes(wasm, "module binary")) return failure(p.error());
    if (auto e = check_module_size(wasm.size(), target.max_module_bytes)) {
      return failure("its " + e->message);
    }
    // The function bodies were validated when the file was made (the checksum says the binary
    // is the same); the declarations, which instantiation relies on, are checked again: cheap,
    // and it keeps a file that passes the checksum but was not made by wasmrun from reaching
    // instantiation with a bad index.
    auto decoded = decode_module(wasm);
    if (!decoded.ok()) return failure("its module: " + decoded.error.message);
    auto declared = validate_module_declarations(std::move(*decoded.value), target.features);
    if (!declared.ok()) return failure("its module: " + declared.error.message);
    std::shared_ptr<const ValidatedModule> validated = std::move(*declared.value);
    out->validated = validated;
    if (tier == kTierJit) {
#if WASMRUN_HAS_JIT
      jit::CompileOptions options;
      options.guard_pages = target.guard_pages;
      options.visibility = {target.perf_map, target.jitdump, target.debug_info};
      auto code = jit::load_code(validated, target.allocator, options, p);
      if (!code.ok()) return failure(code.error.message);
      out->jit_code = std::move(*code.value);
#else
      return failure("this build has no JIT");
#endif
    } else {
      auto code = interp::load_code(validated, p);
      if (!code.ok()) return failure(code.error.message);
      out->code = std::move(*code.value);
    }
    if (p.remaining() != 0) return failure("trailing bytes after the code");
    return std::nullopt;
  } catch (const std::bad_alloc&) {
    return failure("out of memory");
  } catch (const std::exception& e) {
    return failure(e.what());
  }
}

}  // namespace wasmrun::internal
