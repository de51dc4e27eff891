#include "spec-tests/scripts.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>

extern char** environ;

namespace spectest {
namespace fs = std::filesystem;

namespace {

bool has_ext(const fs::path& p, const char* ext) { return p.extension() == ext; }

std::vector<fs::path> files_with_ext(const fs::path& dir, const char* ext) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file(ec) && has_ext(entry.path(), ext)) out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Runs `argv` without a shell (paths may hold anything) and returns its exit status, or -1.
int run_program(const std::vector<std::string>& argv) {
  std::vector<char*> cargv;
  for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
  cargv.push_back(nullptr);
  pid_t pid;
  if (posix_spawnp(&pid, cargv[0], nullptr, nullptr, cargv.data(), environ) != 0) return -1;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// The cached conversion is keyed by the .wast's modification time, so a newer .wast gets a new
// folder and concurrent runners (ctest -j) never write into a folder another one is reading.
std::string mtime_key(const fs::path& p, std::error_code& ec) {
  auto t = fs::last_write_time(p, ec);
  // The file clock's epoch may lie after the file's time; the unsigned form keeps the folder
  // name to digits either way.
  return std::to_string(static_cast<uint64_t>(t.time_since_epoch().count()));
}

// Removes conversions of the same script for other modification times; best effort.
void prune_old(const fs::path& parent, const std::string& stem, const std::string& keep) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(parent, ec)) {
    std::string name = entry.path().filename().string();
    if (name == keep || !name.starts_with(stem + ".")) continue;
    std::string rest = name.substr(stem.size() + 1);
    bool digits = !rest.empty() && std::all_of(rest.begin(), rest.end(),
                                               [](char c) { return c >= '0' && c <= '9'; });
    if (digits) fs::remove_all(entry.path(), ec);
  }
}

}  // namespace

std::vector<std::string> proposal_flags(const fs::path& folder) {
  static const std::map<std::string, std::string> kFlags = {
      {"tail-call", "--enable-tail-call"},       {"extended-const", "--enable-extended-const"},
      {"multi-memory", "--enable-multi-memory"}, {"memory64", "--enable-memory64"},
      {"threads", "--enable-threads"},           {"exception-handling", "--enable-exceptions"},
      {"relaxed-simd", "--enable-relaxed-simd"},
  };
  fs::path abs = fs::absolute(folder).lexically_normal();
  if (!abs.has_filename()) abs = abs.parent_path();  // a trailing slash
  if (abs.parent_path().filename() != "proposals") return {};
  auto it = kFlags.find(abs.filename().string());
  if (it == kFlags.end()) return {};
  return {it->second};
}

std::vector<ScriptFile> collect_scripts(const std::vector<std::string>& args,
                                        std::vector<std::string>* errors) {
  std::vector<ScriptFile> out;
  for (const auto& arg : args) {
    fs::path p = fs::path(arg).lexically_normal();
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<fs::path> files = files_with_ext(p, ".wast");
      if (files.empty()) files = files_with_ext(p, ".json");
      if (files.empty()) errors->push_back(p.string() + ": no .wast or .json files inside");
      std::vector<std::string> flags = proposal_flags(p);
      for (auto& f : files) out.push_back({std::move(f), flags});
    } else if (fs::is_regular_file(p, ec) && (has_ext(p, ".wast") || has_ext(p, ".json"))) {
      out.push_back({p, proposal_flags(fs::absolute(p).parent_path())});
    } else {
      errors->push_back(p.string() + ": not a folder, .wast or .json file");
    }
  }
  return out;
}

fs::path script_json(const Converter& c, const ScriptFile& script, std::string* error) {
  if (has_ext(script.path, ".json")) return script.path;
  std::error_code ec;
  std::string stem = script.path.stem().string();
  std::string key = mtime_key(script.path, ec);
  if (ec) {
    *error = "cannot stat " + script.path.string() + ": " + ec.message();
    return {};
  }
  // One folder per source folder keeps proposal scripts apart from core scripts of the same
  // name (memory.wast is in both).
  fs::path folder = fs::absolute(script.path).parent_path().filename();
  fs::path parent = c.cache_dir / folder;
  fs::path final_dir = parent / (stem + "." + key);
  fs::path json = final_dir / (stem + ".json");
  if (fs::is_regular_file(json, ec)) return json;

  fs::path tmp = parent / (stem + ".tmp." + std::to_string(getpid()));
  fs::remove_all(tmp, ec);
  fs::create_directories(tmp, ec);
  if (ec) {
    *error = "cannot create " + tmp.string() + ": " + ec.message();
    return {};
  }
  std::vector<std::string> argv = {c.wast2json};
  argv.insert(argv.end(), script.wast2json_flags.begin(), script.wast2json_flags.end());
  argv.push_back(script.path.string());
  argv.push_back("-o");
  argv.push_back((tmp / (stem + ".json")).string());
  int status = run_program(argv);
  if (status != 0) {
    fs::remove_all(tmp, ec);
    *error = status < 0 ? "cannot run " + c.wast2json
                        : c.wast2json + " failed on " + script.path.string() + " (exit status " +
                              std::to_string(status) + ")";
    return {};
  }
  fs::rename(tmp, final_dir, ec);
  if (ec) {
    // Another runner finished the same conversion first; use theirs.
    fs::remove_all(tmp, ec);
    if (!fs::is_regular_file(json, ec)) {
      *error = "cannot move the conversion into " + final_dir.string();
      return {};
    }
  }
  prune_old(parent, stem, final_dir.filename().string());
  return json;
}

}  // namespace spectest
