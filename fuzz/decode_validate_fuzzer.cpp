// libFuzzer entry point: decode and validate arbitrary bytes. Besides crashes, hangs and leaks,
// it traps when a module passes validation with per-function facts that break the documented
// invariants, since both execution tiers trust those without checking.
#include <cstddef>
#include <cstdint>
#include <span>

#include "engine/core/decoder.h"
#include "engine/core/validator.h"

namespace {

void check_function_info(const wasmrun::core::Module& m, const wasmrun::FunctionInfo& f,
                         uint32_t defined_index) {
  const wasmrun::core::FunctionBody& body = m.bodies[defined_index];
  const wasmrun::FuncType& type = m.types[body.type_index];
  if (f.locals.size() != type.params.size() + body.num_locals) __builtin_trap();
  if (f.max_stack_slots < f.max_stack || f.max_stack_slots > 2 * uint64_t{f.max_stack}) {
    __builtin_trap();
  }
  // Every constant instruction takes at least two bytes (opcode and immediate), a v128.const
  // (two slots) eighteen.
  if (f.const_slots > body.code_end - body.code_begin) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto decoded = wasmrun::decode_module(std::span<const uint8_t>(data, size));
  if (!decoded.ok()) return 0;
  auto validated = wasmrun::validate_module(*decoded.value);
  if (!validated.ok()) return 0;
  const wasmrun::ValidatedModule& vm = **validated.value;
  if (vm.functions.size() != vm.module->bodies.size()) __builtin_trap();
  if (vm.declared_refs.size() != vm.module->func_types.size()) __builtin_trap();
  for (uint32_t i = 0; i < vm.functions.size(); ++i)
    check_function_info(*vm.module, vm.functions[i], i);
  return 0;
}
