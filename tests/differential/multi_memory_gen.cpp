// Random multi-memory modules (binaryen's -ttf makes none): two or three memories, some imported,
// all exported so the harness compares every one after each call; active data segments naming
// each memory and passive ones for memory.init. Exported functions run counted loops of loads
// and stores of every width (and v128) on every memory, memory.copy between any two memories,
// memory.fill, memory.init, memory.grow, memory.size and data.drop. Addresses are mostly masked
// into the first page, sometimes placed at a memory's current end (accesses that straddle it
// trap), sometimes taken from the call's random arguments (mostly out of bounds).
#include "tests/differential/multi_memory_gen.h"

#include <cstdio>
#include <string>
#include <vector>

#include "tests/differential/splitmix.h"

namespace wasmrun::differential {

namespace {

using Gen = SplitMix64;

struct Access {
  const char* op;    // mnemonic
  const char* type;  // value type
  uint32_t size_log2;
  bool load;
};

const Access kAccesses[] = {
    {"i32.load", "i32", 2, true},     {"i64.load", "i64", 3, true},
    {"f32.load", "f32", 2, true},     {"f64.load", "f64", 3, true},
    {"i32.load8_s", "i32", 0, true},  {"i32.load8_u", "i32", 0, true},
    {"i32.load16_s", "i32", 1, true}, {"i32.load16_u", "i32", 1, true},
    {"i64.load8_s", "i64", 0, true},  {"i64.load16_u", "i64", 1, true},
    {"i64.load32_s", "i64", 2, true}, {"i64.load32_u", "i64", 2, true},
    {"v128.load", "v128", 4, true},   {"v128.load32_splat", "v128", 2, true},
    {"i32.store", "i32", 2, false},   {"i64.store", "i64", 3, false},
    {"f32.store", "f32", 2, false},   {"f64.store", "f64", 3, false},
    {"i32.store8", "i32", 0, false},  {"i32.store16", "i32", 1, false},
    {"i64.store8", "i64", 0, false},  {"i64.store16", "i64", 1, false},
    {"i64.store32", "i64", 2, false}, {"v128.store", "v128", 4, false},
};

struct ModuleGen {
  Gen g{0};
  int memories = 2;
  int passive = 0;  // passive segments $p0..
  std::string out;

  std::string mem() { return "$m" + std::to_string(g.below(static_cast<uint32_t>(memories))); }

  // An i32 address for an access of `size` bytes in memory `m`.
  std::string address(const std::string& m, uint32_t size) {
    char buf[160];
    // Rarely an address that may lie out of bounds: each access runs in a loop, so a per-access
    // chance of a few percent already ends a fair share of the calls in a trap.
    switch (g.chance(4) ? g.below(2) : 2 + g.below(8)) {
      case 0:  // right at the memory's end: in bounds or straddling it
        std::snprintf(buf, sizeof buf,
                      "(i32.sub (i32.mul (memory.size %s) (i32.const 65536)) (i32.const %u))",
                      m.c_str(), g.below(size + 4));
        return buf;
      case 1: return g.chance(50) ? "(local.get $a)" : "(local.get $b)";
      case 2:
        std::snprintf(buf, sizeof buf,
                      "(i32.and (i32.add (local.get $i) (local.get $a)) (i32.const 0x%x))",
                      g.chance(97) ? 0xfff : 0x1ffff);
        return buf;
      default: {
        uint32_t scale = g.below(64) + 1;
        uint32_t mask = g.chance(97) ? 0x7ff : 0x1ffff;
        std::snprintf(buf, sizeof buf,
                      "(i32.and (i32.mul (local.get $i) (i32.const %u)) (i32.const 0x%x))", scale,
                      mask);
        return buf;
      }
    }
  }

  std::string offset() {
    static const uint32_t kOffsets[] = {0, 0, 0, 1, 3, 8, 100, 4096};
    uint32_t o =
        g.chance(3) ? 65536 - g.below(16) : kOffsets[g.below(sizeof kOffsets / sizeof kOffsets[0])];
    return o ? " offset=" + std::to_string(o) : "";
  }

