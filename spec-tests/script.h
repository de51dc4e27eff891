// Runs the commands of one wast2json script against a fresh Store and reports each command's
// outcome; failures are printed as "FILE:LINE: ..." on stdout as they happen.
#pragma once

#include <filesystem>
#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "wasmrun/wasmrun.hpp"

namespace spectest {

struct RunOptions {
  wasmrun::EngineConfig engine;
  bool verbose = false;
  // Every module that compiles is serialized and loaded back, and the loaded one is what runs:
  // the compiled-module cache must give the same results as fresh code.
  bool via_cache = false;
};

enum class Outcome : char { Pass = 'p', Fail = 'f', Skip = 's' };
using OutcomeSink = std::function<void(Outcome)>;

// Commands on text-format modules are the only ones skipped: the engine reads binaries only.
bool is_skipped(const nlohmann::json& command);

// Whether a trap message from the engine matches the script's expected text.
bool message_matches(std::string_view actual, std::string_view expected);

// `dir` holds the modules the script names; `display` is what failures are prefixed with.
// Every element of `commands` produces exactly one outcome, whatever it contains.
void run_script(const nlohmann::json& commands, const std::filesystem::path& dir,
                const std::string& display, const RunOptions& options, const OutcomeSink& sink);

}  // namespace spectest
