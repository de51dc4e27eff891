// The model bites: for every rule of Apple's JIT memory discipline, a deliberately wrong sequence
// of calls is refused with the rule's name or ends the process with it, and the right sequence
// next to it passes.
#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "runtime/code/apple_jit_logic.h"
#include "runtime/code/apple_model/model.h"
#include "runtime/code/code_memory.h"

namespace wasmrun::rt::apple_model {
namespace {

using apple::kMapAnon;
using apple::kMapFixed;
using apple::kMapJit;
using apple::kMapPrivate;
using apple::kMapShared;
using apple::kProtExec;
using apple::kProtRead;
using apple::kProtWrite;

constexpr int kRwx = kProtRead | kProtWrite | kProtExec;
constexpr int kJitFlags = kMapPrivate | kMapAnon | kMapJit;
constexpr size_t kRegion = 16 << 16;

// int32_t f() { return 7; } for this machine.
#if defined(__x86_64__)
const uint8_t kReturn7[] = {0xB8, 0x07, 0x00, 0x00, 0x00, 0xC3};
#elif defined(__aarch64__)
const uint8_t kReturn7[] = {0xE0, 0x00, 0x80, 0x52, 0xC0, 0x03, 0x5F, 0xD6};
#endif

// Writes kReturn7 (or one byte) at the address given; one allow-listed, one not.
int listed_write(void* ctx) {
#if defined(__x86_64__) || defined(__aarch64__)
  std::memcpy(ctx, kReturn7, sizeof kReturn7);
#else
  *static_cast<uint8_t*>(ctx) = 0xAB;
#endif
  return 0;
}
int unlisted_write(void* ctx) {
  *static_cast<uint8_t*>(ctx) = 0xAB;
  return 0;
}
const apple::JitWriteCallback kTestAllowList[] = {listed_write, nullptr};
const bool g_listed = (allow_callbacks(kTestAllowList), true);

Config arm64(const std::string& options = "") {
  Config c;
  c.cpu = apple::Cpu::Arm64;
  std::string error;
  EXPECT_TRUE(parse_config(options, &c, &error)) << error;
  return c;
}

bool broke(const Model& m, Rule r) {
  for (const std::string& v : m.violations()) {
    if (v.rfind(rule_name(r), 0) == 0) return true;
  }
  return false;
}

class ModelRules : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(g_listed); }
  void* map_region(Model& m, size_t len = kRegion) {
    int err = 0;
    void* p = m.mmap(nullptr, len, kRwx, kJitFlags, &err);
    EXPECT_NE(p, nullptr) << std::strerror(err);
    return p;
  }
};

TEST_F(ModelRules, ParsesItsOptions) {
  Config c;
  std::string error;
  ASSERT_TRUE(parse_config("intel,macos=11.2,no-allow-jit,no-allowlist,single-jit", &c, &error));
  EXPECT_EQ(c.cpu, apple::Cpu::X86_64);
  EXPECT_EQ(c.macos_major, 11);
  EXPECT_EQ(c.macos_minor, 2);
  EXPECT_FALSE(c.allow_jit);
  EXPECT_FALSE(c.jit_write_allowlist);
  EXPECT_TRUE(c.single_jit);
  EXPECT_FALSE(parse_config("allow-everything", &c, &error));
  EXPECT_NE(error.find("allow-everything"), std::string::npos);
}

TEST_F(ModelRules, WriteOutsideAWindowKillsTheProcess) {
  Model m(arm64());
  auto* p = static_cast<volatile uint8_t*>(map_region(m));
  ASSERT_TRUE(p);
  EXPECT_DEATH({ *p = 1; }, "rule broken: write to MAP_JIT memory outside a write window");
  // Inside an allow-listed window the same store goes through, and afterwards it faults again.
  EXPECT_EQ(m.write_with_callback(listed_write, const_cast<uint8_t*>(p)), 0);
  EXPECT_EQ(p[0], kReturn7[0]);
  EXPECT_DEATH({ p[1] = 1; }, "rule broken: write to MAP_JIT memory outside a write window");
  EXPECT_TRUE(m.violations().empty());
}

