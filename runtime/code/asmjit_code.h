// Publishing asmjit output through the code-memory layer. Kept apart so that nothing else in the
// layer needs asmjit's headers, and never uses asmjit's own JitRuntime/JitAllocator (the Debian
// build maps those read-write-execute).
#pragma once

#include <asmjit/core.h>

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "runtime/code/code_block.h"
#include "wasmrun/code_allocator.hpp"

namespace wasmrun::rt {

struct PublishedCode {
  std::unique_ptr<CodeBlock> block;  // owns the memory; the entries die with it
  std::vector<ExecAddress> entries;  // one per holder: the start of its flattened code
};

// Lays out every holder in one block from `allocator`, relocates each to its final executable
// address (CodeHolder::relocateToBase), copies the flattened bytes through one write window
// (CodeHolder::copyFlattenedData) and publishes the block. The holders are flattened and
// relocated in place, so they cannot be reused for another address afterwards.
bool publish_code_holders(std::shared_ptr<CodeAllocator> allocator,
                          std::span<asmjit::CodeHolder* const> holders, PublishedCode* out,
                          std::string* error);

// The same for code that is already flat and position-independent (a serialized module's): one
// block from `allocator`, the bytes copied through one write window, published. `out->entries`
// has one entry, the start of the code.
bool publish_code_bytes(std::shared_ptr<CodeAllocator> allocator, std::span<const uint8_t> code,
                        PublishedCode* out, std::string* error);

}  // namespace wasmrun::rt
