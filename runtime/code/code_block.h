// How the JIT uses code memory: lay out a batch of functions (a module), reserve one block for
// all of them, write them all in one write window, publish once. Small functions therefore share
// pages, and publishing a module costs a few system calls instead of a few per function.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "wasmrun/code_allocator.hpp"

namespace wasmrun::rt {

// Function entries are aligned to this by default: what x64 and arm64 compilers use for
// function starts, and a multiple of arm64's 4-byte instruction size.
inline constexpr size_t kFunctionAlignment = 16;

// Fills the gaps between functions so that a stray jump into them traps: int3 on x86, and on
// arm64 all-zero words, which are permanently undefined instructions.
#if defined(__x86_64__) || defined(__i386__)
inline constexpr uint8_t kCodeFillByte = 0xCC;
#else
inline constexpr uint8_t kCodeFillByte = 0x00;
#endif

// Offsets of the pieces of a batch inside one block.
struct CodeLayout {
  std::vector<size_t> offsets;
  size_t size = 0;  // bytes needed by everything added so far

  // Places `bytes` at the next offset aligned to `align` (a power of two); returns the offset.
  size_t add(size_t bytes, size_t align = kFunctionAlignment);
};

// One reservation from a CodeAllocator, released when the block is destroyed. Written, then
// published; never written after publishing.
class CodeBlock {
 public:
  // Nullptr and `error` set when the allocator refuses or misbehaves.
  static std::unique_ptr<CodeBlock> reserve(std::shared_ptr<CodeAllocator> allocator, size_t size,
                                            std::string* error);
  ~CodeBlock();
  CodeBlock(const CodeBlock&) = delete;
  CodeBlock& operator=(const CodeBlock&) = delete;

  ExecAddress exec() const { return reservation_.exec; }
  ExecAddress exec_at(size_t offset) const {
    return {static_cast<const uint8_t*>(reservation_.exec.p) + offset};
  }
  size_t size() const { return reservation_.size; }
  bool published() const { return published_; }

  // Runs `f(WritableSpan)` while the block is writable. `f` returns bool (false: failed) or
  // void, and must not throw: on macOS it runs inside the system's JIT write callback.
  template <class F>
  bool write(F&& f, std::string* error) {
    using Fn = std::remove_reference_t<F>;
    return write_raw(
        [](void* user, WritableSpan dst) -> int {
          Fn& fn = *static_cast<Fn*>(user);
          if constexpr (std::is_void_v<decltype(fn(dst))>) {
            fn(dst);
            return 0;
          } else {
            return fn(dst) ? 0 : 1;
          }
        },
        &f, error);
  }
  bool write_raw(CodeWriteFn fn, void* user, std::string* error);

  // Executable and coherent from here on; any thread may call into it.
  bool publish(std::string* error);

 private:
  CodeBlock(std::shared_ptr<CodeAllocator> allocator, CodeReservation r)
      : allocator_(std::move(allocator)), reservation_(r) {}

  std::shared_ptr<CodeAllocator> allocator_;
  CodeReservation reservation_;
  bool published_ = false;
};

}  // namespace wasmrun::rt
