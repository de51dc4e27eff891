// Making JIT code visible to tools outside the engine: profilers (perf's map file and jitdump)
// and debuggers (the GDB JIT interface). Each consumer takes the same list of named code ranges,
// so perf, perf annotate and gdb name a wasm function identically.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace wasmrun::jit {

struct CompiledModule;

// One named range of published machine code.
struct CodeSymbol {
  uintptr_t begin = 0;
  size_t size = 0;
  std::string name;
};

// Which tools are told about a module's code once it is published.
struct CodeVisibility {
  bool perf_map = false;  // lines in /tmp/perf-PID.map (perf report names the functions)
  bool jitdump = false;   // records in ./jit-PID.dump (perf inject --jit, perf annotate)
  bool debugger = false;  // an in-memory ELF object registered through the GDB JIT interface
};

// "wasm::NAME" for a function with a name (name section, else export), "wasm::func[INDEX]"
// otherwise; bytes a line-oriented map file cannot carry (control characters) become '?'.
std::string wasm_symbol_name(const std::string& func_name, uint32_t func_index);

// Every defined function of `m`, then its trap tail and entry trampoline, in address order.
std::vector<CodeSymbol> code_symbols(const CompiledModule& m);

// Tells the tools selected in `v` about `m`'s code. The result keeps the debugger registration
// alive (null when there is none): it is dropped when the module's code goes away, so a
// debugger never names freed code. Failures to write a profiler file are ignored: profiling
// must not change whether a program runs.
std::shared_ptr<void> announce_code(const CompiledModule& m, const CodeVisibility& v);

}  // namespace wasmrun::jit