  std::string value(const char* type) {
    char buf[160];
    std::string t = type;
    if (t == "i32") {
      switch (g.below(3)) {
        case 0:
          std::snprintf(buf, sizeof buf, "(i32.const %d)", static_cast<int>(g.next()));
          return buf;
        case 1: return "(i32.add (local.get $acc) (local.get $i))";
        default: return "(i32.xor (local.get $c) (local.get $acc))";
      }
    }
    if (t == "i64") {
      if (g.chance(50)) {
        std::snprintf(buf, sizeof buf, "(i64.const %lld)", static_cast<long long>(g.next()));
        return buf;
      }
      return "(i64.add (local.get $acc64) (i64.extend_i32_u (local.get $i)))";
    }
    if (t == "f32") return "(f32.convert_i32_s (local.get $acc))";
    if (t == "f64") return "(f64.convert_i64_s (local.get $acc64))";
    return "(i64x2.splat (local.get $acc64))";
  }

  // A loaded value folded into the accumulators.
  std::string consume(const char* type, const std::string& e) {
    std::string t = type;
    if (t == "i32")
      return "(local.set $acc (i32.xor (i32.rotl (local.get $acc) (i32.const 5)) " + e + "))";
    if (t == "i64") return "(local.set $acc64 (i64.add (local.get $acc64) " + e + "))";
    if (t == "f32")
      return "(local.set $acc (i32.xor (local.get $acc) (i32.reinterpret_f32 " + e + ")))";
    if (t == "f64")
      return "(local.set $acc64 (i64.xor (local.get $acc64) (i64.reinterpret_f64 " + e + ")))";
    return "(local.set $acc64 (i64.add (local.get $acc64) (i64x2.extract_lane 1 " + e + ")))";
  }

  std::string statement() {
    char buf[512];
    uint32_t pick = g.below(100);
    if (pick < 60) {
      const Access& a = kAccesses[g.below(sizeof kAccesses / sizeof kAccesses[0])];
      std::string m = mem();
      std::string align;
      if (g.chance(30)) align = " align=" + std::to_string(1u << g.below(a.size_log2 + 1));
      std::string instr = std::string(a.op) + " " + m + offset() + align;
      std::string addr = address(m, 1u << a.size_log2);
      if (a.load) return consume(a.type, "(" + instr + " " + addr + ")");
      return "(" + instr + " " + addr + " " + value(a.type) + ")";
    }
    std::string m = mem();
    // Every random draw in its own statement: the order in which a call's arguments are
    // evaluated differs between compilers and targets, and a seed must mean the same module.
    if (pick < 70) {
      std::string src = mem();
      std::string dst_at = address(m, 16);
      std::string src_at = address(src, 16);
      uint32_t n = g.chance(97) ? g.below(64) : g.below(70000);
      std::snprintf(buf, sizeof buf, "(memory.copy %s %s %s %s (i32.const %u))", m.c_str(),
                    src.c_str(), dst_at.c_str(), src_at.c_str(), n);
      return buf;
    }
    if (pick < 78) {
      std::string at = address(m, 8);
      uint32_t n = g.chance(97) ? g.below(40) : g.below(70000);
      std::snprintf(buf, sizeof buf, "(memory.fill %s %s (local.get $acc) (i32.const %u))",
                    m.c_str(), at.c_str(), n);
      return buf;
    }
    if (pick < 85 && passive > 0) {
      uint32_t seg = g.below(static_cast<uint32_t>(passive));
      std::string at = address(m, 8);
      uint32_t from = g.below(12);
      uint32_t n = g.below(12);
      std::snprintf(buf, sizeof buf, "(memory.init %s $p%u %s (i32.const %u) (i32.const %u))",
                    m.c_str(), seg, at.c_str(), from, n);
      return buf;
    }
    if (pick < 90) {
      std::snprintf(buf, sizeof buf,
                    "(local.set $acc (i32.add (local.get $acc) (memory.grow %s (i32.const %u))))",
                    m.c_str(), g.below(3));
      return buf;
    }
    if (pick < 97) {
      std::snprintf(
          buf, sizeof buf,
          "(local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 3)) (memory.size %s)))",
          m.c_str());
      return buf;
    }
    if (passive > 0) {
      std::snprintf(buf, sizeof buf, "(data.drop $p%u)", g.below(static_cast<uint32_t>(passive)));
      return buf;
    }
    return "(nop)";
  }

