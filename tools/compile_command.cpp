// `wasmrun compile -o OUT FILE.wasm`: ahead-of-time compilation into a compiled-module file.
#include <cstdio>
#include <fstream>

#include "commands.h"

namespace wasmrun::cli {

int compile_to_file(const RunOptions& options, const std::string& output) {
  std::vector<uint8_t> bytes;
  std::string io_error;
  if (!load_module(options.file, options.max_module_bytes, bytes, io_error)) {
    std::fprintf(stderr, "wasmrun: %s: %s\n", options.file.c_str(), io_error.c_str());
    return kExitError;
  }
  Engine engine(engine_config(options));
  if (options.tier == Tier::Jit && engine.effective_tier() != Tier::Jit) {
    std::fprintf(stderr, "wasmrun: --jit: %s\n", engine.jit_unavailable_reason().c_str());
    return kExitError;
  }
  auto module = Module::compile(engine, std::move(bytes));
  if (!module) return report_error(options.file, module.error());
  auto blob = module.value().serialize();
  if (!blob) return report_error(options.file, blob.error());
  // Written next to the target and renamed over it, so a failed write never leaves a truncated
  // file that a later run would refuse.
  std::string temp = output + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(blob.value().data()),
              static_cast<std::streamsize>(blob.value().size()));
    out.close();
    if (!out) {
      std::remove(temp.c_str());
      std::fprintf(stderr, "wasmrun: %s: cannot write\n", output.c_str());
      return kExitError;
    }
  }
  if (std::rename(temp.c_str(), output.c_str()) != 0) {
    std::remove(temp.c_str());
    std::fprintf(stderr, "wasmrun: %s: cannot write\n", output.c_str());
    return kExitError;
  }
  return 0;
}

}  // namespace wasmrun::cli
