#include "runtime/code/asmjit_code.h"

#include <cstring>

namespace wasmrun::rt {

namespace {

std::string asmjit_reason(const char* what, asmjit::Error err) {
  return std::string(what) + " failed: " + asmjit::DebugUtils::errorAsString(err);
}

struct Piece {
  asmjit::CodeHolder* holder;
  size_t offset;
  size_t size;  // after relocation
};

}  // namespace

bool publish_code_holders(std::shared_ptr<CodeAllocator> allocator,
                          std::span<asmjit::CodeHolder* const> holders, PublishedCode* out,
                          std::string* error) {
  // Sizes first: flattening lays the sections out and fixes the size of any address table, which
  // relocation can only shrink.
  CodeLayout layout;
  for (asmjit::CodeHolder* code : holders) {
    if (asmjit::Error err = code->flatten()) {
      *error = asmjit_reason("CodeHolder::flatten", err);
      return false;
    }
    if (asmjit::Error err = code->resolveUnresolvedLinks()) {
      *error = asmjit_reason("CodeHolder::resolveUnresolvedLinks", err);
      return false;
    }
    layout.add(code->codeSize());
  }

  std::unique_ptr<CodeBlock> block = CodeBlock::reserve(std::move(allocator), layout.size, error);
  if (!block) return false;

  // Relocate outside the write window: it is pure computation on asmjit's heap buffers, and the
  // window (a thread-wide write permission on macOS) should stay as short as a copy.
  std::vector<Piece> pieces;
  pieces.reserve(holders.size());
  std::vector<ExecAddress> entries;
  entries.reserve(holders.size());
  for (size_t i = 0; i < holders.size(); ++i) {
    asmjit::CodeHolder* code = holders[i];
    size_t estimated = code->codeSize();
    ExecAddress at = block->exec_at(layout.offsets[i]);
    if (asmjit::Error err = code->relocateToBase(reinterpret_cast<uintptr_t>(at.p))) {
      *error = asmjit_reason("CodeHolder::relocateToBase", err);
      return false;
    }
    size_t size = code->codeSize();
    if (size > estimated) {
      *error = "code grew during relocation";
      return false;
    }
    pieces.push_back({code, layout.offsets[i], size});
    entries.push_back(at);
  }

  asmjit::Error copy_err = asmjit::kErrorOk;
  bool wrote = block->write(
      [&](WritableSpan dst) -> bool {
        std::memset(dst.data, kCodeFillByte, dst.size);
        for (const Piece& p : pieces) {
          copy_err = p.holder->copyFlattenedData(dst.data + p.offset, p.size,
                                                 asmjit::CopySectionFlags::kPadSectionBuffer);
          if (copy_err != asmjit::kErrorOk) return false;
        }
        return true;
      },
      error);
  if (!wrote) {
    if (copy_err != asmjit::kErrorOk)
      *error = asmjit_reason("CodeHolder::copyFlattenedData", copy_err);
    return false;
  }
  if (!block->publish(error)) return false;

  out->block = std::move(block);
  out->entries = std::move(entries);
  return true;
}

bool publish_code_bytes(std::shared_ptr<CodeAllocator> allocator, std::span<const uint8_t> code,
                        PublishedCode* out, std::string* error) {
  CodeLayout layout;
  layout.add(code.size());
  std::unique_ptr<CodeBlock> block = CodeBlock::reserve(std::move(allocator), layout.size, error);
  if (!block) return false;
  bool wrote = block->write(
      [&](WritableSpan dst) {
        // Only the bytes the code does not cover are filled: one pass over the block, not two.
        size_t at = layout.offsets[0];
        std::memset(dst.data, kCodeFillByte, at);
        std::memcpy(dst.data + at, code.data(), code.size());
        std::memset(dst.data + at + code.size(), kCodeFillByte, dst.size - at - code.size());
      },
      error);
  if (!wrote || !block->publish(error)) return false;
  out->entries = {block->exec_at(layout.offsets[0])};
  out->block = std::move(block);
  return true;
}

}  // namespace wasmrun::rt
