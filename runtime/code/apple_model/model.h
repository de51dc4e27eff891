// An executable model of Apple's rules for JIT memory, for Linux. It implements the system seam
// of the macOS backends (runtime/code/apple_jit_sys.h) over real Linux pages, strictly enough to
// catch the mistakes that crash hardened macOS hosts: every rule below is either refused with an
// error naming it or, where the real system would kill the process, kills it with that name.
//
// Outside write windows, MAP_JIT pages are read+execute; inside a thread's window, the first
// write to a page faults for real, the model snapshots the page and lets the write through, and
// when the window closes it compares the page with the snapshot to learn the exact bytes written.
// Those bytes stay non-executable (and may not be published) until sys_icache_invalidate covers
// them. A write outside a window, or running code that was not invalidated after its last write,
// faults and ends the process with the rule's name. What the model cannot show, because Linux
// page permissions are per process and not per thread, is listed in docs/macos.md.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "runtime/code/apple_jit_sys.h"

namespace wasmrun::rt::apple_model {

enum class Rule : uint8_t {
  WriteOutsideWindow,        // a store to MAP_JIT memory while no write window is open
  CallbackNotAllowListed,    // pthread_jit_write_with_callback_np with a callback not listed
  ToggleWithAllowList,       // pthread_jit_write_protect_np under jit-write-allowlist
  MprotectMapJit,            // mprotect of MAP_JIT memory on Apple silicon (refused since 11.2)
  MprotectPartOfRegion,      // mprotect of part of a MAP_JIT region
  MunmapPartOfRegion,        // munmap of part of a MAP_JIT region
  MapJitFlags,               // MAP_JIT with MAP_FIXED, MAP_SHARED or without MAP_ANON
  SecondMapJitRegion,        // a second MAP_JIT region with com.apple.security.cs.single-jit
  MapJitWithoutEntitlement,  // MAP_JIT under the hardened runtime without allow-jit (EPERM)
  ExecWithoutMapJit,         // executable memory that is not MAP_JIT, under the hardened runtime
  NestedWriteWindow,         // a write window opened inside another on the same thread
  PublishBeforeInvalidate,   // code handed out while written bytes were not invalidated
  RunBeforeInvalidate,       // code run while written bytes were not invalidated
  CallbackApiMissing,        // pthread_jit_write_with_callback_np before macOS 11.4
  MadviseOutsideRegion,      // madvise of memory that is not a whole-page part of a region
};
const char* rule_name(Rule r);

struct Config {
  apple::Cpu cpu = apple::Cpu::Arm64;
  int macos_major = 14, macos_minor = 0;
  bool hardened_runtime = true;
  bool allow_jit = true;            // com.apple.security.cs.allow-jit
  bool jit_write_allowlist = true;  // com.apple.security.cs.jit-write-allowlist
  bool single_jit = false;          // com.apple.security.cs.single-jit
  // Crash with the rule's name like the real system does (whole-engine runs), or refuse the
  // call and record the violation (unit tests that show the model bites).
  bool abort_on_violation = false;
};
// Options separated by commas: intel, macos=MAJOR.MINOR, no-hardened-runtime, no-allow-jit,
// no-allowlist, single-jit, record. Returns false (and why) on an unknown option.
bool parse_config(const std::string& text, Config* out, std::string* error);

// What happened, for the checks at the end of a run. Kept in shared memory, so the counts of
// forked children (the spec runner isolates every script in one) reach the parent.
struct Stats {
  uint64_t regions = 0;              // MAP_JIT mappings made
  uint64_t windows_allowlisted = 0;  // write windows opened with an allow-listed callback
  uint64_t windows_unchecked = 0;    // callback windows without the allow-list entitlement
  uint64_t windows_toggle = 0;       // write windows opened with pthread_jit_write_protect_np
  uint64_t pages_written = 0;        // page writes that changed bytes (one per page per window)
  uint64_t pages_invalidated = 0;    // of those, invalidated afterwards
  uint64_t pages_discarded = 0;      // of those, decommitted or unmapped before invalidation
  uint64_t invalidations = 0;        // sys_icache_invalidate calls
  uint64_t publishes = 0;            // ranges handed out as code
  uint64_t publishes_clean = 0;      // of those, with every written byte invalidated
  uint64_t mprotects = 0, madvises = 0;
  uint64_t violations = 0;  // rules broken (refusals of entitlements not counted)
  uint64_t refusals = 0;    // calls refused for a missing entitlement
};

class Model final : public apple::System {
 public:
  explicit Model(const Config& config);
  ~Model() override;  // unmaps every region still mapped
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

  apple::Cpu cpu() const override { return config_.cpu; }
  size_t page_size() const override;
  void* mmap(void* addr, size_t len, int prot, int flags, int* err) override;
  int munmap(void* p, size_t len) override;
  int mprotect(void* p, size_t len, int prot) override;
  int madvise(void* p, size_t len, apple::Advice advice) override;
  bool write_with_callback_available() override;
  int write_with_callback(apple::JitWriteCallback cb, void* ctx) override;
  void write_protect(bool enabled) override;
  void icache_invalidate(void* p, size_t len) override;
  void will_publish(const void* p, size_t len) override;

  const Config& config() const { return config_; }
  Stats stats() const;
  // "rule: detail" for every violation and refusal so far, in order (this process only).
  std::vector<std::string> violations() const;
  // Whether `p` lies in one of this model's MAP_JIT regions.
  bool in_region(const void* p) const;

  struct Impl;

 private:
  void end_window();  // closes this thread's window and learns what it wrote

  Config config_;
  Impl* impl_;
};

// The image's allow-list, as PTHREAD_JIT_WRITE_ALLOW_CALLBACKS_NP builds it: process-wide, every
// list added once (NULL-terminated). wasmrun_jit_write_callback is on it in builds with the model.
void allow_callbacks(const apple::JitWriteCallback* list);
bool is_allowlisted(apple::JitWriteCallback cb);

// The process's one model (Apple's limits, like single-jit, are per process), configured from
// WASMRUN_APPLE_MODEL and crashing on violations like the real system. Made on first use; its
// statistics are printed and checked when the process that made it exits (see engine_mode.cpp).
Model& process_model();

// Checks a run's statistics: no violation, every write window through an allow-listed callback
// (or the toggle where the config says the callback API is missing), every written page
// invalidated before any code was handed out. Returns the failures, empty when all hold.
std::vector<std::string> check_run(const Config& config, const Stats& s);
std::string format_stats(const Stats& s);

}  // namespace wasmrun::rt::apple_model
