// The model of Apple's JIT memory rules. See model.h for what it does and docs/macos.md for what
// it cannot show.
#include "runtime/code/apple_model/model.h"

#include <signal.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace wasmrun::rt::apple_model {

const char* rule_name(Rule r) {
  switch (r) {
    case Rule::WriteOutsideWindow: return "write to MAP_JIT memory outside a write window";
    case Rule::CallbackNotAllowListed:
      return "JIT write callback not in the allow-list (jit-write-allowlist)";
    case Rule::ToggleWithAllowList:
      return "pthread_jit_write_protect_np called under the jit-write-allowlist entitlement";
    case Rule::MprotectMapJit:
      return "mprotect of MAP_JIT memory (refused on Apple silicon since macOS 11.2)";
    case Rule::MprotectPartOfRegion: return "mprotect of part of a MAP_JIT region";
    case Rule::MunmapPartOfRegion: return "munmap of part of a MAP_JIT region";
    case Rule::MapJitFlags: return "MAP_JIT with MAP_FIXED, MAP_SHARED or a file mapping";
    case Rule::SecondMapJitRegion: return "a second MAP_JIT region under single-jit";
    case Rule::MapJitWithoutEntitlement:
      return "MAP_JIT without com.apple.security.cs.allow-jit under the hardened runtime";
    case Rule::ExecWithoutMapJit:
      return "executable memory without MAP_JIT under the hardened runtime";
    case Rule::NestedWriteWindow: return "nested JIT write windows on one thread";
    case Rule::PublishBeforeInvalidate:
      return "code published before sys_icache_invalidate covered its last write";
    case Rule::RunBeforeInvalidate:
      return "code run before sys_icache_invalidate covered its last write";
    case Rule::CallbackApiMissing:
      return "pthread_jit_write_with_callback_np used before macOS 11.4";
    case Rule::MadviseOutsideRegion: return "madvise outside whole pages of a MAP_JIT region";
  }
  return "unknown rule";
}

bool parse_config(const std::string& text, Config* out, std::string* error) {
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find(',', pos);
    if (end == std::string::npos) end = text.size();
    std::string opt = text.substr(pos, end - pos);
    pos = end + 1;
    if (opt.empty()) continue;
    if (opt == "intel") {
      out->cpu = apple::Cpu::X86_64;
    } else if (opt == "arm64") {
      out->cpu = apple::Cpu::Arm64;
    } else if (opt.rfind("macos=", 0) == 0) {
      int major = 0, minor = 0;
      if (std::sscanf(opt.c_str() + 6, "%d.%d", &major, &minor) < 1) {
        *error = "bad macOS version in '" + opt + "'";
        return false;
      }
      out->macos_major = major;
      out->macos_minor = minor;
    } else if (opt == "no-hardened-runtime") {
      out->hardened_runtime = false;
    } else if (opt == "no-allow-jit") {
      out->allow_jit = false;
    } else if (opt == "no-allowlist") {
      out->jit_write_allowlist = false;
    } else if (opt == "single-jit") {
      out->single_jit = true;
    } else if (opt == "record") {
      out->abort_on_violation = false;
    } else {
      *error = "unknown option '" + opt + "'";
      return false;
    }
  }
  return true;
}