  void function(int index) {
    char buf[160];
    std::snprintf(buf, sizeof buf,
                  "  (func (export \"f%d\") (param $a i32) (param $b i32) (param $c i32) "
                  "(result i32 i64)\n    (local $i i32) (local $acc i32) (local $acc64 i64)\n",
                  index);
    out += buf;
    int loops = 1 + static_cast<int>(g.below(2));
    for (int l = 0; l < loops; ++l) {
      std::snprintf(buf, sizeof buf, "    (local.set $i (i32.const 0))\n    (loop $l%d\n", l);
      out += buf;
      int n = 3 + static_cast<int>(g.below(8));
      for (int s = 0; s < n; ++s) out += "      " + statement() + "\n";
      std::snprintf(buf, sizeof buf,
                    "      (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
                    "      (br_if $l%d (i32.lt_u (local.get $i) (i32.const %u))))\n",
                    l, 1 + g.below(20));
      out += buf;
    }
    out += "    (local.get $acc) (local.get $acc64))\n";
  }

  std::string bytes(uint32_t n) {
    std::string s;
    char buf[8];
    for (uint32_t i = 0; i < n; ++i) {
      std::snprintf(buf, sizeof buf, "\\%02x", static_cast<unsigned>(g.below(256)));
      s += buf;
    }
    return s;
  }

  std::string module() {
    memories = 2 + static_cast<int>(g.below(2));
    passive = static_cast<int>(g.below(3));
    out = "(module\n";
    // Imports come first in the index space: memory 0 and possibly memory 1 may be imported.
    int imported = static_cast<int>(g.below(static_cast<uint32_t>(memories)));
    for (int k = 0; k < memories; ++k) {
      uint32_t min = 1 + g.below(2);
      std::string limits = std::to_string(min);
      if (g.chance(70)) limits += " " + std::to_string(min + g.below(4));
      char buf[160];
      if (k < imported) {
        std::snprintf(buf, sizeof buf, "  (import \"env\" \"mem%d\" (memory $m%d %s))\n", k, k,
                      limits.c_str());
      } else {
        std::snprintf(buf, sizeof buf, "  (memory $m%d %s)\n", k, limits.c_str());
      }
      out += buf;
    }
    for (int k = 0; k < memories; ++k) {
      out += "  (export \"m" + std::to_string(k) + "\" (memory $m" + std::to_string(k) + "))\n";
    }
    for (int k = 0; k < memories; ++k) {
      if (g.chance(70)) {
        uint32_t at = g.below(2048);
        std::string contents = bytes(4 + g.below(24));
        out += "  (data (memory $m" + std::to_string(k) + ") (i32.const " + std::to_string(at) +
               ") \"" + contents + "\")\n";
      }
    }
    for (int p = 0; p < passive; ++p) {
      out += "  (data $p" + std::to_string(p) + " \"" + bytes(12) + "\")\n";
    }
    int funcs = 2 + static_cast<int>(g.below(4));
    for (int f = 0; f < funcs; ++f) function(f);
    out += ")\n";
    return out;
  }
};

}  // namespace

std::string multi_memory_module(uint64_t seed) {
  ModuleGen m;
  m.g.s = seed * 0x9e3779b97f4a7c15ull + 3;
  return m.module();
}

}  // namespace wasmrun::differential
