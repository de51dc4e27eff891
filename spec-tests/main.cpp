// wasmrun-spectest: runs WebAssembly spec testsuite scripts (through wast2json) against the
// public API and prints per-file and total pass/fail/skip counts.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "spec-tests/isolate.h"
#include "spec-tests/script.h"
#include "spec-tests/scripts.h"

#ifndef WASMRUN_WAST2JSON
#define WASMRUN_WAST2JSON "wast2json"
#endif
#ifndef WASMRUN_SPEC_CACHE_DIR
#define WASMRUN_SPEC_CACHE_DIR "spectest-cache"
#endif

namespace {

using nlohmann::json;
using spectest::Outcome;

struct Tally {
  uint64_t passed = 0, failed = 0, skipped = 0;
  void add(Outcome o) {
    switch (o) {
      case Outcome::Pass: ++passed; break;
      case Outcome::Fail: ++failed; break;
      case Outcome::Skip: ++skipped; break;
    }
  }
  void add(const Tally& t) {
    passed += t.passed;
    failed += t.failed;
    skipped += t.skipped;
  }
  std::string str() const {
    return std::to_string(passed) + " passed, " + std::to_string(failed) + " failed, " +
           std::to_string(skipped) + " skipped";
  }
};

struct Settings {
  spectest::RunOptions run;
  spectest::Converter converter;
  bool dry_run = false;
  bool isolate = true;
  unsigned timeout_seconds = 300;
};

// Loads a script's JSON; on failure returns null and sets `error`.
json load_script(const std::filesystem::path& p, std::string* error) {
  std::ifstream in(p);
  if (!in) {
    *error = "cannot read " + p.string();
    return nullptr;
  }
  json doc = json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    *error = p.string() + " is not valid JSON";
    return nullptr;
  }
  if (!doc.is_object() || !doc.contains("commands") || !doc["commands"].is_array()) {
    *error = p.string() + " has no \"commands\" array";
    return nullptr;
  }
  return doc;
}

int command_line(const json& cmd) {
  if (!cmd.is_object()) return 0;
  auto it = cmd.find("line");
  return it != cmd.end() && it->is_number_integer() ? it->get<int>() : 0;
}

// Commands the child did not report because it died: the one in progress and everything after
// it fail, except those that would have been skipped anyway.
void account_for_crash(const json& commands, size_t reported, const std::string& how,
                       const std::string& display, Tally* tally) {
  if (reported >= commands.size()) {
    // It died after the last command (tearing down the store); still an engine bug.
    std::cout << display << ": FAIL: engine " << how << " after the last command" << std::endl;
    ++tally->failed;
    return;
  }
  const json& cmd = commands[reported];
  std::cout << display << ":" << command_line(cmd) << ": FAIL: engine " << how
            << " during this command; the " << commands.size() - reported - 1
            << " commands after it were not run and count as failed" << std::endl;
  for (size_t i = reported; i < commands.size(); ++i) {
    tally->add(spectest::is_skipped(commands[i]) ? Outcome::Skip : Outcome::Fail);
  }
}

