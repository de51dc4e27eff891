// Runs the spec testsuite's assert_return / assert_trap / assert_exhaustion commands (wast2json
// output) against JIT code, for modules whose only imports are spectest's print functions.
// Skipped unless WASMRUN_JIT_SPEC_DIR names a directory of wast2json output (and run in
// guard-page mode when WASMRUN_JIT_SPEC_GUARD=1); the full runner over the public API lives in
// spec-tests/.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>

#include "jit/test/jit_test_util.h"

namespace wasmrun::jit::test {
namespace {

using nlohmann::json;

std::vector<uint8_t> read_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

uint64_t parse_u64(const std::string& s) { return std::stoull(s); }

// Lane width in bytes of a v128 lane type.
size_t lane_bytes(const std::string& t) {
  if (t == "i8") return 1;
  if (t == "i16") return 2;
  if (t == "i32" || t == "f32") return 4;
  return 8;
}

rt::RawValue parse_value(const json& v) {
  rt::RawValue r = rt::raw_zero();
  std::string type = v["type"];
  if (type == "v128") {
    size_t w = lane_bytes(v["lane_type"]);
    size_t i = 0;
    for (const json& lane : v["value"]) {
      uint64_t bits = parse_u64(lane.get<std::string>());
      std::memcpy(r.v128 + i * w, &bits, w);
      ++i;
    }
    return r;
  }
  std::string s = v["value"];
  if (type == "externref" || type == "funcref") {
    // Host references k are the pointer value k + 1 (so that 0 stays the null reference).
    r.ref = s == "null" ? nullptr : reinterpret_cast<void*>(parse_u64(s) + 1);
    return r;
  }
  r.i64 = parse_u64(s);
  return r;
}

bool is_nan_bits(uint64_t bits, size_t width) {
  if (width == 4) {
    float f;
    uint32_t b = static_cast<uint32_t>(bits);
    std::memcpy(&f, &b, 4);
    return std::isnan(f);
  }
  double d;
  std::memcpy(&d, &bits, 8);
  return std::isnan(d);
}

bool lane_matches(const std::string& expected, uint64_t actual, size_t width, bool is_float) {
  if (expected.rfind("nan:", 0) == 0) return is_float && is_nan_bits(actual, width);
  uint64_t mask = width == 8 ? ~0ull : ((1ull << (8 * width)) - 1);
  return (parse_u64(expected) & mask) == (actual & mask);
}

bool value_matches(const json& e, const rt::RawValue& a) {
  std::string type = e["type"];
  if (type == "v128") {
    std::string lt = e["lane_type"];
    size_t w = lane_bytes(lt);
    size_t i = 0;
    for (const json& lane : e["value"]) {
      uint64_t bits = 0;
      std::memcpy(&bits, a.v128 + i * w, w);
      if (!lane_matches(lane, bits, w, lt[0] == 'f')) return false;
      ++i;
    }
    return true;
  }
  std::string s = e["value"];
  if (type == "externref" || type == "funcref") {
    if (s == "null") return a.ref == nullptr;
    if (type == "funcref") return a.ref != nullptr;
    return a.ref == reinterpret_cast<void*>(parse_u64(s) + 1);
  }
  if (type == "i32") return lane_matches(s, a.i32, 4, false);
  if (type == "f32") return lane_matches(s, a.i32, 4, true);
  if (type == "f64") return lane_matches(s, a.i64, 8, true);
  return lane_matches(s, a.i64, 8, false);
}

HostImports spectest_imports() {
  HostImports imports;
  rt::HostCallback print = [](rt::HostCallContext&, const rt::RawValue*,
                              rt::RawValue*) -> std::optional<rt::TrapInfo> {
    return std::nullopt;
  };
  for (const char* name : {"print", "print_i32", "print_i64", "print_f32", "print_f64",
                           "print_i32_f32", "print_f64_f64"}) {
    imports[std::string("spectest.") + name] = print;
  }
  return imports;
}

struct Tally {
  size_t passed = 0, failed = 0, skipped = 0;
};

void run_script(const std::filesystem::path& json_path, const CompileOptions& options,
                Tally& tally) {
  std::ifstream in(json_path);
  json script = json::parse(in);
  std::filesystem::path dir = json_path.parent_path();
  std::unique_ptr<Instance> current;
  std::map<std::string, std::unique_ptr<Instance>> named;
  std::vector<std::unique_ptr<Instance>> keep;
  for (const json& cmd : script["commands"]) {
    std::string type = cmd["type"];
    int line = cmd["line"];
    std::string where = json_path.filename().string() + ":" + std::to_string(line);
    if (type == "module") {
      if (current) keep.push_back(std::move(current));
      std::string error;
      current = Instance::create(read_bytes(dir / cmd["filename"].get<std::string>()),
                                 spectest_imports(), &error, options);
      if (!current && error.rfind("compile: ", 0) == 0) {
        ADD_FAILURE() << where << ": " << error;
      }
      if (current && cmd.contains("name")) named[cmd["name"]] = nullptr;
      continue;
    }
    if (type != "assert_return" && type != "assert_trap" && type != "assert_exhaustion" &&
        type != "action") {
      continue;
    }
    const json& action = cmd["action"];
    if (action["type"] != "invoke" || action.contains("module") || !current) {
      ++tally.skipped;
      continue;
    }
    rt::FuncInst* f = current->find_func(action["field"]);
    if (!f) {
      ++tally.skipped;
      continue;
    }
    std::vector<rt::RawValue> args;
    for (const json& a : action["args"]) args.push_back(parse_value(a));
    std::vector<rt::RawValue> results(f->type->results.size(), rt::raw_zero());
    auto trap = invoke(current->thread(), f, args.data(), results.data());
    bool ok = true;
    std::string detail;
    if (type == "assert_return" || type == "action") {
      if (trap) {
        ok = false;
        detail = "unexpected trap: " + trap->message;
      } else if (type == "assert_return") {
        const json& expected = cmd["expected"];
        for (size_t k = 0; k < expected.size() && k < results.size(); ++k) {
          if (!value_matches(expected[k], results[k])) {
            ok = false;
            detail = "result " + std::to_string(k) + " differs: expected " + expected[k].dump();
          }
        }
      }
    } else {
      std::string text = cmd["text"];
      if (!trap) {
        ok = false;
        detail = "expected trap " + text;
      } else if (trap->message.rfind(text, 0) != 0 && text.rfind(trap->message, 0) != 0) {
        ok = false;
        detail = "trap message '" + trap->message + "', expected '" + text + "'";
      }
    }
    if (ok) {
      ++tally.passed;
    } else {
      ++tally.failed;
      ADD_FAILURE() << where << " " << action["field"] << ": " << detail;
    }
  }
}

TEST(SpecRun, AssertionsPassInJitCode) {
  const char* dir = std::getenv("WASMRUN_JIT_SPEC_DIR");
  if (!dir) GTEST_SKIP() << "set WASMRUN_JIT_SPEC_DIR to a directory of wast2json output";
  Tally tally;
  std::vector<std::filesystem::path> scripts;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ".json") scripts.push_back(e.path());
  }
  std::sort(scripts.begin(), scripts.end());
  // WASMRUN_JIT_SPEC_GUARD=1: the same in guard-page mode.
  CompileOptions options;
  const char* guard = std::getenv("WASMRUN_JIT_SPEC_GUARD");
  options.guard_pages = guard && *guard == '1';
  for (const auto& p : scripts) run_script(p, options, tally);
  std::cout << tally.passed << " passed, " << tally.failed << " failed, " << tally.skipped
            << " skipped\n";
  EXPECT_GT(tally.passed, 0u);
}

}  // namespace
}  // namespace wasmrun::jit::test
