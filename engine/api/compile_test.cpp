#include <gtest/gtest.h>

#include <algorithm>

#include "engine/api/api_test_util.h"
#include "runtime/code/code_memory.h"
#include "wasmrun/code_allocator.hpp"

namespace wasmrun {
namespace {

const std::vector<uint8_t> kEmpty = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};

// A function declared to return i32 whose body is just `end`: well-formed but ill-typed.
const std::vector<uint8_t> kIllTyped = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,  // header
    0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f,        // type section: [] -> [i32]
    0x03, 0x02, 0x01, 0x00,                          // function section
    0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b,              // code section: no locals, end
};

TEST(Compile, EmptyModuleCompiles) {
  Engine engine;
  auto m = Module::compile(engine, kEmpty);
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_TRUE(m->imports().empty());
  EXPECT_TRUE(m->exports().empty());
  EXPECT_FALSE(Module::validate(kEmpty).has_value());
}

TEST(Compile, BadMagicIsMalformed) {
  Engine engine;
  std::vector<uint8_t> bytes = {0x00, 0x61, 0x73, 0x6e, 0x01, 0x00, 0x00, 0x00};
  auto m = Module::compile(engine, bytes);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().kind, Error::Kind::Malformed);
  EXPECT_FALSE(m.error().message.empty());
  auto v = Module::validate(bytes);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->kind, Error::Kind::Malformed);
}

TEST(Compile, TruncatedIsMalformed) {
  Engine engine;
  std::vector<uint8_t> bytes(kIllTyped.begin(), kIllTyped.end() - 2);
  auto m = Module::compile(engine, bytes);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().kind, Error::Kind::Malformed);
}

TEST(Compile, TypeErrorIsInvalid) {
  Engine engine;
  auto m = Module::compile(engine, kIllTyped);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().kind, Error::Kind::Invalid);
  EXPECT_GT(m.error().offset, 0u);
  auto v = Module::validate(kIllTyped);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->kind, Error::Kind::Invalid);
}

TEST(Compile, ImportsAndExportsCarryTypes) {
  Engine engine;
  auto m = testing::compile(engine, "imports");
  ASSERT_TRUE(m);
  auto imports = m->imports();
  ASSERT_EQ(imports.size(), 4u);
  EXPECT_EQ(imports[0].module, "env");
  EXPECT_EQ(imports[0].name, "f");
  EXPECT_EQ(imports[0].kind, ExternKind::Func);
  EXPECT_EQ(imports[0].func, (FuncType{{ValType::I32}, {ValType::I32}}));
  EXPECT_EQ(imports[1].kind, ExternKind::Table);
  EXPECT_EQ(imports[1].table.limits, (Limits{2, 4}));
  EXPECT_EQ(imports[2].kind, ExternKind::Memory);
  EXPECT_EQ(imports[2].memory.limits, (Limits{1, 2}));
  EXPECT_EQ(imports[3].kind, ExternKind::Global);
  EXPECT_EQ(imports[3].global.type, ValType::I32);
  EXPECT_TRUE(imports[3].global.is_mutable);

  auto exports = m->exports();
  ASSERT_EQ(exports.size(), 7u);
  EXPECT_EQ(exports[0].name, "call_f");
  EXPECT_EQ(exports[0].kind, ExternKind::Func);
  EXPECT_EQ(exports[0].func, (FuncType{{ValType::I32}, {ValType::I32}}));
}

TEST(Compile, ExportDescriptionsOfEveryKind) {
  Engine engine;
  auto m = testing::compile(engine, "exporter");
  ASSERT_TRUE(m);
  bool table = false, memory = false, global = false;
  for (const auto& e : m->exports()) {
    if (e.name == "tab") {
      table = true;
      EXPECT_EQ(e.kind, ExternKind::Table);
      EXPECT_EQ(e.table.limits.min, 10u);
    } else if (e.name == "mem") {
      memory = true;
      EXPECT_EQ(e.memory.limits, (Limits{1, 3}));
    } else if (e.name == "const") {
      global = true;
      EXPECT_EQ(e.global.type, ValType::I64);
      EXPECT_FALSE(e.global.is_mutable);
    }
  }
  EXPECT_TRUE(table && memory && global);
}

