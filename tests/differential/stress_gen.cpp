// Random modules aimed at the JIT's register state: many locals of every scalar type, nested
// counted loops that carry locals from one iteration to the next, deep nests of blocks left by
// br_if and br_table, if/else arms that change different locals, and calls with many parameters
// and results of every type (inside loops too). Loops are bounded by counters, so every call
// terminates; addresses are masked into the first page, so accesses stay in bounds.
#include "tests/differential/stress_gen.h"

#include <cstdio>
#include <vector>

#include "tests/differential/splitmix.h"

namespace wasmrun::differential {

namespace {

using Gen = SplitMix64;

const char* const kTypes[] = {"i32", "i64", "f32", "f64"};

// The many-parameter callee: 12 parameters cycling through the four types, four results.
constexpr int kCalleeParams = 12;

struct FuncGen {
  Gen& g;
  std::string out;
  std::vector<int> local_types;  // index into kTypes
  int counters = 0;              // i32 loop counters, after the ordinary locals
  int depth = 0;                 // open blocks (branch targets) in the current function
  std::vector<bool> is_loop;     // per open label, innermost last: loops and blocks with
                                 // results are never targets of target()
  int loop_depth = 0;
  int budget = 0;     // statements left, so bodies stay small
  bool calls = true;  // the callee calls nothing (no recursion)

  int local_of(int type) {
    std::vector<int> c;
    for (size_t i = 0; i < local_types.size(); ++i)
      if (local_types[i] == type) c.push_back(static_cast<int>(i));
    return c.empty() ? -1 : c[g.below(static_cast<uint32_t>(c.size()))];
  }

  void constant(int type) {
    char buf[64];
    switch (type) {
      case 0:
        std::snprintf(buf, sizeof buf, "(i32.const %d)", static_cast<int>(g.next() % 2001) - 1000);
        break;
      case 1:
        std::snprintf(buf, sizeof buf, "(i64.const %lld)",
                      static_cast<long long>(g.next() % 200001) - 100000);
        break;
      case 2:
        std::snprintf(buf, sizeof buf, "(f32.const %d.5)", static_cast<int>(g.below(200)) - 100);
        break;
      default:
        std::snprintf(buf, sizeof buf, "(f64.const %d.25)", static_cast<int>(g.below(2000)) - 1000);
        break;
    }
    out += buf;
  }

  void address() {
    out += "(i32.and ";
    expr(0, 1);
    out += " (i32.const 0xff8))";
  }

  void expr(int type, int level) {
    const char* t = kTypes[type];
    uint32_t pick = level > 3 ? g.below(2) : g.below(8);
    int l = local_of(type);
    if (pick == 0 || (pick == 1 && l < 0)) return constant(type);
    if (pick == 1) {
      out += "(local.get " + std::to_string(l) + ")";
      return;
    }
    if (pick == 2) {
      out += std::string("(") + t + ".load offset=" + std::to_string(g.below(4) * 8) + " ";
      address();
      out += ")";
      return;
    }
    if (pick == 3 && l >= 0) {
      out += "(local.tee " + std::to_string(l) + " ";
      expr(type, level + 1);
      out += ")";
      return;
    }
    if (pick == 4) {
      out += std::string("(select ");
      expr(type, level + 1);
      out += " ";
      expr(type, level + 1);
      out += " ";
      if (g.chance(50)) {
        condition();  // a compare feeding select directly
      } else {
        expr(0, level + 1);
      }
      out += ")";
      return;
    }
    static const char* const kIntOps[] = {"add", "sub", "mul",   "xor", "or",
                                          "and", "shl", "shr_u", "rotl"};
    // No min/max: the NaN they return may differ between correct implementations.
    static const char* const kFloatOps[] = {"add", "sub", "mul"};
    const char* op = type < 2 ? kIntOps[g.below(9)] : kFloatOps[g.below(3)];
    out += std::string("(") + t + "." + op + " ";
    expr(type, level + 1);
    out += " ";
    expr(type, level + 1);
    out += ")";
  }

