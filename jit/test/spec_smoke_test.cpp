// Compiles every .wasm file of a directory (e.g. the spec testsuite through wast2json) and
// reports the ones that validate but do not compile. Skipped unless WASMRUN_JIT_SMOKE_DIR is set:
// it is a tool for finding gaps, not a unit test with fixed inputs.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include "engine/core/decoder.h"
#include "engine/core/validator.h"
#include "jit/jit.h"
#include "runtime/code/code_memory.h"

namespace wasmrun::jit {
namespace {

TEST(SpecSmoke, EveryValidModuleCompiles) {
  const char* dir = std::getenv("WASMRUN_JIT_SMOKE_DIR");
  if (!dir) GTEST_SKIP() << "set WASMRUN_JIT_SMOKE_DIR to a directory of .wasm files";
  auto allocator = rt::resolve_code_allocator(nullptr);
  size_t compiled = 0;
  std::map<std::string, size_t> failures;  // reason -> count
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".wasm") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), {}};
    auto decoded = decode_module(bytes);
    if (!decoded.ok()) continue;
    auto validated = validate_module(*decoded.value);
    if (!validated.ok()) continue;
    auto result = compile_module(*validated.value, allocator);
    if (result.ok()) {
      ++compiled;
    } else {
      ++failures[result.error.message];
      ADD_FAILURE() << entry.path() << ": " << result.error.message;
    }
  }
  std::cout << compiled << " modules compiled\n";
  for (auto& [why, n] : failures) std::cout << n << " x " << why << "\n";
  EXPECT_GT(compiled, 0u);
}

}  // namespace
}  // namespace wasmrun::jit
