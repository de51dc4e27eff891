// Checks, from opcodes.def itself, that every op the tiers expect to find in wasmrun::ops exists
// with exactly the conventional signature (see ops.h). A missing or mistyped op fails the build.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <type_traits>

#include "engine/core/opcodes.h"
#include "engine/ops/ops.h"
#include "runtime/trap.h"

// Fallbacks found by unqualified lookup only when wasmrun::ops has no function of that name,
// so the checks below can name every op of the table and see which ones are missing.
namespace sigcheck_fallback {
struct Missing {};
}  // namespace sigcheck_fallback
#define WASM_OP(Name, prefix, code, Imm, n, sig, text) \
  [[maybe_unused]] inline constexpr sigcheck_fallback::Missing Name{};
#include "engine/core/opcodes.def"

namespace wasmrun::ops::sigcheck {

// A string literal usable as a template argument.
template <size_t N>
struct Sig {
  char s[N];
  constexpr Sig(const char (&lit)[N]) {
    for (size_t i = 0; i < N; ++i) s[i] = lit[i];
  }
  // Plain loops rather than std::string_view: GCC's UBSan instrumentation rejects
  // string_view::find in constant expressions.
  static constexpr size_t length() { return N - 1; }
  constexpr bool special() const { return length() == 1 && s[0] == '*'; }
  constexpr bool traps() const { return length() > 0 && s[length() - 1] == '!'; }
  constexpr size_t colon() const {
    size_t i = 0;
    while (i < length() && s[i] != ':') ++i;
    return i;
  }
  constexpr size_t num_params() const { return colon(); }
  constexpr size_t num_results() const { return length() - colon() - 1 - (traps() ? 1 : 0); }
};

template <char C>
struct TypeOf;
template <>
struct TypeOf<'i'> {
  using type = uint32_t;
};
template <>
struct TypeOf<'l'> {
  using type = uint64_t;
};
template <>
struct TypeOf<'f'> {
  using type = float;
};
template <>
struct TypeOf<'d'> {
  using type = double;
};
template <>
struct TypeOf<'v'> {
  using type = V128;
};

template <typename... T>
struct List {};

template <typename A, typename B>
struct Concat;
template <typename... A, typename... B>
struct Concat<List<A...>, List<B...>> {
  using type = List<A..., B...>;
};

template <typename R, typename Args>
struct FnPtr;
template <typename R, typename... A>
struct FnPtr<R, List<A...>> {
  using type = R (*)(A...);
};

// The parameter types of sig S, skipping the first `Skip` operands.
template <Sig S, size_t Skip, typename Seq = std::make_index_sequence<S.num_params() - Skip>>
struct Params;
template <Sig S, size_t Skip, size_t... I>
struct Params<S, Skip, std::index_sequence<I...>> {
  using type = List<typename TypeOf<S.s[Skip + I]>::type...>;
};

template <Sig S>
struct Result {
  using type = typename TypeOf<S.s[S.colon() + 1]>::type;
};

template <Sig S>
using ResultOrVoid =
    typename std::conditional_t<S.num_results() == 0, std::type_identity<void>, Result<S>>::type;

template <size_t N>
constexpr bool covered_sig(const Sig<N>& s, ImmKind k) {
  if (s.special()) return false;
  return k == ImmKind::None || k == ImmKind::Lane || k == ImmKind::Shuffle ||
         k == ImmKind::MemArg || k == ImmKind::MemArgLane;
}

template <typename A, typename B>
using ConcatT = typename Concat<A, B>::type;
template <typename R, typename Args>
using FnPtrT = typename FnPtr<R, Args>::type;

// The function pointer type ops.h promises for an op of sig S and immediate kind K, wrapped in
// std::type_identity.
template <Sig S, ImmKind K>
consteval auto expected() {
  if constexpr (K == ImmKind::None && S.traps()) {
    using R = typename Result<S>::type;
    using Args = ConcatT<typename Params<S, 0>::type, List<R&, rt::TrapKind&>>;
    return std::type_identity<FnPtrT<bool, Args>>{};
  } else if constexpr (K == ImmKind::None) {
    return std::type_identity<FnPtrT<ResultOrVoid<S>, typename Params<S, 0>::type>>{};
  } else if constexpr (K == ImmKind::Lane) {
    using Args = ConcatT<typename Params<S, 0>::type, List<uint8_t>>;
    return std::type_identity<FnPtrT<ResultOrVoid<S>, Args>>{};
  } else if constexpr (K == ImmKind::Shuffle) {
    using Args = ConcatT<typename Params<S, 0>::type, List<const uint8_t*>>;
    return std::type_identity<FnPtrT<ResultOrVoid<S>, Args>>{};
  } else {
    // Memory ops: the address operand becomes a byte pointer, const for loads.
    static_assert(K == ImmKind::MemArg || K == ImmKind::MemArgLane);
    using Ptr = std::conditional_t<S.num_results() == 0, uint8_t*, const uint8_t*>;
    using Lane = std::conditional_t<K == ImmKind::MemArgLane, List<uint8_t>, List<>>;
    using Args = ConcatT<List<Ptr>, ConcatT<typename Params<S, 1>::type, Lane>>;
    return std::type_identity<FnPtrT<ResultOrVoid<S>, Args>>{};
  }
}

template <Sig S, ImmKind K, typename F>
consteval bool signature_ok() {
  if constexpr (!covered_sig(S, K)) {
    return true;
  } else {
    return std::is_same_v<F, typename decltype(expected<S, K>())::type>;
  }
}

#define WASM_OP(Name, prefix, code, Imm, n, sig, text)              \
  static_assert(signature_ok<sig, ImmKind::Imm, decltype(&Name)>(), \
                "wasmrun::ops::" #Name                              \
                " is missing or does not have the signature "       \
                "that engine/ops/ops.h promises for sig " sig);
#include "engine/core/opcodes.def"

// How many ops are checked above, counted at compile time.
constexpr size_t kCoveredCount = 0
#define WASM_OP(Name, prefix, code, Imm, n, sig, text) \
  +(covered_sig(Sig{sig}, ImmKind::Imm) ? 1 : 0)
#include "engine/core/opcodes.def"
    ;

}  // namespace wasmrun::ops::sigcheck

