// The real Apple backend logic (apple_jit_logic.cpp) over the model never breaks a rule: code
// runs, released ranges are reused, threads publish concurrently, and the model's statistics show
// every write inside an allow-listed window (or the toggle before macOS 11.4) and every written
// page invalidated before it was published.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "runtime/code/apple_jit_logic.h"
#include "runtime/code/apple_model/model.h"
#include "runtime/code/asmjit_code.h"
#include "runtime/code/test_code.h"

namespace wasmrun::rt::apple_model {
namespace {

using test::ConstFn;

struct Variant {
  const char* name;
  const char* options;
};

// Small regions keep the tests quick; one variant uses the real size.
constexpr size_t kTestRegion = size_t{16} << 20;

class AppleLogicOverModel : public ::testing::TestWithParam<Variant> {
 protected:
  void SetUp() override {
    if (!test::have_test_assembler()) GTEST_SKIP() << "no test assembler for this architecture";
    std::string error;
    ASSERT_TRUE(parse_config(GetParam().options, &config_, &error)) << error;
    model_ = std::make_shared<Model>(config_);
    alloc_ = config_.cpu == apple::Cpu::Arm64 ? make_apple_region_allocator(model_, kTestRegion)
                                              : make_apple_mprotect_allocator(model_);
    ASSERT_EQ(probe_code_memory(*alloc_), std::nullopt);
  }

  void TearDown() override {
    if (!model_) return;
    EXPECT_TRUE(model_->violations().empty()) << model_->violations().front();
    Stats s = model_->stats();
    std::vector<std::string> bad = check_run(config_, s);
    EXPECT_TRUE(bad.empty()) << bad.front() << "\n" << format_stats(s);
    if (config_.cpu == apple::Cpu::Arm64) {
      // Every write of the allocator was one window of the expected kind.
      EXPECT_EQ(s.windows_allowlisted + s.windows_unchecked + s.windows_toggle,
                alloc_->stats().writes)
          << format_stats(s);
    }
    EXPECT_EQ(s.publishes, alloc_->stats().publishes);
  }

