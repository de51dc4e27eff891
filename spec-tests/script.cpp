#include "spec-tests/script.h"

#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <variant>

#include "spec-tests/spectest_host.h"
#include "spec-tests/values.h"

namespace spectest {
namespace {

using nlohmann::json;
using wasmrun::Error;
using wasmrun::Instance;
using wasmrun::Module;
using wasmrun::Trap;
using wasmrun::Value;

// A problem with the script or with how the engine answered, reported as the command failing.
struct CommandFailed {
  std::string why;
};

std::string field(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) {
    throw CommandFailed{std::string("script: missing string field \"") + key + "\""};
  }
  return it->get<std::string>();
}

const char* kind_name(Error::Kind k) {
  switch (k) {
    case Error::Kind::Malformed: return "malformed";
    case Error::Kind::Invalid: return "invalid";
    case Error::Kind::Link: return "link";
    case Error::Kind::Instantiate: return "instantiate";
    case Error::Kind::Other: return "other";
  }
  return "?";
}

std::string error_string(const Error& e) {
  return std::string(kind_name(e.kind)) + " error \"" + e.message + "\"";
}

// What an action produced. `values` and `trap` are exclusive.
struct ActionResult {
  std::vector<Value> values;
  std::optional<Trap> trap;
};

class ScriptRunner {
 public:
  ScriptRunner(const std::filesystem::path& dir, const RunOptions& options)
      : dir_(dir),
        via_cache_(options.via_cache),
        features_(options.engine.features),
        engine_(options.engine),
        store_(engine_) {
    std::vector<std::string> problems;
    registry_["spectest"] = make_spectest_module(store_, options.verbose, &problems);
    for (const auto& p : problems) std::cout << "note: cannot create " << p << "\n";
  }

  // Returns an empty string on success, else why the command failed. `note` collects things
  // worth saying under -v even when the command passed.
  std::string run(const json& cmd, std::string* note) {
    try {
      std::string type = field(cmd, "type");
      if (type == "module") return module(cmd);
      if (type == "register") return do_register(cmd);
      if (type == "action") return action_only(cmd);
      if (type == "assert_return") return assert_return(cmd);
      if (type == "assert_trap") return assert_trap(cmd);
      if (type == "assert_exhaustion") return assert_exhaustion(cmd);
      if (type == "assert_invalid" || type == "assert_malformed") {
        return assert_not_compiling(cmd, type, note);
      }
      if (type == "assert_unlinkable") return assert_unlinkable(cmd);
      if (type == "assert_uninstantiable") return assert_uninstantiable(cmd);
      return "script: unknown command type \"" + type + "\"";
    } catch (const CommandFailed& f) {
      return f.why;
    } catch (const BadValue& e) {
      return std::string("script: ") + e.what();
    } catch (const std::exception& e) {
      return std::string("runner exception: ") + e.what();
    }
  }

 private:
  std::vector<uint8_t> read_module_file(const json& cmd) {
    std::filesystem::path p = dir_ / field(cmd, "filename");
    std::ifstream in(p, std::ios::binary);
    if (!in) throw CommandFailed{"cannot read " + p.string()};
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
  }

  wasmrun::Result<Module> compile(const json& cmd) {
    std::vector<uint8_t> bytes = read_module_file(cmd);
    auto m = Module::compile(engine_, bytes);
    if (!m.ok() || !via_cache_) return m;
    auto blob = m.value().serialize();
    if (!blob.ok()) throw CommandFailed{"module does not serialize: " + blob.error().message};
    auto back = Module::deserialize(engine_, blob.value());
    if (!back.ok()) throw CommandFailed{"module does not load back: " + back.error().message};
    return back;
  }

  Module compile_or_fail(const json& cmd) {
    auto m = compile(cmd);
    if (!m.ok()) throw CommandFailed{"module does not compile: " + error_string(m.error())};
    return m.value();
  }