namespace {

// ---- State shared with the fault handler: fixed arrays, atomics and one spin lock ----

// Guards every region's page states. The fault handler takes it too; no code holding it ever
// touches a page that could fault.
std::atomic_flag g_lock = ATOMIC_FLAG_INIT;
struct Locked {
  Locked() {
    while (g_lock.test_and_set(std::memory_order_acquire)) {
    }
  }
  ~Locked() { g_lock.clear(std::memory_order_release); }
};

struct PageState {
  bool tracked;       // being written: snapshot taken, page read-write
  const void* owner;  // the thread whose window tracks it
  uint32_t lo, hi;    // bytes written and not yet invalidated, [lo, hi) within the page
};

struct Region {
  Model* model;
  Model::Impl* impl;
  uint8_t* base;
  size_t len;
  size_t page;
  int logical;       // the protection asked for (Intel: follows mprotect)
  PageState* pages;  // len / page entries, mmapped
  uint8_t* shadow;   // snapshots of tracked pages, same layout as the region
};

constexpr size_t kMaxRegions = 256;
std::atomic<Region*> g_regions[kMaxRegions];

// The image's allow-list.
constexpr size_t kMaxAllowed = 64;
std::atomic<apple::JitWriteCallback> g_allowed[kMaxAllowed];

// This thread's write window.
thread_local int t_window_depth = 0;
thread_local bool t_window_toggle = false;
thread_local const Model* t_window_model = nullptr;
thread_local char t_token;

struct sigaction g_previous_segv, g_previous_bus;

Region* region_at(const void* p) {
  auto a = reinterpret_cast<uintptr_t>(p);
  for (auto& slot : g_regions) {
    Region* r = slot.load(std::memory_order_acquire);
    if (r && a >= reinterpret_cast<uintptr_t>(r->base) &&
        a < reinterpret_cast<uintptr_t>(r->base) + r->len) {
      return r;
    }
  }
  return nullptr;
}

// Async-signal-safe output for the fault path.
void say(const char* s) {
  ssize_t unused = ::write(2, s, std::strlen(s));
  (void)unused;
}
void say_hex(uintptr_t v) {
  char buf[19] = "0x";
  for (int i = 0; i < 16; ++i) buf[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 0xF];
  buf[18] = 0;
  say(buf);
}

[[noreturn]] void die(Rule rule, const void* where) {
  say("apple-jit-model: rule broken: ");
  say(rule_name(rule));
  say(" at ");
  say_hex(reinterpret_cast<uintptr_t>(where));
  say("\n");
  signal(SIGABRT, SIG_DFL);
  abort();
}

uintptr_t pc_of(void* uc) {
  auto* u = static_cast<ucontext_t*>(uc);
#if defined(__x86_64__)
  return static_cast<uintptr_t>(u->uc_mcontext.gregs[REG_RIP]);
#elif defined(__aarch64__)
  return static_cast<uintptr_t>(u->uc_mcontext.pc);
#else
  (void)u;
  return 0;
#endif
}

int phys_prot(const Region& r, const PageState& ps, apple::Cpu cpu) {
  if (ps.tracked) return PROT_READ | PROT_WRITE;
  if (ps.lo != ps.hi) return PROT_READ;  // written, not yet invalidated: cannot run
  if (cpu == apple::Cpu::Arm64) return PROT_READ | PROT_EXEC;
  // Intel: writes fault so that the model sees them; execution follows mprotect.
  int p = (r.logical & (apple::kProtRead | apple::kProtWrite)) ? PROT_READ : 0;
  if (r.logical & apple::kProtExec) p |= PROT_EXEC;
  return p;
}

}  // namespace

struct Model::Impl {
  Stats* stats;  // shared memory
  std::vector<std::string> log;
  std::vector<Region*> regions;
};