namespace wasmrun {
namespace {

using ops::sigcheck::Sig;

// What the compile-time parser read from each row, for comparison with the core's parser.
struct Parsed {
  const char* text;
  bool special, traps, covered;
  size_t num_params, num_results;
};
constexpr Parsed kParsed[] = {
#define WASM_OP(Name, prefix, code, Imm, n, sig, text) \
  {text,                                               \
   Sig{sig}.special(),                                 \
   Sig{sig}.traps(),                                   \
   ops::sigcheck::covered_sig(Sig{sig}, ImmKind::Imm), \
   Sig{sig}.special() ? 0 : Sig{sig}.num_params(),     \
   Sig{sig}.special() ? 0 : Sig{sig}.num_results()},
#include "engine/core/opcodes.def"
};
static_assert(std::size(kParsed) == kOpCount);

// The compile-time reading of the sig column agrees with the core's runtime parser, so the
// checks above test the signatures the validator will actually enforce.
TEST(OpsSignature, CompileTimeSigParsingMatchesCore) {
  size_t covered = 0;
  for (size_t i = 0; i < kOpCount; ++i) {
    const Parsed& p = kParsed[i];
    const OpSig& core = op_sig(static_cast<Op>(i));
    SCOPED_TRACE(p.text);
    EXPECT_EQ(core.special, p.special);
    if (!core.special) {
      EXPECT_EQ(core.traps, p.traps);
      EXPECT_EQ(core.num_params, p.num_params);
      EXPECT_EQ(core.num_results, p.num_results);
    }
    covered += p.covered;
  }
  EXPECT_EQ(covered, ops::sigcheck::kCoveredCount);
  // Every numeric, SIMD and memory-access op of WebAssembly 2.0, plus nop, and the 20 relaxed
  // SIMD ops.
  EXPECT_EQ(covered, 415u);
}

// Calls a representative of each calling convention through its generic function pointer type.
TEST(OpsSignature, ConventionsAreCallable) {
  EXPECT_EQ(ops::I32Sub(5, 7), 0xfffffffeu);
  uint32_t out = 0;
  rt::TrapKind trap{};
  EXPECT_FALSE(ops::I32DivU(1, 0, out, trap));
  EXPECT_EQ(trap, rt::TrapKind::IntegerDivideByZero);
  V128 v = ops::I32x4ReplaceLane(V128{}, 42, 3);
  EXPECT_EQ(ops::I32x4ExtractLane(v, 3), 42u);
  uint8_t mem[8] = {};
  ops::I64Store(mem, 0x0102030405060708u);
  EXPECT_EQ(ops::I64Load(mem), 0x0102030405060708u);
  EXPECT_EQ(mem[0], 0x08);
}

}  // namespace
}  // namespace wasmrun