  // Imports are looked up by (module, name) among registered instances and `spectest`; a
  // missing one is the link error the spec calls "unknown import".
  std::variant<std::vector<wasmrun::Extern>, std::string> resolve_imports(const Module& m) {
    std::vector<wasmrun::Extern> externs;
    for (const auto& imp : m.imports()) {
      auto mod = registry_.find(imp.module);
      if (mod == registry_.end())
        return "unknown import \"" + imp.module + "\".\"" + imp.name + "\"";
      auto it = mod->second.find(imp.name);
      if (it == mod->second.end()) {
        return "unknown import \"" + imp.module + "\".\"" + imp.name + "\"";
      }
      externs.push_back(it->second);
    }
    return externs;
  }

  struct Instantiated {
    std::optional<Instance> instance;
    std::optional<Error> error;  // set when instance is not
    std::optional<Trap> trap;
    bool unresolved = false;  // the runner found an import missing
  };

  Instantiated instantiate(const Module& m) {
    Instantiated out;
    auto imports = resolve_imports(m);
    if (auto* why = std::get_if<std::string>(&imports)) {
      out.error = Error{Error::Kind::Link, *why, 0};
      out.unresolved = true;
      return out;
    }
    auto inst = Instance::create(store_, m, std::get<0>(imports), &out.trap);
    if (inst.ok()) {
      out.instance = inst.value();
    } else {
      out.error = inst.error();
    }
    return out;
  }

  std::string module(const json& cmd) {
    // Until this module exists, actions must not silently run against the previous one.
    last_.reset();
    std::optional<std::string> name;
    if (auto it = cmd.find("name"); it != cmd.end() && it->is_string()) {
      name = it->get<std::string>();
      named_.erase(*name);
    }
    Module m = compile_or_fail(cmd);
    Instantiated r = instantiate(m);
    if (!r.instance) {
      std::string why = "instantiation failed: " + error_string(*r.error);
      if (r.trap) why += " (trap: " + r.trap->message + ")";
      return why;
    }
    last_ = r.instance;
    if (name) named_.insert_or_assign(*name, *r.instance);
    return "";
  }

  Instance target_instance(const json& j) {
    if (auto it = j.find("module"); it != j.end()) {
      if (!it->is_string()) throw CommandFailed{"script: \"module\" is not a string"};
      auto named = named_.find(it->get<std::string>());
      if (named == named_.end()) {
        throw CommandFailed{"no instance named " + it->get<std::string>() +
                            " (its module command failed?)"};
      }
      return named->second;
    }
    if (!last_) throw CommandFailed{"no current instance (the last module command failed?)"};
    return *last_;
  }

  std::string do_register(const json& cmd) {
    std::string as = field(cmd, "as");
    Instance inst = cmd.contains("name") ? target_instance(json{{"module", cmd["name"]}})
                                         : target_instance(json::object());
    ExportMap exports;
    for (auto& [name, ext] : inst.exports()) exports.insert_or_assign(name, ext);
    registry_.insert_or_assign(as, std::move(exports));
    return "";
  }

  ActionResult perform(const json& cmd) {
    auto it = cmd.find("action");
    if (it == cmd.end() || !it->is_object()) throw CommandFailed{"script: missing \"action\""};
    const json& action = *it;
    std::string type = field(action, "type");
    std::string name = field(action, "field");
    Instance inst = target_instance(action);
    ActionResult out;
    if (type == "get") {
      auto ext = inst.get_export(name);
      if (!ext || !std::holds_alternative<wasmrun::Global>(*ext)) {
        throw CommandFailed{"no exported global \"" + name + "\""};
      }
      out.values.push_back(std::get<wasmrun::Global>(*ext).get());
      return out;
    }
    if (type != "invoke") throw CommandFailed{"script: unknown action type \"" + type + "\""};
    auto func = inst.get_func(name);
    if (!func) throw CommandFailed{"no exported function \"" + name + "\""};
    std::vector<Value> args;
    if (auto a = action.find("args"); a != action.end()) {
      if (!a->is_array()) throw CommandFailed{"script: \"args\" is not an array"};
      for (const auto& arg : *a) args.push_back(parse_arg(arg));
    }
    wasmrun::CallResult r = func->call(args);
    if (auto* trap = std::get_if<Trap>(&r)) {
      out.trap = std::move(*trap);
    } else {
      out.values = std::move(std::get<0>(r));
    }
    return out;
  }

