#include "engine/core/opcodes.h"

namespace wasmrun {
namespace {

constexpr ValType sig_type(char c) {
  switch (c) {
    case 'i': return ValType::I32;
    case 'l': return ValType::I64;
    case 'f': return ValType::F32;
    case 'd': return ValType::F64;
    default: return ValType::V128;
  }
}

constexpr OpSig parse_sig(const char* s) {
  OpSig sig;
  if (s[0] == '*') {
    sig.special = true;
    return sig;
  }
  bool results = false;
  for (; *s; ++s) {
    if (*s == '!') {
      sig.traps = true;
    } else if (*s == ':') {
      results = true;
    } else if (results) {
      sig.results[sig.num_results++] = sig_type(*s);
    } else {
      sig.params[sig.num_params++] = sig_type(*s);
    }
  }
  return sig;
}

std::optional<Op> to_op(uint16_t v) {
  if (v == kNoOpIndex) return std::nullopt;
  return static_cast<Op>(v);
}

}  // namespace

namespace detail {
// Parsed at compile time from the sig column.
constinit const OpSig kOpSigs[kOpCount] = {
#define WASM_OP(Name, prefix, code, Imm, n, sig, text) parse_sig(sig),
#include "engine/core/opcodes.def"
};
}  // namespace detail

std::optional<Op> op_from_byte(uint8_t byte) {
  // 0xfc and 0xfd are prefixes, never ops by themselves.
  return to_op(kOpByEncoding[0][byte]);
}

std::optional<Op> op_from_prefixed(uint8_t prefix, uint32_t sub) {
  if ((prefix != 0xfc && prefix != 0xfd) || sub >= kOpTableColumns) return std::nullopt;
  return to_op(kOpByEncoding[prefix == 0xfc ? 1 : 2][sub]);
}

}  // namespace wasmrun
