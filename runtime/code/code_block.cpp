#include "runtime/code/code_block.h"

#include <cstdint>

namespace wasmrun::rt {

size_t CodeLayout::add(size_t bytes, size_t align) {
  size_t offset = (size + align - 1) & ~(align - 1);
  offsets.push_back(offset);
  size = offset + bytes;
  return offset;
}

std::unique_ptr<CodeBlock> CodeBlock::reserve(std::shared_ptr<CodeAllocator> allocator, size_t size,
                                              std::string* error) {
  if (!allocator) {
    *error = "no code allocator";
    return nullptr;
  }
  // A zero-sized request would make every allocator invent its own meaning; ask for one byte.
  CodeReserveResult got = allocator->reserve(size == 0 ? 1 : size);
  if (!got.status.ok) {
    *error =
        got.status.reason.empty() ? "code allocator refused the reservation" : got.status.reason;
    return nullptr;
  }
  // From here on the reservation is ours and must be released on every path.
  std::unique_ptr<CodeBlock> block(new CodeBlock(allocator, got.reservation));
  const CodeReservation& r = got.reservation;
  if (r.exec.p == nullptr || r.size < size) {
    *error = "code allocator returned an empty or short reservation";
    return nullptr;
  }
  if (reinterpret_cast<uintptr_t>(r.exec.p) % kCodeReservationAlignment != 0) {
    *error = "code allocator returned a misaligned reservation";
    return nullptr;
  }
  return block;
}

CodeBlock::~CodeBlock() { allocator_->release(reservation_); }

namespace {

// Wraps the engine's writer so that we can tell whether the allocator really called it, and
// check the span it was given, without trusting the allocator's status alone.
struct CheckedWrite {
  CodeWriteFn fn;
  void* user;
  size_t expected_size;
  int calls = 0;
  int result = 0;
  bool bad_span = false;
};

int checked_write(void* user, WritableSpan dst) {
  auto* w = static_cast<CheckedWrite*>(user);
  ++w->calls;
  if (dst.data == nullptr || dst.size < w->expected_size) {
    w->bad_span = true;
    return 1;
  }
  w->result = w->fn(w->user, dst);
  return w->result;
}

}  // namespace

bool CodeBlock::write_raw(CodeWriteFn fn, void* user, std::string* error) {
  if (published_) {
    *error = "code block already published; it is never written again";
    return false;
  }
  CheckedWrite w{fn, user, reservation_.size};
  CodeStatus st = allocator_->write(reservation_, checked_write, &w);
  // The writer's own failure first, then the allocator's refusal (which may legitimately skip
  // the callback), then contract violations that a status of "ok" would hide.
  if (w.calls > 1) {
    *error = "code allocator did not call the write callback exactly once";
    return false;
  }
  if (w.bad_span) {
    *error = "code allocator passed an empty or short writable span";
    return false;
  }
  if (w.calls == 1 && w.result != 0) {
    *error = "writing code failed";
    return false;
  }
  if (!st.ok) {
    *error = st.reason.empty() ? "code allocator refused the write" : st.reason;
    return false;
  }
  if (w.calls == 0) {
    *error = "code allocator did not call the write callback exactly once";
    return false;
  }
  return true;
}

bool CodeBlock::publish(std::string* error) {
  if (published_) return true;
  CodeStatus st = allocator_->publish(reservation_);
  if (!st.ok) {
    *error = st.reason.empty() ? "code allocator refused to make code executable" : st.reason;
    return false;
  }
  published_ = true;
  return true;
}

}  // namespace wasmrun::rt
