#include "jit/serialize.h"

#include <cstddef>
#include <cstring>

#include "jit/backend.h"
#include "jit/compiled_module.h"
#include "jit/exec_state.h"
#include "jit/fault_handler.h"
#include "jit/func_inst_layout.h"
#include "runtime/context.h"
#include "runtime/global.h"
#include "runtime/memory.h"

namespace wasmrun::jit {

namespace {

// Every offset generated code reads a runtime structure at. A change to any of them changes the
// fingerprint, so code from a build with another layout is refused instead of misreading it.
uint64_t abi_fingerprint() {
  const uint64_t fields[] = {
      static_cast<uint64_t>(Helper::Count),
      static_cast<uint64_t>(kStackLimitOffset),
      static_cast<uint64_t>(kEntrySpOffset),
      static_cast<uint64_t>(kEntryFpOffset),
      static_cast<uint64_t>(helper_offset(Helper(0))),
      static_cast<uint64_t>(func_inst_jit_code_offset()),
      static_cast<uint64_t>(func_inst_ctx_offset()),
      offsetof(rt::InstanceContext, funcs),
      offsetof(rt::InstanceContext, globals),
      offsetof(rt::InstanceContext, interrupt),
      offsetof(rt::InstanceContext, memory),
      offsetof(rt::InstanceContext, memory_base),
      offsetof(rt::GlobalCell, value),
      offsetof(rt::LinearMemory, pages),
      offsetof(rt::LinearMemory, size),
      sizeof(rt::RawValue),
      kPendingTrap,
      static_cast<uint64_t>(rt::TrapKind::Host),
  };
  return serial::checksum64({reinterpret_cast<const uint8_t*>(fields), sizeof fields});
}

}  // namespace

CodeTarget host_code_target() {
  return CodeTarget{backend_arch_name(), backend_cpu_features(), abi_fingerprint()};
}

std::string cpu_feature_names(uint64_t bits) { return backend_cpu_feature_names(bits); }

std::optional<std::string> serialize_code(const CompiledModule& cm, serial::Writer& out) {
  if (!cm.position_independent) return "the module's code embeds absolute addresses";
  // Published code is readable at its executable address with every allocator the engine
  // ships (and CodeAllocator asks the same of custom ones).
  out.bytes({reinterpret_cast<const uint8_t*>(cm.begin), cm.end - cm.begin});
  out.u64(cm.entries.size());
  for (uintptr_t e : cm.entries) out.u64(e - cm.begin);
  out.u64(reinterpret_cast<uintptr_t>(cm.trampoline) - cm.begin);
  out.u64(cm.trap_common - cm.begin);
  write_code_offsets(out, cm.code_offsets);
  return std::nullopt;
}

CoreResult<std::shared_ptr<const CompiledModule>> load_code(
    std::shared_ptr<const ValidatedModule> module, std::shared_ptr<CodeAllocator> allocator,
    const CompileOptions& options, serial::Reader& in) {
  if (auto why = backend_unsupported_reason()) return CoreError{0, *why};
  std::span<const uint8_t> code;
  CodeOffsets offsets;
  uint64_t n = 0;
  if (!in.bytes(code, "machine code") || !in.count(n, 8, "function table")) {
    return CoreError{0, in.error()};
  }
  if (code.empty()) return CoreError{0, "no machine code"};
  if (n != module->module->bodies.size()) {
    return CoreError{0, "the code has " + std::to_string(n) + " functions, the module " +
                            std::to_string(module->module->bodies.size())};
  }
  offsets.size = code.size();
  offsets.entries.resize(static_cast<size_t>(n));
  for (uint64_t& e : offsets.entries) in.u64(e);
  in.u64(offsets.trampoline);
  in.u64(offsets.trap_common);
  std::vector<CodeOffset> code_offsets;
  read_code_offsets(in, code.size(), code_offsets);
  if (!in.ok()) return CoreError{0, in.error()};
  // Function bodies lie in ascending order before the trap tail, which precedes the
  // trampoline; nothing may point outside the code.
  uint64_t prev = 0;
  for (uint64_t e : offsets.entries) {
    if (e < prev || e >= offsets.trap_common) return CoreError{0, "bad function offset"};
    prev = e;
  }
  if (offsets.trap_common >= offsets.trampoline || offsets.trampoline >= offsets.size) {
    return CoreError{0, "bad trampoline offset"};
  }
  if (options.guard_pages && !install_fault_handler()) {
    return CoreError{0, "cannot install the guard-page fault handler"};
  }
  auto cm = std::make_shared<CompiledModule>();
  cm->module = std::move(module);
  cm->code_offsets = std::move(code_offsets);
  std::string why;
  if (!rt::publish_code_bytes(std::move(allocator), code, &cm->code, &why)) {
    return CoreError{0, "JIT unavailable: " + why};
  }
  if (auto err = finish_module(*cm, offsets, options)) return *err;
  return std::shared_ptr<const CompiledModule>(std::move(cm));
}

}  // namespace wasmrun::jit
