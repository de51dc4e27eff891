// 64-bit memories (memory64) through the public API in every tier and bounds mode: i64 addresses
// at and past 4 GiB trap instead of wrapping to 32 bits, address + offset carrying out of 64 bits
// traps, memory.grow fails with an i64 -1, bulk memory checks 64-bit ranges, a memory larger than
// 4 GiB when the engine's limit allows it, import type checks and the feature switch.
#include <gtest/gtest.h>

#include <algorithm>

#include "engine/api/api_test_util.h"
#include "engine/core/test_module_builder.h"

namespace wasmrun {
namespace {

constexpr uint64_t k4G = uint64_t{1} << 32;

using testing::u64;

// A 64-bit memory of `pages` pages (limits flag 0x04) exporting two loads whose offsets do not
// fit 32 bits, which wabt's text format cannot write: "high" is i64.load offset=2^64-16 and
// "at4g" i32.load8_u offset=2^32.
testing::Bytes high_offset_module(uint64_t pages) {
  using namespace testing;
  const Bytes memory = section(5, cat({u32(1), {0x04}, u64(pages)}));
  const Bytes exports =
      section(7, vec({cat({name("high"), {0x00}, u32(0)}), cat({name("at4g"), {0x00}, u32(1)})}));
  return module_with_funcs(
      {func_type({0x7e}, {0x7e}), func_type({0x7e}, {0x7f})},
      {testing::Func{0, {0x00}, cat({{0x20, 0x00, 0x29, 0x03}, u64(~uint64_t{15}), {0x0b}})},
       testing::Func{1, {0x00}, cat({{0x20, 0x00, 0x2d, 0x00}, u64(k4G), {0x0b}})}},
      {memory, exports});
}

class Memory64Test : public ::testing::TestWithParam<testing::TierCase> {
 protected:
  void SetUp() override { start(testing::config_of(GetParam())); }

  void start(const EngineConfig& config) {
    engine_ = std::make_unique<Engine>(config);
    ASSERT_EQ(engine_->effective_tier(), GetParam().tier) << engine_->jit_unavailable_reason();
    store_ = std::make_unique<Store>(*engine_);
  }

  Instance instantiate(const Module& m, std::vector<Extern> imports = {}) {
    auto inst = Instance::create(*store_, m, imports);
    EXPECT_TRUE(inst) << inst.error().message;
    return inst.value();
  }

  Instance instantiate(const char* name, std::vector<Extern> imports = {}) {
    auto m = testing::compile(*engine_, name);
    EXPECT_TRUE(m);
    return instantiate(*m, std::move(imports));
  }

  static CallResult call(const Instance& inst, const char* name, std::vector<Value> args) {
    auto f = inst.get_func(name);
    EXPECT_TRUE(f) << name;
    return f->call(args);
  }
  static Value result(const Instance& inst, const char* name, std::vector<Value> args) {
    auto r = testing::results_of(call(inst, name, std::move(args)));
    return r.empty() ? Value::i64(-12345) : r[0];
  }
  static void expect_oob(const Instance& inst, const char* name, std::vector<Value> args) {
    auto trap = testing::trap_of(call(inst, name, std::move(args)));
    ASSERT_TRUE(trap) << name << " did not trap";
    EXPECT_EQ(trap->kind, TrapKind::MemoryOutOfBounds) << name;
  }