  static std::string trapped(const Trap& t) { return "trapped: \"" + t.message + "\""; }

  std::string action_only(const json& cmd) {
    ActionResult r = perform(cmd);
    return r.trap ? trapped(*r.trap) : "";
  }

  // relaxed-simd scripts list acceptable single results under "either" instead of "expected".
  std::string assert_return_either(const json& cmd, const json& either) {
    if (!either.is_array()) throw CommandFailed{"script: \"either\" is not an array"};
    std::vector<Expected> choices;
    for (const auto& v : either) choices.push_back(parse_expected(v));
    ActionResult r = perform(cmd);
    std::string want = "one of " + describe(choices);
    if (r.trap) return "expected " + want + ", " + trapped(*r.trap);
    for (const auto& c : choices) {
      if (r.values.size() == 1 && matches(c, r.values[0])) return "";
    }
    return "expected " + want + ", got " + describe(r.values, choices);
  }

  std::string assert_return(const json& cmd) {
    if (auto e = cmd.find("either"); e != cmd.end()) return assert_return_either(cmd, *e);
    std::vector<Expected> expected;
    if (auto e = cmd.find("expected"); e != cmd.end()) {
      if (!e->is_array()) throw CommandFailed{"script: \"expected\" is not an array"};
      for (const auto& v : *e) expected.push_back(parse_expected(v));
    }
    ActionResult r = perform(cmd);
    if (r.trap) return "expected " + describe(expected) + ", " + trapped(*r.trap);
    bool ok = r.values.size() == expected.size();
    for (size_t i = 0; ok && i < expected.size(); ++i) ok = matches(expected[i], r.values[i]);
    if (ok) return "";
    return "expected " + describe(expected) + ", got " + describe(r.values, expected);
  }

  std::string assert_trap(const json& cmd) {
    std::string text = field(cmd, "text");
    ActionResult r = perform(cmd);
    if (!r.trap) return "expected trap \"" + text + "\", got " + describe(r.values, {});
    if (!message_matches(r.trap->message, text)) {
      return "expected trap \"" + text + "\", got trap \"" + r.trap->message + "\"";
    }
    return "";
  }

  std::string assert_exhaustion(const json& cmd) {
    ActionResult r = perform(cmd);
    if (!r.trap) return "expected call stack exhaustion, got " + describe(r.values, {});
    if (r.trap->kind != wasmrun::TrapKind::CallStackExhausted) {
      return "expected call stack exhaustion, got trap \"" + r.trap->message + "\"";
    }
    return "";
  }

  std::string assert_not_compiling(const json& cmd, const std::string& type, std::string* note) {
    std::string text = field(cmd, "text");
    auto m = compile(cmd);
    if (m.ok()) {
      for (const Lifted& l : kLifted) {
        if (text.starts_with(l.text) && features_.*l.feature) {
          return assert_invalid_without(cmd, text, l, note);
        }
      }
      return "compiled, but expected \"" + text + "\"";
    }
    const Error& e = m.error();
    // Where the spec draws the line between malformed and invalid is not always where a
    // one-pass decoder meets the problem; both count, but the difference is worth a note.
    Error::Kind want = type == "assert_invalid" ? Error::Kind::Invalid : Error::Kind::Malformed;
    bool acceptable = e.kind == Error::Kind::Invalid || e.kind == Error::Kind::Malformed;
    if (!acceptable) return "expected \"" + text + "\", got " + error_string(e);
    if (e.kind != want) {
      *note =
          "expected " + std::string(kind_name(want)) + " \"" + text + "\", got " + error_string(e);
    }
    return "";
  }

