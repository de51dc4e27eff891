// Which generic handler shape each op of opcodes.def gets, computed at compile time from the
// table's immediate kind and sig column, so one handler template per shape covers ~400 ops.
#pragma once

#include <cstdint>

#include "engine/core/opcodes.h"
#include "wasmrun/types.hpp"

namespace wasmrun::interp {

enum class Shape : uint8_t {
  Special,     // translated by hand (control, variables, constants, tables, bulk memory...)
  Nop,         // ":" with no immediate
  Unary,       // a -> r
  Binary,      // a b -> r
  Ternary,     // a b c -> r
  UnaryTrap,   // a -> r, may trap
  BinaryTrap,  // a b -> r, may trap
  Load,        // addr -> r
  Store,       // addr v ->
  ExtractLane,
  ReplaceLane,
  Shuffle,
  LoadLane,
  StoreLane,
};

struct ShapeInfo {
  Shape shape = Shape::Special;
  char p[3] = {0, 0, 0};  // operand type letters of the sig column
  char r = 0;             // result type letter, 0 if none
  uint8_t np = 0;
};

constexpr ShapeInfo classify(ImmKind imm, const char* sig) {
  ShapeInfo s;
  if (sig[0] == '*') return s;
  bool traps = false, results = false;
  for (const char* c = sig; *c; ++c) {
    if (*c == '!') {
      traps = true;
    } else if (*c == ':') {
      results = true;
    } else if (results) {
      s.r = *c;
    } else if (s.np < 3) {
      s.p[s.np++] = *c;
    }
  }
  switch (imm) {
    case ImmKind::None:
      if (s.np == 0 && s.r == 0)
        s.shape = Shape::Nop;
      else if (s.r == 0)
        s.shape = Shape::Special;
      else if (s.np == 1)
        s.shape = traps ? Shape::UnaryTrap : Shape::Unary;
      else if (s.np == 2)
        s.shape = traps ? Shape::BinaryTrap : Shape::Binary;
      else if (s.np == 3)
        s.shape = Shape::Ternary;
      break;
    case ImmKind::MemArg: s.shape = s.r ? Shape::Load : Shape::Store; break;
    case ImmKind::Lane: s.shape = s.np == 1 ? Shape::ExtractLane : Shape::ReplaceLane; break;
    case ImmKind::Shuffle: s.shape = Shape::Shuffle; break;
    case ImmKind::MemArgLane: s.shape = s.r ? Shape::LoadLane : Shape::StoreLane; break;
    default: break;
  }
  return s;
}

constexpr ShapeInfo kShapes[] = {
#define WASM_OP(Name, prefix, code, Imm, n, sig, text) classify(ImmKind::Imm, sig),
#include "engine/core/opcodes.def"
};

// Bytes a memory op accesses: `n` is log2 of its natural alignment.
constexpr uint8_t kAccessLog2[] = {
#define WASM_OP(Name, prefix, code, Imm, n, sig, text) n,
#include "engine/core/opcodes.def"
};

inline const ShapeInfo& shape_of(Op op) { return kShapes[static_cast<size_t>(op)]; }

constexpr ValType letter_type(char c) {
  switch (c) {
    case 'i': return ValType::I32;
    case 'l': return ValType::I64;
    case 'f': return ValType::F32;
    case 'd': return ValType::F64;
    default: return ValType::V128;
  }
}

}  // namespace wasmrun::interp