TEST_F(ModelRules, IntelWriteAfterMprotectToExecuteKillsTheProcess) {
  Model m(arm64("intel"));
  int err = 0;
  size_t page = m.page_size();
  auto* p = static_cast<uint8_t*>(m.mmap(nullptr, page, kProtRead | kProtWrite, kJitFlags, &err));
  ASSERT_TRUE(p) << std::strerror(err);
  p[0] = 0x90;  // read-write: fine
  ASSERT_EQ(m.mprotect(p, page, kProtRead | kProtExec), 0);
  EXPECT_DEATH({ *static_cast<volatile uint8_t*>(p) = 1; },
               "rule broken: write to MAP_JIT memory outside a write window");
  EXPECT_EQ(m.stats().pages_written, 1u);
}

TEST_F(ModelRules, CallbackNotOnTheAllowListIsRefused) {
  Model m(arm64());
  auto* p = static_cast<uint8_t*>(map_region(m));
  EXPECT_EQ(m.write_with_callback(unlisted_write, p), -1);
  EXPECT_TRUE(broke(m, Rule::CallbackNotAllowListed));
  EXPECT_EQ(m.stats().windows_allowlisted, 0u);
  // Without the allow-list entitlement nothing is checked.
  Model open(arm64("no-allowlist"));
  auto* q = static_cast<uint8_t*>(map_region(open));
  EXPECT_EQ(open.write_with_callback(unlisted_write, q), 0);
  EXPECT_EQ(q[0], 0xAB);
  EXPECT_TRUE(open.violations().empty());
  EXPECT_EQ(open.stats().windows_unchecked, 1u);
}

TEST_F(ModelRules, CallbackNotOnTheAllowListCrashesWhenStrict) {
  Config c = arm64();
  c.abort_on_violation = true;
  Model m(c);
  auto* p = static_cast<uint8_t*>(map_region(m));
  EXPECT_DEATH(m.write_with_callback(unlisted_write, p), "callback not in the allow-list");
}

TEST_F(ModelRules, ToggleUnderTheAllowListIsRefused) {
  Model m(arm64());
  m.write_protect(false);
  EXPECT_TRUE(broke(m, Rule::ToggleWithAllowList));
  EXPECT_EQ(m.stats().windows_toggle, 0u);
  Model open(arm64("no-allowlist"));
  open.write_protect(false);
  open.write_protect(true);
  EXPECT_TRUE(open.violations().empty());
  EXPECT_EQ(open.stats().windows_toggle, 1u);
}

TEST_F(ModelRules, MprotectOfMapJitMemoryIsRefusedOnAppleSilicon) {
  Model m(arm64());
  auto* p = static_cast<uint8_t*>(map_region(m));
  EXPECT_EQ(m.mprotect(p, kRegion, kProtRead | kProtExec), EACCES);
  EXPECT_TRUE(broke(m, Rule::MprotectMapJit));
}

TEST_F(ModelRules, MprotectOfPartOfARegionIsRefused) {
  Model m(arm64("intel"));
  size_t page = m.page_size();
  int err = 0;
  auto* p =
      static_cast<uint8_t*>(m.mmap(nullptr, 4 * page, kProtRead | kProtWrite, kJitFlags, &err));
  ASSERT_TRUE(p);
  EXPECT_EQ(m.mprotect(p + page, page, kProtRead | kProtExec), EINVAL);
  EXPECT_TRUE(broke(m, Rule::MprotectPartOfRegion));
  EXPECT_EQ(m.mprotect(p, 4 * page, kProtRead | kProtExec), 0);
}

