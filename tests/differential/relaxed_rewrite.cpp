// The rewrite keeps every module valid because it only swaps an instruction for one that pops
// and pushes the same types, or for a v128.const followed by one that pops one more v128, or
// appends to an instruction that pushes a v128 a relaxed op that takes it (and constants) to a
// v128:
//   v:v   -> a relaxed truncation, or v128.const + a relaxed "vv:v"
//   vv:v  -> a relaxed "vv:v", or v128.const + a relaxed "vvv:v"
//   vvv:v -> a relaxed "vvv:v"
//   X:v   -> X:v + (0 to 2 v128.const) + a relaxed op taking them all
//   v..:X -> the same relaxed op in front, turning the v128 on top into another first
// (also in unreachable code, where the operand stack is polymorphic). Mnemonics are wabt
// 1.0.32's, which spells the two dot products without "relaxed_".
#include "tests/differential/relaxed_rewrite.h"

#include <array>
#include <cstdio>
#include <set>
#include <sstream>
#include <string_view>

#include "tests/differential/splitmix.h"

namespace wasmrun::differential {

namespace {

struct Rng : SplitMix64 {
  template <size_t N>
  const char* pick(const std::array<const char*, N>& from) {
    return from[next() % N];
  }
};

const std::set<std::string_view> kUnary = {"i32x4.trunc_sat_f32x4_s",
                                           "i32x4.trunc_sat_f32x4_u",
                                           "i32x4.trunc_sat_f64x2_s_zero",
                                           "i32x4.trunc_sat_f64x2_u_zero",
                                           "f32x4.neg",
                                           "f32x4.abs",
                                           "f64x2.neg",
                                           "f64x2.abs",
                                           "f32x4.sqrt",
                                           "f64x2.sqrt",
                                           "v128.not",
                                           "i8x16.neg",
                                           "i16x8.neg",
                                           "i32x4.neg",
                                           "f32x4.convert_i32x4_s",
                                           "f32x4.convert_i32x4_u",
                                           "f32x4.ceil",
                                           "f64x2.floor"};
const std::set<std::string_view> kBinary = {
    "i8x16.swizzle", "i8x16.add",  "i8x16.sub",   "i16x8.add",
    "i16x8.sub",     "i16x8.mul",  "i32x4.add",   "i32x4.sub",
    "i32x4.mul",     "i64x2.add",  "i64x2.sub",   "f32x4.add",
    "f32x4.sub",     "f32x4.mul",  "f32x4.div",   "f32x4.min",
    "f32x4.max",     "f64x2.add",  "f64x2.sub",   "f64x2.mul",
    "f64x2.div",     "f64x2.min",  "f64x2.max",   "v128.and",
    "v128.or",       "v128.xor",   "v128.andnot", "i16x8.q15mulr_sat_s",
    "i8x16.eq",      "i32x4.eq",   "f32x4.lt",    "i8x16.min_s",
    "i16x8.max_u",   "i8x16.le_u", "i32x4.le_u",  "i32x4.ge_u",
    "i8x16.ne",      "i16x8.eq",   "f64x2.eq",    "f32x4.gt"};

// Instructions that leave a v128 on the stack from other types: a relaxed op is appended.
const std::set<std::string_view> kProducers = {
    "v128.const",  "v128.load",   "i8x16.splat", "i16x8.splat",      "i32x4.splat",
    "i64x2.splat", "f32x4.splat", "f64x2.splat", "v128.load32_zero", "v128.load64_splat"};

// Instructions that take a v128 from the top of the stack into memory or a scalar, where a
// difference shows: a relaxed op is put in front of them, turning that v128 into another.
const std::set<std::string_view> kConsumers = {
    "v128.store",           "i8x16.extract_lane_s", "i8x16.extract_lane_u", "i16x8.extract_lane_s",
    "i16x8.extract_lane_u", "i32x4.extract_lane",   "i64x2.extract_lane",   "f32x4.extract_lane",
    "f64x2.extract_lane",   "v128.any_true",        "i8x16.all_true",       "i16x8.all_true",
    "i32x4.all_true",       "i64x2.all_true",       "i8x16.bitmask",        "i16x8.bitmask",
    "i32x4.bitmask",        "i64x2.bitmask"};

constexpr std::array<const char*, 4> kRelaxedUnary = {
    "i32x4.relaxed_trunc_f32x4_s", "i32x4.relaxed_trunc_f32x4_u",
    "i32x4.relaxed_trunc_f64x2_s_zero", "i32x4.relaxed_trunc_f64x2_u_zero"};
constexpr std::array<const char*, 7> kRelaxedBinary = {
    "i8x16.relaxed_swizzle",  "f32x4.relaxed_min", "f32x4.relaxed_max",
    "f64x2.relaxed_min",      "f64x2.relaxed_max", "i16x8.relaxed_q15mulr_s",
    "i16x8.dot_i8x16_i7x16_s"};
constexpr std::array<const char*, 9> kRelaxedTernary = {
    "f32x4.relaxed_madd",       "f32x4.relaxed_nmadd",      "f64x2.relaxed_madd",
    "f64x2.relaxed_nmadd",      "i8x16.relaxed_laneselect", "i16x8.relaxed_laneselect",
    "i32x4.relaxed_laneselect", "i64x2.relaxed_laneselect", "i32x4.dot_i8x16_i7x16_add_s"};

// Lanes that reach the edge cases: -0, infinities, floats past the i32 range, mixed masks, i8
// extremes. Few NaNs: -ttf modules pass v128 results through binaryen's de-NaN helper, which
// zeroes a whole vector with a NaN lane, hiding whatever the other lanes held.
constexpr std::array<uint32_t, 16> kLanes = {0x3f800001u, 0x7fc00000u, 0x80000000u, 0x00000000u,
                                             0x7f7fffffu, 0xff800000u, 0x4f000000u, 0xcf000001u,
                                             0x3f800000u, 0xbfc00000u, 0x4b800001u, 0x0000ffffu,
                                             0x80808080u, 0x7f7f7f7fu, 0x41dfffffu, 0x10203040u};

std::string v128_const(Rng& rng) {
  char buf[96];
  uint32_t l[4];
  for (uint32_t& x : l)
    x = rng.next() % 3 == 0 ? static_cast<uint32_t>(rng.next()) : kLanes[rng.next() % 16];
  std::snprintf(buf, sizeof buf, "v128.const i32x4 0x%08x 0x%08x 0x%08x 0x%08x", l[0], l[1], l[2],
                l[3]);
  return buf;
}

}  // namespace

RelaxedRewrite relax_simd(const std::string& wat, uint64_t seed) {
  Rng rng{{seed * 0x9e3779b97f4a7c15ull + 0x5151}};
  RelaxedRewrite out;
  std::istringstream in(wat);
  std::string line;
  while (std::getline(in, line)) {
    // The last instruction of a function carries the closing parentheses: they go after
    // whatever replaces it.
    const size_t body_end = line.find_last_not_of(')') + 1;
    const std::string closing = line.substr(body_end);
    line.resize(body_end);
    const size_t start = line.find_first_not_of(' ');
    const std::string_view indent(line.data(), start == std::string::npos ? 0 : start);
    std::string_view op =
        start == std::string::npos ? std::string_view{} : std::string_view(line).substr(start);
    op = op.substr(0, op.find(' '));
    const bool unary = kUnary.count(op) != 0, binary = kBinary.count(op) != 0;
    const bool ternary = op == "v128.bitselect", producer = kProducers.count(op) != 0;
    const bool consumer = kConsumers.count(op) != 0;
    if (!(unary || binary || ternary || producer || consumer) || rng.next() % 4 == 0) {
      out.wat.append(line).append(closing).append("\n");
      continue;
    }
    ++out.rewritten;
    auto emit = [&](const std::string& text) { out.wat.append(indent).append(text).append("\n"); };
    auto emit_last = [&](const std::string& text) {
      out.wat.append(indent).append(text).append(closing).append("\n");
    };
    // The v128 on top of the stack becomes the first operand of a relaxed op, the others
    // constants.
    auto relax_top = [&](bool last) {
      const uint64_t arity = 1 + rng.next() % 3;
      for (uint64_t i = 1; i < arity; ++i) emit(v128_const(rng));
      const char* relaxed = arity == 1   ? rng.pick(kRelaxedUnary)
                            : arity == 2 ? rng.pick(kRelaxedBinary)
                                         : rng.pick(kRelaxedTernary);
      last ? emit_last(relaxed) : emit(relaxed);
    };
    if (producer) {  // kept, its value relaxed
      out.wat.append(line).append("\n");
      relax_top(true);
      continue;
    }
    if (consumer) {  // its operand relaxed first
      relax_top(false);
      out.wat.append(line).append(closing).append("\n");
      continue;
    }
    const bool wider = !ternary && rng.next() % 2 == 0;  // one operand more, from a constant
    if (wider) emit(v128_const(rng));
    emit_last(ternary || (binary && wider) ? rng.pick(kRelaxedTernary)
              : unary && !wider            ? rng.pick(kRelaxedUnary)
                                           : rng.pick(kRelaxedBinary));
  }
  return out;
}

}  // namespace wasmrun::differential
