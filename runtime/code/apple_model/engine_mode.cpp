// The whole engine over the model: with WASMRUN_CODE_MEMORY=apple-model, the default code
// allocator is the Apple backend's logic on the process's model instead of a Linux backend.
// At exit, the process that made the model prints its statistics and fails (exit code 70) when
// a check of check_run() does not hold, so every test run through it is also a check of them.
#include "runtime/code/apple_model/engine_mode.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "runtime/code/apple_jit_logic.h"
#include "runtime/code/apple_model/model.h"

namespace wasmrun::rt::apple_model {
namespace {

// wasmrun's callback is on the image's allow-list, as PTHREAD_JIT_WRITE_ALLOW_CALLBACKS_NP puts
// it there on macOS.
const apple::JitWriteCallback kWasmrunAllowList[] = {wasmrun_jit_write_callback, nullptr};
const bool g_listed = (allow_callbacks(kWasmrunAllowList), true);

pid_t g_model_pid = 0;
Model* g_model = nullptr;

void report_at_exit() {
  if (g_model == nullptr || getpid() != g_model_pid) return;  // a forked child
  Stats s = g_model->stats();
  std::fprintf(stderr, "apple-jit-model: %s\n", format_stats(s).c_str());
  std::vector<std::string> bad = check_run(g_model->config(), s);
  for (const std::string& b : bad) std::fprintf(stderr, "apple-jit-model: FAILED: %s\n", b.c_str());
  std::fflush(stderr);
  if (!bad.empty()) _exit(70);
}

}  // namespace

Model& process_model() {
  static Model* model = [] {
    (void)g_listed;
    Config c;
    c.abort_on_violation = true;
    const char* env = std::getenv("WASMRUN_APPLE_MODEL");
    std::string error;
    if (env != nullptr && !parse_config(env, &c, &error)) {
      std::fprintf(stderr, "apple-jit-model: WASMRUN_APPLE_MODEL: %s\n", error.c_str());
      std::exit(2);
    }
    // Never destroyed: code may still run from its regions while the process exits.
    g_model = new Model(c);
    g_model_pid = getpid();
    std::atexit(report_at_exit);
    return g_model;
  }();
  return *model;
}

}  // namespace wasmrun::rt::apple_model

namespace wasmrun::rt {

namespace {
struct NoDelete {
  void operator()(apple::System*) const {}
};
}  // namespace

std::shared_ptr<SystemCodeAllocator> model_code_allocator_from_env(std::string* error) {
  const char* which = std::getenv("WASMRUN_CODE_MEMORY");
  if (which == nullptr || std::string(which) != "apple-model") return nullptr;
  std::shared_ptr<apple::System> sys(&apple_model::process_model(), NoDelete{});
  return make_apple_allocator_for(std::move(sys));
}

}  // namespace wasmrun::rt
