#include <gtest/gtest.h>

#include "engine/api/api_test_util.h"

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

TEST(Tier, InterpIsDefault) {
  Engine engine;
  EXPECT_EQ(engine.effective_tier(), Tier::Interp);
}

TEST(Tier, AutoFallsBackToInterpreter) {
  EngineConfig config;
  config.tier = Tier::Auto;
  Engine engine(config);
  EXPECT_EQ(engine.effective_tier(), Tier::Interp);
  EXPECT_EQ(engine.jit_unavailable_reason(), "this build has no JIT yet");
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

TEST(Version, IsSet) { EXPECT_STRNE(version(), ""); }

}  // namespace
}  // namespace wasmrun
