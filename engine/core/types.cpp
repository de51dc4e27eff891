#include "wasmrun/types.hpp"

namespace wasmrun {

const char* to_string(ValType t) {
  switch (t) {
    case ValType::I32: return "i32";
    case ValType::I64: return "i64";
    case ValType::F32: return "f32";
    case ValType::F64: return "f64";
    case ValType::V128: return "v128";
    case ValType::FuncRef: return "funcref";
    case ValType::ExternRef: return "externref";
  }
  return "?";
}

std::string to_string(const FuncType& t) {
  std::string s = "[";
  for (size_t i = 0; i < t.params.size(); ++i)
    s += (i ? " " : "") + std::string(to_string(t.params[i]));
  s += "] -> [";
  for (size_t i = 0; i < t.results.size(); ++i)
    s += (i ? " " : "") + std::string(to_string(t.results[i]));
  return s + "]";
}

const char* to_string(ExternKind k) {
  switch (k) {
    case ExternKind::Func: return "func";
    case ExternKind::Table: return "table";
    case ExternKind::Memory: return "memory";
    case ExternKind::Global: return "global";
  }
  return "?";
}

}  // namespace wasmrun

namespace wasmrun {

bool set_feature(Features& features, std::string_view name, bool on) {
  for (const FeatureFlag& f : kFeatureFlags) {
    if (f.name == name) {
      features.*f.flag = on;
      return true;
    }
  }
  return false;
}

bool set_features(Features& features, std::string_view names, bool on, std::string* unknown) {
  while (!names.empty()) {
    size_t comma = names.find(',');
    std::string_view name = names.substr(0, comma);
    if (!name.empty() && !set_feature(features, name, on)) {
      if (unknown) *unknown = std::string(name);
      return false;
    }
    names = comma == std::string_view::npos ? std::string_view{} : names.substr(comma + 1);
  }
  return true;
}

}  // namespace wasmrun
