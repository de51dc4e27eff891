// The embedder's code allocator, given as a struct of C function pointers, adapted to the C++
// CodeAllocator interface one call for one call.
#include "engine/capi/capi_internal.h"

namespace wasmrun::capi {
namespace {

class CCodeAllocator final : public CodeAllocator {
 public:
  explicit CCodeAllocator(const wasmrun_code_allocator_t& a) : a_(a) {}
  ~CCodeAllocator() override {
    if (a_.finalizer) a_.finalizer(a_.user);
  }

  CodeReserveResult reserve(size_t size) override {
    CodeReserveResult r;
    wasmrun_code_reservation_t c{nullptr, nullptr, 0};
    int rc = a_.reserve ? a_.reserve(a_.user, size, &c) : -1;
    if (rc != 0) {
      r.status = CodeStatus::failure("the embedder's code allocator refused " +
                                     std::to_string(size) + " bytes (" + std::to_string(rc) + ")");
      return r;
    }
    if (!c.exec || c.size < size ||
        reinterpret_cast<uintptr_t>(c.exec) % kCodeReservationAlignment != 0) {
      r.status = CodeStatus::failure(
          "the embedder's code allocator returned a reservation that is too small or "
          "misaligned");
      if (a_.release) a_.release(a_.user, &c);
      return r;
    }
    r.reservation = {c.handle, ExecAddress{c.exec}, c.size};
    return r;
  }

  CodeStatus write(const CodeReservation& r, CodeWriteFn fn, void* user) override {
    if (!a_.write) return CodeStatus::failure("the embedder's code allocator cannot write");
    Writer w{fn, user};
    wasmrun_code_reservation_t c = to_c(r);
    int rc = a_.write(a_.user, &c, &Writer::call, &w);
    if (w.calls != 1)
      return CodeStatus::failure("the embedder's code allocator did not call the writer once");
    if (rc != 0 || w.result != 0)
      return CodeStatus::failure("writing code failed (" + std::to_string(rc) + ")");
    return CodeStatus::success();
  }

  CodeStatus publish(const CodeReservation& r) override {
    wasmrun_code_reservation_t c = to_c(r);
    int rc = a_.publish ? a_.publish(a_.user, &c) : -1;
    if (rc != 0) {
      return CodeStatus::failure("the embedder's code allocator could not publish code (" +
                                 std::to_string(rc) + ")");
    }
    return CodeStatus::success();
  }

  void release(const CodeReservation& r) override {
    wasmrun_code_reservation_t c = to_c(r);
    if (a_.release) a_.release(a_.user, &c);
  }

 private:
  // Carries the engine's writer through the C allocator's write callback.
  struct Writer {
    CodeWriteFn fn;
    void* user;
    int calls = 0;
    int result = 0;
    static int call(void* self, uint8_t* dst, size_t size) {
      auto* w = static_cast<Writer*>(self);
      ++w->calls;
      w->result = w->fn(w->user, WritableSpan{dst, size});
      return w->result;
    }
  };

  static wasmrun_code_reservation_t to_c(const CodeReservation& r) {
    return {r.handle, const_cast<void*>(r.exec.p), r.size};
  }

  wasmrun_code_allocator_t a_;
};

}  // namespace
}  // namespace wasmrun::capi

extern "C" {

void wasmrun_config_set_code_allocator(wasm_config_t* c, const wasmrun_code_allocator_t* a) {
  wasmrun::capi::guarded_void([&] {
    c->config.code_allocator = a ? std::make_shared<wasmrun::capi::CCodeAllocator>(*a) : nullptr;
  });
}

}  // extern "C"
