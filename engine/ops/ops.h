// The specification's semantics of every numeric, SIMD and memory-access instruction, as one
// inline function per op of engine/core/opcodes.def, named exactly like the op (namespace
// wasmrun::ops). Both tiers call them: the interpreter from handlers generated off the table,
// the JIT as out-of-line helpers.
//
// Types: i32 -> uint32_t, i64 -> uint64_t, f32 -> float, f64 -> double, v128 -> V128.
// Parameters follow the operand order of the sig column (for i32.sub, a - b).
//
//   plain op                R Name(P1 a, P2 b, P3 c)
//   trapping op ("!")       bool Name(P1 a, P2 b, R& out, rt::TrapKind& trap)
//                           returns false and sets trap when the specification traps
//   lane op                 R Name(P1 a, [P2 b,] uint8_t lane)
//   i8x16.shuffle           V128 I8x16Shuffle(V128 a, V128 b, const uint8_t* lanes)   (16 bytes)
//   load                    R Name(const uint8_t* p)          p: the effective address,
//   store                   void Name(uint8_t* p, T value)       already bounds-checked
//   lane load/store         V128 Name(const uint8_t* p, V128 v, uint8_t lane)
//                           void Name(uint8_t* p, V128 v, uint8_t lane)
//
// Not here: ops typed "*", constants, memory.size/grow and the bulk memory/table ops, which the
// tiers implement with their own state.
#pragma once

#include "engine/ops/memory_access.h"
#include "engine/ops/numeric.h"
#include "engine/ops/simd.h"
