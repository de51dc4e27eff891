// Where JIT code finds a FuncInst's fields when it calls through one (imports, call_indirect).
// Shared by every back end: the layout is the runtime's, not an architecture's.
#pragma once

#include <cstdint>

#include "runtime/func.h"

namespace wasmrun::jit {

// FuncInst holds a std::function, so it is not standard-layout and offsetof is not portable on
// it; the offsets are measured on an object instead, once.
inline int32_t func_inst_field_offset(const void* member, const rt::FuncInst& f) {
  return static_cast<int32_t>(static_cast<const char*>(member) - reinterpret_cast<const char*>(&f));
}

inline int32_t func_inst_jit_code_offset() {
  static const int32_t offset = [] {
    rt::FuncInst f;
    return func_inst_field_offset(&f.jit_code, f);
  }();
  return offset;
}

inline int32_t func_inst_ctx_offset() {
  static const int32_t offset = [] {
    rt::FuncInst f;
    return func_inst_field_offset(&f.ctx, f);
  }();
  return offset;
}

}  // namespace wasmrun::jit