  Config config_;
  std::shared_ptr<Model> model_;
  std::shared_ptr<SystemCodeAllocator> alloc_;
};

template <class Fn>
Fn entry(const PublishedCode& pc, size_t i) {
  return reinterpret_cast<Fn>(const_cast<void*>(pc.entries[i].p));
}

TEST_P(AppleLogicOverModel, RunsPublishedFunctions) {
  asmjit::CodeHolder c1, c2, c3;
  ASSERT_TRUE(test::emit_const(c1, 42));
  ASSERT_TRUE(test::emit_add(c2));
  ASSERT_TRUE(test::emit_call_twice(c3));
  asmjit::CodeHolder* holders[] = {&c1, &c2, &c3};
  PublishedCode pc;
  std::string error;
  ASSERT_TRUE(publish_code_holders(alloc_, holders, &pc, &error)) << error;
  EXPECT_TRUE(model_->in_region(pc.entries[0].p));
  EXPECT_EQ(entry<ConstFn>(pc, 0)(), 42);
  EXPECT_EQ(entry<test::BinaryFn>(pc, 1)(40, 2), 42);
  EXPECT_EQ(entry<test::UnaryFn>(pc, 2)(21), 42);
  Stats s = model_->stats();
  EXPECT_GE(s.pages_written, 1u);  // the model saw the code arrive
  EXPECT_EQ(s.pages_written, s.pages_invalidated);
}

TEST_P(AppleLogicOverModel, ReleasedRangesAreReusedAndStillRun) {
  std::vector<PublishedCode> kept;
  std::vector<const void*> freed;
  for (int m = 0; m < 40; ++m) {
    auto holders = test::make_const_holders(3, m * 3);
    auto ptrs = test::raw(holders);
    PublishedCode pc;
    std::string error;
    ASSERT_TRUE(publish_code_holders(alloc_, ptrs, &pc, &error)) << error;
    for (int i = 0; i < 3; ++i) ASSERT_EQ(entry<ConstFn>(pc, i)(), m * 3 + i);
    if (m % 2) {
      freed.push_back(pc.block->exec().p);
    } else {
      kept.push_back(std::move(pc));
    }
  }
  // New code lands in a released range (each release was reused by the next module, first fit),
  // and old code still runs.
  auto holders = test::make_const_holders(2, 900);
  auto ptrs = test::raw(holders);
  PublishedCode pc;
  std::string error;
  ASSERT_TRUE(publish_code_holders(alloc_, ptrs, &pc, &error)) << error;
  EXPECT_EQ(entry<ConstFn>(pc, 1)(), 901);
  if (config_.cpu == apple::Cpu::Arm64) {
    EXPECT_NE(std::find(freed.begin(), freed.end(), pc.block->exec().p), freed.end());
    EXPECT_EQ(model_->stats().regions, 1u);
    EXPECT_GT(model_->stats().madvises, 40u);
  }
  for (size_t m = 0; m < kept.size(); ++m) EXPECT_EQ(entry<ConstFn>(kept[m], 0)(), int(m * 6));
}

TEST_P(AppleLogicOverModel, ThreadsPublishAndRunConcurrently) {
  constexpr int kThreads = 4, kModules = 20, kFunctions = 4;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::vector<PublishedCode> modules;
      for (int m = 0; m < kModules; ++m) {
        int32_t base = (t * kModules + m) * kFunctions;
        auto holders = test::make_const_holders(kFunctions, base);
        auto ptrs = test::raw(holders);
        PublishedCode pc;
        std::string error;
        if (!publish_code_holders(alloc_, ptrs, &pc, &error)) {
          ++failures;
          continue;
        }
        for (int i = 0; i < kFunctions; ++i) {
          if (entry<ConstFn>(pc, i)() != base + i) ++failures;
        }
        if (m % 2 == 0) modules.push_back(std::move(pc));
      }
    });
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST_P(AppleLogicOverModel, AThousandFunctionsAreOneWindow) {
  auto holders = test::make_const_holders(1000, 5000);
  auto ptrs = test::raw(holders);
  Stats before = model_->stats();
  PublishedCode pc;
  std::string error;
  ASSERT_TRUE(publish_code_holders(alloc_, ptrs, &pc, &error)) << error;
  Stats after = model_->stats();
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(entry<ConstFn>(pc, i)(), 5000 + i) << i;
  if (config_.cpu == apple::Cpu::Arm64) {
    EXPECT_EQ(after.windows_allowlisted + after.windows_unchecked + after.windows_toggle -
                  before.windows_allowlisted - before.windows_unchecked - before.windows_toggle,
              1u);
    EXPECT_EQ(after.regions, before.regions);
  } else {
    EXPECT_EQ(after.mprotects - before.mprotects, 1u);
  }
  EXPECT_EQ(after.invalidations - before.invalidations, 1u);
}

INSTANTIATE_TEST_SUITE_P(
    Configs, AppleLogicOverModel,
    ::testing::Values(Variant{"AppleSiliconAllowList", "arm64,macos=14.0"},
                      Variant{"AppleSiliconNoAllowList", "arm64,macos=12.0,no-allowlist"},
                      Variant{"AppleSiliconToggleMacos11_0", "arm64,macos=11.0,no-allowlist"},
                      Variant{"AppleSiliconSingleJit", "arm64,single-jit"},
                      Variant{"Intel", "intel,macos=13.0"}),
    [](const ::testing::TestParamInfo<Variant>& info) { return info.param.name; });

// The default region size, as the engine uses it.
TEST(AppleLogicOverModelDefaults, FullSizeRegionWorks) {
  if (!test::have_test_assembler()) GTEST_SKIP() << "no test assembler for this architecture";
  auto model = std::make_shared<Model>(Config{});
  auto alloc = make_apple_region_allocator(model);
  asmjit::CodeHolder c;
  ASSERT_TRUE(test::emit_const(c, 11));
  asmjit::CodeHolder* holders[] = {&c};
  PublishedCode pc;
  std::string error;
  ASSERT_TRUE(publish_code_holders(alloc, holders, &pc, &error)) << error;
  EXPECT_EQ(entry<ConstFn>(pc, 0)(), 11);
  EXPECT_TRUE(model->violations().empty());
}

// Intel's backend maps a region per module, so a host with single-jit cannot use it: the model
// says so as the real system would, and the backend reports the refusal instead of crashing.
TEST(AppleLogicOverModelDefaults, IntelBackendAndSingleJitDoNotMix) {
  Config c;
  std::string error;
  ASSERT_TRUE(parse_config("intel,single-jit", &c, &error));
  auto model = std::make_shared<Model>(c);
  auto alloc = make_apple_mprotect_allocator(model);
  CodeReserveResult first = alloc->reserve(100);
  ASSERT_TRUE(first.status.ok) << first.status.reason;
  CodeReserveResult second = alloc->reserve(100);
  EXPECT_FALSE(second.status.ok);
  EXPECT_NE(second.status.reason.find("mmap with MAP_JIT failed"), std::string::npos);
  alloc->release(first.reservation);
}

}  // namespace
}  // namespace wasmrun::rt::apple_model