  std::unique_ptr<Engine> engine_;
  std::unique_ptr<Store> store_;
};

// A 32-bit address computation would take 2^32 + 0x100 for 0x100 and read the data byte.
TEST_P(Memory64Test, AddressesAt4GiBTrapInsteadOfWrapping) {
  Instance inst = instantiate("memory64");
  EXPECT_EQ(result(inst, "load8", {Value::i64(0x100)}).i32(), 42);
  expect_oob(inst, "load8", {Value::i64(static_cast<int64_t>(k4G + 0x100))});
  expect_oob(inst, "store8", {Value::i64(static_cast<int64_t>(k4G)), Value::i32(7)});
  expect_oob(inst, "load64", {Value::i64(-1)});
  expect_oob(inst, "store64", {Value::i64(int64_t{1} << 62), Value::i64(1)});
  expect_oob(inst, "v128_load", {Value::i64(static_cast<int64_t>(k4G))});
  expect_oob(inst, "v128_load_lane", {Value::i64(static_cast<int64_t>(k4G + 0x100))});
  // The last bytes of the page are still reachable, one past them is not.
  EXPECT_TRUE(
      testing::results_of(call(inst, "store64", {Value::i64(65536 - 8), Value::i64(9)})).empty());
  EXPECT_EQ(result(inst, "load64", {Value::i64(65536 - 8)}).i64(), 9);
  expect_oob(inst, "load64", {Value::i64(65536 - 7)});
  EXPECT_EQ(result(inst, "load8", {Value::i64(0)}).i32(), 0);  // nothing wrapped to address 0
}

// address + offset carries out of 64 bits: 0x20 + (2^64 - 16) would wrap to 0x10.
TEST_P(Memory64Test, AddressPlusOffsetOverflowTraps) {
  auto m = Module::compile(*engine_, high_offset_module(1));
  ASSERT_TRUE(m) << m.error().message;
  Instance inst = instantiate(m.value());
  expect_oob(inst, "high", {Value::i64(0x20)});
  expect_oob(inst, "high", {Value::i64(0)});
  expect_oob(inst, "at4g", {Value::i64(0)});
  expect_oob(inst, "at4g", {Value::i64(-1)});
}

TEST_P(Memory64Test, SizeAndGrowAreI64) {
  Instance inst = instantiate("memory64");
  EXPECT_EQ(result(inst, "size", {}).i64(), 1);
  EXPECT_EQ(result(inst, "grow", {Value::i64(2)}).i64(), 1);
  EXPECT_EQ(result(inst, "size", {}).i64(), 3);
  // Past the maximum (70000), and deltas that do not fit 32 bits: -1 as an i64, not 2^32 - 1.
  EXPECT_EQ(result(inst, "grow", {Value::i64(70000)}).i64(), -1);
  EXPECT_EQ(result(inst, "grow", {Value::i64(static_cast<int64_t>(k4G + 1))}).i64(), -1);
  EXPECT_EQ(result(inst, "grow", {Value::i64(-1)}).i64(), -1);
  EXPECT_EQ(result(inst, "size", {}).i64(), 3);
  expect_oob(inst, "load8", {Value::i64(3 * 65536)});
  EXPECT_EQ(result(inst, "load8", {Value::i64(3 * 65536 - 1)}).i32(), 0);
}

TEST_P(Memory64Test, BulkMemoryChecksSixtyFourBitRanges) {
  Instance inst = instantiate("memory64");
  auto no_trap = [&](const char* name, std::vector<Value> args) {
    EXPECT_FALSE(testing::trap_of(call(inst, name, std::move(args)))) << name;
  };
  no_trap("fill", {Value::i64(0x200), Value::i32(5), Value::i64(16)});
  EXPECT_EQ(result(inst, "load8", {Value::i64(0x20f)}).i32(), 5);
  no_trap("copy", {Value::i64(0x300), Value::i64(0x200), Value::i64(16)});
  EXPECT_EQ(result(inst, "load8", {Value::i64(0x30f)}).i32(), 5);
  // Destinations past 4 GiB, and ranges whose end wraps around 2^64.
  expect_oob(inst, "fill", {Value::i64(static_cast<int64_t>(k4G)), Value::i32(1), Value::i64(1)});
  expect_oob(inst, "fill", {Value::i64(16), Value::i32(1), Value::i64(-8)});
  expect_oob(inst, "copy", {Value::i64(0), Value::i64(static_cast<int64_t>(k4G)), Value::i64(1)});
  expect_oob(inst, "copy", {Value::i64(16), Value::i64(0), Value::i64(-8)});
  EXPECT_EQ(result(inst, "load8", {Value::i64(16)}).i32(), 0);  // nothing was written
}

// With the engine's limit raised past 65536 pages, a 64-bit memory grows past 4 GiB and the bytes
// at 4 GiB + n are distinct from those at n.
TEST_P(Memory64Test, MemoryLargerThan4GiB) {
  EngineConfig config = testing::config_of(GetParam());
  config.max_memory_pages = 65536 + 16;
  start(config);
  Instance inst = instantiate("memory64");
  EXPECT_EQ(result(inst, "grow", {Value::i64(65536)}).i64(), 1);
  EXPECT_EQ(result(inst, "grow", {Value::i64(16)}).i64(), -1);  // the engine's limit
  const auto past = static_cast<int64_t>(k4G + 0x100);
  EXPECT_FALSE(testing::trap_of(call(inst, "store8", {Value::i64(past), Value::i32(99)})));
  EXPECT_EQ(result(inst, "load8", {Value::i64(past)}).i32(), 99);
  EXPECT_EQ(result(inst, "load8", {Value::i64(0x100)}).i32(), 42);
  // A memory declared with 65537 pages: the offset 2^32 reaches its last page.
  auto m = Module::compile(*engine_, high_offset_module(65537));
  ASSERT_TRUE(m) << m.error().message;
  Instance high = instantiate(m.value());
  EXPECT_EQ(result(high, "at4g", {Value::i64(65535)}).i32(), 0);
  expect_oob(high, "at4g", {Value::i64(65536)});
}

// Imports match only memories of the same address type; a 64-bit memory made through the API
// links to a 64-bit import.
TEST_P(Memory64Test, ImportsCheckTheAddressType) {
  MemoryType t64;
  t64.limits.min = 1;
  t64.is64 = true;
  auto mem64 = Memory::create(*store_, t64);
  ASSERT_TRUE(mem64) << mem64.error().message;
  EXPECT_TRUE(mem64->type().is64);
  mem64->data()[5] = 17;
  auto m32 = testing::compile(*engine_, "memory32_import");
  ASSERT_TRUE(m32);
  auto bad = Instance::create(*store_, *m32, std::vector<Extern>{mem64.value()});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, Error::Kind::Link);
  EXPECT_NE(bad.error().message.find("expected a 32-bit memory"), std::string::npos)
      << bad.error().message;

