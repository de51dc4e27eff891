// Executable memory for compiled code, and how an embedder supplies its own.
//
// The JIT is the only user. It reserves one block per batch of functions (usually a module),
// writes the finished machine code into it through a callback, publishes it (after which it is
// executable and never writable again) and releases it when the module dies. Linear memories,
// tables and stacks never come from here.
//
// An embedder that must control executable memory (a macOS app with the JIT write allow-list, a
// sandbox with its own policy) implements CodeAllocator and sets EngineConfig::code_allocator;
// that allocator is then the engine's only source of executable memory. The shape is kept
// C-friendly (sizes, pointers, a plain function pointer with a `void* user`) so that a C API can
// wrap it with a struct of function pointers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>

namespace wasmrun {

// Where the engine writes code. May be a different address from where the code runs (dual
// mapping), so it has its own type.
struct WritableSpan {
  uint8_t* data = nullptr;
  size_t size = 0;
};

// Where code runs. Never written through.
struct ExecAddress {
  const void* p = nullptr;
};

// The alignment every reservation's exec address (and writable view) must have at least.
inline constexpr size_t kCodeReservationAlignment = 64;

// One block of code memory handed out by an allocator. `handle` is the allocator's own token
// (opaque to the engine); `exec` is the address the code will run at, known before writing so
// that the code can be relocated to it; `size` is at least the size asked for.
struct CodeReservation {
  void* handle = nullptr;
  ExecAddress exec;
  size_t size = 0;
};

// Success, or why not. The reason is shown to users (e.g. "JIT unavailable: <reason>").
struct CodeStatus {
  bool ok = true;
  std::string reason;

  static CodeStatus success() { return {}; }
  static CodeStatus failure(std::string why) { return {false, std::move(why)}; }
};

struct CodeReserveResult {
  CodeStatus status;
  CodeReservation reservation;  // valid when status.ok
};

// The engine's writer. Called by the allocator, exactly once per write() call, at the moment
// the reservation is writable; `dst` covers the whole reservation. Returns 0 on success. It does
// not throw, unwind or longjmp, and does not call back into the allocator.
using CodeWriteFn = int (*)(void* user, WritableSpan dst);

// The interface every source of code memory implements. Calls for one reservation come from one
// thread at a time; different reservations may be used from different threads concurrently.
//
// Lifecycle of a reservation: reserve -> write (one or more times) -> publish -> release.
// release may also come before publish (compilation failed). After publish the engine never
// writes to the reservation again.
class CodeAllocator {
 public:
  virtual ~CodeAllocator() = default;

  // At least `size` bytes (> 0), not yet executable. `exec.p` must be aligned to at least
  // kCodeReservationAlignment.
  virtual CodeReserveResult reserve(size_t size) = 0;

  // Makes the reservation writable for this thread, calls `fn(user, dst)` once, and makes it
  // non-writable again. A non-zero result of `fn` must be reported as a failure.
  virtual CodeStatus write(const CodeReservation& r, CodeWriteFn fn, void* user) = 0;

  // Makes the whole reservation executable at `r.exec` and instruction-cache coherent. On
  // success the code may be called by any thread. The engine may also read published code at
  // `r.exec` (Module::serialize copies it out), so executable memory must stay readable.
  virtual CodeStatus publish(const CodeReservation& r) = 0;

  // Returns the memory. No thread runs code in it any more.
  virtual void release(const CodeReservation& r) = 0;
};

// The platform's own allocator: read-write then mprotect to read-execute on POSIX, a dual
// (memfd) mapping on Linux hosts that refuse mprotect to executable, MAP_JIT on macOS. Chosen
// once per process. When the host allows no executable memory at all, the returned allocator
// refuses every reservation and says why.
std::shared_ptr<CodeAllocator> default_code_allocator();

}  // namespace wasmrun

#if defined(__APPLE__)
// macOS arm64: the only function wasmrun's own allocator writes JIT memory from (through
// pthread_jit_write_with_callback_np). wasmrun lists it with PTHREAD_JIT_WRITE_ALLOW_CALLBACKS_NP
// itself unless built with WASMRUN_JIT_ALLOWLIST_EXTERNAL; then the host, which may use that
// macro only once per image, names it in its own list. See docs/macos.md.
extern "C" int wasmrun_jit_write_callback(void* ctx);
#endif