  void condition() {
    static const char* const kCmp[] = {"eq", "ne", "lt_s", "gt_u", "le_s", "ge_u"};
    uint32_t pick = g.below(4);
    if (pick == 0) {
      out += "(i32.eqz ";
      expr(0, 2);
      out += ")";
    } else if (pick == 1) {
      int type = 2 + static_cast<int>(g.below(2));
      static const char* const kFCmp[] = {"eq", "ne", "lt", "gt", "le", "ge"};
      out += std::string("(") + kTypes[type] + "." + kFCmp[g.below(6)] + " ";
      // A NaN operand now and then: every relation but ne is false on it (only compares see
      // it, so no NaN bits reach the results).
      bool nan = g.chance(20);
      if (nan && g.chance(50)) {
        out += std::string("(") + kTypes[type] + ".const nan)";
      } else {
        expr(type, 2);
      }
      out += " ";
      if (nan) {
        out += std::string("(") + kTypes[type] + ".const nan)";
      } else {
        expr(type, 2);
      }
      out += ")";
    } else {
      int type = static_cast<int>(g.below(2));
      out += std::string("(") + kTypes[type] + "." + kCmp[g.below(6)] + " ";
      expr(type, 2);
      out += " ";
      expr(type, 2);
      out += ")";
    }
  }

  // A relative depth of a block or if label (a branch to a loop would skip its counter).
  uint32_t target() {
    std::vector<uint32_t> c;
    for (size_t k = 0; k < is_loop.size(); ++k)
      if (!is_loop[k]) c.push_back(static_cast<uint32_t>(is_loop.size() - 1 - k));
    return c[g.below(static_cast<uint32_t>(c.size()))];
  }

  void open(bool loop) {
    ++depth;
    is_loop.push_back(loop);
  }
  void close() {
    --depth;
    is_loop.pop_back();
  }

  void set_local() {
    int l = static_cast<int>(g.below(static_cast<uint32_t>(local_types.size())));
    out += "(local.set " + std::to_string(l) + " ";
    expr(local_types[l], 0);
    out += ")\n";
  }

  void call() {
    out += "(call $callee";
    for (int p = 0; p < kCalleeParams; ++p) {
      out += " ";
      expr(p % 4, 2);
    }
    out += ")\n";
    // Results come back i32, i64, f32, f64; the last is on top.
    for (int type = 3; type >= 0; --type) {
      int l = local_of(type);
      if (l < 0) {
        out += "(drop)\n";
      } else {
        out += "(local.set " + std::to_string(l) + ")\n";
      }
    }
  }

  // A block with a result that branches carry on the operand stack: br_if to it (or to an
  // enclosing block of the same result type) with an operand below the carried value, or a
  // br_table choosing among blocks with results; the value lands in a local.
  void carried_value() {
    int type = static_cast<int>(g.below(4));
    const char* t = kTypes[type];
    int l = local_of(type);
    if (l < 0) return set_local();
    std::string res = std::string("(result ") + t + ")";
    out += "(local.set " + std::to_string(l) + " (block " + res + "\n";
    open(true);  // result blocks: no target for value-less branches
    if (g.chance(50)) {
      out += "(local.set " + std::to_string(l) + " (block " + res + "\n";
      open(true);  // result blocks: no target for value-less branches
      statements(static_cast<int>(g.below(2)));
      // Depth 0 or 1: both blocks carry a value of this type.
      out += "(drop (br_if " + std::to_string(g.below(2)) + " ";
      expr(type, 1);
      out += " ";
      condition();
      out += "))\n";
      statements(static_cast<int>(g.below(2)));
      expr(type, 1);
      close();
      out += "))\n";
      out += "(br_table 0 0 ";
      expr(type, 1);
      out += " ";
      expr(0, 2);
      out += ")\n";
    } else {
      out += "(block " + res + "\n";
      open(true);  // result blocks: no target for value-less branches
      out += "(br_table 0 1 0 1 ";
      expr(type, 1);
      out += " (i32.and ";
      expr(0, 2);
      out += " (i32.const 3)))\n";
      close();
      out += ")\n";
    }
    close();
    out += "))\n";
  }

  void statements(int n) {
    for (int i = 0; i < n && budget > 0; ++i) statement();
  }

