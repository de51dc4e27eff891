// Differential test of the interpreter against the JIT on random valid modules from binaryen's
// translate-to-fuzz mode. The interpreter passes the whole spec suite, so it is the reference:
// every other configuration must produce the same results, traps, host-call logs, exported
// memories and exported globals.
//
//   differential                      the fixed seed set registered with ctest
//   differential --first S --count N  N seeds from S (longer manual runs)
//   differential --keep DIR           also keep each seed's .wasm in DIR for reproduction
//   differential --no-denan           keep NaNs (see generate())
//   differential --stress             modules from stress_gen.cpp instead of wasm-opt -ttf: many
//                                     locals, loops carrying them, deep branch nests, calls with
//                                     many parameters and results
//   differential --relaxed            -ttf modules with SIMD instructions swapped for relaxed
//                                     SIMD ones (relaxed_rewrite.cpp)
//   differential --multi-memory       modules from multi_memory_gen.cpp: two or three memories,
//                                     accesses, bulk operations and grow on each of them
//
// Exit status is 0 when no discrepancy was found.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/differential/memory64_rewrite.h"
#include "tests/differential/multi_memory_gen.h"
#include "tests/differential/relaxed_rewrite.h"
#include "tests/differential/splitmix.h"
#include "tests/differential/stress_gen.h"
#include "wasmrun/wasmrun.hpp"

namespace fs = std::filesystem;
using namespace wasmrun;