TEST_F(ModelRules, MunmapOfPartOfARegionIsRefused) {
  Model m(arm64());
  auto* p = static_cast<uint8_t*>(map_region(m));
  EXPECT_EQ(m.munmap(p + m.page_size(), m.page_size()), EINVAL);
  EXPECT_TRUE(broke(m, Rule::MunmapPartOfRegion));
  EXPECT_TRUE(m.in_region(p));
  EXPECT_EQ(m.munmap(p, kRegion), 0);
  EXPECT_FALSE(m.in_region(p));
}

TEST_F(ModelRules, MapJitWithFixedSharedOrFileIsRefused) {
  Model m(arm64());
  void* hint = map_region(m);
  ASSERT_EQ(m.munmap(hint, kRegion), 0);
  int err = 0;
  EXPECT_EQ(m.mmap(hint, kRegion, kRwx, kJitFlags | kMapFixed, &err), nullptr);
  EXPECT_EQ(err, EINVAL);
  EXPECT_EQ(m.mmap(nullptr, kRegion, kRwx, kMapShared | kMapAnon | kMapJit, &err), nullptr);
  EXPECT_EQ(m.mmap(nullptr, kRegion, kRwx, kMapPrivate | kMapJit, &err), nullptr);
  EXPECT_EQ(m.violations().size(), 3u);
  EXPECT_TRUE(broke(m, Rule::MapJitFlags));
  EXPECT_EQ(m.stats().regions, 1u);
}

TEST_F(ModelRules, SecondRegionUnderSingleJitIsRefused) {
  Model m(arm64("single-jit"));
  void* first = map_region(m);
  ASSERT_TRUE(first);
  int err = 0;
  EXPECT_EQ(m.mmap(nullptr, kRegion, kRwx, kJitFlags, &err), nullptr);
  EXPECT_TRUE(broke(m, Rule::SecondMapJitRegion));
  Model many(arm64());
  EXPECT_TRUE(map_region(many));
  EXPECT_TRUE(map_region(many));
  EXPECT_TRUE(many.violations().empty());
}

TEST_F(ModelRules, MapJitWithoutAllowJitIsEpermAndTheBackendSaysWhy) {
  auto m = std::make_shared<Model>(arm64("no-allow-jit"));
  int err = 0;
  EXPECT_EQ(m->mmap(nullptr, kRegion, kRwx, kJitFlags, &err), nullptr);
  EXPECT_EQ(err, EPERM);
  EXPECT_TRUE(broke(*m, Rule::MapJitWithoutEntitlement));
  EXPECT_EQ(m->stats().violations, 0u);  // a refusal, not a bug
  // The real backend logic turns it into the reason the engine shows when it falls back.
  auto alloc = make_apple_region_allocator(m, kRegion);
  std::optional<std::string> refused = probe_code_memory(*alloc);
  ASSERT_TRUE(refused);
  EXPECT_NE(refused->find("Operation not permitted"), std::string::npos) << *refused;
  EXPECT_NE(refused->find("com.apple.security.cs.allow-jit"), std::string::npos) << *refused;
  // Without the hardened runtime, MAP_JIT needs no entitlement.
  Model plain(arm64("no-allow-jit,no-hardened-runtime"));
  EXPECT_TRUE(map_region(plain));
}

TEST_F(ModelRules, ExecutableMemoryWithoutMapJitIsRefused) {
  Model m(arm64());
  int err = 0;
  EXPECT_EQ(m.mmap(nullptr, 4096, kProtRead | kProtExec, kMapPrivate | kMapAnon, &err), nullptr);
  EXPECT_EQ(err, EACCES);
  void* data = m.mmap(nullptr, 4096, kProtRead | kProtWrite, kMapPrivate | kMapAnon, &err);
  ASSERT_TRUE(data);
  EXPECT_EQ(m.mprotect(data, 4096, kProtRead | kProtExec), EACCES);
  EXPECT_TRUE(broke(m, Rule::ExecWithoutMapJit));
  EXPECT_EQ(m.munmap(data, 4096), 0);
}

