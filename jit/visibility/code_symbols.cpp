#include "jit/visibility/code_symbols.h"

#include "jit/compiled_module.h"
#include "jit/visibility/gdb_jit.h"
#include "jit/visibility/jitdump.h"
#include "jit/visibility/perf_map.h"

namespace wasmrun::jit {

std::string wasm_symbol_name(const std::string& func_name, uint32_t func_index) {
  std::string out = "wasm::";
  if (func_name.empty()) return out + "func[" + std::to_string(func_index) + "]";
  for (char c : func_name) out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c;
  return out;
}

std::vector<CodeSymbol> code_symbols(const CompiledModule& m) {
  std::vector<CodeSymbol> out;
  const core::Module& mod = *m.module->module;
  for (size_t i = 0; i < m.entries.size(); ++i) {
    uintptr_t end = i + 1 < m.entries.size() ? m.entries[i + 1] : m.trap_common;
    auto index = static_cast<uint32_t>(mod.num_imported_funcs + i);
    out.push_back(
        {m.entries[i], end - m.entries[i], wasm_symbol_name(mod.func_name(index), index)});
  }
  // The tail every trap jumps to, then the trampoline that enters wasm from the host.
  auto trampoline = reinterpret_cast<uintptr_t>(m.trampoline);
  out.push_back({m.trap_common, trampoline - m.trap_common, "wasmrun::jit_trap_tail"});
  out.push_back({trampoline, m.end - trampoline, "wasmrun::jit_entry_trampoline"});
  return out;
}

std::shared_ptr<void> announce_code(const CompiledModule& m, const CodeVisibility& v) {
  if (!v.perf_map && !v.jitdump && !v.debugger) return nullptr;
  std::vector<CodeSymbol> symbols = code_symbols(m);
  if (v.perf_map) perf_map_append(symbols);
  if (v.jitdump) jitdump_append(symbols);
  if (!v.debugger) return nullptr;
  return register_with_debugger(build_debug_elf(m.begin, m.end - m.begin, symbols));
}

}  // namespace wasmrun::jit
