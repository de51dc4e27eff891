#include "options.h"

#include <charconv>
#include <cstdio>

namespace wasmrun::cli {

void add_run_options(CLI::App& app, RunOptions& run, CliFlags& flags) {
  app.add_flag("--interp", flags.interp, "Run in the interpreter");
  app.add_flag("--jit", flags.jit, "Run in the JIT (fails with the reason when it cannot)");
  app.add_flag("--explicit-bounds-checks", flags.explicit_bounds,
               "Check every memory access explicitly instead of relying on guard pages");
  app.add_option("--invoke", run.invoke,
                 "Call this exported function with ARGS and print its results, instead of _start");
  flags.print_code_opt =
      app.add_option("--print-code", flags.print_code,
                     "Print the JIT's machine code for every function, or for FUNC (name or "
                     "index, as --print-code=FUNC)")
          ->expected(0, 1)
          ->type_name("[=FUNC]");
  app.add_option("--dir", flags.dirs,
                 "Give the program a host directory: HOST_DIR::GUEST_DIR, or DIR for the same "
                 "path (repeatable)")
      ->type_name("HOST::GUEST")
      ->allow_extra_args(false);
  app.add_option("--env", run.env, "Set an environment variable for the program (repeatable)")
      ->type_name("NAME=VALUE")
      ->allow_extra_args(false);
  app.add_option("--max-memory", flags.max_memory,
                 "Largest linear memory allowed: N MiB, or Np 64 KiB pages (e.g. 16 or 256p); "
                 "beyond 4 GiB for 64-bit memories only")
      ->type_name("SIZE");
  flags.timeout_opt = app.add_option("--timeout", flags.timeout,
                                     "Interrupt the program after this many seconds (exit 124)")
                          ->type_name("SECONDS");
  app.add_option("--profile", flags.profile,
                 "Make JIT code visible to perf: perfmap (/tmp/perf-PID.map, for perf report) or "
                 "jitdump (./jit-PID.dump, for perf record -k mono, perf inject --jit and perf "
                 "annotate)")
      ->type_name("perfmap|jitdump");
  app.add_flag("--debug-info", run.debug_info,
               "Register JIT code with debuggers (GDB JIT interface): backtraces name wasm "
               "functions");
  flags.fuel_opt =
      app.add_option("--fuel", flags.fuel,
                     "Meter fuel, starting with N units: every function entry and loop iteration "
                     "takes one, the same in both tiers; running out is a trap (exit 134)")
          ->type_name("N");
  add_module_options(app, flags);
  app.add_option("file", run.file, "The module to run (- reads it from standard input)");
}

void add_module_options(CLI::App& app, CliFlags& flags) {
  app.add_option("--max-module-size", flags.max_module_size,
                 "Largest module binary read: N MiB (default 1024)")
      ->type_name("MiB");
  app.add_option("--disable", flags.disable,
                 "Switch WebAssembly 3.0 features off (all are on): a comma-separated list of " +
                     std::string(kFeatureNames))
      ->type_name("FEATURES");
}

std::optional<Features> enabled_features(const CliFlags& flags) {
  Features features;
  std::string unknown;
  if (!set_features(features, flags.disable, false, &unknown)) {
    std::fprintf(stderr, "wasmrun: --disable %s: unknown feature %s (known: %s)\n",
                 flags.disable.c_str(), unknown.c_str(), std::string(kFeatureNames).c_str());
    return std::nullopt;
  }
  return features;
}

std::optional<uint64_t> module_size_limit(const CliFlags& flags) {
  if (flags.max_module_size.empty()) return kDefaultMaxModuleBytes;
  const std::string& text = flags.max_module_size;
  uint64_t mib = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), mib);
  // At most 4 GiB: the binary format's offsets are 32-bit.
  if (ec != std::errc() || end != text.data() + text.size() || mib == 0 || mib > 4096) {
    std::fprintf(stderr, "wasmrun: --max-module-size %s: expected N (MiB), 1 to 4096\n",
                 text.c_str());
    return std::nullopt;
  }
  return mib << 20;
}

wasi::Preopen parse_dir(const std::string& spec) {
  size_t sep = spec.find("::");
  if (sep == std::string::npos) return {spec, spec};
  return {spec.substr(0, sep), spec.substr(sep + 2)};
}

std::optional<uint32_t> parse_memory_limit(const std::string& text) {
  bool pages = !text.empty() && text.back() == 'p';
  std::string_view digits(text.data(), text.size() - (pages ? 1 : 0));
  uint64_t n = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) {
    return std::nullopt;
  }
  // A MiB is 16 pages of 64 KiB. Past 4 GiB (65536 pages) only 64-bit memories (memory64) can
  // grow; the engine's limit is a 32-bit page count.
  if (n > (pages ? UINT32_MAX : UINT32_MAX / 16)) return std::nullopt;
  return static_cast<uint32_t>(pages ? n : n * 16);
}

bool finish_run_options(RunOptions& run, const CliFlags& flags) {
  if (flags.interp && flags.jit) {
    std::fputs("wasmrun: --interp and --jit exclude each other\n", stderr);
    return false;
  }
  run.tier = flags.jit ? Tier::Jit : flags.interp ? Tier::Interp : Tier::Auto;
  run.bounds = flags.explicit_bounds ? BoundsChecks::Explicit : BoundsChecks::GuardPages;
  if (flags.print_all_code) {
    run.print_code = "";
  } else if (flags.print_code_opt->count() > 0) {
    run.print_code = flags.print_code;
  }
  for (const auto& d : flags.dirs) {
    wasi::Preopen p = parse_dir(d);
    if (p.host_path.empty() || p.guest_path.empty()) {
      std::fprintf(stderr, "wasmrun: --dir %s: expected HOST_DIR::GUEST_DIR or DIR\n", d.c_str());
      return false;
    }
    run.preopens.push_back(std::move(p));
  }
  for (const auto& e : run.env) {
    if (e.find('=') == std::string::npos || e.front() == '=') {
      std::fprintf(stderr, "wasmrun: --env %s: expected NAME=VALUE\n", e.c_str());
      return false;
    }
  }
  if (!flags.max_memory.empty()) {
    run.max_memory_pages = parse_memory_limit(flags.max_memory);
    if (!run.max_memory_pages) {
      std::fprintf(stderr,
                   "wasmrun: --max-memory %s: expected N (MiB) or Np (pages), at most 2^32-1 "
                   "pages\n",
                   flags.max_memory.c_str());
      return false;
    }
  }
  if (flags.profile == "perfmap") {
    run.profiling = Profiling::PerfMap;
  } else if (flags.profile == "jitdump") {
    run.profiling = Profiling::JitDump;
  } else if (!flags.profile.empty()) {
    std::fprintf(stderr, "wasmrun: --profile %s: expected perfmap or jitdump\n",
                 flags.profile.c_str());
    return false;
  }
  auto max_module = module_size_limit(flags);
  if (!max_module) return false;
  run.max_module_bytes = *max_module;
  auto features = enabled_features(flags);
  if (!features) return false;
  run.features = *features;
  if (flags.timeout_opt->count() > 0) {
    if (!(flags.timeout > 0)) {
      std::fputs("wasmrun: --timeout needs a positive number of seconds\n", stderr);
      return false;
    }
    run.timeout_seconds = flags.timeout;
  }
  if (flags.fuel_opt->count() > 0) run.fuel = flags.fuel;
  return true;
}

}  // namespace wasmrun::cli
