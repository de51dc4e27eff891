// Choosing the platform backend once per process, the refusing allocator, and the probe.
#include "runtime/code/code_memory.h"

#include <cstring>
#include <utility>

#if defined(WASMRUN_APPLE_JIT_MODEL)
#include "runtime/code/apple_model/engine_mode.h"
#endif

namespace wasmrun::rt {

const char* code_backend_name(CodeBackend b) {
  switch (b) {
    case CodeBackend::Mprotect: return "mprotect";
    case CodeBackend::DualMapped: return "dual-mapped";
    case CodeBackend::AppleMapJit: return "apple-map-jit";
    case CodeBackend::AppleMapJitMprotect: return "apple-map-jit-mprotect";
  }
  return "unknown";
}

CodeMemoryStats CodeMemoryCounters::snapshot() const {
  auto get = [](const std::atomic<uint64_t>& c) { return c.load(std::memory_order_relaxed); };
  CodeMemoryStats s;
  s.reserves = get(reserves);
  s.releases = get(releases);
  s.writes = get(writes);
  s.publishes = get(publishes);
  s.mmaps = get(mmaps);
  s.munmaps = get(munmaps);
  s.mprotects = get(mprotects);
  s.memfds = get(memfds);
  s.madvises = get(madvises);
  s.cache_flushes = get(cache_flushes);
  return s;
}

#if !defined(__linux__)
std::shared_ptr<SystemCodeAllocator> make_dual_mapped_code_allocator(std::string* error) {
  *error = "dual mapping is only implemented on Linux (memfd_create)";
  return nullptr;
}
#endif

#if !defined(__APPLE__)
std::shared_ptr<SystemCodeAllocator> make_apple_code_allocator(std::string* error) {
  *error = "MAP_JIT exists only on macOS";
  return nullptr;
}
#endif

namespace {

class RefusingAllocator final : public CodeAllocator {
 public:
  explicit RefusingAllocator(std::string reason) : reason_(std::move(reason)) {}
  CodeReserveResult reserve(size_t) override { return {CodeStatus::failure(reason_), {}}; }
  CodeStatus write(const CodeReservation&, CodeWriteFn, void*) override {
    return CodeStatus::failure(reason_);
  }
  CodeStatus publish(const CodeReservation&) override { return CodeStatus::failure(reason_); }
  void release(const CodeReservation&) override {}

 private:
  std::string reason_;
};

struct ProbeWrite {
  int calls = 0;
};

int probe_write(void* user, WritableSpan dst) {
  static_cast<ProbeWrite*>(user)->calls++;
  // Fill with something harmless; the probe never calls the code.
  std::memset(dst.data, 0, dst.size);
  return 0;
}

struct SystemChoice {
  std::shared_ptr<SystemCodeAllocator> allocator;
  std::string reason;
};

const SystemChoice& system_choice() {
  static const SystemChoice choice = [] {
    SystemChoice c;
    c.allocator = select_system_code_allocator(&c.reason);
    return c;
  }();
  return choice;
}

}  // namespace

std::shared_ptr<CodeAllocator> make_refusing_code_allocator(std::string reason) {
  return std::make_shared<RefusingAllocator>(std::move(reason));
}

std::optional<std::string> probe_code_memory(CodeAllocator& allocator) {
  constexpr size_t kProbeSize = 16;
  CodeReserveResult got = allocator.reserve(kProbeSize);
  if (!got.status.ok) {
    return got.status.reason.empty() ? "code allocator refused a reservation" : got.status.reason;
  }
  const CodeReservation& r = got.reservation;
  std::optional<std::string> refused;
  if (r.exec.p == nullptr || r.size < kProbeSize) {
    refused = "code allocator returned an empty or short reservation";
  } else {
    ProbeWrite w;
    CodeStatus st = allocator.write(r, probe_write, &w);
    if (!st.ok) {
      refused = st.reason.empty() ? "code allocator refused a write" : st.reason;
    } else if (w.calls != 1) {
      refused = "code allocator did not call the write callback exactly once";
    } else {
      st = allocator.publish(r);
      if (!st.ok) {
        refused = st.reason.empty() ? "code allocator refused to make code executable" : st.reason;
      }
    }
  }
  allocator.release(r);
  return refused;
}

std::shared_ptr<SystemCodeAllocator> select_system_code_allocator(std::string* error) {
#if defined(WASMRUN_APPLE_JIT_MODEL)
  // Tests: the Apple backend's logic over the model of Apple's rules (engine_mode.cpp).
  if (auto model = model_code_allocator_from_env(error)) {
    if (std::optional<std::string> refused = probe_code_memory(*model)) {
      *error = "executable memory is refused (" + std::string(code_backend_name(model->backend())) +
               " over the model: " + *refused + ")";
      return nullptr;
    }
    return model;
  }
#endif
  std::string reasons;
  auto consider = [&](std::shared_ptr<SystemCodeAllocator> a,
                      const std::string& why_absent) -> std::shared_ptr<SystemCodeAllocator> {
    std::string why = why_absent;
    if (a) {
      std::optional<std::string> refused = probe_code_memory(*a);
      if (!refused) return a;
      why = std::string(code_backend_name(a->backend())) + ": " + *refused;
    }
    if (!why.empty()) reasons += (reasons.empty() ? "" : "; ") + why;
    return nullptr;
  };
  std::string absent;
#if defined(__APPLE__)
  if (auto a = consider(make_apple_code_allocator(&absent), absent)) return a;
#else
  if (auto a = consider(make_mprotect_code_allocator(&absent), absent)) return a;
  absent.clear();
  if (auto a = consider(make_dual_mapped_code_allocator(&absent), absent)) return a;
#endif
  *error = "executable memory is refused (" + reasons + ")";
  return nullptr;
}

std::shared_ptr<SystemCodeAllocator> system_code_allocator(std::string* error) {
  const SystemChoice& c = system_choice();
  if (!c.allocator && error != nullptr) *error = c.reason;
  return c.allocator;
}

std::shared_ptr<CodeAllocator> resolve_code_allocator(std::shared_ptr<CodeAllocator> configured) {
  if (configured) return configured;
  return default_code_allocator();
}

}  // namespace wasmrun::rt

namespace wasmrun {

std::shared_ptr<CodeAllocator> default_code_allocator() {
  static const std::shared_ptr<CodeAllocator> chosen = [] {
    std::string reason;
    std::shared_ptr<CodeAllocator> a = rt::system_code_allocator(&reason);
    return a ? a : rt::make_refusing_code_allocator(reason);
  }();
  return chosen;
}

}  // namespace wasmrun
