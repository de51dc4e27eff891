// Op and op-pair counters (see op_counts.h) and the name table of internal ops.
#include "engine/interp/op_counts.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "engine/interp/code.h"

namespace wasmrun::interp {

namespace {

std::vector<std::string> make_names() {
  std::vector<std::string> n;
#define WASM_OP(Name, prefix, code, Imm, k, sig, text) n.emplace_back(text);
#include "engine/core/opcodes.def"
#define WASMRUN_X(Name) n.emplace_back("x." #Name);
  WASMRUN_INTERP_OPS(WASMRUN_X)
#undef WASMRUN_X
  // The derived forms, in the order of Variant.
  for (const char* suffix : {"/imm", "/br_t", "/br_f", "/br_t_imm", "/br_f_imm", "/indexed",
                             "/indexed_imm", "/scaled"}) {
#define WASM_OP(Name, prefix, code, Imm, k, sig, text) n.emplace_back(std::string(text) + suffix);
#include "engine/core/opcodes.def"
  }
  for (const ChainInfo& c : kChains) {
    n.push_back(std::string(op_name(c.op1)) + (c.k1 == ChainForm::Imm ? "/imm" : "") + "+" +
                op_name(c.op2) + (c.k2 == ChainForm::Imm ? "/imm" : ""));
  }
  return n;
}

}  // namespace

const char* iop_name(uint32_t iop) {
  static const std::vector<std::string> names = make_names();
  return iop < names.size() ? names[iop].c_str() : "?";
}

#if defined(WASMRUN_INTERP_OP_COUNTS)
namespace {

// One process-wide table; counting builds are single-threaded measurement tools.
struct Counts {
  std::vector<uint64_t> pairs = std::vector<uint64_t>(kIOpCount * kIOpCount);
  ~Counts() {
    std::vector<uint64_t> singles(kIOpCount);
    std::vector<std::pair<uint64_t, size_t>> top;
    uint64_t total = 0;
    for (size_t i = 0; i < pairs.size(); ++i) {
      if (!pairs[i]) continue;
      singles[i % kIOpCount] += pairs[i];
      total += pairs[i];
      top.emplace_back(pairs[i], i);
    }
    auto cut = [](auto& v, size_t n) {
      n = std::min(n, v.size());
      std::partial_sort(v.begin(), v.begin() + n, v.end(), std::greater<>());
      v.resize(n);
    };
    const char* env = std::getenv("WASMRUN_INTERP_OP_COUNTS_TOP");
    size_t n = env ? std::strtoul(env, nullptr, 10) : 40;
    std::vector<std::pair<uint64_t, size_t>> ops;
    for (size_t i = 0; i < kIOpCount; ++i) {
      if (singles[i]) ops.emplace_back(singles[i], i);
    }
    cut(ops, n);
    cut(top, n);
    std::fprintf(stderr, "interp op counts: %llu instructions\n",
                 static_cast<unsigned long long>(total));
    for (auto [c, i] : ops) {
      std::fprintf(stderr, "  op %6.2f%%  %s\n", 100.0 * c / total,
                   iop_name(static_cast<uint32_t>(i)));
    }
    for (auto [c, i] : top) {
      std::fprintf(stderr, "  pair %6.2f%%  %s -> %s\n", 100.0 * c / total,
                   iop_name(static_cast<uint32_t>(i / kIOpCount)),
                   iop_name(static_cast<uint32_t>(i % kIOpCount)));
    }
  }
};

Counts counts;

}  // namespace

void count_op(uint32_t prev, uint32_t cur) { ++counts.pairs[size_t{prev} * kIOpCount + cur]; }
#endif

}  // namespace wasmrun::interp