namespace {

void count(uint64_t Stats::*field, Model::Impl* impl) {
  reinterpret_cast<std::atomic<uint64_t>*>(&(impl->stats->*field))
      ->fetch_add(1, std::memory_order_relaxed);
}

void set_page_prot(Region& r, size_t i, apple::Cpu cpu) {
  ::mprotect(r.base + i * r.page, r.page, phys_prot(r, r.pages[i], cpu));
}

// A tracked page's window is over: learn which bytes changed.
void finish_page(Region& r, size_t i, apple::Cpu cpu) {
  PageState& ps = r.pages[i];
  if (!ps.tracked) return;
  const uint8_t* now = r.base + i * r.page;
  uint8_t* before = r.shadow + i * r.page;
  size_t lo = 0, hi = r.page;
  while (lo < r.page && now[lo] == before[lo]) ++lo;
  if (lo < r.page) {
    while (hi > lo && now[hi - 1] == before[hi - 1]) --hi;
    if (ps.lo == ps.hi) {
      ps.lo = static_cast<uint32_t>(lo);
      ps.hi = static_cast<uint32_t>(hi);
    } else {
      ps.lo = std::min<uint32_t>(ps.lo, static_cast<uint32_t>(lo));
      ps.hi = std::max<uint32_t>(ps.hi, static_cast<uint32_t>(hi));
    }
    count(&Stats::pages_written, r.impl);
  }
  ps.tracked = false;
  ps.owner = nullptr;
  ::madvise(before, r.page, MADV_DONTNEED);
  set_page_prot(r, i, cpu);
}

// Written bytes that never reached the instruction cache and never will.
void discard_page(Region& r, size_t i, apple::Cpu cpu) {
  finish_page(r, i, cpu);
  PageState& ps = r.pages[i];
  if (ps.lo != ps.hi) count(&Stats::pages_discarded, r.impl);
  ps.lo = ps.hi = 0;
}

void on_fault(int sig, siginfo_t* info, void* uc);

void chain(int sig, siginfo_t* info, void* uc) {
  struct sigaction& prev = sig == SIGSEGV ? g_previous_segv : g_previous_bus;
  if (prev.sa_flags & SA_SIGINFO) {
    if (prev.sa_sigaction) prev.sa_sigaction(sig, info, uc);
    return;
  }
  if (prev.sa_handler == SIG_IGN) return;
  if (prev.sa_handler == SIG_DFL) {
    sigaction(sig, &prev, nullptr);
    raise(sig);
    return;
  }
  prev.sa_handler(sig);
}

void on_fault(int sig, siginfo_t* info, void* uc) {
  void* addr = info->si_addr;
  Region* r = region_at(addr);
  if (r == nullptr) {
    chain(sig, info, uc);
    return;
  }
  Locked lock;
  size_t i = (static_cast<uint8_t*>(addr) - r->base) / r->page;
  PageState& ps = r->pages[i];
  apple::Cpu cpu = r->model->cpu();
  uintptr_t pc = pc_of(uc);
  auto a = reinterpret_cast<uintptr_t>(addr);
  bool fetch = pc != 0 && a >= pc && a - pc < 16;
  if (fetch) {
    if (ps.tracked || ps.lo != ps.hi) die(Rule::RunBeforeInvalidate, addr);
    say("apple-jit-model: ran MAP_JIT memory that is not executable\n");
    die(Rule::RunBeforeInvalidate, addr);
  }
  bool may_write = cpu == apple::Cpu::Arm64 ? (t_window_depth > 0 && t_window_model == r->model)
                                            : (r->logical & apple::kProtWrite) != 0;
  if (!may_write || ps.tracked) die(Rule::WriteOutsideWindow, addr);
  // First write of this window to the page: remember it as it was, then let the write through.
  std::memcpy(r->shadow + i * r->page, r->base + i * r->page, r->page);
  ps.tracked = true;
  ps.owner = &t_token;
  set_page_prot(*r, i, cpu);
}

bool install_handler() {
  static const bool ok = [] {
    struct sigaction sa = {};
    sa.sa_sigaction = &on_fault;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    return sigaction(SIGSEGV, &sa, &g_previous_segv) == 0 &&
           sigaction(SIGBUS, &sa, &g_previous_bus) == 0;
  }();
  return ok;
}

void* map_anon(size_t len, int prot) {
  void* p = ::mmap(nullptr, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return p == MAP_FAILED ? nullptr : p;
}

int linux_prot(int p) {
  return ((p & apple::kProtRead) ? PROT_READ : 0) | ((p & apple::kProtWrite) ? PROT_WRITE : 0) |
         ((p & apple::kProtExec) ? PROT_EXEC : 0);
}

}  // namespace

Model::Model(const Config& config) : config_(config), impl_(new Impl) {
  void* s =
      ::mmap(nullptr, sizeof(Stats), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  impl_->stats = s == MAP_FAILED ? new Stats : new (s) Stats;
  install_handler();
}

Model::~Model() {
  std::vector<Region*> left = impl_->regions;
  for (Region* r : left) munmap(r->base, r->len);
  delete impl_;  // the shared statistics page stays: children may still report into it
}

size_t Model::page_size() const {
  static const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  return page;
}

Stats Model::stats() const {
  Stats out;
  const auto* words = reinterpret_cast<const std::atomic<uint64_t>*>(impl_->stats);
  auto* dst = reinterpret_cast<uint64_t*>(&out);
  for (size_t k = 0; k < sizeof(Stats) / sizeof(uint64_t); ++k) {
    dst[k] = words[k].load(std::memory_order_relaxed);
  }
  return out;
}

std::vector<std::string> Model::violations() const {
  Locked lock;
  return impl_->log;
}

bool Model::in_region(const void* p) const {
  Region* r = region_at(p);
  return r != nullptr && r->model == this;
}

namespace {

// Records a broken rule; crashes like the real system when so configured. Called without the
// lock held.
void violate(Model& m, Model::Impl* impl, Rule rule, const std::string& detail) {
  {
    Locked lock;
    impl->log.push_back(std::string(rule_name(rule)) + ": " + detail);
  }
  if (rule == Rule::MapJitWithoutEntitlement) {
    count(&Stats::refusals, impl);
    return;  // what the hardened runtime does; the caller must cope, not crash
  }
  count(&Stats::violations, impl);
  if (m.config().abort_on_violation) {
    std::fprintf(stderr, "apple-jit-model: rule broken: %s: %s\n", rule_name(rule), detail.c_str());
    std::fflush(stderr);
    signal(SIGABRT, SIG_DFL);
    abort();
  }
}

std::string hex(const void* p) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%p", p);
  return buf;
}

}  // namespace

void* Model::mmap(void* addr, size_t len, int prot, int flags, int* err) {
  if (!(flags & apple::kMapJit)) {
    if ((prot & apple::kProtExec) && config_.hardened_runtime) {
      violate(*this, impl_, Rule::ExecWithoutMapJit, "mmap of " + std::to_string(len) + " bytes");
      *err = EACCES;
      return nullptr;
    }
    void* p = ::mmap(addr, len, linux_prot(prot), MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
      *err = errno;
      return nullptr;
    }
    return p;
  }
  if ((flags & (apple::kMapFixed | apple::kMapShared)) || !(flags & apple::kMapAnon) ||
      !(flags & apple::kMapPrivate)) {
    violate(*this, impl_, Rule::MapJitFlags, "flags " + std::to_string(flags));
    *err = EINVAL;
    return nullptr;
  }
  if (config_.hardened_runtime && !config_.allow_jit) {
    violate(*this, impl_, Rule::MapJitWithoutEntitlement, "mmap refused with EPERM");
    *err = EPERM;
    return nullptr;
  }
  if (config_.single_jit && stats().regions > 0 && !impl_->regions.empty()) {
    violate(*this, impl_, Rule::SecondMapJitRegion, "mmap of " + std::to_string(len) + " bytes");
    *err = ENOMEM;
    return nullptr;
  }
  size_t page = page_size();
  if (len == 0 || len % page != 0) {
    *err = EINVAL;
    return nullptr;
  }
  auto* r = new Region{};
  r->model = this;
  r->impl = impl_;
  r->len = len;
  r->page = page;
  r->logical = prot;
  size_t npages = len / page;
  r->pages = static_cast<PageState*>(map_anon(npages * sizeof(PageState), PROT_READ | PROT_WRITE));
  r->shadow = static_cast<uint8_t*>(map_anon(len, PROT_READ | PROT_WRITE));
  PageState clean{};
  int initial = phys_prot(*r, clean, config_.cpu);
  r->base = static_cast<uint8_t*>(map_anon(len, initial));
  if (!r->pages || !r->shadow || !r->base) {
    if (r->pages) ::munmap(r->pages, npages * sizeof(PageState));
    if (r->shadow) ::munmap(r->shadow, len);
    if (r->base) ::munmap(r->base, len);
    delete r;
    *err = ENOMEM;
    return nullptr;
  }
  {
    Locked lock;
    bool placed = false;
    for (auto& slot : g_regions) {
      Region* expected = nullptr;
      if (slot.compare_exchange_strong(expected, r, std::memory_order_acq_rel)) {
        placed = true;
        break;
      }
    }
    if (placed) impl_->regions.push_back(r);
    if (!placed) r->model = nullptr;
  }
  if (r->model == nullptr) {
    ::munmap(r->base, len);
    ::munmap(r->shadow, len);
    ::munmap(r->pages, npages * sizeof(PageState));
    delete r;
    *err = ENOMEM;
    return nullptr;
  }
  count(&Stats::regions, impl_);
  return r->base;
}

int Model::munmap(void* p, size_t len) {
  Region* r = region_at(p);
  if (r == nullptr) {
    // Something else's memory, unless it overlaps a region from below.
    Region* end_in = len ? region_at(static_cast<uint8_t*>(p) + len - 1) : nullptr;
    if (end_in != nullptr) {
      violate(*this, impl_, Rule::MunmapPartOfRegion, hex(p));
      return EINVAL;
    }
    return ::munmap(p, len) == 0 ? 0 : errno;
  }
  if (p != r->base || len != r->len) {
    violate(*this, impl_, Rule::MunmapPartOfRegion, hex(p) + " + " + std::to_string(len));
    return EINVAL;
  }
  size_t npages = r->len / r->page;
  {
    Locked lock;
    for (size_t i = 0; i < npages; ++i) {
      if (r->pages[i].tracked || r->pages[i].lo != r->pages[i].hi) discard_page(*r, i, cpu());
    }
    for (auto& slot : g_regions) {
      Region* expected = r;
      slot.compare_exchange_strong(expected, nullptr, std::memory_order_acq_rel);
    }
    std::erase(impl_->regions, r);
  }
  ::munmap(r->base, r->len);
  ::munmap(r->shadow, r->len);
  ::munmap(r->pages, npages * sizeof(PageState));
  delete r;
  return 0;
}

int Model::mprotect(void* p, size_t len, int prot) {
  Region* r = region_at(p);
  if (r == nullptr) {
    if ((prot & apple::kProtExec) && config_.hardened_runtime) {
      violate(*this, impl_, Rule::ExecWithoutMapJit, "mprotect of " + hex(p));
      return EACCES;
    }
    return ::mprotect(p, len, linux_prot(prot)) == 0 ? 0 : errno;
  }
  if (config_.cpu == apple::Cpu::Arm64) {
    violate(*this, impl_, Rule::MprotectMapJit, hex(p));
    return EACCES;
  }
  if (p != r->base || len != r->len) {
    violate(*this, impl_, Rule::MprotectPartOfRegion, hex(p) + " + " + std::to_string(len));
    return EINVAL;
  }
  count(&Stats::mprotects, impl_);
  Locked lock;
  size_t npages = r->len / r->page;
  for (size_t i = 0; i < npages; ++i) finish_page(*r, i, cpu());
  r->logical = prot;
  for (size_t i = 0; i < npages; ++i) set_page_prot(*r, i, cpu());
  return 0;
}

int Model::madvise(void* p, size_t len, apple::Advice advice) {
  Region* r = region_at(p);
  auto* b = static_cast<uint8_t*>(p);
  if (r == nullptr || len == 0 || (b - r->base) % r->page != 0 || len % r->page != 0 ||
      b + len > r->base + r->len) {
    violate(*this, impl_, Rule::MadviseOutsideRegion, hex(p) + " + " + std::to_string(len));
    return EINVAL;
  }
  count(&Stats::madvises, impl_);
  if (advice == apple::Advice::FreeReuse) return 0;
  // Decommitted: the contents are gone, and so is any obligation to invalidate them.
  Locked lock;
  size_t first = (b - r->base) / r->page, n = len / r->page;
  for (size_t i = first; i < first + n; ++i) discard_page(*r, i, cpu());
  ::madvise(b, len, MADV_DONTNEED);
  return 0;
}

bool Model::write_with_callback_available() {
  if (config_.cpu != apple::Cpu::Arm64) return false;
  return config_.macos_major > 11 || (config_.macos_major == 11 && config_.macos_minor >= 4);
}

int Model::write_with_callback(apple::JitWriteCallback cb, void* ctx) {
  if (config_.cpu != apple::Cpu::Arm64) return cb(ctx);  // no toggle: simply called
  if (!write_with_callback_available()) {
    violate(
        *this, impl_, Rule::CallbackApiMissing,
        "macOS " + std::to_string(config_.macos_major) + "." + std::to_string(config_.macos_minor));
    return -1;
  }
  if (t_window_depth > 0) {
    violate(*this, impl_, Rule::NestedWriteWindow, "pthread_jit_write_with_callback_np");
    return -1;
  }
  if (config_.jit_write_allowlist && !is_allowlisted(cb)) {
    violate(*this, impl_, Rule::CallbackNotAllowListed, hex(reinterpret_cast<const void*>(cb)));
    return -1;
  }
  count(config_.jit_write_allowlist ? &Stats::windows_allowlisted : &Stats::windows_unchecked,
        impl_);
  t_window_depth = 1;
  t_window_toggle = false;
  t_window_model = this;
  int result = cb(ctx);
  end_window();
  return result;
}

void Model::write_protect(bool enabled) {
  if (config_.cpu != apple::Cpu::Arm64) return;  // no toggle on Intel: does nothing
  if (config_.jit_write_allowlist) {
    violate(*this, impl_, Rule::ToggleWithAllowList, enabled ? "enable" : "disable");
    return;
  }
  if (!enabled) {
    if (t_window_depth > 0) {
      violate(*this, impl_, Rule::NestedWriteWindow, "pthread_jit_write_protect_np(0)");
      return;
    }
    count(&Stats::windows_toggle, impl_);
    t_window_depth = 1;
    t_window_toggle = true;
    t_window_model = this;
    return;
  }
  if (t_window_depth > 0 && t_window_toggle && t_window_model == this) end_window();
}

void Model::end_window() {
  Locked lock;
  for (Region* r : impl_->regions) {
    size_t npages = r->len / r->page;
    for (size_t i = 0; i < npages; ++i) {
      if (r->pages[i].tracked && r->pages[i].owner == &t_token) finish_page(*r, i, cpu());
    }
  }
  t_window_depth = 0;
  t_window_toggle = false;
  t_window_model = nullptr;
}

void Model::icache_invalidate(void* p, size_t len) {
  count(&Stats::invalidations, impl_);
  // Real cache maintenance too: the model runs real code on arm64.
  __builtin___clear_cache(static_cast<char*>(p), static_cast<char*>(p) + len);
  auto a = reinterpret_cast<uintptr_t>(p), b = a + len;
  Locked lock;
  for (Region* r : impl_->regions) {
    auto base = reinterpret_cast<uintptr_t>(r->base);
    if (b <= base || a >= base + r->len) continue;
    size_t first = (std::max(a, base) - base) / r->page;
    size_t last = (std::min(b, base + r->len) - 1 - base) / r->page;
    for (size_t i = first; i <= last; ++i) {
      PageState& ps = r->pages[i];
      if (ps.tracked || ps.lo == ps.hi) continue;  // nothing final to invalidate yet
      uintptr_t lo = base + i * r->page + ps.lo, hi = base + i * r->page + ps.hi;
      if (a <= lo && b >= hi) {
        ps.lo = ps.hi = 0;
        count(&Stats::pages_invalidated, impl_);
        set_page_prot(*r, i, cpu());
      } else if (a <= lo && b > lo) {
        ps.lo = static_cast<uint32_t>(b - (base + i * r->page));
      } else if (a < hi && b >= hi) {
        ps.hi = static_cast<uint32_t>(a - (base + i * r->page));
      }
    }
  }
}

void Model::will_publish(const void* p, size_t len) {
  count(&Stats::publishes, impl_);
  auto a = reinterpret_cast<uintptr_t>(p), b = a + len;
  bool clean = true;
  const void* where = nullptr;
  {
    Locked lock;
    for (Region* r : impl_->regions) {
      auto base = reinterpret_cast<uintptr_t>(r->base);
      if (b <= base || a >= base + r->len) continue;
      size_t first = (std::max(a, base) - base) / r->page;
      size_t last = (std::min(b, base + r->len) - 1 - base) / r->page;
      for (size_t i = first; i <= last && clean; ++i) {
        const PageState& ps = r->pages[i];
        uintptr_t pb = base + i * r->page;
        if (ps.tracked || (ps.lo != ps.hi && pb + ps.lo < b && pb + ps.hi > a)) {
          clean = false;
          where = reinterpret_cast<const void*>(pb + ps.lo);
        }
      }
    }
  }
  if (!clean) {
    violate(*this, impl_, Rule::PublishBeforeInvalidate, hex(where));
    return;
  }
  count(&Stats::publishes_clean, impl_);
}

void allow_callbacks(const apple::JitWriteCallback* list) {
  for (; *list != nullptr; ++list) {
    if (is_allowlisted(*list)) continue;
    for (auto& slot : g_allowed) {
      apple::JitWriteCallback expected = nullptr;
      if (slot.compare_exchange_strong(expected, *list)) break;
    }
  }
}

bool is_allowlisted(apple::JitWriteCallback cb) {
  for (auto& slot : g_allowed) {
    if (slot.load() == cb) return true;
  }
  return false;
}

std::string format_stats(const Stats& s) {
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "regions=%llu windows: allow-listed=%llu unchecked=%llu toggle=%llu | "
                "pages written=%llu invalidated=%llu discarded=%llu | invalidations=%llu | "
                "publishes=%llu clean=%llu | violations=%llu refusals=%llu",
                (unsigned long long)s.regions, (unsigned long long)s.windows_allowlisted,
                (unsigned long long)s.windows_unchecked, (unsigned long long)s.windows_toggle,
                (unsigned long long)s.pages_written, (unsigned long long)s.pages_invalidated,
                (unsigned long long)s.pages_discarded, (unsigned long long)s.invalidations,
                (unsigned long long)s.publishes, (unsigned long long)s.publishes_clean,
                (unsigned long long)s.violations, (unsigned long long)s.refusals);
  return buf;
}

std::vector<std::string> check_run(const Config& c, const Stats& s) {
  std::vector<std::string> bad;
  if (s.violations != 0) bad.push_back(std::to_string(s.violations) + " rules broken");
  if (c.cpu == apple::Cpu::Arm64) {
    bool toggle_expected = c.macos_major < 11 || (c.macos_major == 11 && c.macos_minor < 4);
    uint64_t expected = toggle_expected         ? s.windows_toggle
                        : c.jit_write_allowlist ? s.windows_allowlisted
                                                : s.windows_unchecked;
    uint64_t all = s.windows_allowlisted + s.windows_unchecked + s.windows_toggle;
    if (expected != all) {
      bad.push_back("write windows not all opened the expected way (" +
                    std::string(toggle_expected ? "toggle" : "allow-listed callback") + ")");
    }
  }
  if (s.pages_written != s.pages_invalidated) {
    bad.push_back("written pages not invalidated: " +
                  std::to_string(s.pages_written - s.pages_invalidated));
  }
  if (s.publishes != s.publishes_clean) {
    bad.push_back("code published before invalidation: " +
                  std::to_string(s.publishes - s.publishes_clean));
  }
  return bad;
}

}  // namespace wasmrun::rt::apple_model
