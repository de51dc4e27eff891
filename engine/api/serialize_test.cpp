// The compiled-module cache: Module::serialize and Module::deserialize in every tier, the checks
// that turn away files from another configuration, target or build, and corrupt files.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "engine/api/api_test_util.h"
#include "wasmrun/code_allocator.hpp"
#include "wasmrun/wasmrun.hpp"

namespace wasmrun {
namespace {

using testing::TierCase;

EngineConfig config_of(Tier tier, BoundsChecks bounds = BoundsChecks::Explicit) {
  EngineConfig config;
  config.tier = tier;
  config.bounds_checks = bounds;
  return config;
}

// Every export of testdata/cache.wat called with a few arguments, results (or traps) as text:
// equal texts mean the two modules behave the same.
std::string run_cache_module(const Engine& engine, const Module& m) {
  Store store(engine);
  Func twice = Func::create(store, FuncType{{ValType::I32}, {ValType::I32}},
                            [](std::span<const Value> args, std::span<Value> results) {
                              results[0] = Value::i32(args[0].i32() * 2);
                              return std::optional<Trap>();
                            });
  std::vector<Extern> imports = {twice};
  auto inst = Instance::create(store, m, imports);
  if (!inst) return "instantiate: " + inst.error().message;
  std::string out;
  auto call = [&](const char* name, std::vector<Value> args) {
    auto f = inst->get_func(name);
    if (!f) {
      out += std::string(name) + ": missing\n";
      return;
    }
    CallResult r = f->call(args);
    out += name;
    if (auto* trap = std::get_if<Trap>(&r)) {
      out += ": trap " + std::string(to_string(trap->kind));
      // Where it stands, so loaded code must carry the bytecode offsets too.
      for (const Frame& f : trap->backtrace) {
        out += " at " + std::to_string(f.func_index) + "+" + std::to_string(f.func_offset) + "@" +
               std::to_string(f.module_offset);
        if (f.module_offset == 0) out += " (no offset)";
      }
    } else {
      for (const Value& v : std::get<std::vector<Value>>(r)) out += " " + v.to_string();
    }
    out += "\n";
  };
  call("sum_squares", {Value::i32(1000)});
  call("indirect", {Value::i32(0), Value::i32(5), Value::i32(3)});
  call("indirect", {Value::i32(1), Value::i32(5), Value::i32(3)});
  call("indirect", {Value::i32(3), Value::i32(5), Value::i32(3)});
  call("via_import", {Value::i32(20)});
  call("via_import", {Value::i32(20)});
  call("tables", {});
  call("bulk", {});
  call("float", {Value::f64(10.25)});
  for (int i = 0; i < 4; ++i) call("select", {Value::i32(i)});
  call("trap", {Value::i32(0)});
  call("trap", {Value::i32(1)});
  return out;
}

class CacheTest : public ::testing::TestWithParam<TierCase> {};

TEST_P(CacheTest, LoadedModuleBehavesAsCompiled) {
  Engine engine(config_of(GetParam()));
  ASSERT_EQ(engine.effective_tier(), GetParam().tier) << engine.jit_unavailable_reason();
  auto m = testing::compile(engine, "cache");
  ASSERT_TRUE(m);
  auto blob = m->serialize();
  ASSERT_TRUE(blob) << blob.error().message;
  EXPECT_TRUE(Module::is_serialized(blob.value()));
  EXPECT_FALSE(Module::is_serialized(testing::wasm_bytes("cache")));
  std::string fresh = run_cache_module(engine, *m);
  EXPECT_NE(fresh.find("sum_squares i64:332833500"), std::string::npos) << fresh;
  EXPECT_NE(fresh.find("trap integer divide by zero at "), std::string::npos) << fresh;
  EXPECT_EQ(fresh.find("(no offset)"), std::string::npos) << fresh;
  // Twice, so that the second copy lands at another address than the first.
  auto a = Module::deserialize(engine, blob.value());
  auto b = Module::deserialize(engine, blob.value());
  ASSERT_TRUE(a) << a.error().message;
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ(run_cache_module(engine, a.value()), fresh);
  EXPECT_EQ(run_cache_module(engine, b.value()), fresh);
  // The loaded module describes itself as the compiled one does, and serializes to the same.
  EXPECT_EQ(a->imports().size(), m->imports().size());
  EXPECT_EQ(a->exports().size(), m->exports().size());
  auto again = a->serialize();
  ASSERT_TRUE(again);
  EXPECT_EQ(again.value(), blob.value());
  // An engine of the same configuration loads it too.
  Engine other(config_of(GetParam()));
  auto c = Module::deserialize(other, blob.value());
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(run_cache_module(other, c.value()), fresh);
}

// Every byte of a small file matters: changing any one, or cutting the file anywhere, gives an
// error and never a module or a crash.
TEST_P(CacheTest, EveryCorruptionAndTruncationIsRefused) {
  Engine engine(config_of(GetParam()));
  auto m = testing::compile(engine, "exporter");
  ASSERT_TRUE(m);
  auto blob = m->serialize();
  ASSERT_TRUE(blob) << blob.error().message;
  std::vector<uint8_t> bytes = blob.value();
  ASSERT_TRUE(Module::deserialize(engine, bytes));
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (uint8_t flip : {uint8_t{0x01}, uint8_t{0x80}}) {
      std::vector<uint8_t> bad = bytes;
      bad[i] ^= flip;
      auto r = Module::deserialize(engine, bad);
      ASSERT_FALSE(r) << "byte " << i << " ^ " << int{flip} << " was accepted";
      EXPECT_FALSE(r.error().message.empty());
    }
  }
  for (size_t n = 0; n < bytes.size(); ++n) {
    auto r = Module::deserialize(engine, std::span<const uint8_t>(bytes.data(), n));
    ASSERT_FALSE(r) << "a file cut to " << n << " bytes was accepted";
  }
  std::vector<uint8_t> longer = bytes;
  longer.push_back(0);
  EXPECT_FALSE(Module::deserialize(engine, longer));
  // A wasm binary is not a compiled module.
  auto plain = Module::deserialize(engine, testing::wasm_bytes("exporter"));
  ASSERT_FALSE(plain);
  EXPECT_NE(plain.error().message.find("not a compiled wasmrun module"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Tiers, CacheTest, ::testing::ValuesIn(testing::tier_cases()),
                         [](const auto& info) { return std::string(info.param.name); });

// Where a header field starts in a serialized module: after the magic (8 bytes), the format
// version and a reserved word, then length-prefixed texts.
size_t text_field(const std::vector<uint8_t>& blob, int index) {
  size_t at = 16;
  for (int i = 0; i < index; ++i) {
    uint32_t n = 0;
    std::memcpy(&n, blob.data() + at, 4);
    at += 4 + n;
  }
  return at + 4;
}

std::string load_error(const Engine& engine, const std::vector<uint8_t>& blob) {
  auto r = Module::deserialize(engine, blob);
  return r ? std::string("loaded") : r.error().message;
}

std::vector<uint8_t> serialized(const Engine& engine, const char* name) {
  auto m = testing::compile(engine, name);
  if (!m) return {};
  auto blob = m->serialize();
  EXPECT_TRUE(blob) << blob.error().message;
  return blob ? blob.value() : std::vector<uint8_t>{};
}

TEST(CacheMismatch, VersionArchitectureAndFormatAreNamed) {
  Engine engine(config_of(Tier::Interp));
  std::vector<uint8_t> blob = serialized(engine, "exporter");
  ASSERT_FALSE(blob.empty());

  std::vector<uint8_t> v = blob;
  v[text_field(v, 0)] = '9';  // "0.1.0" -> "9.1.0"
  std::string ours = version();
  std::string other = "9" + ours.substr(1);
  EXPECT_EQ(load_error(engine, v),
            "cannot load compiled module: made by wasmrun " + other + ", this is wasmrun " + ours);

  std::vector<uint8_t> a = blob;
  size_t arch = text_field(a, 1);
  a[arch] = 'z';
  std::string host = std::string(reinterpret_cast<const char*>(&blob[arch]),
                                 reinterpret_cast<const char*>(&blob[text_field(blob, 2) - 4]));
  EXPECT_EQ(load_error(engine, a),
            "cannot load compiled module: compiled for z" + host.substr(1) + ", this is " + host);

  std::vector<uint8_t> f = blob;
  f[8] = 1;
  EXPECT_EQ(load_error(engine, f),
            "cannot load compiled module: format version 1, this wasmrun reads version 3");
}

TEST(CacheMismatch, ChecksumGuardsThePayload) {
  Engine engine(config_of(Tier::Interp));
  std::vector<uint8_t> blob = serialized(engine, "exporter");
  ASSERT_FALSE(blob.empty());
  blob[blob.size() - 3] ^= 0x10;
  EXPECT_EQ(load_error(engine, blob),
            "cannot load compiled module: checksum mismatch (corrupt file)");
}

// The engine's bound on module size holds for the binary a compiled module carries too.
TEST(CacheMismatch, ModuleSizeLimitApplies) {
  Engine engine(config_of(Tier::Interp));
  std::vector<uint8_t> blob = serialized(engine, "exporter");
  ASSERT_FALSE(blob.empty());
  auto m = Module::deserialize(engine, blob);
  ASSERT_TRUE(m) << m.error().message;
  const size_t wasm_size = m->binary().size();
  EngineConfig small = config_of(Tier::Interp);
  small.max_module_bytes = wasm_size - 1;
  EXPECT_EQ(load_error(Engine(small), blob),
            "cannot load compiled module: its module is " + std::to_string(wasm_size) +
                " bytes, above the limit of " + std::to_string(wasm_size - 1) + " bytes");
  small.max_module_bytes = wasm_size;
  EXPECT_EQ(load_error(Engine(small), blob), "loaded");
}

#if WASMRUN_HAS_JIT

TEST(CacheMismatch, TierAndCodeConfigurationMustMatch) {
  Engine interp(config_of(Tier::Interp));
  Engine jit(config_of(Tier::Jit));
  Engine guard(config_of(Tier::Jit, BoundsChecks::GuardPages));
  ASSERT_EQ(jit.effective_tier(), Tier::Jit) << jit.jit_unavailable_reason();
  std::vector<uint8_t> from_jit = serialized(jit, "exporter");
  std::vector<uint8_t> from_interp = serialized(interp, "exporter");
  ASSERT_FALSE(from_jit.empty());
  ASSERT_FALSE(from_interp.empty());
  EXPECT_EQ(load_error(interp, from_jit),
            "cannot load compiled module: compiled for the JIT, this engine runs the interpreter");
  EXPECT_EQ(load_error(jit, from_interp),
            "cannot load compiled module: compiled for the interpreter, this engine runs the JIT");
  EXPECT_EQ(load_error(guard, from_jit),
            "cannot load compiled module: compiled with tier=jit bounds=explicit fuel=off, this "
            "engine has tier=jit bounds=guard-pages fuel=off");
  // Fuel metering changes the code of both tiers.
  EngineConfig metered = config_of(Tier::Jit);
  metered.fuel = true;
  Engine fuelled(metered);
  EXPECT_EQ(load_error(fuelled, from_jit),
            "cannot load compiled module: compiled with tier=jit bounds=explicit fuel=off, this "
            "engine has tier=jit bounds=explicit fuel=on");
  // A feature switched off narrows what validates, so a file records it.
  EngineConfig no_relaxed = config_of(Tier::Jit);
  no_relaxed.features.relaxed_simd = false;
  Engine narrower(no_relaxed);
  EXPECT_EQ(load_error(narrower, from_jit),
            "cannot load compiled module: compiled with tier=jit bounds=explicit fuel=off, this "
            "engine has tier=jit bounds=explicit fuel=off no-relaxed-simd");
  EXPECT_EQ(load_error(jit, from_jit), "loaded");
}

// A file that needs a CPU feature this CPU lacks is refused before its code is looked at. The
// features word follows the architecture text and the tier byte.
TEST(CacheMismatch, MissingCpuFeatureIsNamed) {
  Engine jit(config_of(Tier::Jit));
  ASSERT_EQ(jit.effective_tier(), Tier::Jit) << jit.jit_unavailable_reason();
  std::vector<uint8_t> blob = serialized(jit, "exporter");
  ASSERT_FALSE(blob.empty());
  size_t features = text_field(blob, 2) - 4 + 1;
  blob[features + 7] |= 0x80;  // bit 63: no CPU has it
  std::string error = load_error(jit, blob);
  EXPECT_NE(error.find("compiled for a CPU with"), std::string::npos) << error;
  EXPECT_NE(error.find("this one lacks it"), std::string::npos) << error;
}

// Loaded code is published through the engine's code allocator, as fresh code is.
class CountingCodeAllocator : public CodeAllocator {
 public:
  explicit CountingCodeAllocator(std::shared_ptr<CodeAllocator> inner) : inner_(std::move(inner)) {}
  CodeReserveResult reserve(size_t size) override {
    ++reserves;
    return inner_->reserve(size);
  }
  CodeStatus write(const CodeReservation& r, CodeWriteFn fn, void* user) override {
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
  int reserves = 0, publishes = 0, releases = 0;

 private:
  std::shared_ptr<CodeAllocator> inner_;
};

TEST(CacheAllocator, LoadedCodeComesFromTheConfiguredAllocator) {
  auto counting = std::make_shared<CountingCodeAllocator>(default_code_allocator());
  {
    EngineConfig config;
    config.tier = Tier::Jit;
    config.code_allocator = counting;
    Engine engine(config);
    ASSERT_EQ(engine.effective_tier(), Tier::Jit) << engine.jit_unavailable_reason();
    std::vector<uint8_t> blob = serialized(engine, "cache");
    ASSERT_FALSE(blob.empty());
    int reserves = counting->reserves, publishes = counting->publishes;
    auto m = Module::deserialize(engine, blob);
    ASSERT_TRUE(m) << m.error().message;
    EXPECT_EQ(counting->reserves, reserves + 1);
    EXPECT_EQ(counting->publishes, publishes + 1);
    EXPECT_NE(run_cache_module(engine, m.value()).find("sum_squares i64:332833500"),
              std::string::npos);
    // Listings need the validation facts a loaded module skipped; they are made again.
    auto listings = m->jit_listings();
    ASSERT_TRUE(listings) << listings.error().message;
    EXPECT_FALSE(listings.value().empty());
  }
  EXPECT_EQ(counting->releases, counting->reserves);
}

#endif

}  // namespace
}  // namespace wasmrun
