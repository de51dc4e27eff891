#include "engine/core/opcodes.h"

#include <array>

namespace wasmrun {
namespace {

constexpr OpInfo kInfo[] = {
#define WASM_OP(Name, prefix, code, Imm, n, sig, text) {prefix, code, ImmKind::Imm, n, sig, text},
#include "engine/core/opcodes.def"
};
static_assert(sizeof(kInfo) / sizeof(kInfo[0]) == kOpCount);

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

constexpr auto make_sigs() {
  std::array<OpSig, kOpCount> sigs{};
  for (size_t i = 0; i < kOpCount; ++i) sigs[i] = parse_sig(kInfo[i].sig);
  return sigs;
}
constexpr auto kSigs = make_sigs();

std::optional<Op> to_op(uint16_t v) {
  if (v == kNoOpIndex) return std::nullopt;
  return static_cast<Op>(v);
}

}  // namespace

const OpInfo& op_info(Op op) { return kInfo[static_cast<size_t>(op)]; }
const OpSig& op_sig(Op op) { return kSigs[static_cast<size_t>(op)]; }

std::optional<Op> op_from_byte(uint8_t byte) {
  // 0xfc and 0xfd are prefixes, never ops by themselves.
  return to_op(kOpByEncoding[0][byte]);
}

std::optional<Op> op_from_prefixed(uint8_t prefix, uint32_t sub) {
  if ((prefix != 0xfc && prefix != 0xfd) || sub >= kOpTableColumns) return std::nullopt;
  return to_op(kOpByEncoding[prefix == 0xfc ? 1 : 2][sub]);
}

}  // namespace wasmrun
