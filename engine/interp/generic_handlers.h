// The handler templates, one per shape of shape.h. Each reads its operands from the frame,
// applies the op's function from engine/ops, and writes its result, so the dispatch loop
// instantiates one handler per op from the opcode table instead of spelling out hundreds.
#pragma once

#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>

#include "engine/interp/code.h"
#include "engine/interp/shape.h"
#include "runtime/memory.h"
#include "runtime/trap.h"
#include "wasmrun/types.hpp"

namespace wasmrun::interp {

#define WASMRUN_INLINE [[gnu::always_inline]] inline

// C++ type of a sig letter; letter 0 (no operand) maps to a placeholder.
template <char C>
struct Letter {
  using T = uint8_t;
};
template <>
struct Letter<'i'> {
  using T = uint32_t;
};
template <>
struct Letter<'l'> {
  using T = uint64_t;
};
template <>
struct Letter<'f'> {
  using T = float;
};
template <>
struct Letter<'d'> {
  using T = double;
};
template <>
struct Letter<'v'> {
  using T = V128;
};

template <class T>
WASMRUN_INLINE T rd(const uint8_t* fp, Off o) {
  T v;
  std::memcpy(&v, fp + o, sizeof v);
  return v;
}
template <class T>
WASMRUN_INLINE void wr(uint8_t* fp, Off o, T v) {
  std::memcpy(fp + o, &v, sizeof v);
}

// Whether an access of `size` bytes at addr + offset lies inside a memory of `bound` bytes. The
// dispatch loop keeps the bound in a local, re-read wherever the memory may have grown
// (memory.grow, host calls, a change of instance), so an access costs one add and one compare.
WASMRUN_INLINE bool in_bounds(uint32_t addr, uint32_t offset, uint32_t size, uint64_t bound) {
  return uint64_t{addr} + offset + size <= bound;
}

// The same for a 64-bit memory (memory64): address and offset are any 64-bit values, so each is
// compared with the bound (at most 2^48) before they are added, which then cannot wrap.
WASMRUN_INLINE bool in_bounds64(uint64_t addr, uint64_t offset, uint32_t size, uint64_t bound) {
  return addr <= bound && offset <= bound && addr + offset + size <= bound;
}

// A constant operand from its bits (InsBinImm, InsBrCmpImm).
template <class T>
WASMRUN_INLINE T from_bits(uint64_t bits) {
  if constexpr (sizeof(T) == 4) {
    uint32_t low = static_cast<uint32_t>(bits);
    T v;
    std::memcpy(&v, &low, 4);
    return v;
  } else {
    T v;
    std::memcpy(&v, &bits, 8);
    return v;
  }
}

constexpr bool scalar_letter(char c) { return c == 'i' || c == 'l' || c == 'f' || c == 'd'; }

template <class F, Shape S, char P0, char P1, char P2, char R>
constexpr bool supported() {
  using A = typename Letter<P0>::T;
  using B = typename Letter<P1>::T;
  using C = typename Letter<P2>::T;
  using Out = typename Letter<R>::T;
  if constexpr (S == Shape::Nop) {
    return true;
  } else if constexpr (S == Shape::Unary) {
    return requires { F::call(std::declval<A>()); };
  } else if constexpr (S == Shape::Binary) {
    return requires { F::call(std::declval<A>(), std::declval<B>()); };
  } else if constexpr (S == Shape::Ternary) {
    return requires { F::call(std::declval<A>(), std::declval<B>(), std::declval<C>()); };
  } else if constexpr (S == Shape::UnaryTrap) {
    return requires(Out & o, rt::TrapKind & t) { F::call(std::declval<A>(), o, t); };
  } else if constexpr (S == Shape::BinaryTrap) {
    return requires(Out & o, rt::TrapKind & t) {
      F::call(std::declval<A>(), std::declval<B>(), o, t);
    };
  } else if constexpr (S == Shape::Load) {
    return requires(const uint8_t* p) { F::call(p); };
  } else if constexpr (S == Shape::Store) {
    return requires(uint8_t * p) { F::call(p, std::declval<B>()); };
  } else if constexpr (S == Shape::ExtractLane) {
    return requires { F::call(std::declval<A>(), uint8_t{0}); };
  } else if constexpr (S == Shape::ReplaceLane) {
    return requires { F::call(std::declval<A>(), std::declval<B>(), uint8_t{0}); };
  } else if constexpr (S == Shape::Shuffle) {
    return requires(const uint8_t* l) { F::call(std::declval<A>(), std::declval<B>(), l); };
  } else if constexpr (S == Shape::LoadLane) {
    return requires(const uint8_t* p) { F::call(p, std::declval<V128>(), uint8_t{0}); };
  } else if constexpr (S == Shape::StoreLane) {
    return requires(uint8_t * p) { F::call(p, std::declval<V128>(), uint8_t{0}); };
  } else {
    return false;
  }
}

// Whether op F has a form with a constant second operand: scalar binary ops.
template <class F, Shape S, char P0, char P1, char P2, char R>
constexpr bool imm_form() {
  return (S == Shape::Binary || S == Shape::BinaryTrap) && scalar_letter(P1) &&
         supported<F, S, P0, P1, P2, R>();
}

// Whether op F (of the given encoding) is a scalar comparison that fuses with a branch.
template <class F, Shape S, char P0, char P1, char P2, char R>
constexpr bool branch_form(uint8_t prefix, uint32_t code) {
  return prefix == 0 && code >= 0x46 && code <= 0x66 && S == Shape::Binary && R == 'i' &&
         scalar_letter(P0) && supported<F, S, P0, P1, P2, R>();
}

// A binary op with a constant second operand; false (with `trap` set) when it traps.
template <class F, Shape S, char P0, char P1, char P2, char R>
WASMRUN_INLINE bool exec_imm(const uint8_t*& pc, uint8_t* fp, rt::TrapKind& trap) {
  if constexpr (!imm_form<F, S, P0, P1, P2, R>()) {
    trap = rt::TrapKind::Unreachable;  // never translated
    return false;
  } else {
    using A = typename Letter<P0>::T;
    using B = typename Letter<P1>::T;
    using Out = typename Letter<R>::T;
    auto* i = reinterpret_cast<const InsBinImm*>(pc);
    if constexpr (S == Shape::Binary) {
      wr<Out>(fp, i->d, F::call(rd<A>(fp, i->a), from_bits<B>(i->imm)));
    } else {
      Out out{};
      if (!F::call(rd<A>(fp, i->a), from_bits<B>(i->imm), out, trap)) return false;
      wr<Out>(fp, i->d, out);
    }
    pc += sizeof *i;
    return true;
  }
}

// The comparison of a fused compare-and-branch (InsBrCmp, or InsBrCmpImm when Imm).
template <class F, Shape S, char P0, char P1, char P2, char R, bool Imm>
WASMRUN_INLINE bool compare(const uint8_t* pc, const uint8_t* fp) {
  using A = typename Letter<P0>::T;
  using B = typename Letter<P1>::T;
  if constexpr (!(S == Shape::Binary && R == 'i' && scalar_letter(P0) &&
                  supported<F, S, P0, P1, P2, R>())) {
    return false;  // not a comparison: never translated
  } else if constexpr (Imm) {
    auto* i = reinterpret_cast<const InsBrCmpImm*>(pc);
    return F::call(rd<A>(fp, i->a), from_bits<B>(i->imm)) != 0;
  } else {
    auto* i = reinterpret_cast<const InsBrCmp*>(pc);
    return F::call(rd<A>(fp, i->a), rd<B>(fp, i->b)) != 0;
  }
}

// Whether a memory op has the Indexed form (scalar loads and stores).
template <class F, Shape S, char P0, char P1, char P2, char R>
constexpr bool indexed_form() {
  return ((S == Shape::Load && scalar_letter(R)) || (S == Shape::Store && scalar_letter(P1))) &&
         supported<F, S, P0, P1, P2, R>();
}

// How an Indexed-family form computes its address (mod 2^32, before the offset).
enum class AddrMode : uint8_t {
  Add,     // a + b (InsLoadIdx, InsStoreIdx)
  AddImm,  // a + the constant in b (same layouts)
  Scaled,  // a + (b << shift) (InsLoadScaled, InsStoreScaled)
};

template <AddrMode M, class I>
WASMRUN_INLINE uint32_t address(const I* i, const uint8_t* fp) {
  uint32_t base = rd<uint32_t>(fp, i->a);
  if constexpr (M == AddrMode::Add) {
    return base + rd<uint32_t>(fp, i->b);
  } else if constexpr (M == AddrMode::AddImm) {
    return base + i->b;
  } else {
    return base + (rd<uint32_t>(fp, i->b) << i->shift);
  }
}

// A load or store whose address is a sum the translator folded into it (see AddrMode).
template <class F, Shape S, char P0, char P1, char P2, char R, uint8_t N, AddrMode M>
WASMRUN_INLINE bool exec_indexed(const uint8_t*& pc, uint8_t* fp, uint8_t* mem, uint64_t bound,
                                 rt::TrapKind& trap) {
  if constexpr (!indexed_form<F, S, P0, P1, P2, R>()) {
    trap = rt::TrapKind::Unreachable;  // never translated
    return false;
  } else if constexpr (S == Shape::Load) {
    using Out = typename Letter<R>::T;
    using I = std::conditional_t<M == AddrMode::Scaled, InsLoadScaled, InsLoadIdx>;
    auto* i = reinterpret_cast<const I*>(pc);
    uint32_t addr = address<M>(i, fp);
    if (!in_bounds(addr, i->offset, 1u << N, bound)) {
      trap = rt::TrapKind::MemoryOutOfBounds;
      return false;
    }
    wr<Out>(fp, i->d, F::call(static_cast<const uint8_t*>(mem + addr + uint64_t{i->offset})));
    pc += sizeof *i;
    return true;
  } else {
    using B = typename Letter<P1>::T;
    using I = std::conditional_t<M == AddrMode::Scaled, InsStoreScaled, InsStoreIdx>;
    auto* i = reinterpret_cast<const I*>(pc);
    uint32_t addr = address<M>(i, fp);
    if (!in_bounds(addr, i->offset, 1u << N, bound)) {
      trap = rt::TrapKind::MemoryOutOfBounds;
      return false;
    }
    F::call(mem + addr + uint64_t{i->offset}, rd<B>(fp, i->v));
    pc += sizeof *i;
    return true;
  }
}

// A load or store of a 64-bit memory (Variant::Addr64): every memory shape, an i64 address.
template <class F, Shape S, char P0, char P1, char P2, char R, uint8_t N>
WASMRUN_INLINE bool exec_addr64(const uint8_t*& pc, uint8_t* fp, uint8_t* mem, uint64_t bound,
                                rt::TrapKind& trap) {
  constexpr bool kMemoryShape =
      S == Shape::Load || S == Shape::Store || S == Shape::LoadLane || S == Shape::StoreLane;
  if constexpr (!kMemoryShape || !supported<F, S, P0, P1, P2, R>()) {
    trap = rt::TrapKind::Unreachable;  // never translated
    return false;
  } else {
    using I =
        std::conditional_t<S == Shape::Load, InsLoad64,
                           std::conditional_t<S == Shape::Store, InsStore64,
                                              std::conditional_t<S == Shape::LoadLane,
                                                                 InsLoadLane64, InsStoreLane64>>>;
    auto* i = reinterpret_cast<const I*>(pc);
    uint64_t addr = rd<uint64_t>(fp, i->addr);
    if (!in_bounds64(addr, i->offset, 1u << N, bound)) {
      trap = rt::TrapKind::MemoryOutOfBounds;
      return false;
    }
    uint8_t* p = mem + addr + i->offset;
    if constexpr (S == Shape::Load) {
      wr<typename Letter<R>::T>(fp, i->d, F::call(static_cast<const uint8_t*>(p)));
    } else if constexpr (S == Shape::Store) {
      F::call(p, rd<typename Letter<P1>::T>(fp, i->v));
    } else if constexpr (S == Shape::LoadLane) {
      wr<V128>(fp, i->d, F::call(static_cast<const uint8_t*>(p), rd<V128>(fp, i->v), i->lane));
    } else {
      F::call(p, rd<V128>(fp, i->v), i->lane);
    }
    pc += sizeof *i;
    return true;
  }
}

// Whether ops F1 then F2 can form a chain (code.h, WASMRUN_INTERP_CHAINS): both non-trapping
// binary ops, the first's result being the second's first operand type.
template <Shape S1, char A1, char B1, char R1, Shape S2, char A2, char B2, char R2>
constexpr bool chain_form() {
  return S1 == Shape::Binary && S2 == Shape::Binary && R1 == A2 && scalar_letter(A1) &&
         scalar_letter(B1) && scalar_letter(B2) && scalar_letter(R2);
}

// (a op1 b) op2 c with either second operand a constant (InsChain).
template <class F1, ChainForm K1, char A1, char B1, class F2, ChainForm K2, char A2, char B2,
          char R2>
WASMRUN_INLINE void exec_chain(const uint8_t*& pc, uint8_t* fp) {
  using TA1 = typename Letter<A1>::T;
  using TB1 = typename Letter<B1>::T;
  using TB2 = typename Letter<B2>::T;
  using Out = typename Letter<R2>::T;
  auto* i = reinterpret_cast<const InsChain*>(pc);
  TB1 y = K1 == ChainForm::Imm ? from_bits<TB1>(i->imm1) : rd<TB1>(fp, i->b);
  auto t = F1::call(rd<TA1>(fp, i->a), y);
  TB2 z = K2 == ChainForm::Imm ? from_bits<TB2>(i->imm2) : rd<TB2>(fp, i->c);
  wr<Out>(fp, i->d, F2::call(t, z));
  pc += sizeof *i;
}

// Runs the instruction at `pc` and advances it; false (with `trap` set) when the op traps.
// `bound` is the memory's size in bytes (see in_bounds).
template <class F, Shape S, char P0, char P1, char P2, char R, uint8_t N>
WASMRUN_INLINE bool exec(const uint8_t*& pc, uint8_t* fp, uint8_t* mem, uint64_t bound,
                         rt::TrapKind& trap) {
  using A = typename Letter<P0>::T;
  using B = typename Letter<P1>::T;
  using C = typename Letter<P2>::T;
  using Out = typename Letter<R>::T;
  if constexpr (!supported<F, S, P0, P1, P2, R>() || S == Shape::Nop) {
    trap = rt::TrapKind::Unreachable;  // never translated
    return false;
  } else if constexpr (S == Shape::Unary) {
    auto* i = reinterpret_cast<const InsUn*>(pc);
    wr<Out>(fp, i->d, F::call(rd<A>(fp, i->a)));
    pc += sizeof *i;
  } else if constexpr (S == Shape::Binary) {
    auto* i = reinterpret_cast<const InsBin*>(pc);
    wr<Out>(fp, i->d, F::call(rd<A>(fp, i->a), rd<B>(fp, i->b)));
    pc += sizeof *i;
  } else if constexpr (S == Shape::Ternary) {
    auto* i = reinterpret_cast<const InsTern*>(pc);
    wr<Out>(fp, i->d, F::call(rd<A>(fp, i->a), rd<B>(fp, i->b), rd<C>(fp, i->c)));
    pc += sizeof *i;
  } else if constexpr (S == Shape::UnaryTrap) {
    auto* i = reinterpret_cast<const InsUn*>(pc);
    Out out{};
    if (!F::call(rd<A>(fp, i->a), out, trap)) return false;
    wr<Out>(fp, i->d, out);
    pc += sizeof *i;
  } else if constexpr (S == Shape::BinaryTrap) {
    auto* i = reinterpret_cast<const InsBin*>(pc);
    Out out{};
    if (!F::call(rd<A>(fp, i->a), rd<B>(fp, i->b), out, trap)) return false;
    wr<Out>(fp, i->d, out);
    pc += sizeof *i;
  } else if constexpr (S == Shape::Load) {
    auto* i = reinterpret_cast<const InsLoad*>(pc);
    uint32_t addr = rd<uint32_t>(fp, i->addr);
    if (!in_bounds(addr, i->offset, 1u << N, bound)) {
      trap = rt::TrapKind::MemoryOutOfBounds;
      return false;
    }
    wr<Out>(fp, i->d, F::call(static_cast<const uint8_t*>(mem + addr + uint64_t{i->offset})));
    pc += sizeof *i;
  } else if constexpr (S == Shape::Store) {
    auto* i = reinterpret_cast<const InsStore*>(pc);
    uint32_t addr = rd<uint32_t>(fp, i->addr);
    if (!in_bounds(addr, i->offset, 1u << N, bound)) {
      trap = rt::TrapKind::MemoryOutOfBounds;
      return false;
    }
    uint8_t* p = mem + addr + uint64_t{i->offset};
    F::call(p, rd<B>(fp, i->v));
    pc += sizeof *i;
  } else if constexpr (S == Shape::ExtractLane) {
    auto* i = reinterpret_cast<const InsLane*>(pc);
    wr<Out>(fp, i->d, F::call(rd<A>(fp, i->a), i->lane));
    pc += sizeof *i;
  } else if constexpr (S == Shape::ReplaceLane) {
    auto* i = reinterpret_cast<const InsLane*>(pc);
    wr<Out>(fp, i->d, F::call(rd<A>(fp, i->a), rd<B>(fp, i->b), i->lane));
    pc += sizeof *i;
  } else if constexpr (S == Shape::Shuffle) {
    auto* i = reinterpret_cast<const InsShuffle*>(pc);
    wr<Out>(fp, i->d, F::call(rd<A>(fp, i->a), rd<B>(fp, i->b), i->lanes));
    pc += sizeof *i;
  } else if constexpr (S == Shape::LoadLane) {
    auto* i = reinterpret_cast<const InsLoadLane*>(pc);
    uint32_t addr = rd<uint32_t>(fp, i->addr);
    if (!in_bounds(addr, i->offset, 1u << N, bound)) {
      trap = rt::TrapKind::MemoryOutOfBounds;
      return false;
    }
    uint8_t* p = mem + addr + uint64_t{i->offset};
    wr<Out>(fp, i->d, F::call(static_cast<const uint8_t*>(p), rd<V128>(fp, i->v), i->lane));
    pc += sizeof *i;
  } else if constexpr (S == Shape::StoreLane) {
    auto* i = reinterpret_cast<const InsStoreLane*>(pc);
    uint32_t addr = rd<uint32_t>(fp, i->addr);
    if (!in_bounds(addr, i->offset, 1u << N, bound)) {
      trap = rt::TrapKind::MemoryOutOfBounds;
      return false;
    }
    uint8_t* p = mem + addr + uint64_t{i->offset};
    F::call(p, rd<V128>(fp, i->v), i->lane);
    pc += sizeof *i;
  }
  return true;
}

}  // namespace wasmrun::interp
