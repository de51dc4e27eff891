// Helper::Numeric: any numeric or SIMD op of engine/ops called out of line on 16-byte cells.
// The table below is generated from opcodes.def, so every op with a plain signature in ops.h has
// an entry without a hand-written list. The JIT uses it for ops it does not emit inline.
#include <cstring>
#include <tuple>
#include <type_traits>
#include <utility>

#include "engine/core/opcodes.h"
#include "engine/ops/ops.h"
#include "jit/helpers.h"

// Stand-ins found by unqualified lookup only where wasmrun::ops has no function of an op's name
// (control and variable instructions), so the table can name every op of opcodes.def.
namespace wasmrun_jit_op_fallback {
struct NotAnOp {};
#define WASM_OP(Name, prefix, code, Imm, n, sig, text) \
  [[maybe_unused]] inline constexpr NotAnOp Name{};
#include "engine/core/opcodes.def"
}  // namespace wasmrun_jit_op_fallback

namespace wasmrun::ops::jit_thunks {

using namespace ::wasmrun_jit_op_fallback;

// 0, or 1 + TrapKind. `imm` is the lane index (imm[0]) or the 16-byte shuffle pattern.
using Thunk = uint32_t (*)(rt::RawValue* cells, const uint8_t* imm);

// Cells carry i32/i64/f32/f64/v128 values and, for memory ops, host pointers.
template <class T>
T get(const rt::RawValue& c) {
  if constexpr (std::is_same_v<T, V128>) {
    V128 v;
    std::memcpy(v.bytes, c.v128, 16);
    return v;
  } else {
    T v;
    std::memcpy(&v, &c, sizeof(T));
    return v;
  }
}

template <class T>
void put(rt::RawValue& c, const T& v) {
  if constexpr (std::is_same_v<T, V128>) {
    std::memcpy(c.v128, v.bytes, 16);
  } else {
    std::memcpy(&c, &v, sizeof(T));
  }
}

template <class F>
struct FnTraits;
template <class R, class... A>
struct FnTraits<R (*)(A...)> {
  using Ret = R;
  using Args = std::tuple<A...>;
  static constexpr size_t kArity = sizeof...(A);
};

// Whether element `Index` of `Tuple` exists and is `T` (an out-of-range index, e.g. n - 1 for an
// empty list, is simply false).
template <class Tuple, class T, size_t Index>
constexpr bool element_is() {
  if constexpr (Index < std::tuple_size_v<Tuple>) {
    return std::is_same_v<std::tuple_element_t<Index, Tuple>, T>;
  } else {
    return false;
  }
}

// The calling conventions of ops.h: trapping ops end in (R& out, TrapKind& trap), lane ops in
// a uint8_t lane, i8x16.shuffle in a pointer to its 16 lane indexes.
template <auto Fn>
uint32_t thunk(rt::RawValue* c, const uint8_t* imm) {
  using T = FnTraits<decltype(Fn)>;
  using Args = typename T::Args;
  constexpr size_t n = T::kArity;
  if constexpr (element_is<Args, rt::TrapKind&, n - 1>()) {
    using Out = std::remove_reference_t<std::tuple_element_t<n - 2, Args>>;
    Out out{};
    rt::TrapKind trap{};
    bool ok = [&]<size_t... I>(std::index_sequence<I...>) {
      return Fn(get<std::tuple_element_t<I, Args>>(c[I])..., out, trap);
    }
    (std::make_index_sequence<n - 2>{});
    if (!ok) return 1 + static_cast<uint32_t>(trap);
    put(c[0], out);
    return 0;
  } else {
    constexpr bool kLane = element_is<Args, uint8_t, n - 1>();
    constexpr bool kPattern =
        element_is<Args, const uint8_t*, n - 1>() && !element_is<Args, const uint8_t*, 0>();
    constexpr size_t np = (kLane || kPattern) ? n - 1 : n;
    auto call = [&]<size_t... I>(std::index_sequence<I...>)->decltype(auto) {
      if constexpr (kLane) {
        return Fn(get<std::tuple_element_t<I, Args>>(c[I])..., imm[0]);
      } else if constexpr (kPattern) {
        return Fn(get<std::tuple_element_t<I, Args>>(c[I])..., imm);
      } else {
        return Fn(get<std::tuple_element_t<I, Args>>(c[I])...);
      }
    };
    if constexpr (std::is_void_v<typename T::Ret>) {
      call(std::make_index_sequence<np>{});
    } else {
      put(c[0], call(std::make_index_sequence<np>{}));
    }
    return 0;
  }
}

constexpr bool helper_op(const char* sig, ImmKind imm) {
  bool plain = imm == ImmKind::None || imm == ImmKind::Lane || imm == ImmKind::Shuffle ||
               imm == ImmKind::MemArg || imm == ImmKind::MemArgLane;
  return plain && sig[0] != '*' && !(sig[0] == ':' && sig[1] == '\0');
}

template <auto Fn, bool kUse>
constexpr Thunk pick() {
  if constexpr (!kUse || std::is_same_v<decltype(Fn), const NotAnOp*>) {
    return nullptr;
  } else {
    return &thunk<Fn>;
  }
}

constexpr Thunk kThunks[] = {
#define WASM_OP(Name, prefix, code, Imm, n, sig, text) pick<&Name, helper_op(sig, ImmKind::Imm)>(),
#include "engine/core/opcodes.def"
};
static_assert(std::size(kThunks) == kOpCount);

}  // namespace wasmrun::ops::jit_thunks

namespace wasmrun::jit {

bool has_numeric_helper(Op op) {
  return ops::jit_thunks::kThunks[static_cast<size_t>(op)] != nullptr;
}

uint32_t numeric_helper_entry(ExecState* state, uint32_t op, rt::RawValue* cells) {
  uint32_t r = ops::jit_thunks::kThunks[op](cells, cells[3].v128);
  if (r == 0) return 0;
  auto kind = static_cast<rt::TrapKind>(r - 1);
  state->trap = rt::TrapInfo{kind, rt::trap_message(kind), {}};
  return 1;
}

}  // namespace wasmrun::jit