#if WASMRUN_HAS_JIT

// Refuses every reservation, as a sandbox without executable memory would.
class RefusingAllocator : public CodeAllocator {
 public:
  static constexpr const char* kReason = "the test allocator refuses";
  CodeReserveResult reserve(size_t) override { return {CodeStatus::failure(kReason), {}}; }
  CodeStatus write(const CodeReservation&, CodeWriteFn, void*) override {
    return CodeStatus::failure(kReason);
  }
  CodeStatus publish(const CodeReservation&) override { return CodeStatus::failure(kReason); }
  void release(const CodeReservation&) override {}
};

// Passes everything to a private mprotect backend and counts the calls, so the test can tell
// that the engine used this allocator and no other.
class CountingAllocator : public CodeAllocator {
 public:
  explicit CountingAllocator(std::shared_ptr<CodeAllocator> inner) : inner_(std::move(inner)) {}
  CodeReserveResult reserve(size_t size) override {
    ++reserves;
    return inner_->reserve(size);
  }
  CodeStatus write(const CodeReservation& r, CodeWriteFn fn, void* user) override {
    ++writes;
    return inner_->write(r, fn, user);
  }
  CodeStatus publish(const CodeReservation& r) override {
    ++publishes;
    return inner_->publish(r);
  }
  void release(const CodeReservation& r) override {
    ++releases;
    inner_->release(r);
  }
  int reserves = 0, writes = 0, publishes = 0, releases = 0;

 private:
  std::shared_ptr<CodeAllocator> inner_;
};

TEST(Tier, AutoUsesJit) {
  EngineConfig config;
  config.tier = Tier::Auto;
  Engine engine(config);
  EXPECT_EQ(engine.effective_tier(), Tier::Jit) << engine.jit_unavailable_reason();
  EXPECT_EQ(engine.jit_unavailable_reason(), "");
  EXPECT_TRUE(Module::compile(engine, kEmpty));
}

// (memory 1) (func (param i32) (result i32) (i32.load (local.get 0)))
const std::vector<uint8_t> kLoad = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,  // header
    0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f,  // type section: [i32] -> [i32]
    0x03, 0x02, 0x01, 0x00,                          // function section
    0x05, 0x03, 0x01, 0x00, 0x01,                    // memory section: 1 page
    0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x28, 0x02, 0x00, 0x0b,  // local.get 0, i32.load
};

// The listing is of the code that runs: with guard pages the access has no bounds check, so it
// is shorter than with explicit checks.
TEST(Tier, ListingFollowsBoundsMode) {
  auto lines = [](BoundsChecks mode) {
    EngineConfig config;
    config.tier = Tier::Jit;
    config.bounds_checks = mode;
    Engine engine(config);
    auto m = Module::compile(engine, kLoad);
    EXPECT_TRUE(m) << m.error().message;
    if (!m) return size_t{0};
    auto listings = m->jit_listings();
    EXPECT_TRUE(listings) << listings.error().message;
    if (!listings || listings->size() != 1) return size_t{0};
    const std::string& text = listings.value()[0].listing;
    return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
  };
  size_t guard = lines(BoundsChecks::GuardPages);
  size_t exp = lines(BoundsChecks::Explicit);
  EXPECT_GT(guard, 0u);
  EXPECT_LT(guard, exp);
}

