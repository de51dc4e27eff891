// Finding the scripts named on the command line and turning .wast files into wast2json output
// in a cache folder.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace spectest {

struct ScriptFile {
  std::filesystem::path path;                // a .wast or .json file
  std::vector<std::string> wast2json_flags;  // features its proposal folder needs
};

// Expands each argument: a file is taken as it is; a folder contributes the .wast files directly
// inside it (or, if it has none, its .json files), sorted by name. Arguments that are neither
// are reported in `errors`.
std::vector<ScriptFile> collect_scripts(const std::vector<std::string>& args,
                                        std::vector<std::string>* errors);

// The wast2json feature flags for scripts in `folder`: proposals/NAME needs NAME's flag.
std::vector<std::string> proposal_flags(const std::filesystem::path& folder);

struct Converter {
  std::string wast2json;            // program name or absolute path
  std::filesystem::path cache_dir;  // converted scripts live below this
};

// Returns the JSON script for `script`, converting a .wast when its cached conversion is missing
// or older than the file. On failure returns an empty path and sets `error`.
std::filesystem::path script_json(const Converter& c, const ScriptFile& script, std::string* error);

}  // namespace spectest
