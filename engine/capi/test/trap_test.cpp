// Traps, frames and backtraces, and interrupting a running store from another thread.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <thread>

#include "engine/capi/test/capi_test_util.h"

namespace wasmrun::capi_test {
namespace {

using CApiTrapTest = TierTest;

TEST_P(CApiTrapTest, HostMadeTrap) {
  wasm_message_t msg;
  wasm_name_new_from_string_nt(&msg, "plugin misbehaved");
  wasm_trap_t* trap = wasm_trap_new(store_, &msg);
  wasm_name_delete(&msg);
  ASSERT_NE(trap, nullptr);
  wasm_message_t got;
  wasm_trap_message(trap, &got);
  ASSERT_EQ(got.size, std::strlen("plugin misbehaved") + 1);  // with its NUL
  EXPECT_STREQ(got.data, "plugin misbehaved");
  wasm_byte_vec_delete(&got);
  EXPECT_EQ(wasm_trap_origin(trap), nullptr);  // no wasm frames
  wasm_frame_vec_t trace;
  wasm_trap_trace(trap, &trace);
  EXPECT_EQ(trace.size, 0u);
  wasm_frame_vec_delete(&trace);
  EXPECT_EQ(wasmrun_trap_kind(trap), WASMRUN_TRAP_HOST);
  wasm_trap_delete(trap);
}

TEST_P(CApiTrapTest, BacktraceInnermostFirst) {
  wasm_module_t* m = load("basic");
  wasm_instance_t* inst = wasm_instance_new(store_, m, nullptr, nullptr);
  {
    Exports ex(m, inst);
    wasm_trap_t* trap = wasm_func_call(ex.func("outer"), nullptr, nullptr);
    ASSERT_NE(trap, nullptr);
    EXPECT_EQ(wasmrun_trap_kind(trap), WASMRUN_TRAP_UNREACHABLE);
    wasm_frame_vec_t trace;
    wasm_trap_trace(trap, &trace);
    ASSERT_EQ(trace.size, 3u);
    const char* names[] = {"inner", "middle", ""};
    wasm_byte_vec_t bytes;
    wasm_bytes("basic", &bytes);
    for (size_t i = 0; i < trace.size; ++i) {
      wasm_name_t name;
      wasmrun_frame_func_name(trace.data[i], &name);
      if (i < 2) {
        EXPECT_EQ(str(name), names[i]);
      }
      wasm_name_delete(&name);
      // Each body is `(no locals) instruction end`: the frame stands at its one instruction,
      // `unreachable` innermost, `call` outside, right after the empty locals vector.
      size_t at = wasm_frame_module_offset(trace.data[i]);
      ASSERT_LT(at, bytes.size);
      EXPECT_EQ(static_cast<uint8_t>(bytes.data[at]), i == 0 ? 0x00 : 0x10) << i;
      EXPECT_EQ(wasm_frame_func_offset(trace.data[i]), 1u) << i;
      EXPECT_EQ(bytes.data[at - 1], 0x00) << i;                // the locals vector's count
      EXPECT_EQ(wasm_frame_instance(trace.data[i]), nullptr);  // not recorded (see wasm.h)
    }
    EXPECT_LT(wasm_frame_module_offset(trace.data[0]), wasm_frame_module_offset(trace.data[1]));
    EXPECT_LT(wasm_frame_module_offset(trace.data[1]), wasm_frame_module_offset(trace.data[2]));
    wasm_byte_vec_delete(&bytes);
    EXPECT_EQ(wasm_frame_func_index(trace.data[1]), wasm_frame_func_index(trace.data[0]) + 1);
    wasm_frame_t* origin = wasm_trap_origin(trap);
    EXPECT_EQ(wasm_frame_func_index(origin), wasm_frame_func_index(trace.data[0]));
    EXPECT_EQ(wasm_frame_module_offset(origin), wasm_frame_module_offset(trace.data[0]));
    wasm_frame_t* copy = wasm_frame_copy(origin);
    EXPECT_EQ(wasm_frame_func_index(copy), wasm_frame_func_index(origin));
    EXPECT_EQ(wasm_frame_module_offset(copy), wasm_frame_module_offset(origin));
    EXPECT_EQ(wasm_frame_func_offset(copy), wasm_frame_func_offset(origin));
    wasm_frame_delete(copy);
    wasm_frame_delete(origin);
    wasm_frame_vec_delete(&trace);
    // A copy of the trap shares its content.
    wasm_trap_t* again = wasm_trap_copy(trap);
    wasm_trap_delete(trap);
    EXPECT_EQ(take_trap_message(again), "unreachable");
  }
  wasm_instance_delete(inst);
  wasm_module_delete(m);
}

struct SpinEnv {
  std::atomic<bool> started{false};
};

wasm_trap_t* on_started(void* env, const wasm_val_vec_t*, wasm_val_vec_t*) {
  static_cast<SpinEnv*>(env)->started.store(true);
  return nullptr;
}

// A plugin that never returns is stopped from another thread, and the caller gets a trap
// within 50 ms of the interrupt. The latency is printed.
TEST_P(CApiTrapTest, InterruptFromAnotherThread) {
  wasm_module_t* m = load("host");
  SpinEnv env;
  {
    HostInstance hi(store_, m, nop_callback, on_started, &env);
    Exports ex(m, hi.instance);
    wasmrun_interrupt_handle_t* handle = wasmrun_interrupt_handle_new(store_);
    ASSERT_NE(handle, nullptr);
    using Clock = std::chrono::steady_clock;
    Clock::time_point raised;
    std::thread watchdog([&] {
      while (!env.started.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      std::this_thread::sleep_for(std::chrono::milliseconds(20));  // the loop is spinning
      raised = Clock::now();
      wasmrun_interrupt(handle);
    });
    wasm_trap_t* trap = wasm_func_call(ex.func("spin"), nullptr, nullptr);
    Clock::time_point stopped = Clock::now();
    watchdog.join();
    ASSERT_NE(trap, nullptr);
    EXPECT_EQ(wasmrun_trap_kind(trap), WASMRUN_TRAP_INTERRUPTED);
    EXPECT_EQ(take_trap_message(trap), "interrupted");
    auto latency = std::chrono::duration_cast<std::chrono::microseconds>(stopped - raised);
    std::printf("[%s] C API interrupt latency: %lld us\n",
                GetParam() == WASMRUN_TIER_JIT ? "jit" : "interp",
                static_cast<long long>(latency.count()));
    EXPECT_LT(latency, std::chrono::milliseconds(50));
    // The store keeps working.
    wasm_val_t results[1];
    wasm_val_vec_t r = WASM_ARRAY_VEC(results);
    EXPECT_EQ(wasm_func_call(ex.func("get_g"), nullptr, &r), nullptr);
    wasmrun_interrupt_handle_delete(handle);
  }
  wasm_module_delete(m);
}

// A handle outlives its store: interrupting then does nothing.
TEST_P(CApiTrapTest, InterruptHandleOutlivesStore) {
  wasm_store_t* store = wasm_store_new(engine_);
  wasmrun_interrupt_handle_t* handle = wasmrun_interrupt_handle_new(store);
  wasmrun_interrupt(handle);  // nothing runs: dropped when the next call starts
  wasm_store_delete(store);
  wasmrun_interrupt(handle);
  wasmrun_interrupt_handle_delete(handle);
  EXPECT_EQ(wasmrun_interrupt_handle_new(nullptr), nullptr);
}

INSTANTIATE_TEST_SUITE_P(Tiers, CApiTrapTest, ::testing::ValuesIn(tiers()), tier_name);

}  // namespace
}  // namespace wasmrun::capi_test