TEST(Tier, AutoFallsBackWhenAllocatorRefuses) {
  EngineConfig config;
  config.tier = Tier::Auto;
  config.code_allocator = std::make_shared<RefusingAllocator>();
  Engine engine(config);
  EXPECT_EQ(engine.effective_tier(), Tier::Interp);
  EXPECT_NE(engine.jit_unavailable_reason().find(RefusingAllocator::kReason), std::string::npos)
      << engine.jit_unavailable_reason();
  // The interpreter runs the module.
  auto m = testing::compile(engine, "exporter");
  ASSERT_TRUE(m);
  Store store(engine);
  EXPECT_TRUE(Instance::create(store, *m, {}));
}

TEST(Tier, JitOnlyRefusesToCompileWhenAllocatorRefuses) {
  EngineConfig config;
  config.tier = Tier::Jit;
  config.code_allocator = std::make_shared<RefusingAllocator>();
  Engine engine(config);
  EXPECT_NE(engine.effective_tier(), Tier::Jit);
  auto m = Module::compile(engine, kEmpty);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().message, engine.jit_unavailable_reason());
  EXPECT_NE(m.error().message.find(RefusingAllocator::kReason), std::string::npos);
}

TEST(Tier, CustomAllocatorReceivesEveryCodeAllocation) {
  std::string error;
  std::shared_ptr<CodeAllocator> inner = rt::make_mprotect_code_allocator(&error);
  ASSERT_TRUE(inner) << error;
  auto counting = std::make_shared<CountingAllocator>(inner);
  std::shared_ptr<rt::SystemCodeAllocator> system = rt::system_code_allocator();
  uint64_t system_reserves = system ? system->stats().reserves : 0;
  {
    EngineConfig config;
    config.tier = Tier::Jit;
    config.code_allocator = counting;
    Engine engine(config);
    ASSERT_EQ(engine.effective_tier(), Tier::Jit) << engine.jit_unavailable_reason();
    int after_probe = counting->reserves;
    auto m = testing::compile(engine, "exporter");
    ASSERT_TRUE(m);
    EXPECT_GT(counting->reserves, after_probe);
    EXPECT_GT(counting->publishes, 0);
    Store store(engine);
    auto inst = Instance::create(store, *m, {});
    ASSERT_TRUE(inst) << inst.error().message;
    auto f = inst->get_func("double");
    ASSERT_TRUE(f);
    auto r = testing::results_of(f->call(std::vector<Value>{Value::i32(21)}));
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].i32(), 42);
  }
  // Everything reserved went back once the engine, module and store were gone, and the
  // platform's own allocator was never asked.
  EXPECT_EQ(counting->releases, counting->reserves);
  if (system) {
    EXPECT_EQ(system->stats().reserves, system_reserves);
  }
}

#else

TEST(Tier, AutoFallsBackToInterpreter) {
  EngineConfig config;
  config.tier = Tier::Auto;
  Engine engine(config);
  EXPECT_EQ(engine.effective_tier(), Tier::Interp);
  EXPECT_FALSE(engine.jit_unavailable_reason().empty());
  EXPECT_TRUE(Module::compile(engine, kEmpty));
}

TEST(Tier, JitOnlyRefusesToCompile) {
  EngineConfig config;
  config.tier = Tier::Jit;
  Engine engine(config);
  auto m = Module::compile(engine, kEmpty);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().message, engine.jit_unavailable_reason());
  EXPECT_FALSE(engine.jit_unavailable_reason().empty());
}

#endif

// One default for both APIs: Auto, which runs the JIT where the build has one (the C API's
// default engine is checked in engine/capi/test/runtime_test.cpp).
TEST(Tier, DefaultIsAuto) {
  EXPECT_EQ(EngineConfig{}.tier, Tier::Auto);
  Engine engine;
  EXPECT_EQ(engine.effective_tier(), WASMRUN_HAS_JIT ? Tier::Jit : Tier::Interp)
      << engine.jit_unavailable_reason();
}

TEST(Version, IsSet) { EXPECT_STRNE(version(), ""); }

}  // namespace
}  // namespace wasmrun
