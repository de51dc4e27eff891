// Traps and their frames.
#include "engine/capi/capi_internal.h"

namespace wasmrun::capi {

wasm_trap_t* new_trap(Trap t, std::shared_ptr<StoreState> store) {
  RefPayload p;
  p.kind = RefKind::Trap;
  p.trap = std::make_shared<TrapState>();
  p.trap->trap = std::move(t);
  return new_handle<wasm_trap_t>(std::move(p), std::move(store));
}

namespace {

wasm_frame_t* new_frame(const Frame& f) {
  return new wasm_frame_t{f.func_index, f.func_name, f.func_offset, f.module_offset};
}

}  // namespace
}  // namespace wasmrun::capi

using namespace wasmrun::capi;

extern "C" {

wasm_trap_t* wasm_trap_new(wasm_store_t* store, const wasm_message_t* message) {
  return guarded<wasm_trap_t*>(nullptr, [&] {
    std::string text = string_of(message);
    text.resize(std::strlen(text.c_str()));  // up to the first NUL
    wasmrun::Trap t;
    t.kind = wasmrun::TrapKind::Host;
    t.message = std::move(text);
    return new_trap(std::move(t), store ? store->state : nullptr);
  });
}

void wasm_trap_message(const wasm_trap_t* trap, wasm_message_t* out) {
  wasm_byte_vec_new_empty(out);
  guarded_void([&] { name_from(out, trap->p.trap->trap.message, true); });
}

wasm_frame_t* wasm_trap_origin(const wasm_trap_t* trap) {
  const auto& bt = trap->p.trap->trap.backtrace;
  if (bt.empty()) return nullptr;
  return guarded<wasm_frame_t*>(nullptr, [&] { return new_frame(bt.front()); });
}

void wasm_trap_trace(const wasm_trap_t* trap, wasm_frame_vec_t* out) {
  const auto& bt = trap->p.trap->trap.backtrace;
  wasm_frame_vec_new_uninitialized(out, bt.size());
  if (out->size != bt.size()) return;
  guarded_void([&] {
    for (size_t i = 0; i < bt.size(); ++i) out->data[i] = new_frame(bt[i]);
  });
}

void wasm_frame_delete(wasm_frame_t* f) { delete f; }
wasm_frame_t* wasm_frame_copy(const wasm_frame_t* f) {
  if (!f) return nullptr;
  return guarded<wasm_frame_t*>(nullptr, [&] { return new wasm_frame_t(*f); });
}
wasm_instance_t* wasm_frame_instance(const wasm_frame_t*) { return nullptr; }
uint32_t wasm_frame_func_index(const wasm_frame_t* f) { return f->func_index; }
size_t wasm_frame_func_offset(const wasm_frame_t* f) { return f->func_offset; }
size_t wasm_frame_module_offset(const wasm_frame_t* f) { return f->module_offset; }

wasmrun_trap_kind_t wasmrun_trap_kind(const wasm_trap_t* trap) {
  // The C enum lists the kinds in the C++ enum's order.
  return static_cast<wasmrun_trap_kind_t>(trap->p.trap->trap.kind);
}

void wasmrun_frame_func_name(const wasm_frame_t* f, wasm_name_t* out) {
  wasm_byte_vec_new_empty(out);
  guarded_void([&] { name_from(out, f->func_name); });
}

}  // extern "C"

static_assert(static_cast<int>(wasmrun::TrapKind::Unreachable) == WASMRUN_TRAP_UNREACHABLE);
static_assert(static_cast<int>(wasmrun::TrapKind::Interrupted) == WASMRUN_TRAP_INTERRUPTED);
static_assert(static_cast<int>(wasmrun::TrapKind::Host) == WASMRUN_TRAP_HOST);
static_assert(static_cast<int>(wasmrun::TrapKind::OutOfFuel) == WASMRUN_TRAP_OUT_OF_FUEL);
