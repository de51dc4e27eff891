#include "wasmrun/wasi.hpp"

#include <fcntl.h>
#include <unistd.h>

#include "engine/api/api_test_util.h"

namespace wasmrun {
namespace {

std::vector<Tier> tiers() {
  std::vector<Tier> t = {Tier::Interp};
#if WASMRUN_HAS_JIT
  t.push_back(Tier::Jit);
#endif
  return t;
}

// A WASI context whose stdout is a pipe the test reads back.
class WasiApiTest : public ::testing::TestWithParam<Tier> {
 protected:
  void SetUp() override {
    ASSERT_EQ(::pipe2(pipe_, O_CLOEXEC | O_NONBLOCK), 0);
    EngineConfig config;
    config.tier = GetParam();
    engine_ = std::make_unique<Engine>(config);
    store_ = std::make_unique<Store>(*engine_);
  }
  void TearDown() override {
    ::close(pipe_[0]);
    ::close(pipe_[1]);
  }
  std::unique_ptr<wasi::Context> context(std::vector<std::string> args = {"prog"}) {
    wasi::Config c;
    c.args = std::move(args);
    c.stdout_fd = pipe_[1];
    auto ctx = wasi::Context::create(std::move(c));
    EXPECT_TRUE(ctx) << ctx.error().message;
    return ctx ? std::move(ctx.value()) : nullptr;
  }
  std::string drain() {
    char buf[256];
    ssize_t n = ::read(pipe_[0], buf, sizeof buf);
    return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
  }
  int32_t call_i32(Instance& inst, const char* name, std::vector<Value> args = {}) {
    auto r = testing::results_of(inst.get_func(name)->call(args));
    return r.empty() ? -1 : r[0].i32();
  }

  int pipe_[2] = {-1, -1};
  std::unique_ptr<Engine> engine_;
  std::unique_ptr<Store> store_;
};

TEST_P(WasiApiTest, RunCommandTurnsProcExitIntoTheExitCode) {
  auto m = testing::compile(*engine_, "wasi_hello");
  ASSERT_TRUE(m);
  auto ctx = context({"prog", "a", "b"});
  wasi::RunOutcome out = wasi::run_command(*store_, *m, *ctx);
  EXPECT_FALSE(out.trap);
  EXPECT_FALSE(out.error);
  EXPECT_EQ(out.exit_code, 43);
  EXPECT_EQ(ctx->exit_code(), 43u);
  EXPECT_EQ(drain(), "hi\n");
}

TEST_P(WasiApiTest, ProcExitUnwindsAsAHostTrap) {
  auto m = testing::compile(*engine_, "wasi_hello");
  ASSERT_TRUE(m);
  auto ctx = context();
  auto inst = wasi::instantiate(*store_, *m, *ctx);
  ASSERT_TRUE(inst) << inst.error().message;
  auto trap = testing::trap_of(inst->get_func("_start")->call({}));
  ASSERT_TRUE(trap);
  EXPECT_EQ(trap->kind, TrapKind::Host);
  EXPECT_EQ(trap->message.rfind("proc_exit", 0), 0u) << trap->message;
  EXPECT_EQ(ctx->exit_code(), 41u);
}

TEST_P(WasiApiTest, GuestPointersAreCheckedAgainstTheCurrentMemory) {
  auto m = testing::compile(*engine_, "wasi_hello");
  ASSERT_TRUE(m);
  auto ctx = context();
  auto imports = ctx->imports(*store_, *m);
  ASSERT_TRUE(imports) << imports.error().message;
  auto inst = Instance::create(*store_, *m, imports.value());
  ASSERT_TRUE(inst) << inst.error().message;
  // Before bind_memory every pointer is a fault, not a crash.
  EXPECT_EQ(call_i32(inst.value(), "write_at", {Value::i32(0)}), 21);
  ctx->bind_memory(*inst->get_memory("memory"));
  EXPECT_EQ(call_i32(inst.value(), "write_at", {Value::i32(65532)}), 21);
  EXPECT_EQ(call_i32(inst.value(), "write_at", {Value::i32(-8)}), 21);
  // After memory.grow the new page is addressable.
  EXPECT_EQ(call_i32(inst.value(), "grow_and_write"), 0);
  EXPECT_EQ(drain(), "hi\n");
}

TEST_P(WasiApiTest, ClosedStdoutIsEbadf) {
  auto m = testing::compile(*engine_, "wasi_hello");
  ASSERT_TRUE(m);
  wasi::Config c;
  c.stdout_fd = -1;
  auto ctx = wasi::Context::create(std::move(c));
  ASSERT_TRUE(ctx);
  auto inst = wasi::instantiate(*store_, *m, *ctx.value());
  ASSERT_TRUE(inst);
  EXPECT_EQ(call_i32(inst.value(), "grow_and_write"), 8);
}

TEST_P(WasiApiTest, ImportsThatCannotBeSatisfiedAreLinkErrors) {
  auto ctx = context();
  struct Case {
    const char* module;
    const char* message;
  };
  for (Case c : {Case{"wasi_bad_type", "wasi_snapshot_preview1.fd_close has type"},
                 Case{"wasi_unknown", "unknown import wasi_snapshot_preview1.fd_teleport"},
                 Case{"host", "unknown import env."}}) {
    auto m = testing::compile(*engine_, c.module);
    ASSERT_TRUE(m);
    auto imports = ctx->imports(*store_, *m);
    ASSERT_FALSE(imports) << c.module;
    EXPECT_EQ(imports.error().kind, Error::Kind::Link);
    EXPECT_NE(imports.error().message.find(c.message), std::string::npos)
        << imports.error().message;
    wasi::RunOutcome out = wasi::run_command(*store_, *m, *ctx);
    ASSERT_TRUE(out.error);
    EXPECT_EQ(out.exit_code, 1);
  }
}

TEST_P(WasiApiTest, RunCommandNeedsAStartFunction) {
  auto m = testing::compile(*engine_, "wasi_no_start");
  ASSERT_TRUE(m);
  auto ctx = context();
  wasi::RunOutcome out = wasi::run_command(*store_, *m, *ctx);
  ASSERT_TRUE(out.error);
  EXPECT_NE(out.error->message.find("_start"), std::string::npos);
}

TEST_P(WasiApiTest, MissingPreopenDirectoryFailsCreate) {
  wasi::Config c;
  c.preopens.push_back({"/nonexistent/wasmrun-test-dir", "/x"});
  auto ctx = wasi::Context::create(std::move(c));
  ASSERT_FALSE(ctx);
  EXPECT_NE(ctx.error().message.find("/nonexistent/wasmrun-test-dir"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Tiers, WasiApiTest, ::testing::ValuesIn(tiers()), [](const auto& info) {
  return std::string(info.param == Tier::Interp ? "interp" : "jit");
});

}  // namespace
}  // namespace wasmrun