Model* g_nesting_model = nullptr;
int nesting_write(void* ctx) {
  // The inner call must be refused; the outer window stays open for this write.
  int inner = g_nesting_model->write_with_callback(listed_write, ctx);
  *static_cast<uint8_t*>(ctx) = 0xCD;
  return inner == -1 ? 0 : 1;
}
const apple::JitWriteCallback kNestingList[] = {nesting_write, nullptr};

TEST_F(ModelRules, NestedWriteWindowsAreRefused) {
  allow_callbacks(kNestingList);
  Model m(arm64());
  g_nesting_model = &m;
  auto* p = static_cast<uint8_t*>(map_region(m));
  EXPECT_EQ(m.write_with_callback(nesting_write, p), 0);
  EXPECT_TRUE(broke(m, Rule::NestedWriteWindow));
  EXPECT_EQ(p[0], 0xCD);
  // The toggle too.
  Model t(arm64("no-allowlist,macos=11.0"));
  t.write_protect(false);
  t.write_protect(false);
  EXPECT_TRUE(broke(t, Rule::NestedWriteWindow));
  t.write_protect(true);
}

TEST_F(ModelRules, PublishingBeforeInvalidationIsRefused) {
  Model m(arm64());
  auto* p = static_cast<uint8_t*>(map_region(m));
  ASSERT_EQ(m.write_with_callback(listed_write, p), 0);
  m.will_publish(p, m.page_size());
  EXPECT_TRUE(broke(m, Rule::PublishBeforeInvalidate));
  // An invalidation that misses the written bytes does not count.
  m.icache_invalidate(p + 64, 64);
  m.will_publish(p, m.page_size());
  EXPECT_EQ(m.stats().publishes_clean, 0u);
  m.icache_invalidate(p, sizeof kReturn7);
  m.will_publish(p, m.page_size());
  Stats s = m.stats();
  EXPECT_EQ(s.publishes, 3u);
  EXPECT_EQ(s.publishes_clean, 1u);
  EXPECT_EQ(s.pages_written, 1u);
  EXPECT_EQ(s.pages_invalidated, 1u);
}

#if defined(__x86_64__) || defined(__aarch64__)
TEST_F(ModelRules, RunningBeforeInvalidationKillsTheProcess) {
  Model m(arm64());
  auto* p = static_cast<uint8_t*>(map_region(m));
  ASSERT_EQ(m.write_with_callback(listed_write, p), 0);
  using Fn = int32_t (*)();
  auto fn = reinterpret_cast<Fn>(p);
  EXPECT_DEATH(fn(), "rule broken: code run before sys_icache_invalidate covered its last write");
  m.icache_invalidate(p, sizeof kReturn7);
  EXPECT_EQ(fn(), 7);
  EXPECT_TRUE(m.violations().empty());
}
#endif

TEST_F(ModelRules, TheCallbackApiIsMissingBeforeMacos11_4) {
  Model m(arm64("macos=11.3,no-allowlist"));
  EXPECT_FALSE(m.write_with_callback_available());
  auto* p = static_cast<uint8_t*>(map_region(m));
  EXPECT_EQ(m.write_with_callback(listed_write, p), -1);
  EXPECT_TRUE(broke(m, Rule::CallbackApiMissing));
  Model now(arm64("macos=11.4"));
  EXPECT_TRUE(now.write_with_callback_available());
}

TEST_F(ModelRules, MadviseOutsideWholePagesOfARegionIsRefused) {
  Model m(arm64());
  auto* p = static_cast<uint8_t*>(map_region(m));
  EXPECT_EQ(m.madvise(p + 1, m.page_size(), apple::Advice::FreeReusable), EINVAL);
  EXPECT_EQ(m.madvise(p, kRegion + m.page_size(), apple::Advice::FreeReusable), EINVAL);
  EXPECT_TRUE(broke(m, Rule::MadviseOutsideRegion));
  EXPECT_EQ(m.madvise(p, m.page_size(), apple::Advice::FreeReusable), 0);
}

}  // namespace
}  // namespace wasmrun::rt::apple_model
