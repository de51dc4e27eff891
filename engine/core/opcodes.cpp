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

constexpr uint16_t kNone = 0xffff;

template <uint8_t Prefix, size_t N>
constexpr auto make_lookup() {
  std::array<uint16_t, N> table{};
  for (auto& e : table) e = kNone;
  for (size_t i = 0; i < kOpCount; ++i) {
    if (kInfo[i].prefix == Prefix && kInfo[i].code < N) table[kInfo[i].code] = static_cast<uint16_t>(i);
  }
  return table;
}
constexpr auto kSingle = make_lookup<0x00, 256>();
constexpr auto kPrefixFC = make_lookup<0xfc, 18>();
constexpr auto kPrefixFD = make_lookup<0xfd, 256>();

std::optional<Op> to_op(uint16_t v) {
  if (v == kNone) return std::nullopt;
  return static_cast<Op>(v);
}

}  // namespace

const OpInfo& op_info(Op op) { return kInfo[static_cast<size_t>(op)]; }
const OpSig& op_sig(Op op) { return kSigs[static_cast<size_t>(op)]; }

std::optional<Op> op_from_byte(uint8_t byte) {
  // 0xfc and 0xfd are prefixes, never ops by themselves.
  return to_op(kSingle[byte]);
}

std::optional<Op> op_from_prefixed(uint8_t prefix, uint32_t sub) {
  if (prefix == 0xfc) return sub < kPrefixFC.size() ? to_op(kPrefixFC[sub]) : std::nullopt;
  if (prefix == 0xfd) return sub < kPrefixFD.size() ? to_op(kPrefixFD[sub]) : std::nullopt;
  return std::nullopt;
}

}  // namespace wasmrun
