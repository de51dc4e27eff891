// The GDB JIT interface: a debugger that knows the symbols __jit_debug_descriptor and
// __jit_debug_register_code reads an object file from our memory each time the list of JIT
// objects changes. We hand it a small ELF relocatable object per module whose .text section
// lies at the published code and whose symbol table names each wasm function, so breakpoints
// and backtraces inside JIT code show wasm names (frames are unwound through the JIT's frame
// pointer chain).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "jit/visibility/code_symbols.h"

namespace wasmrun::jit {

// The ELF object describing `symbols` (all inside [text_begin, text_begin + text_size)), for the
// host's architecture. Exposed for tests.
std::vector<uint8_t> build_debug_elf(uintptr_t text_begin, size_t text_size,
                                     std::span<const CodeSymbol> symbols);

// Registers an object with the debugger; unregisters when the result is destroyed. Null where
// the interface is not supported (not ELF hosts).
std::shared_ptr<void> register_with_debugger(std::vector<uint8_t> elf);

// The objects currently registered, in registration order (what a debugger would read).
std::vector<std::span<const uint8_t>> registered_debug_objects();

}  // namespace wasmrun::jit
