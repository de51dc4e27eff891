// Tail calls on any back end: whether the callee takes over this frame in place or runs in an
// adapter frame (jit/README.md, "Tail calls"). The back ends emit the pieces.
#include "jit/masm.h"

namespace wasmrun::jit {

void MacroAssembler::emit_tail_call_direct(Label callee, const TailCall& t) {
  last_adapter_return_ = 0;
  if (t.fits) {
    tail_jump(callee, t);
    return;
  }
  Label in_place = new_label();
  jump_if_in_adapter_area(in_place);
  tail_adapter(callee, t);
  bind(in_place);
  tail_jump(callee, t);
}

void MacroAssembler::emit_tail_call_import(uint32_t func_index, const TailCall& t) {
  load_import(func_index);
  tail_call_func_inst(t);
}

void MacroAssembler::emit_tail_call_indirect(Reg index, uint32_t table, uint32_t type_index,
                                             const TailCall& t) {
  lookup_indirect(index, table, type_index, t.pending_trap);
  tail_call_func_inst(t);
}

// Wasm code goes in place when it fits and belongs to this instance (whose context this frame's
// caller may expect back without reloading it) or when this frame stands in an adapter's area
// (the adapter restores the context); otherwise through an adapter. A host function is called
// as by `call` and its results returned.
void MacroAssembler::tail_call_func_inst(const TailCall& t) {
  last_adapter_return_ = 0;
  Label host = new_label(), in_place = new_label();
  load_tail_callee(host);
  if (t.fits) jump_if_callee_in_this_instance(in_place);
  jump_if_in_adapter_area(in_place);
  tail_adapter(Label{}, t);
  bind(in_place);
  tail_jump(Label{}, t);
  bind(host);
  tail_call_host(t);
}

}  // namespace wasmrun::jit
