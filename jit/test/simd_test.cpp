// SIMD in JIT code against engine/ops: every SIMD op that is not a memory access is compiled alone
// into a function and run on edge-case operands (NaNs of both signs and a signalling one, -0,
// infinities, values at and past the integer conversion limits, lane minima and maxima, shift
// counts at and beyond the lane width, swizzle indexes past 15, several shuffle patterns, every
// lane index; the relaxed SIMD ops too, whose one result engine/ops defines). Each result must
// equal what Helper::Numeric (engine/ops, the interpreter's semantics on this host) computes bit
// for bit, NaN lanes included: wasm would accept any arithmetic NaN, but the differential test
// compares the interpreter's and the JIT's bits. A second test checks that the ops the back ends
// emit inline are compiled without a helper call.
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "engine/core/opcodes.h"
#include "engine/core/test_module_builder.h"
#include "jit/helpers.h"
#include "jit/test/jit_test_util.h"

namespace wasmrun::jit::test {
namespace {

namespace tb = wasmrun::testing;
using Bytes = std::vector<uint8_t>;

uint8_t type_byte(ValType t) {
  switch (t) {
    case ValType::I32: return 0x7f;
    case ValType::I64: return 0x7e;
    case ValType::F32: return 0x7d;
    case ValType::F64: return 0x7c;
    default: return 0x7b;  // v128
  }
}

// The SIMD ops these tests cover: everything under 0xfd with no memory immediate.
std::vector<Op> simd_ops() {
  std::vector<Op> out;
  for (size_t i = 0; i < kOpCount; ++i) {
    Op op = static_cast<Op>(i);
    const OpInfo& info = op_info(op);
    if (info.prefix != 0xfd || !has_numeric_helper(op)) continue;
    if (info.imm == ImmKind::None || info.imm == ImmKind::Lane || info.imm == ImmKind::Shuffle) {
      out.push_back(op);
    }
  }
  return out;
}

// A module whose function "f" applies `op` (with immediate bytes `imm`) to its parameters.
Bytes module_for(Op op, const Bytes& imm) {
  const OpSig& sig = op_sig(op);
  Bytes params, results, body;
  for (int i = 0; i < sig.num_params; ++i) {
    params.push_back(type_byte(sig.params[i]));
    body.push_back(0x20);  // local.get i
    body.push_back(static_cast<uint8_t>(i));
  }
  for (int i = 0; i < sig.num_results; ++i) results.push_back(type_byte(sig.results[i]));
  body.push_back(0xfd);
  tb::append_u32(body, op_info(op).code);
  body.insert(body.end(), imm.begin(), imm.end());
  body.push_back(0x0b);
  Bytes exports = tb::section(7, tb::vec({tb::cat({tb::name("f"), {0x00}, tb::u32(0)})}));
  return tb::module_with_funcs({tb::func_type(params, results)}, {{0, {0x00}, body}}, {exports});
}

rt::RawValue v128(const uint8_t* bytes) {
  rt::RawValue v = rt::raw_zero();
  std::memcpy(v.v128, bytes, 16);
  return v;
}

template <class T>
void add_lane_vectors(std::vector<rt::RawValue>& out, const std::vector<T>& pool) {
  constexpr size_t kLanes = 16 / sizeof(T);
  // Every value in every lane position, next to different neighbours.
  for (size_t j = 0; j < pool.size(); ++j) {
    T lanes[kLanes];
    for (size_t i = 0; i < kLanes; ++i) lanes[i] = pool[(j + i * 3) % pool.size()];
    out.push_back(v128(reinterpret_cast<const uint8_t*>(lanes)));
  }
}

std::vector<uint32_t> f32_pool() {
  return {0x7fc00000u, 0xffc00000u, 0x7fa00001u, 0x00000000u, 0x80000000u, 0x3f800000u, 0xbfc00000u,
          0x7f800000u, 0xff800000u, 0x4f000000u, 0xcf000001u, 0x4f800000u, 0x3f000000u, 0x40200000u,
          0x00000001u, 0x4b800001u, 0x7f7fffffu, 0xc0200000u, 0x7f812345u, 0xffdb6b03u};
}
std::vector<uint64_t> f64_pool() {
  return {
      0x7ff8000000000000ull, 0xfff8000000000000ull, 0x7ff4000000000001ull, 0ull,
      0x8000000000000000ull, 0x3ff0000000000000ull, 0xbff8000000000000ull, 0x7ff0000000000000ull,
      0xfff0000000000000ull, 0x41dfffffffc00000ull, 0x41e0000000000000ull, 0xc1e0000000200000ull,
      0x41efffffffe00000ull, 0x3fe0000000000000ull, 0x4004000000000000ull, 1ull,
      0x4340000000000001ull};
}

std::vector<rt::RawValue> vector_pool() {
  std::vector<rt::RawValue> out;
  add_lane_vectors<uint8_t>(
      out, {0x00, 0xff, 0x80, 0x7f, 0x01, 0x81, 0x0f, 0x10, 0x1f, 0x20, 0xfe, 0x55});
  add_lane_vectors<uint16_t>(
      out, {0x8000, 0x7fff, 0xffff, 0x0001, 0x0000, 0x00ff, 0xff00, 0x8001, 0x1234});
  add_lane_vectors<uint32_t>(
      out, {0x80000000u, 0x7fffffffu, 0xffffffffu, 0u, 1u, 0x80000001u, 0xffffu, 0x10000u});
  add_lane_vectors<uint64_t>(out, {0x8000000000000000ull, 0x7fffffffffffffffull, ~0ull, 1ull,
                                   0x00000001ffffffffull, 0xffffffff00000000ull});
  add_lane_vectors<uint32_t>(out, f32_pool());
  add_lane_vectors<uint64_t>(out, f64_pool());
  std::mt19937_64 rng(7);
  for (int i = 0; i < 8; ++i) {
    uint64_t words[2] = {rng(), rng()};
    out.push_back(v128(reinterpret_cast<const uint8_t*>(words)));
  }
  return out;
}

std::vector<rt::RawValue> scalar_pool(ValType t) {
  std::vector<rt::RawValue> out;
  switch (t) {
    case ValType::I32:
      for (uint32_t v : {0u,   1u,   7u,          8u,          9u,          15u,        16u,  17u,
                         31u,  32u,  33u,         63u,         64u,         65u,        127u, 128u,
                         255u, 256u, 0x7fffffffu, 0x80000000u, 0xffffffffu, 0x12345678u}) {
        out.push_back(I32(v));
      }
      break;
    case ValType::I64:
      for (uint64_t v : {0ull, 1ull, ~0ull, 0x8000000000000000ull, 0x7fffffffffffffffull,
                         0x123456789abcdef0ull}) {
        out.push_back(I64(v));
      }
      break;
    case ValType::F32:
      for (uint32_t b : f32_pool()) {
        rt::RawValue v = rt::raw_zero();
        v.i32 = b;
        out.push_back(v);
      }
      break;
    default:
      for (uint64_t b : f64_pool()) {
        rt::RawValue v = rt::raw_zero();
        v.i64 = b;
        out.push_back(v);
      }
      break;
  }
  return out;
}

// Immediates to try: every lane index, or a set of shuffle patterns.
std::vector<Bytes> immediates(Op op) {
  const OpInfo& info = op_info(op);
  std::vector<Bytes> out;
  if (info.imm == ImmKind::Lane) {
    for (uint8_t lane = 0; lane < info.n; ++lane) out.push_back({lane});
  } else if (info.imm == ImmKind::Shuffle) {
    Bytes identity, reversed, rhs_only, interleave, broadcast;
    for (uint8_t i = 0; i < 16; ++i) {
      identity.push_back(i);
      reversed.push_back(static_cast<uint8_t>(31 - i));
      rhs_only.push_back(static_cast<uint8_t>(16 + (i * 5) % 16));
      interleave.push_back(static_cast<uint8_t>((i % 2) * 16 + i / 2));
      broadcast.push_back(5);
    }
    out = {identity, reversed, rhs_only, interleave, broadcast};
    std::mt19937 rng(3);
    for (int k = 0; k < 4; ++k) {
      Bytes p;
      for (int i = 0; i < 16; ++i) p.push_back(static_cast<uint8_t>(rng() % 32));
      out.push_back(p);
    }
  } else {
    out.push_back({});
  }
  return out;
}

std::string hex(const uint8_t* b, size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  for (size_t i = n; i-- > 0;) {
    s += digits[b[i] >> 4];
    s += digits[b[i] & 15];
  }
  return s;
}

std::vector<std::vector<rt::RawValue>> operand_sets(const OpSig& sig,
                                                    const std::vector<rt::RawValue>& vectors) {
  std::vector<std::vector<rt::RawValue>> sets{{}};
  for (int i = 0; i < sig.num_params; ++i) {
    const std::vector<rt::RawValue> pool =
        sig.params[i] == ValType::V128 ? vectors : scalar_pool(sig.params[i]);
    // The third operand (bitselect's and laneselect's mask, madd's addend, the dot product's
    // accumulator) comes from a smaller set.
    size_t limit = i == 2 ? 12 : pool.size();
    std::vector<std::vector<rt::RawValue>> next;
    for (const auto& s : sets) {
      for (size_t k = 0; k < limit; ++k) {
        auto t = s;
        t.push_back(pool[(k * 7) % pool.size()]);
        next.push_back(std::move(t));
      }
    }
    sets = std::move(next);
  }
  return sets;
}

TEST(SimdTest, EveryOpMatchesEngineOps) {
  const std::vector<rt::RawValue> vectors = vector_pool();
  ExecState state{};
  size_t checked = 0;
  for (Op op : simd_ops()) {
    const OpSig& sig = op_sig(op);
    for (const Bytes& imm : immediates(op)) {
      std::string error;
      auto inst = Instance::create(module_for(op, imm), {}, &error);
      ASSERT_NE(inst, nullptr) << op_name(op) << ": " << error;
      size_t failures = 0;
      for (const auto& args : operand_sets(sig, vectors)) {
        rt::RawValue cells[4] = {rt::raw_zero(), rt::raw_zero(), rt::raw_zero(), rt::raw_zero()};
        for (size_t i = 0; i < args.size(); ++i) cells[i] = args[i];
        if (!imm.empty()) std::memcpy(cells[3].v128, imm.data(), imm.size());
        ASSERT_EQ(numeric_helper_entry(&state, static_cast<uint32_t>(op), cells), 0u);
        CallResult r = inst->call("f", args);
        ASSERT_FALSE(r.trap) << op_name(op);
        ++checked;
        const uint8_t* got = reinterpret_cast<const uint8_t*>(&r.results[0]);
        const uint8_t* want = reinterpret_cast<const uint8_t*>(&cells[0]);
        size_t size = sig.results[0] == ValType::V128                                    ? 16
                      : sig.results[0] == ValType::I64 || sig.results[0] == ValType::F64 ? 8
                                                                                         : 4;
        if (std::memcmp(got, want, size) != 0 && ++failures <= 3) {
          std::string in;
          for (const auto& a : args) in += " " + hex(reinterpret_cast<const uint8_t*>(&a), 16);
          ADD_FAILURE() << op_name(op) << (imm.empty() ? "" : " imm " + hex(imm.data(), imm.size()))
                        << " on" << in << ": got " << hex(got, size) << ", want "
                        << hex(want, size);
        }
      }
    }
  }
  EXPECT_GT(checked, 100000u);
}

// The ops both back ends emit inline compile without any helper call: on x64 helpers are called
// through the execution state's table (`call qword ptr [r15+...]`), on arm64 with `blr`.
TEST(SimdTest, InlineOpsCallNoHelper) {
  size_t inline_ops = 0;
  for (Op op : simd_ops()) {
#if defined(__x86_64__)
    // Left out of line on x64 (see jit/x64/masm_x64_simd.cpp).
    if (op == Op::I32x4TruncSatF32x4U || op == Op::I32x4TruncSatF64x2UZero ||
        op == Op::I32x4RelaxedTruncF32x4U || op == Op::I32x4RelaxedTruncF64x2UZero) {
      continue;
    }
#endif
    std::string error;
    auto validated = decode_and_validate(module_for(op, immediates(op)[0]), &error);
    ASSERT_NE(validated, nullptr) << error;
    auto listing = disassemble_functions(validated);
    ASSERT_TRUE(listing.ok());
    const std::string& code = (*listing.value)[0];
    EXPECT_EQ(code.find("call qword"), std::string::npos) << op_name(op) << ":\n" << code;
    EXPECT_EQ(code.find("blr"), std::string::npos) << op_name(op) << ":\n" << code;
    ++inline_ops;
  }
  EXPECT_GT(inline_ops, 200u);
}

}  // namespace
}  // namespace wasmrun::jit::test