  Instance inst = instantiate("memory64_import", {mem64.value()});
  EXPECT_EQ(result(inst, "load8", {Value::i64(5)}).i32(), 17);
  expect_oob(inst, "load8", {Value::i64(static_cast<int64_t>(k4G + 5))});

  auto mem32 = Memory::create(*store_, MemoryType{Limits{1, std::nullopt}});
  ASSERT_TRUE(mem32);
  auto m64 = testing::compile(*engine_, "memory64_import");
  ASSERT_TRUE(m64);
  auto bad64 = Instance::create(*store_, *m64, std::vector<Extern>{mem32.value()});
  ASSERT_FALSE(bad64);
  EXPECT_NE(bad64.error().message.find("expected a 64-bit memory"), std::string::npos)
      << bad64.error().message;

  // The exported memory reports its type and i64-sized page counts.
  Instance exporter = instantiate("memory64");
  auto exported = exporter.get_export("mem");
  ASSERT_TRUE(exported);
  Memory& mem = std::get<Memory>(*exported);
  EXPECT_TRUE(mem.type().is64);
  EXPECT_EQ(mem.type().limits.max, std::optional<uint64_t>(70000));
  EXPECT_EQ(mem.grow(1), std::optional<uint64_t>(1));
  EXPECT_EQ(mem.pages(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Tiers, Memory64Test, ::testing::ValuesIn(testing::tier_cases()),
                         [](const auto& info) { return std::string(info.param.name); });

// With the feature off, a module declaring a 64-bit memory (defined or imported) is invalid and
// the message names the feature; 64-bit offsets are refused on a 32-bit memory either way.
TEST(Memory64Feature, DisabledFeatureFailsValidation) {
  Features off;
  ASSERT_TRUE(set_feature(off, "memory64", false));
  for (const char* name : {"memory64", "memory64_import"}) {
    auto bytes = testing::wasm_bytes(name);
    EXPECT_FALSE(Module::validate(bytes)) << name;
    auto err = Module::validate(bytes, kDefaultMaxModuleBytes, off);
    ASSERT_TRUE(err) << name;
    EXPECT_EQ(err->kind, Error::Kind::Invalid);
    EXPECT_NE(err->message.find("64-bit memories are disabled (feature memory64)"),
              std::string::npos)
        << err->message;
  }
  EXPECT_FALSE(Module::validate(high_offset_module(1)));
  // The same loads on a 32-bit memory: their offsets do not fit its u32 memarg.
  testing::Bytes on32 = high_offset_module(1);
  const testing::Bytes memory64_section = {0x05, 0x03, 0x01, 0x04, 0x01};
  auto at = std::search(on32.begin(), on32.end(), memory64_section.begin(), memory64_section.end());
  ASSERT_NE(at, on32.end());
  at[3] = 0x00;
  EXPECT_TRUE(Module::validate(on32));
}

TEST(Memory64Feature, LimitsAreValidatedAsSixtyFourBit) {
  using namespace testing;
  auto memory_module = [](uint8_t flags, uint64_t min) {
    return module({section(5, cat({u32(1), {flags}, u64(min)}))});
  };
  EXPECT_FALSE(Module::validate(memory_module(0x04, uint64_t{1} << 48)));
  EXPECT_TRUE(Module::validate(memory_module(0x04, (uint64_t{1} << 48) + 1)));
  EXPECT_TRUE(Module::validate(memory_module(0x00, 65537)));
  EXPECT_FALSE(Module::validate(memory_module(0x00, 65536)));
}

}  // namespace
}  // namespace wasmrun
