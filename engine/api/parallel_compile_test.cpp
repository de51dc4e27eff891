// EngineConfig::compile_threads: a module large enough to be validated and compiled on several
// threads gives the same code, the same behaviour and the same first error as on one thread.
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/api/api_test_util.h"
#include "engine/core/parallel.h"
#include "engine/core/test_module_builder.h"
#include "wasmrun/wasmrun.hpp"

namespace wasmrun {
namespace {

using testing::append_u32;
using testing::Bytes;
using testing::section;

// `count` functions of type (i32) -> i32; function k returns x * (k + 1) + k, or calls the next
// function on it (every tenth), so calls cross between functions compiled on different threads.
// Functions listed in `ill_typed` end with an i64 on the stack instead. Export "f" is function 0.
Bytes many_functions(uint32_t count, const std::vector<uint32_t>& ill_typed = {}) {
  Bytes types{0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f};
  Bytes funcs;
  append_u32(funcs, count);
  for (uint32_t k = 0; k < count; ++k) funcs.push_back(0x00);
  Bytes exports{0x01, 0x01, 'f', 0x00, 0x00};
  Bytes code;
  append_u32(code, count);
  for (uint32_t k = 0; k < count; ++k) {
    Bytes body{0x00, 0x20, 0x00, 0x41};  // no locals; local.get 0; i32.const k + 1
    append_u32(body, (k + 1) & 0x3f);
    body.insert(body.end(), {0x6c, 0x41});  // i32.mul; i32.const k
    append_u32(body, k & 0x3f);
    body.push_back(0x6a);  // i32.add
    if (k % 10 == 0 && k + 1 < count) {
      body.push_back(0x10);  // call k + 1
      append_u32(body, k + 1);
    }
    for (uint32_t bad : ill_typed) {
      if (bad == k) body.insert(body.end(), {0x1a, 0x42, 0x00});  // drop; i64.const 0
    }
    body.push_back(0x0b);
    append_u32(code, static_cast<uint32_t>(body.size()));
    code.insert(code.end(), body.begin(), body.end());
  }
  return testing::module(
      {section(1, types), section(3, funcs), section(7, exports), section(10, code)});
}

EngineConfig config_with(const testing::TierCase& c, uint32_t threads) {
  EngineConfig config = testing::config_of(c);
  config.compile_threads = threads;
  return config;
}

class ParallelCompile : public ::testing::TestWithParam<testing::TierCase> {};

TEST_P(ParallelCompile, SameCodeAndResultsOnAnyNumberOfThreads) {
  const Bytes bytes = many_functions(40'000);
  ASSERT_GT(bytes.size(), 256u * 1024);  // far above the size where threads start
  std::vector<uint8_t> first_code;
  for (uint32_t threads : {1u, 2u, 5u}) {
    Engine engine(config_with(GetParam(), threads));
    auto m = Module::compile(engine, bytes);
    ASSERT_TRUE(m) << m.error().message;
    auto code = m->serialize();
    ASSERT_TRUE(code) << code.error().message;
    if (threads == 1) {
      first_code = code.value();
    } else {
      EXPECT_EQ(code.value(), first_code) << threads << " threads";
    }
    Store store(engine);
    auto inst = Instance::create(store, m.value(), {});
    ASSERT_TRUE(inst) << inst.error().message;
    auto f = inst->get_func("f");
    ASSERT_TRUE(f);
    const std::vector<Value> args = {Value::i32(7)};
    CallResult r = f->call(args);
    ASSERT_TRUE(std::holds_alternative<std::vector<Value>>(r));
    // f0(7) = f1(7 * 1 + 0) = 7 * 2 + 1 = 15
    EXPECT_EQ(std::get<std::vector<Value>>(r)[0].i32(), 15);
  }
}

TEST_P(ParallelCompile, FirstInvalidFunctionIsReportedOnAnyNumberOfThreads) {
  const Bytes bytes = many_functions(40'000, {31'000, 12'345, 39'999});
  std::string first;
  for (uint32_t threads : {1u, 2u, 7u}) {
    Engine engine(config_with(GetParam(), threads));
    auto m = Module::compile(engine, bytes);
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().kind, Error::Kind::Invalid);
    const std::string text = m.error().message + " @" + std::to_string(m.error().offset);
    if (threads == 1) {
      first = text;
    } else {
      EXPECT_EQ(text, first) << threads << " threads";
    }
  }
  // The error is function 12345's: the validator says which instruction, at its offset.
  EXPECT_NE(first.find("type mismatch"), std::string::npos) << first;
}

INSTANTIATE_TEST_SUITE_P(Tiers, ParallelCompile, ::testing::ValuesIn(testing::tier_cases()),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(ForEachInParallel, EveryIndexOnceWhateverTheThreads) {
  for (unsigned threads : {0u, 1u, 2u, 3u, 16u}) {
    for (size_t n : {size_t{0}, size_t{1}, size_t{17}, size_t{1000}}) {
      std::vector<std::atomic<int>> seen(n);
      std::atomic<unsigned> max_worker{0};
      for_each_in_parallel(n, threads, [&](unsigned worker, size_t i) {
        seen[i].fetch_add(1);
        unsigned m = max_worker.load();
        while (worker > m && !max_worker.compare_exchange_weak(m, worker)) {
        }
      });
      for (size_t i = 0; i < n; ++i) EXPECT_EQ(seen[i].load(), 1) << i;
      EXPECT_LT(max_worker.load(), std::max(threads, 1u));
    }
  }
}

TEST(ForEachInParallel, AnExceptionReachesTheCaller) {
  EXPECT_THROW(for_each_in_parallel(1000, 4,
                                    [](unsigned, size_t i) {
                                      if (i == 500) throw std::runtime_error("item 500");
                                    }),
               std::runtime_error);
}

}  // namespace
}  // namespace wasmrun