  // The WebAssembly 2.0 scripts assert restrictions that a 3.0 feature lifts: a second memory
  // (multi-memory) and constant expressions reading defined globals (extended-const). An
  // assertion with such a text whose module is valid with the feature on is checked with the
  // feature off; the same texts also cover modules invalid either way ("unknown global" for an
  // index no global has), which are checked as they are.
  struct Lifted {
    std::string_view text;  // the assertion's text starts with it
    bool wasmrun::Features::*feature;
    const char* name;
  };
  static constexpr Lifted kLifted[] = {
      {"multiple memories", &wasmrun::Features::multi_memory, "multi-memory"},
      {"unknown global", &wasmrun::Features::extended_const, "extended-const"},
  };
  std::string assert_invalid_without(const json& cmd, const std::string& text, const Lifted& l,
                                     std::string* note) {
    wasmrun::Features off = features_;
    off.*l.feature = false;
    const char* name = l.name;
    auto err = Module::validate(read_module_file(cmd), wasmrun::kDefaultMaxModuleBytes, off);
    if (!err)
      return "valid with feature " + std::string(name) + " off, but expected \"" + text + "\"";
    if (err->kind != Error::Kind::Invalid)
      return "expected \"" + text + "\", got " + error_string(*err);
    *note = std::string("checked with feature ") + name + " off";
    return "";
  }

  std::string assert_unlinkable(const json& cmd) {
    std::string text = field(cmd, "text");
    Module m = compile_or_fail(cmd);
    Instantiated r = instantiate(m);
    if (r.instance) return "instantiated, but expected link failure \"" + text + "\"";
    if (r.error->kind != Error::Kind::Link) {
      return "expected link failure \"" + text + "\", got " + error_string(*r.error);
    }
    return "";
  }

  std::string assert_uninstantiable(const json& cmd) {
    std::string text = field(cmd, "text");
    Module m = compile_or_fail(cmd);
    Instantiated r = instantiate(m);
    if (r.instance) return "instantiated, but expected trap \"" + text + "\"";
    if (r.error->kind != Error::Kind::Instantiate) {
      return "expected instantiation trap \"" + text + "\", got " + error_string(*r.error);
    }
    const std::string& message = r.trap ? r.trap->message : r.error->message;
    if (!message_matches(message, text)) {
      return "expected instantiation trap \"" + text + "\", got trap \"" + message + "\"";
    }
    return "";
  }

  std::filesystem::path dir_;
  bool via_cache_ = false;
  wasmrun::Features features_;
  wasmrun::Engine engine_;
  wasmrun::Store store_;
  std::map<std::string, ExportMap, std::less<>> registry_;
  std::map<std::string, Instance, std::less<>> named_;
  std::optional<Instance> last_;
};

}  // namespace

// The spec scripts give the reference interpreter's messages; ours are those same texts, but a
// few of the script's carry detail after them ("uninitialized element 2") and ours may carry
// detail after the spec's ("unreachable executed"). Either being a prefix of the other matches.
bool message_matches(std::string_view actual, std::string_view expected) {
  if (actual.empty()) return expected.empty();
  return actual.starts_with(expected) || expected.starts_with(actual);
}

bool is_skipped(const json& command) {
  if (!command.is_object()) return false;
  auto it = command.find("module_type");
  return it != command.end() && *it == "text";
}

void run_script(const json& commands, const std::filesystem::path& dir, const std::string& display,
                const RunOptions& options, const OutcomeSink& sink) {
  ScriptRunner runner(dir, options);
  for (const auto& cmd : commands) {
    int line = 0;
    std::string type = "?";
    if (cmd.is_object()) {
      if (auto it = cmd.find("line"); it != cmd.end() && it->is_number_integer()) {
        line = it->get<int>();
      }
      if (auto it = cmd.find("type"); it != cmd.end() && it->is_string()) {
        type = it->get<std::string>();
      }
    }
    if (is_skipped(cmd)) {
      sink(Outcome::Skip);
      continue;
    }
    std::string note;
    std::string why = cmd.is_object() ? runner.run(cmd, &note) : "script: command is not an object";
    std::string where = display + ":" + std::to_string(line) + ": " + type;
    if (!why.empty()) {
      // Flushed at once so that what was printed survives an engine crash on a later command.
      std::cout << where << ": FAIL: " << why << std::endl;
      sink(Outcome::Fail);
      continue;
    }
    if (options.verbose) {
      std::cout << where << ": pass" << (note.empty() ? "" : " (" + note + ")") << std::endl;
    }
    sink(Outcome::Pass);
  }
}

}  // namespace spectest
