// A host for a wasm plugin, in C++, on wasmrun's C++ API.
//
//   cpp-host PLUGIN.wasm
//
// Loads the plugin, gives it a `log` function, calls its `run` export, survives its trapping
// `fail` export, and supplies its own code allocator (mmap + mprotect) that counts its calls.
// Exits non-zero on failure.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <vector>

#include "wasmrun/code_allocator.hpp"
#include "wasmrun/wasmrun.hpp"

namespace {

// One private mapping per reservation: writable until published, then read-execute.
class CountingAllocator final : public wasmrun::CodeAllocator {
 public:
  int reserves = 0, writes = 0, publishes = 0, releases = 0;

  wasmrun::CodeReserveResult reserve(size_t size) override {
    size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    size_t len = (size + page - 1) / page * page;
    void* p = mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return {wasmrun::CodeStatus::failure("mmap failed"), {}};
    ++reserves;
    return {wasmrun::CodeStatus::success(), {p, wasmrun::ExecAddress{p}, len}};
  }
  wasmrun::CodeStatus write(const wasmrun::CodeReservation& r, wasmrun::CodeWriteFn fn,
                            void* user) override {
    ++writes;
    int rc = fn(user, wasmrun::WritableSpan{static_cast<uint8_t*>(r.handle), r.size});
    return rc == 0 ? wasmrun::CodeStatus::success() : wasmrun::CodeStatus::failure("write");
  }
  wasmrun::CodeStatus publish(const wasmrun::CodeReservation& r) override {
    ++publishes;
    if (mprotect(r.handle, r.size, PROT_READ | PROT_EXEC) != 0)
      return wasmrun::CodeStatus::failure("mprotect failed");
    return wasmrun::CodeStatus::success();
  }
  void release(const wasmrun::CodeReservation& r) override {
    ++releases;
    munmap(r.handle, r.size);
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s PLUGIN.wasm\n", argv[0]);
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::vector<uint8_t> binary(std::istreambuf_iterator<char>(in), {});
  bool failed = false;

  auto allocator = std::make_shared<CountingAllocator>();
  {
    wasmrun::EngineConfig config;
    config.tier = wasmrun::Tier::Auto;
    config.code_allocator = allocator;
    wasmrun::Engine engine(config);
    bool jit = engine.effective_tier() == wasmrun::Tier::Jit;
    std::printf("tier: %s\n", jit ? "jit" : engine.jit_unavailable_reason().c_str());
    wasmrun::Store store(engine);

    auto module = wasmrun::Module::compile(engine, binary);
    if (!module) {
      std::fprintf(stderr, "cannot load the plugin: %s\n", module.error().message.c_str());
      return 1;
    }
    wasmrun::Func log =
        wasmrun::Func::create(store, wasmrun::FuncType{{wasmrun::ValType::I32}, {}},
                              [](std::span<const wasmrun::Value> args, std::span<wasmrun::Value>) {
                                std::printf("plugin says: %d\n", args[0].i32());
                                return std::optional<wasmrun::Trap>();
                              });
    std::vector<wasmrun::Extern> imports = {log};
    auto instance = wasmrun::Instance::create(store, module.value(), imports);
    if (!instance) {
      std::fprintf(stderr, "cannot instantiate the plugin: %s\n", instance.error().message.c_str());
      return 1;
    }
    auto run = instance->get_func("run");
    auto fail = instance->get_func("fail");
    if (!run || !fail) {
      std::fprintf(stderr, "the plugin lacks run or fail\n");
      return 1;
    }
    std::vector<wasmrun::Value> args = {wasmrun::Value::i32(20)};
    wasmrun::CallResult r = run->call(args);
    if (auto* values = std::get_if<std::vector<wasmrun::Value>>(&r)) {
      std::printf("run(20) = %d\n", (*values)[0].i32());
    } else {
      std::printf("trap: %s\n", std::get<wasmrun::Trap>(r).message.c_str());
      failed = true;
    }
    wasmrun::CallResult t = fail->call(args);
    if (auto* trap = std::get_if<wasmrun::Trap>(&t)) {
      std::printf("trap: %s\n", trap->message.c_str());
    } else {
      std::printf("fail did not trap\n");
      failed = true;
    }
    if (jit && (allocator->reserves < 2 || allocator->publishes != allocator->reserves))
      failed = true;
  }
  std::printf("code allocator: reserves=%d writes=%d publishes=%d releases=%d\n",
              allocator->reserves, allocator->writes, allocator->publishes, allocator->releases);
  if (allocator->releases != allocator->reserves) failed = true;
  std::printf("%s\n", failed ? "FAILED" : "ok");
  return failed ? 1 : 0;
}
