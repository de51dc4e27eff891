// Host functions, re-entry, interruption and the translator's limits.
#include <gtest/gtest.h>

#include <thread>

#include "engine/interp/test_instance.h"

namespace wasmrun::interp::testing {
namespace {

TEST(HostTest, HostCallsAndReentry) {
  Thread thread(10000);
  TestInstance* self = nullptr;
  rt::InstanceContext* seen_caller = nullptr;
  std::vector<rt::HostCallback> imports;
  imports.push_back([&](rt::HostCallContext& hc, const rt::RawValue* args,
                        rt::RawValue* results) -> std::optional<rt::TrapInfo> {
    seen_caller = hc.caller;
    results[0].f64 = args[0].i32 + static_cast<double>(args[1].i64) + args[2].f64;
    return std::nullopt;
  });
  imports.push_back([&](rt::HostCallContext&, const rt::RawValue* args,
                        rt::RawValue* results) -> std::optional<rt::TrapInfo> {
    if (args[0].i32 == 0) {
      rt::TrapInfo t;
      t.kind = rt::TrapKind::Host;
      t.message = "host says no";
      return t;
    }
    // Calls back into wasm on the same thread, deep enough to grow the frame records that
    // the interrupted outer invocation also uses.
    std::vector<rt::RawValue> out;
    auto trap = self->call(thread, "deep", {i32(args[0].i32)}, &out);
    if (trap) return trap;
    results[0].i32 = out[0].i32;
    return std::nullopt;
  });
  std::string error;
  TestInstance inst(load_test_wasm("host"), imports, &error);
  ASSERT_EQ(error, "");
  self = &inst;

  std::vector<rt::RawValue> out;
  ASSERT_FALSE(inst.call(thread, "use_add3", {}, &out));
  EXPECT_EQ(out[0].f64, 3.5);
  EXPECT_EQ(seen_caller, &inst.ctx);

  ASSERT_FALSE(inst.call(thread, "via_host", {i32(3000)}, &out));
  EXPECT_EQ(out[0].i32, 3001u);
  // The depth limit spans the host boundary; the inner trap comes out through the host.
  auto deep_trap = inst.call(thread, "via_host", {i32(20000)});
  ASSERT_TRUE(deep_trap.has_value());
  EXPECT_EQ(deep_trap->kind, rt::TrapKind::CallStackExhausted);
  EXPECT_EQ(deep_trap->backtrace.front().func_name, "deep");
  EXPECT_LE(deep_trap->backtrace.size(), 256u);  // long backtraces keep their innermost frames

  auto trap = inst.call(thread, "via_host", {i32(0)});
  ASSERT_TRUE(trap.has_value());
  EXPECT_EQ(trap->kind, rt::TrapKind::Host);
  EXPECT_EQ(trap->message, "host says no");
  ASSERT_EQ(trap->backtrace.size(), 1u);
  EXPECT_EQ(trap->backtrace[0].func_name, "via_host");
}

TEST(HostTest, InterruptStopsALoop) {
  Thread thread(1000);
  std::vector<rt::HostCallback> imports(
      2,
      [](rt::HostCallContext&, const rt::RawValue*, rt::RawValue*) -> std::optional<rt::TrapInfo> {
        return std::nullopt;
      });
  std::string error;
  TestInstance inst(load_test_wasm("host"), imports, &error);
  ASSERT_EQ(error, "");
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    inst.interrupt.store(1);
  });
  auto trap = inst.call(thread, "spin", {});
  stopper.join();
  ASSERT_TRUE(trap.has_value());
  EXPECT_EQ(trap->kind, rt::TrapKind::Interrupted);
  // Raised before the call: stops at function entry.
  trap = inst.call(thread, "double", {i32(1)});
  ASSERT_TRUE(trap.has_value());
  EXPECT_EQ(trap->kind, rt::TrapKind::Interrupted);
  inst.interrupt.store(0);
  std::vector<rt::RawValue> out;
  EXPECT_FALSE(inst.call(thread, "double", {i32(4)}, &out));
  EXPECT_EQ(out[0].i32, 8u);
}

}  // namespace
}  // namespace wasmrun::interp::testing
