// wasi::Context: the runtime's WASI state (runtime/wasi/) exposed as host functions of a Store.
#include <new>

#include "runtime/wasi/state.h"
#include "runtime/wasi/syscall_table.h"
#include "wasmrun/wasi.hpp"

namespace wasmrun::wasi {

struct Context::Impl {
  rt::wasi::State state;
  std::optional<Memory> memory;

  // The guest memory as it is now: it may have grown (and the view changed) since the last call.
  rt::wasi::GuestMemory view() const {
    if (!memory) return {};
    return rt::wasi::GuestMemory(memory->data(), memory->size_bytes());
  }
};

namespace {

FuncType type_of(const rt::wasi::Syscall& call) {
  FuncType t;
  for (const char* p = call.params; *p; ++p)
    t.params.push_back(*p == 'I' ? ValType::I64 : ValType::I32);
  if (call.returns_errno) t.results.push_back(ValType::I32);
  return t;
}

Error link_error(std::string message) { return Error{Error::Kind::Link, std::move(message), 0}; }

// One import's host function. It holds the Context's Impl by pointer: the Context must outlive
// every call into the instance.
Func make_host_func(Store& store, Context::Impl* impl, const rt::wasi::Syscall* call,
                    const FuncType& type) {
  return Func::create(
      store, type,
      [impl, call](std::span<const Value> args, std::span<Value> results) -> std::optional<Trap> {
        uint64_t cells[16] = {};
        for (size_t i = 0; i < args.size() && i < 16; ++i) {
          cells[i] = args[i].type() == ValType::I64 ? static_cast<uint64_t>(args[i].i64())
                                                    : static_cast<uint32_t>(args[i].i32());
        }
        uint32_t r = call->call(impl->state, impl->view(), cells);
        if (!call->returns_errno) {
          // proc_exit: unwind every wasm frame; run_command reads the code from the Context.
          return Trap{TrapKind::Host,
                      "proc_exit(" + std::to_string(impl->state.exit_code.value_or(0)) + ")",
                      {}};
        }
        results[0] = Value::i32(static_cast<int32_t>(r));
        return std::nullopt;
      });
}

}  // namespace

Context::Context(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Context::~Context() = default;

Result<std::unique_ptr<Context>> Context::create(Config config) {
  try {
    auto impl = std::make_unique<Impl>();
    impl->state.args = std::move(config.args);
    impl->state.env = std::move(config.env);
    std::string error;
    const int stdio[3] = {config.stdin_fd, config.stdout_fd, config.stderr_fd};
    for (uint32_t fd = 0; fd < 3; ++fd) {
      if (!impl->state.add_stdio(fd, stdio[fd], &error)) return Error{Error::Kind::Other, error, 0};
    }
    for (const Preopen& p : config.preopens) {
      if (!impl->state.add_preopen(p.host_path, p.guest_path, &error))
        return Error{Error::Kind::Other, error, 0};
    }
    return std::unique_ptr<Context>(new Context(std::move(impl)));
  } catch (const std::bad_alloc&) {
    return Error{Error::Kind::Other, "out of memory", 0};
  }
}

Result<std::vector<Extern>> Context::imports(Store& store, const Module& module) {
  std::vector<Extern> out;
  for (const ImportDesc& imp : module.imports()) {
    std::string what = imp.module + "." + imp.name;
    if (imp.module != kModuleName) {
      return link_error("unknown import " + what + ": only " + kModuleName + " is provided");
    }
    const rt::wasi::Syscall* call = rt::wasi::find_syscall(imp.name);
    if (!call) return link_error("unknown import " + what + ": no such WASI function");
    if (imp.kind != ExternKind::Func) {
      return link_error("import " + what + " must be a function, is a " + to_string(imp.kind));
    }
    FuncType expected = type_of(*call);
    if (imp.func != expected) {
      return link_error("import " + what + " has type " + to_string(imp.func) + ", WASI's is " +
                        to_string(expected));
    }
    out.push_back(make_host_func(store, impl_.get(), call, expected));
  }
  return out;
}

void Context::bind_memory(Memory memory) { impl_->memory = memory; }

void Context::interrupt() { impl_->state.interrupter.raise(); }

std::optional<uint32_t> Context::exit_code() const { return impl_->state.exit_code; }

}  // namespace wasmrun::wasi
