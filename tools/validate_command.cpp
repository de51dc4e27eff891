#include <cstdio>
#include <fstream>
#include <iterator>

#include "commands.h"

namespace wasmrun::cli {

bool read_file(const std::string& path, std::vector<uint8_t>& out, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot open file";
    return false;
  }
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) {
    error = "read error";
    return false;
  }
  return true;
}

int validate_files(const std::vector<std::string>& files) {
  bool all_ok = true;
  for (const auto& file : files) {
    std::vector<uint8_t> bytes;
    std::string io_error;
    if (!read_file(file, bytes, io_error)) {
      std::printf("%s: %s\n", file.c_str(), io_error.c_str());
      all_ok = false;
      continue;
    }
    if (auto error = Module::validate(bytes)) {
      std::printf("%s: 0x%llx: %s\n", file.c_str(), static_cast<unsigned long long>(error->offset),
                  error->message.c_str());
      all_ok = false;
    } else {
      std::printf("%s: ok\n", file.c_str());
    }
  }
  return all_ok ? 0 : kExitInvalid;
}

}  // namespace wasmrun::cli