Tally run_file(const spectest::ScriptFile& script, const Settings& s) {
  Tally tally;
  std::string display = script.path.string();
  std::string error;
  std::filesystem::path json_path = spectest::script_json(s.converter, script, &error);
  json doc;
  if (!json_path.empty()) doc = load_script(json_path, &error);
  if (doc.is_null()) {
    std::cout << display << ": FAIL: " << error << std::endl;
    ++tally.failed;
    std::cout << display << ": " << tally.str() << std::endl;
    return tally;
  }
  // For a .json argument, failures point at the .wast it came from.
  if (script.path.extension() == ".json" && doc.contains("source_filename") &&
      doc["source_filename"].is_string()) {
    display = doc["source_filename"].get<std::string>();
  }
  const json& commands = doc["commands"];
  if (s.dry_run) {
    for (const auto& cmd : commands) {
      tally.add(spectest::is_skipped(cmd) ? Outcome::Skip : Outcome::Pass);
    }
    std::cout << display << ": " << commands.size() << " commands, " << tally.passed << " to run, "
              << tally.skipped << " skipped" << std::endl;
    return tally;
  }
  std::filesystem::path dir = json_path.parent_path();
  auto sink = [&tally](Outcome o) { tally.add(o); };
  auto body = [&](const spectest::OutcomeSink& report) {
    spectest::run_script(commands, dir, display, s.run, report);
  };
  if (s.isolate) {
    spectest::ChildEnd end = spectest::run_in_child(body, s.timeout_seconds, sink);
    if (!end.abnormal.empty()) {
      account_for_crash(commands, end.outcomes, end.abnormal, display, &tally);
    }
  } else {
    body(sink);
  }
  std::cout << display << ": " << tally.str() << std::endl;
  return tally;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Runs WebAssembly spec testsuite scripts against wasmrun."};
  Settings s;
  std::string tier = "interp";
  std::string bounds = "explicit";
  std::vector<std::string> paths;
  s.converter.wast2json = WASMRUN_WAST2JSON;
  std::string cache_dir = WASMRUN_SPEC_CACHE_DIR;
  bool no_isolate = false;
  app.add_option("--tier", tier, "Execution tier")
      ->check(CLI::IsMember({"interp", "jit"}))
      ->capture_default_str();
  app.add_option("--bounds", bounds, "Memory bounds checks")
      ->check(CLI::IsMember({"guard", "explicit"}))
      ->capture_default_str();
  app.add_flag("-v,--verbose", s.run.verbose, "Print every command, notes and spectest prints");
  app.add_flag("--via-cache", s.run.via_cache,
               "Run every module after a round trip through its serialized (.cwasm) form");
  app.add_flag("--dry-run", s.dry_run, "Only count commands and skips; run nothing");
  app.add_flag("--no-fork", no_isolate,
               "Run scripts in this process (for debuggers); a crash then ends the run");
  app.add_option("--timeout", s.timeout_seconds,
                 "Seconds per script before it counts as hung "
                 "(0: no limit)")
      ->capture_default_str();
  std::string features(wasmrun::kFeatureNames);
  app.add_option("--features", features,
                 "WebAssembly 3.0 features the engine enables (comma-separated; others off)")
      ->capture_default_str();
  app.add_option("--wast2json", s.converter.wast2json, "wast2json program")->capture_default_str();
  app.add_option("--cache-dir", cache_dir, "Folder for converted scripts")->capture_default_str();
  app.add_option("paths", paths, "Testsuite folders, proposals/NAME folders, .wast or .json files")
      ->required();
  CLI11_PARSE(app, argc, argv);

  s.isolate = !no_isolate;
  s.converter.cache_dir = cache_dir;
  s.run.engine.tier = tier == "jit" ? wasmrun::Tier::Jit : wasmrun::Tier::Interp;
  s.run.engine.bounds_checks =
      bounds == "guard" ? wasmrun::BoundsChecks::GuardPages : wasmrun::BoundsChecks::Explicit;
  std::string unknown;
  wasmrun::set_features(s.run.engine.features, wasmrun::kFeatureNames, false, nullptr);
  if (!wasmrun::set_features(s.run.engine.features, features, true, &unknown)) {
    std::cerr << "unknown feature: " << unknown << " (known: " << wasmrun::kFeatureNames << ")"
              << std::endl;
    return 2;
  }

  std::vector<std::string> errors;
  std::vector<spectest::ScriptFile> scripts = spectest::collect_scripts(paths, &errors);
  Tally total;
  for (const auto& e : errors) {
    std::cout << "FAIL: " << e << std::endl;
    ++total.failed;
  }
  if (!s.dry_run) {
    // Say which tier really runs, so a silent fallback cannot pass for a JIT result.
    wasmrun::Engine probe(s.run.engine);
    if (probe.effective_tier() != s.run.engine.tier) {
      std::cout << "note: the engine does not run tier " << tier << ": "
                << probe.jit_unavailable_reason() << std::endl;
    }
  }

  auto start = std::chrono::steady_clock::now();
  for (const auto& script : scripts) total.add(run_file(script, s));
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  if (s.dry_run) {
    std::cout << scripts.size() << " files: " << total.passed + total.skipped << " commands, "
              << total.passed << " to run, " << total.skipped << " skipped" << std::endl;
    return total.failed == 0 ? 0 : 1;
  }
  char timing[64];
  std::snprintf(timing, sizeof timing, "%.2f", seconds);
  std::cout << scripts.size() << " files in " << timing << " s" << std::endl;
  std::cout << total.str() << std::endl;
  return total.failed == 0 ? 0 : 1;
}