namespace {

struct Options {
  uint64_t first = 1;
  uint64_t count = 30;
  size_t seed_bytes = 16384;
  int timeout_ms = 1000;
  std::string keep_dir;
  bool verbose = false;
  bool denan = true;
  bool dump = false;          // print every reference event, to inspect what is being compared
  bool stress = false;        // modules from stress_gen.cpp
  bool multi_memory = false;  // modules from multi_memory_gen.cpp
  // wasm-opt may also use the WebAssembly 3.0 features wasmrun has (tail calls, extended
  // constant expressions; relaxed SIMD is allowed too, but binaryen 108 never emits it).
  bool wasm3 = false;
  // Relaxed SIMD instructions rewritten into the generated modules (binaryen emits none).
  bool relaxed = false;
  // Each generated module is moved to a 64-bit memory (memory64_rewrite.h).
  bool memory64 = false;
  // Fuel metering on, with this much fuel for instantiation and for each call; the fuel left
  // after each is compared too (0: metering off).
  uint64_t fuel = 0;
};

using Rng = differential::SplitMix64;

std::vector<uint8_t> read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

// Runs wasm-opt -ttf on seed-derived bytes. Feature flags are kept in one place so the report
// can say exactly which proposals the generated modules use.
// A text-format module of one of our own generators, assembled by wat2wasm with `flags`.
std::optional<std::vector<uint8_t>> generate_text(const std::string& text, const std::string& stem,
                                                  const char* flags, const Options& opt,
                                                  const fs::path& dir) {
  fs::path in = dir / (stem + ".wat");
  fs::path out = dir / (stem + ".wasm");
  {
    std::ofstream f(in, std::ios::binary);
    f << text;
  }
  std::string cmd = std::string(WASMRUN_WAT2WASM) + " " + flags + " " + in.string() + " -o " +
                    out.string() + " > /dev/null 2>&1";
  int rc = std::system(cmd.c_str());
  std::error_code ec;
  if (opt.keep_dir.empty()) {
    fs::remove(in, ec);
  } else {
    fs::copy_file(in, fs::path(opt.keep_dir) / in.filename(), fs::copy_options::overwrite_existing,
                  ec);
    fs::remove(in, ec);
  }
  if (rc != 0) return std::nullopt;
  auto wasm = read_file(out);
  fs::remove(out, ec);
  return wasm;
}

// Instructions the --relaxed rewrite replaced, over all modules.
uint64_t g_relaxed_rewritten = 0;

// wasm2wat, relax_simd, wat2wasm on `wasm` (a file in dir); false if a tool fails.
bool rewrite_relaxed(const fs::path& wasm, uint64_t seed) {
  const std::string flags = " --enable-tail-call --enable-extended-const --enable-relaxed-simd";
  fs::path wat = wasm;
  wat.replace_extension(".wat");
  std::string cmd = std::string(WASMRUN_WASM2WAT) + flags + " " + wasm.string() + " -o " +
                    wat.string() + " > /dev/null 2>&1";
  if (std::system(cmd.c_str()) != 0) return false;
  std::string text;
  {
    std::ifstream f(wat, std::ios::binary);
    text.assign(std::istreambuf_iterator<char>(f), {});
  }
  differential::RelaxedRewrite r = differential::relax_simd(text, seed);
  g_relaxed_rewritten += r.rewritten;
  {
    std::ofstream f(wat, std::ios::binary | std::ios::trunc);
    f << r.wat;
  }
  cmd = std::string(WASMRUN_WAT2WASM) + flags + " " + wat.string() + " -o " + wasm.string() +
        " > /dev/null 2>&1";
  bool ok = std::system(cmd.c_str()) == 0;
  std::error_code ec;
  fs::remove(wat, ec);
  return ok;
}

std::optional<std::vector<uint8_t>> generate(uint64_t seed, const Options& opt,
                                             const fs::path& dir) {
  const std::string n = std::to_string(seed);
  if (opt.stress)
    return generate_text(differential::stress_module(seed), "stress" + n, "", opt, dir);
  if (opt.multi_memory) {
    return generate_text(differential::multi_memory_module(seed), "multimem" + n,
                         "--enable-multi-memory", opt, dir);
  }
  Rng rng{seed * 0x2545f4914f6cdd1dull + 17};
  std::vector<char> bytes(opt.seed_bytes);
  for (auto& b : bytes) b = static_cast<char>(rng.next() & 0xff);
  fs::path in = dir / ("seed" + std::to_string(seed) + ".bin");
  fs::path out = dir / ("seed" + std::to_string(seed) + ".wasm");
  {
    std::ofstream f(in, std::ios::binary);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  std::string cmd = std::string(WASMRUN_WASM_OPT) + " -ttf " + in.string() + " -o " + out.string() +
                    " " + WASMRUN_DIFF_FEATURES;
  if (opt.wasm3 || opt.relaxed) cmd += std::string(" ") + WASMRUN_DIFF_WASM3_FEATURES;
  if (opt.memory64) cmd += " --enable-memory64";
  // A NaN's payload is nondeterministic in the spec (f32.min of two NaNs may return either,
  // or a third), and once a NaN is stored to memory or reinterpreted its bits can no longer be
  // told apart from a miscompilation. --denan makes binaryen replace every NaN a float
  // operation produces with zero, as binaryen's own fuzzer does; --no-denan turns it off for
  // looking at NaN handling by hand (expect allowed payload differences then).
  if (opt.denan) cmd += " --denan";
  // Extra wasm-opt arguments, for experiments.
  if (const char* extra = std::getenv("WASMRUN_DIFF_WASM_OPT_ARGS"))
    cmd += std::string(" ") + extra;
  cmd += " > /dev/null 2>&1";
  int rc = std::system(cmd.c_str());
  std::error_code ec;
  fs::remove(in, ec);
  if (rc != 0) return std::nullopt;
  if (opt.relaxed && !rewrite_relaxed(out, seed)) return std::nullopt;
  std::optional<std::vector<uint8_t>> wasm = read_file(out);
  if (opt.memory64 && wasm) wasm = differential::to_memory64(*wasm, seed);
  if (opt.keep_dir.empty()) {
    fs::remove(out, ec);
  } else {
    fs::copy_file(out, fs::path(opt.keep_dir) / out.filename(),
                  fs::copy_options::overwrite_existing, ec);
    fs::remove(out, ec);
  }
  return wasm;
}

bool is_nan32(uint32_t b) { return (b & 0x7f800000u) == 0x7f800000u && (b & 0x007fffffu); }
bool is_nan64(uint64_t b) {
  return (b & 0x7ff0000000000000ull) == 0x7ff0000000000000ull && (b & 0x000fffffffffffffull);
}

// A comparable rendering of a value: exact bits, except that any NaN prints as "nan" because
// the spec lets NaN payloads differ between implementations. References from different stores
// cannot be compared by identity, so only null-ness counts.
std::string render(const Value& v) {
  char buf[80];
  switch (v.type()) {
    case ValType::I32:
      std::snprintf(buf, sizeof buf, "i32:%08x", static_cast<uint32_t>(v.i32()));
      return buf;
    case ValType::I64:
      std::snprintf(buf, sizeof buf, "i64:%016llx",
                    static_cast<unsigned long long>(static_cast<uint64_t>(v.i64())));
      return buf;
    case ValType::F32:
      if (is_nan32(v.f32_bits())) return "f32:nan";
      std::snprintf(buf, sizeof buf, "f32:%08x", v.f32_bits());
      return buf;
    case ValType::F64:
      if (is_nan64(v.f64_bits())) return "f64:nan";
      std::snprintf(buf, sizeof buf, "f64:%016llx", static_cast<unsigned long long>(v.f64_bits()));
      return buf;
    case ValType::V128: {
      // Lanes are not typed here, so v128 is compared bit for bit.
      V128 x = v.v128();
      std::string s = "v128:";
      for (int i = 15; i >= 0; --i) {
        std::snprintf(buf, sizeof buf, "%02x", x.bytes[i]);
        s += buf;
      }
      return s;
    }
    case ValType::FuncRef: return v.is_null() ? "funcref:null" : "funcref:nonnull";
    case ValType::ExternRef: {
      std::snprintf(buf, sizeof buf, "externref:%p", v.externref());
      return buf;
    }
  }
  return "?";
}

Value make_arg(ValType t, Rng* rng) {
  uint64_t r = rng ? rng->next() : 0;
  switch (t) {
    case ValType::I32: return Value::i32(static_cast<int32_t>(r));
    case ValType::I64: return Value::i64(static_cast<int64_t>(r));
    case ValType::F32:
      return Value::f32(rng ? static_cast<float>(static_cast<int32_t>(r)) / 7.f : 0.f);
    case ValType::F64:
      return Value::f64(rng ? static_cast<double>(static_cast<int64_t>(r)) / 13.0 : 0.0);
    case ValType::V128: {
      V128 v;
      uint64_t r2 = rng ? rng->next() : 0;
      std::memcpy(v.bytes, &r, 8);
      std::memcpy(v.bytes + 8, &r2, 8);
      return Value::v128(v);
    }
    case ValType::FuncRef:
    case ValType::ExternRef: return Value::null_ref(t);
  }
  return Value::i32(0);
}

// Interrupts the store if a call runs past its deadline. One thread per run, reused per call.
class Watchdog {
 public:
  Watchdog(Store& store, int timeout_ms) : store_(store), timeout_(timeout_ms) {
    thread_ = std::thread([this] { loop(); });
  }
  ~Watchdog() {
    {
      std::lock_guard lk(mu_);
      quit_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  void arm() {
    std::lock_guard lk(mu_);
    ++generation_;
    armed_ = true;
    deadline_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_);
    cv_.notify_all();
  }
  void disarm() {
    std::lock_guard lk(mu_);
    armed_ = false;
    cv_.notify_all();
  }

 private:
  void loop() {
    std::unique_lock lk(mu_);
    while (!quit_) {
      if (!armed_) {
        cv_.wait(lk);
        continue;
      }
      uint64_t gen = generation_;
      if (cv_.wait_until(lk, deadline_) == std::cv_status::timeout && armed_ &&
          gen == generation_) {
        store_.interrupt();
        armed_ = false;
      }
    }
  }
  Store& store_;
  int timeout_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::thread thread_;
  bool quit_ = false;
  bool armed_ = false;
  uint64_t generation_ = 0;
  std::chrono::steady_clock::time_point deadline_;
};

// Everything observable of one module run in one configuration.
struct Outcome {
  std::string compile_error;        // empty when it compiled
  std::string instantiate_error;    // empty when it instantiated
  std::vector<std::string> events;  // one line per call: export, args, result or trap, host log
  std::vector<bool> interrupted;    // per event
  std::string final_state;          // exported memories (hashed) and globals
  // With --verbose: the exported memories' bytes after each call, to show where two runs'
  // memories differ.
  std::vector<std::vector<uint8_t>> memory_after;
};

struct Config {
  const char* name;
  EngineConfig engine;
};

// Memories are hashed after every call, so this goes a word at a time: a bytewise hash of a
// multi-MB memory per call would dominate the run time.
uint64_t fnv1a(const uint8_t* p, size_t n) {
  uint64_t h = 0xcbf29ce484222325ull;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    h = (h ^ w) * 0x100000001b3ull;
    h ^= h >> 29;
  }
  for (; i < n; ++i) h = (h ^ p[i]) * 0x100000001b3ull;
  return h;
}

EngineConfig make_config(Tier tier, BoundsChecks bounds) {
  EngineConfig c;
  c.tier = tier;
  c.bounds_checks = bounds;
  return c;
}

constexpr int kArgSets = 3;  // zeros, then two seeded sets

Outcome run(const Config& cfg, const std::vector<uint8_t>& wasm, uint64_t seed,
            const Options& opt) {
  Outcome out;
  Engine engine(cfg.engine);
  auto module = Module::compile(engine, wasm);
  if (!module) {
    out.compile_error = module.error().message;
    return out;
  }
  Store store(engine);
  if (opt.fuel) store.set_fuel(opt.fuel);
  std::vector<std::string> log;
  std::vector<Extern> imports;
  for (const ImportDesc& imp : module->imports()) {
    switch (imp.kind) {
      case ExternKind::Func: {
        std::string tag = imp.module + "." + imp.name;
        FuncType type = imp.func;
        imports.push_back(
            Func::create(store, imp.func,
                         [&log, tag, type](std::span<const Value> args,
                                           std::span<Value> results) -> std::optional<Trap> {
                           std::string line = tag + "(";
                           for (const Value& a : args) line += render(a) + " ";
                           log.push_back(line + ")");
                           for (size_t i = 0; i < results.size(); ++i)
                             results[i] = make_arg(type.results[i], nullptr);
                           return std::nullopt;
                         }));
        break;
      }
      case ExternKind::Memory: {
        auto m = Memory::create(store, imp.memory);
        if (!m) {
          out.instantiate_error = "cannot create imported memory";
          return out;
        }
        imports.push_back(m.value());
        break;
      }
      case ExternKind::Table: {
        auto t = Table::create(store, imp.table, Value::null_ref(imp.table.elem));
        if (!t) {
          out.instantiate_error = "cannot create imported table";
          return out;
        }
        imports.push_back(t.value());
        break;
      }
      case ExternKind::Global: {
        auto g = Global::create(store, imp.global, make_arg(imp.global.type, nullptr));
        if (!g) {
          out.instantiate_error = "cannot create imported global";
          return out;
        }
        imports.push_back(g.value());
        break;
      }
    }
  }
  Watchdog dog(store, opt.timeout_ms);
  std::optional<Trap> start_trap;
  dog.arm();
  auto inst = Instance::create(store, module.value(), imports, &start_trap);
  dog.disarm();
  if (!inst) {
    out.instantiate_error = inst.error().message;
    if (start_trap)
      out.instantiate_error += " [trap kind " + std::to_string(int(start_trap->kind)) + "]";
    if (opt.fuel) out.instantiate_error += " [fuel left " + std::to_string(*store.fuel()) + "]";
    return out;
  }
  if (opt.fuel) out.events.push_back("instantiated, fuel left " + std::to_string(*store.fuel()));
  if (opt.fuel) out.interrupted.push_back(false);
  auto hang_reset = inst->get_func("hangLimitInitializer");
  for (const auto& [name, ext] : inst->exports()) {
    if (!std::holds_alternative<Func>(ext) || name == "hangLimitInitializer") continue;
    const Func& f = std::get<Func>(ext);
    FuncType type = f.type();
    for (int set = 0; set < kArgSets; ++set) {
      Rng rng{seed * 1000003 + std::hash<std::string>{}(name)*31 + static_cast<uint64_t>(set)};
      std::vector<Value> args;
      for (ValType t : type.params) args.push_back(make_arg(t, set == 0 ? nullptr : &rng));
      log.clear();
      std::string line = name + "(";
      for (const Value& a : args) line += render(a) + " ";
      line += ") -> ";
      bool interrupted = false;
      // Each call gets a fresh hang budget, as binaryen's own harness does.
      dog.arm();
      if (hang_reset) (void)hang_reset->call({});
      if (opt.fuel) store.set_fuel(opt.fuel);
      CallResult r = f.call(args);
      dog.disarm();
      if (auto* trap = std::get_if<Trap>(&r)) {
        interrupted = trap->kind == TrapKind::Interrupted;
        // Traps are compared by kind only: the message wording is not part of the semantics.
        line += "trap kind " + std::to_string(int(trap->kind));
      } else {
        for (const Value& v : std::get<0>(r)) line += render(v) + " ";
      }
      for (const auto& l : log) line += "\n      host " + l;
      if (opt.fuel) line += "\n      fuel left " + std::to_string(*store.fuel());
      // Exported memories after every call, so a diverging store is caught at the call that
      // made it rather than at a later load.
      for (const auto& [mname, mext] : inst->exports()) {
        if (auto* m = std::get_if<Memory>(&mext)) {
          char buf[40];
          std::snprintf(buf, sizeof buf, "%016llx",
                        static_cast<unsigned long long>(fnv1a(m->data(), m->size_bytes())));
          line += "\n      memory " + mname + " " + buf;
          if (opt.verbose) out.memory_after.emplace_back(m->data(), m->data() + m->size_bytes());
        }
      }
      out.events.push_back(std::move(line));
      out.interrupted.push_back(interrupted);
      // After an interruption the two runs may have stopped at different points, so nothing
      // later in this module is comparable.
      if (interrupted) return out;
    }
  }
  std::ostringstream st;
  for (const auto& [name, ext] : inst->exports()) {
    if (auto* m = std::get_if<Memory>(&ext)) {
      st << "memory " << name << " pages=" << m->pages() << " hash=" << std::hex
         << fnv1a(m->data(), m->size_bytes()) << std::dec << "\n";
    } else if (auto* g = std::get_if<Global>(&ext)) {
      st << "global " << name << " = " << render(g->get()) << "\n";
    } else if (auto* t = std::get_if<Table>(&ext)) {
      st << "table " << name << " size=" << t->size() << "\n";
    }
  }
  out.final_state = st.str();
  return out;
}

// The first few differing bytes, with the aligned 4- and 8-byte words around them so float
// stores (NaN payloads in particular) are recognizable.
void print_memory_diff(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b) {
  int shown = 0;
  for (size_t i = 0; i < std::min(a.size(), b.size()) && shown < 8; ++i) {
    if (a[i] == b[i]) continue;
    size_t w = i & ~size_t{7};
    uint64_t wa = 0, wb = 0;
    std::memcpy(&wa, &a[w], std::min<size_t>(8, a.size() - w));
    std::memcpy(&wb, &b[w], std::min<size_t>(8, b.size() - w));
    std::printf(
        "    memory byte 0x%zx: interp %02x, jit %02x (word at 0x%zx: %016llx vs %016llx)\n", i,
        a[i], b[i], w, static_cast<unsigned long long>(wa), static_cast<unsigned long long>(wb));
    ++shown;
    i = w + 7;  // one line per word
  }
}

struct Totals {
  uint64_t modules = 0, generate_failed = 0, rejected = 0, compared_modules = 0;
  uint64_t calls_compared = 0, calls_skipped_interrupted = 0, discrepancies = 0;
  uint64_t exports_compared = 0;
};

bool parse_args(int argc, char** argv, Options& opt) {
  if (const char* n = std::getenv("WASMRUN_DIFF_SEEDS")) opt.count = std::strtoull(n, nullptr, 10);
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto need = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    const char* v = nullptr;
    if (a == "--verbose" || a == "-v") {
      opt.verbose = true;
    } else if (a == "--no-denan") {
      opt.denan = false;
    } else if (a == "--stress") {
      opt.stress = true;
    } else if (a == "--multi-memory") {
      opt.multi_memory = true;
    } else if (a == "--wasm3") {
      opt.wasm3 = true;
    } else if (a == "--relaxed") {
      opt.relaxed = true;
    } else if (a == "--memory64") {
      opt.memory64 = true;
    } else if (a == "--dump") {
      opt.dump = true;
    } else if ((a == "--first" || a == "--count" || a == "--bytes" || a == "--timeout-ms" ||
                a == "--keep" || a == "--fuel") &&
               (v = need())) {
      if (a == "--fuel") opt.fuel = std::strtoull(v, nullptr, 10);
      if (a == "--first") opt.first = std::strtoull(v, nullptr, 10);
      if (a == "--count") opt.count = std::strtoull(v, nullptr, 10);
      if (a == "--bytes") opt.seed_bytes = std::strtoull(v, nullptr, 10);
      if (a == "--timeout-ms") opt.timeout_ms = std::atoi(v);
      if (a == "--keep") opt.keep_dir = v;
    } else {
      std::fprintf(stderr,
                   "usage: %s [--first S] [--count N] [--bytes B] [--timeout-ms T] [--keep DIR] "
                   "[-v] [--dump] [--no-denan] [--stress] [--multi-memory] [--wasm3] [--relaxed] "
                   "[--memory64] [--fuel N]\n"
                   "  (WASMRUN_DIFF_SEEDS=N sets the count, WASMRUN_DIFF_WASM_OPT_ARGS adds "
                   "wasm-opt args)\n",
                   argv[0]);
      return false;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  if (!parse_args(argc, argv, opt)) return 2;
  if (!opt.keep_dir.empty()) fs::create_directories(opt.keep_dir);

  Engine probe(make_config(Tier::Jit, BoundsChecks::Explicit));
  if (probe.effective_tier() != Tier::Jit) {
    std::printf("JIT unavailable (%s): nothing to compare\n",
                probe.jit_unavailable_reason().c_str());
    return 1;
  }

  std::vector<Config> configs = {
      {"interp", make_config(Tier::Interp, BoundsChecks::Explicit)},
      {"jit-explicit", make_config(Tier::Jit, BoundsChecks::Explicit)},
      {"jit-guard", make_config(Tier::Jit, BoundsChecks::GuardPages)},
  };
  for (Config& c : configs) c.engine.fuel = opt.fuel != 0;

  fs::path dir =
      fs::temp_directory_path() / ("wasmrun-diff-" + std::to_string(static_cast<long>(::getpid())));
  fs::create_directories(dir);
  Totals tot;
  auto t0 = std::chrono::steady_clock::now();
  for (uint64_t seed = opt.first; seed < opt.first + opt.count; ++seed) {
    ++tot.modules;
    auto wasm = generate(seed, opt, dir);
    if (!wasm) {
      ++tot.generate_failed;
      std::printf("seed %llu: generating the module failed\n",
                  static_cast<unsigned long long>(seed));
      continue;
    }
    std::vector<Outcome> outs;
    for (const Config& c : configs) outs.push_back(run(c, *wasm, seed, opt));
    const Outcome& ref = outs[0];
    if (!ref.compile_error.empty()) {
      ++tot.rejected;
      std::printf("seed %llu: interpreter rejects the module: %s\n",
                  static_cast<unsigned long long>(seed), ref.compile_error.c_str());
    }
    if (ref.compile_error.empty()) ++tot.compared_modules;
    for (size_t c = 1; c < configs.size(); ++c) {
      const Outcome& o = outs[c];
      auto report = [&](const std::string& what, const std::string& a, const std::string& b) {
        ++tot.discrepancies;
        std::printf("DISCREPANCY seed %llu [%s vs interp] %s\n  interp: %s\n  %s: %s\n",
                    static_cast<unsigned long long>(seed), configs[c].name, what.c_str(), a.c_str(),
                    configs[c].name, b.c_str());
      };
      if (ref.compile_error.empty() != o.compile_error.empty()) {
        report("compile", ref.compile_error.empty() ? "ok" : ref.compile_error,
               o.compile_error.empty() ? "ok" : o.compile_error);
        continue;
      }
      if (!ref.compile_error.empty()) continue;
      if (ref.instantiate_error != o.instantiate_error) {
        report("instantiate", ref.instantiate_error, o.instantiate_error);
        continue;
      }
      size_t n = std::min(ref.events.size(), o.events.size());
      bool diverged = false;
      for (size_t i = 0; i < n; ++i) {
        if (ref.interrupted[i] || o.interrupted[i]) {
          ++tot.calls_skipped_interrupted;
          diverged = true;  // later state is not comparable
          break;
        }
        if (c == 1) ++tot.calls_compared;
        if (c == 1 && i % kArgSets == 0) ++tot.exports_compared;
        if (ref.events[i] != o.events[i]) {
          report("call #" + std::to_string(i), ref.events[i], o.events[i]);
          if (opt.verbose && i < ref.memory_after.size() && i < o.memory_after.size()) {
            print_memory_diff(ref.memory_after[i], o.memory_after[i]);
          }
          diverged = true;
          break;  // later calls depend on the state this one left
        }
      }
      if (diverged) continue;
      if (ref.events.size() != o.events.size()) {
        report("number of calls", std::to_string(ref.events.size()),
               std::to_string(o.events.size()));
        continue;
      }
      if (ref.final_state != o.final_state) report("final state", ref.final_state, o.final_state);
    }
    if (opt.dump) {
      for (const auto& e : outs[0].events) std::printf("  %s\n", e.c_str());
      std::printf("  %s", outs[0].final_state.c_str());
    }
    if (opt.verbose) {
      std::printf("seed %llu: %zu calls\n", static_cast<unsigned long long>(seed),
                  outs[0].events.size());
    }
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf(
      "differential: seeds %llu..%llu, %llu modules (%llu compared), %llu wasm-opt failures, %llu "
      "rejected by the "
      "validator, %llu exports / %llu calls compared (interp vs jit), %llu comparisons cut short "
      "by the timeout, %llu discrepancies, %.1f s\n",
      static_cast<unsigned long long>(opt.first),
      static_cast<unsigned long long>(opt.first + opt.count - 1),
      static_cast<unsigned long long>(tot.modules),
      static_cast<unsigned long long>(tot.compared_modules),
      static_cast<unsigned long long>(tot.generate_failed),
      static_cast<unsigned long long>(tot.rejected),
      static_cast<unsigned long long>(tot.exports_compared),
      static_cast<unsigned long long>(tot.calls_compared),
      static_cast<unsigned long long>(tot.calls_skipped_interrupted),
      static_cast<unsigned long long>(tot.discrepancies), secs);
  if (opt.relaxed) {
    std::printf("differential: %llu SIMD instructions rewritten to relaxed SIMD\n",
                static_cast<unsigned long long>(g_relaxed_rewritten));
  }
  return tot.discrepancies == 0 && tot.rejected == 0 ? 0 : 1;
}
