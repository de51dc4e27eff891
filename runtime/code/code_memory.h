// The platform backends behind wasmrun::CodeAllocator, their statistics, and the probe that
// tells the engine whether it may use the JIT. The only place in wasmrun that maps executable
// pages.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "wasmrun/code_allocator.hpp"

namespace wasmrun::rt {

enum class CodeBackend : uint8_t {
  Mprotect,             // private anonymous pages, read-write then mprotect to read-execute
  DualMapped,           // one memfd mapped twice: a read-write view and a read-execute view
  AppleMapJit,          // macOS arm64: one MAP_JIT region, per-thread write toggle
  AppleMapJitMprotect,  // macOS x64: MAP_JIT pages, mprotect to read-execute
};
const char* code_backend_name(CodeBackend b);

// System calls and operations made by a backend, for tests and benchmarks.
struct CodeMemoryStats {
  uint64_t reserves = 0;
  uint64_t releases = 0;
  uint64_t writes = 0;
  uint64_t publishes = 0;
  uint64_t mmaps = 0;      // mmap calls
  uint64_t munmaps = 0;    // munmap calls
  uint64_t mprotects = 0;  // mprotect calls
  uint64_t memfds = 0;     // memfd_create calls
  uint64_t madvises = 0;   // madvise calls (commit/decommit)
  uint64_t cache_flushes = 0;
};

// Counters shared by the backends; relaxed atomics because reservations may be used from
// several threads and the numbers are only read for reporting.
struct CodeMemoryCounters {
  std::atomic<uint64_t> reserves{0}, releases{0}, writes{0}, publishes{0}, mmaps{0}, munmaps{0},
      mprotects{0}, memfds{0}, madvises{0}, cache_flushes{0};
  CodeMemoryStats snapshot() const;
};

inline void bump(std::atomic<uint64_t>& c) { c.fetch_add(1, std::memory_order_relaxed); }

// A backend provided by wasmrun itself (as opposed to one supplied by the embedder).
class SystemCodeAllocator : public CodeAllocator {
 public:
  virtual CodeBackend backend() const = 0;
  CodeMemoryStats stats() const { return counters_.snapshot(); }

 protected:
  CodeMemoryCounters counters_;
};

// Individual backends, for tests and for the selection below. Each returns nullptr (and sets
// `error`) where it does not exist on this platform; creating one makes no system call.
std::shared_ptr<SystemCodeAllocator> make_mprotect_code_allocator(std::string* error);
std::shared_ptr<SystemCodeAllocator> make_dual_mapped_code_allocator(std::string* error);
std::shared_ptr<SystemCodeAllocator> make_apple_code_allocator(std::string* error);

// Probes the backends in order of preference (mprotect, then dual mapping; MAP_JIT on macOS)
// with a real reserve/write/publish cycle and returns the first that works, or nullptr with the
// reasons every one was refused. Not cached: default_code_allocator() caches its result.
std::shared_ptr<SystemCodeAllocator> select_system_code_allocator(std::string* error);

// The backend default_code_allocator() chose for this process, or nullptr (and the reason) when
// executable memory is refused.
std::shared_ptr<SystemCodeAllocator> system_code_allocator(std::string* error = nullptr);

// An allocator that refuses every reservation with `reason`.
std::shared_ptr<CodeAllocator> make_refusing_code_allocator(std::string reason);

// The embedder's allocator when it supplied one (it is then the only source of executable
// memory), the platform default otherwise.
std::shared_ptr<CodeAllocator> resolve_code_allocator(std::shared_ptr<CodeAllocator> configured);

// Runs a tiny reserve/write/publish/release cycle (the code is never called) and returns why
// executable memory is refused, or nullopt when the allocator works. The engine falls back to
// the interpreter with this reason, or fails when the JIT was demanded.
std::optional<std::string> probe_code_memory(CodeAllocator& allocator);

}  // namespace wasmrun::rt
