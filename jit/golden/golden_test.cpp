// Golden listings: the code emitted for a few small modules, compared with jit/golden/*.txt, so
// that a change in what the JIT emits is seen and reviewed. Regenerate a listing by running the
// test with WASMRUN_UPDATE_GOLDEN=1 and reviewing the diff.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>

#include "engine/core/decoder.h"
#include "engine/core/validator.h"
#include "jit/jit.h"

namespace wasmrun::jit {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// `stem` names the module; with "@guard" appended, its listing in guard-page mode.
std::string listing_of(std::string stem) {
  CompileOptions options;
  if (auto at = stem.find("@guard"); at != std::string::npos) {
    stem.resize(at);
    options.guard_pages = true;
  }
  std::string wasm = read_file(std::string(WASMRUN_JIT_TESTDATA) + "/" + stem + ".wasm");
  std::vector<uint8_t> bytes(wasm.begin(), wasm.end());
  auto decoded = decode_module(bytes);
  EXPECT_TRUE(decoded.ok()) << decoded.error.message;
  if (!decoded.ok()) return {};
  auto validated = validate_module(*decoded.value);
  EXPECT_TRUE(validated.ok()) << validated.error.message;
  if (!validated.ok()) return {};
  auto listing = disassemble_module(*validated.value, options);
  EXPECT_TRUE(listing.ok()) << listing.error.message;
  return listing.ok() ? *listing.value : std::string();
}

class GoldenTest : public ::testing::TestWithParam<const char*> {};

TEST_P(GoldenTest, MatchesListing) {
  std::string stem = GetParam();
  std::string actual = listing_of(stem);
  ASSERT_FALSE(actual.empty());
  std::string file = stem;
  if (auto at = file.find('@'); at != std::string::npos) file[at] = '.';
  std::string path = std::string(WASMRUN_JIT_GOLDEN_DIR) + "/" + file + ".txt";
  if (const char* update = std::getenv("WASMRUN_UPDATE_GOLDEN"); update && *update == '1') {
    std::ofstream(path, std::ios::binary) << actual;
  }
  std::string expected = read_file(path);
  EXPECT_EQ(actual, expected) << "listing of " << stem << " changed; actual:\n" << actual;
}

INSTANTIATE_TEST_SUITE_P(Listings, GoldenTest,
                         ::testing::Values("add", "loop", "div_call", "mem_access", "simd",
                                           "mem_access@guard", "multi_mem", "multi_mem@guard"));

}  // namespace
}  // namespace wasmrun::jit
