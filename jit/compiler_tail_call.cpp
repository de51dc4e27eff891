// return_call and return_call_indirect: arguments go to the outgoing area as for a call, then the
// back end hands this frame over to the callee (jit/README.md, "Tail calls").
#include <algorithm>

#include "jit/function_compiler.h"

namespace wasmrun::jit::detail {

// Every caller of this function reserved at least kMinArgAreaBytes and this function's own area.
MacroAssembler::TailCall FunctionCompiler::tail_call_shape(const CallLayout& callee) {
  MacroAssembler::TailCall t;
  t.param_bytes = callee.param_bytes;
  t.result_bytes = own_layout_.result_bytes;
  t.fits = callee.bytes <= std::max(kMinArgAreaBytes, own_layout_.bytes);
  t.stack_trap = trap_label(static_cast<uint32_t>(rt::TrapKind::CallStackExhausted));
  t.pending_trap = pending_trap();
  return t;
}

// The adapter's call returns into this function's code; backtraces skip that frame.
void FunctionCompiler::note_tail_call() {
  if (masm_.last_adapter_return() != 0) {
    m_.code_offsets->push_back({masm_.last_adapter_return() - 1, kTailAdapterFrame});
  }
  reachable_ = false;
}

void FunctionCompiler::tail_call(uint32_t func_index) {
  const FuncType& type = module_.func_type(func_index);
  CallLayout layout = call_layout(type);
  store_call_args(type, layout);
  MacroAssembler::TailCall t = tail_call_shape(layout);
  if (func_index < module_.num_imported_funcs) {
    masm_.emit_tail_call_import(func_index, t);
  } else {
    masm_.emit_tail_call_direct(m_.func_labels[func_index - module_.num_imported_funcs], t);
  }
  note_tail_call();
}

void FunctionCompiler::tail_call_indirect(uint32_t type_index, uint32_t table) {
  const FuncType& type = module_.types[type_index];
  CallLayout layout = call_layout(type);
  VarState index = stack_.pop();
  Reg idx = stack_.to_reg(index);
  store_call_args(type, layout);
  MacroAssembler::TailCall t = tail_call_shape(layout);
  masm_.emit_tail_call_indirect(idx, table, type_index, t);
  stack_.release(idx);
  note_tail_call();
}

}  // namespace wasmrun::jit::detail
