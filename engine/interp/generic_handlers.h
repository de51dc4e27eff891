// The handler templates, one per shape of shape.h. Each reads its operands from the frame,
// applies the op's function from engine/ops, and writes its result, so the dispatch loop
// instantiates one handler per op from the opcode table instead of spelling out hundreds.
#pragma once

#include <cstdint>
#include <cstring>
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

// Effective address of a memory access of `size` bytes, or nullptr when out of bounds. The
// size is read on every access: another instance sharing the memory may have grown it.
WASMRUN_INLINE uint8_t* effective(uint8_t* mem, const rt::LinearMemory* memory, uint32_t addr,
                                  uint32_t offset, uint32_t size) {
  uint64_t ea = uint64_t{addr} + offset;
  if (ea + size > memory->size) return nullptr;
  return mem + ea;
}

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

// Runs the instruction at `pc` and advances it; false (with `trap` set) when the op traps.
template <class F, Shape S, char P0, char P1, char P2, char R, uint8_t N>
WASMRUN_INLINE bool exec(const uint8_t*& pc, uint8_t* fp, uint8_t* mem,
                         const rt::LinearMemory* memory, rt::TrapKind& trap) {
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
    uint8_t* p = effective(mem, memory, rd<uint32_t>(fp, i->addr), i->offset, 1u << N);
    if (!p) {
      trap = rt::TrapKind::MemoryOutOfBounds;
      return false;
    }
    wr<Out>(fp, i->d, F::call(static_cast<const uint8_t*>(p)));
    pc += sizeof *i;
  } else if constexpr (S == Shape::Store) {
    auto* i = reinterpret_cast<const InsStore*>(pc);
    uint8_t* p = effective(mem, memory, rd<uint32_t>(fp, i->addr), i->offset, 1u << N);
    if (!p) {
      trap = rt::TrapKind::MemoryOutOfBounds;
      return false;
    }
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
    uint8_t* p = effective(mem, memory, rd<uint32_t>(fp, i->addr), i->offset, 1u << N);
    if (!p) {
      trap = rt::TrapKind::MemoryOutOfBounds;
      return false;
    }
    wr<Out>(fp, i->d, F::call(static_cast<const uint8_t*>(p), rd<V128>(fp, i->v), i->lane));
    pc += sizeof *i;
  } else if constexpr (S == Shape::StoreLane) {
    auto* i = reinterpret_cast<const InsStoreLane*>(pc);
    uint8_t* p = effective(mem, memory, rd<uint32_t>(fp, i->addr), i->offset, 1u << N);
    if (!p) {
      trap = rt::TrapKind::MemoryOutOfBounds;
      return false;
    }
    F::call(p, rd<V128>(fp, i->v), i->lane);
    pc += sizeof *i;
  }
  return true;
}

}  // namespace wasmrun::interp
