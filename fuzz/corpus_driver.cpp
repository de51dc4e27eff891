// Runs LLVMFuzzerTestOneInput over files or directories (recursively) without libFuzzer, so
// the fuzz target's checks run under any compiler as an ordinary test. With --mutate, each
// input is also replayed truncated at every length and with each byte flipped, a cheap
// deterministic stand-in for fuzzing of the error paths.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

constexpr size_t kMaxMutatedInput = 4096;  // keeps --mutate quadratic cost bounded

size_t run_file(const std::filesystem::path& path, bool mutate) {
  std::ifstream in(path, std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
  size_t runs = 1;
  if (!mutate || bytes.size() > kMaxMutatedInput) return runs;
  for (size_t len = 0; len < bytes.size(); ++len, ++runs) {
    std::vector<uint8_t> prefix(bytes.begin(), bytes.begin() + len);  // exact-size buffer for ASan
    LLVMFuzzerTestOneInput(prefix.data(), prefix.size());
  }
  std::vector<uint8_t> copy = bytes;
  for (size_t i = 8; i < copy.size(); ++i, ++runs) {
    const uint8_t saved = copy[i];
    copy[i] = static_cast<uint8_t>(saved ^ (0x80 >> (i % 8)));
    LLVMFuzzerTestOneInput(copy.data(), copy.size());
    copy[i] = saved;
  }
  return runs;
}

}  // namespace

int main(int argc, char** argv) {
  bool mutate = false;
  size_t files = 0;
  size_t runs = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--mutate") {
      mutate = true;
      continue;
    }
    const std::filesystem::path p(arg);
    if (std::filesystem::is_directory(p)) {
      for (const auto& entry : std::filesystem::recursive_directory_iterator(p)) {
        const auto ext = entry.path().extension();
        if (!entry.is_regular_file() || (ext != ".wasm" && ext != ".cwasm")) continue;
        runs += run_file(entry.path(), mutate);
        ++files;
      }
    } else if (std::filesystem::is_regular_file(p)) {
      runs += run_file(p, mutate);
      ++files;
    } else {
      std::fprintf(stderr, "no such file or directory: %s\n", argv[i]);
      return 2;
    }
  }
  std::printf("%zu inputs from %zu files\n", runs, files);
  return files == 0 ? 1 : 0;
}