  void statement() {
    --budget;
    uint32_t pick = g.below(100);
    if (pick < 35 || depth > 7) return set_local();
    if (pick < 45) {
      int type = static_cast<int>(g.below(4));
      out +=
          std::string("(") + kTypes[type] + ".store offset=" + std::to_string(g.below(4) * 8) + " ";
      address();
      out += " ";
      expr(type, 1);
      out += ")\n";
      return;
    }
    if (pick < 52) return calls ? call() : set_local();
    if (pick < 64) {
      out += "(if ";
      condition();
      out += " (then\n";
      open(false);
      statements(1 + static_cast<int>(g.below(4)));
      out += ") (else\n";
      statements(static_cast<int>(g.below(4)));
      close();
      out += "))\n";
      return;
    }
    if (pick < 76) {
      // A block left early by a conditional branch to it or to an outer block.
      out += "(block\n";
      open(false);
      statements(1 + static_cast<int>(g.below(3)));
      out += "(br_if " + std::to_string(target()) + " ";
      condition();
      out += ")\n";
      statements(1 + static_cast<int>(g.below(3)));
      close();
      out += ")\n";
      return;
    }
    if (pick < 84) {
      // A nest of blocks with a br_table choosing how many to leave.
      int n = 2 + static_cast<int>(g.below(4));
      for (int k = 0; k < n; ++k) {
        out += "(block\n";
        open(false);
      }
      out += "(br_table";
      int targets = 1 + static_cast<int>(g.below(6));
      for (int k = 0; k <= targets; ++k) out += " " + std::to_string(target());
      out += " ";
      expr(0, 2);
      out += ")\n";
      for (int k = 0; k < n; ++k) {
        out += ")\n";
        close();
        statements(static_cast<int>(g.below(2)));
      }
      return;
    }
    if (pick < 92) return carried_value();
    if (loop_depth >= 3) return set_local();
    // A counted loop: locals set in one iteration are read in the next.
    int counter = static_cast<int>(local_types.size()) + loop_depth;
    std::string c = std::to_string(counter);
    out += "(local.set " + c + " (i32.const " + std::to_string(1 + g.below(6)) + "))\n";
    out += "(loop\n";
    open(true);
    ++loop_depth;
    statements(2 + static_cast<int>(g.below(5)));
    // The counter only decreases and every back edge needs it positive, so the loop ends.
    std::string step = "(i32.gt_s (local.tee " + c + " (i32.sub (local.get " + c +
                       ") (i32.const 1))) (i32.const 0))";
    if (g.chance(30)) {
      out += "(br_if 0 (i32.and " + step + " ";
      condition();
      out += "))\n";
    }
    statements(static_cast<int>(g.below(3)));
    out += "(br_if 0 " + step + ")\n";
    --loop_depth;
    close();
    out += ")\n";
  }

  // Results: every local folded per type.
  void results() {
    for (int type = 0; type < 4; ++type) {
      std::string acc = type == 0   ? "(i32.const 0)"
                        : type == 1 ? "(i64.const 0)"
                        : type == 2 ? "(f32.const 0)"
                                    : "(f64.const 0)";
      for (size_t i = 0; i < local_types.size(); ++i) {
        if (local_types[i] != type) continue;
        acc = std::string("(") + kTypes[type] + (type < 2 ? ".xor " : ".add ") + acc +
              " (local.get " + std::to_string(i) + "))";
      }
      out += acc + "\n";
    }
  }
};

}  // namespace

std::string stress_module(uint64_t seed) {
  Gen g{seed * 0x9e3779b97f4a7c15ull + 0x1234};
  std::string m = "(module\n(memory (export \"mem\") 1)\n";

  // The callee: many parameters in, one result of each type out, with a loop of its own.
  m += "(func $callee (param";
  for (int p = 0; p < kCalleeParams; ++p) m += std::string(" ") + kTypes[p % 4];
  m += ") (result i32 i64 f32 f64) (local i32 i32 i32)\n";
  {
    FuncGen f{g, {}, {}, 0, 0, {}, 0, 40};
    for (int p = 0; p < kCalleeParams; ++p) f.local_types.push_back(p % 4);
    f.calls = false;
    f.loop_depth = 2;  // one loop level at most: calls inside loops stay cheap
    f.statements(6);
    f.results();
    m += f.out + ")\n";
  }

  int funcs = 2 + static_cast<int>(g.below(3));
  for (int fi = 0; fi < funcs; ++fi) {
    FuncGen f{g, {}, {}, 0, 0, {}, 0, 60};
    int params = 1 + static_cast<int>(g.below(4));
    int declared = 4 + static_cast<int>(g.below(28));
    for (int i = 0; i < params + declared; ++i)
      f.local_types.push_back(static_cast<int>(g.below(4)));
    m += "(func (export \"f" + std::to_string(fi) + "\") (param";
    for (int i = 0; i < params; ++i) m += std::string(" ") + kTypes[f.local_types[i]];
    m += ") (result i32 i64 f32 f64) (local";
    for (int i = params; i < params + declared; ++i)
      m += std::string(" ") + kTypes[f.local_types[i]];
    m += " i32 i32 i32)\n";  // loop counters
    f.statements(12 + static_cast<int>(g.below(12)));
    f.results();
    m += f.out + ")\n";
  }
  m += ")\n";
  return m;
}

}  // namespace wasmrun::differential
