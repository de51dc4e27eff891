// `wasmrun validate FILE...` and the one way the CLI reads a module.
#include <unistd.h>

#include <cstdio>

#include "commands.h"

namespace wasmrun::cli {

bool load_module(const std::string& path, uint64_t max_bytes, std::vector<uint8_t>& out,
                 std::string& error) {
  // Only an explicit "-" streams: a path naming a pipe or device is refused by read_module_file.
  auto bytes =
      path == "-" ? read_module_stream(STDIN_FILENO, max_bytes) : read_module_file(path, max_bytes);
  if (!bytes) {
    error = bytes.error().message;
    return false;
  }
  out = std::move(bytes.value());
  return true;
}

int validate_files(const std::vector<std::string>& files, uint64_t max_module_bytes,
                   const Features& features) {
  bool all_read = true;
  bool all_valid = true;
  for (const auto& file : files) {
    std::vector<uint8_t> bytes;
    std::string io_error;
    if (!load_module(file, max_module_bytes, bytes, io_error)) {
      std::printf("%s: error: %s\n", file.c_str(), io_error.c_str());
      all_read = false;
      continue;
    }
    if (auto error = Module::validate(std::move(bytes), max_module_bytes, features)) {
      std::printf("%s: 0x%llx: %s\n", file.c_str(), static_cast<unsigned long long>(error->offset),
                  error->message.c_str());
      all_valid = false;
    } else {
      std::printf("%s: ok\n", file.c_str());
    }
  }
  if (!all_read) return kExitError;
  return all_valid ? 0 : kExitInvalid;
}

}  // namespace wasmrun::cli
