#include "spec-tests/spectest_host.h"

#include <iostream>

namespace spectest {
namespace {

using wasmrun::FuncType;
using wasmrun::Store;
using wasmrun::ValType;
using wasmrun::Value;

void add_print(ExportMap& m, Store& store, const std::string& name, std::vector<ValType> params,
               bool verbose) {
  FuncType type{std::move(params), {}};
  m.emplace(name, wasmrun::Func::create(
                      store, type,
                      [name, verbose](std::span<const Value> args,
                                      std::span<Value>) -> std::optional<wasmrun::Trap> {
                        if (verbose) {
                          std::cout << "spectest." << name << "(";
                          for (size_t i = 0; i < args.size(); ++i) {
                            std::cout << (i ? ", " : "") << args[i].to_string();
                          }
                          std::cout << ")\n";
                        }
                        return std::nullopt;
                      }));
}

template <class T>
void add_created(ExportMap& m, const std::string& name, wasmrun::Result<T> r,
                 std::vector<std::string>* problems) {
  if (r.ok()) {
    m.emplace(name, r.value());
  } else {
    problems->push_back("spectest." + name + ": " + r.error().message);
  }
}

}  // namespace

ExportMap make_spectest_module(Store& store, bool verbose, std::vector<std::string>* problems) {
  ExportMap m;
  add_print(m, store, "print", {}, verbose);
  add_print(m, store, "print_i32", {ValType::I32}, verbose);
  add_print(m, store, "print_i64", {ValType::I64}, verbose);
  add_print(m, store, "print_f32", {ValType::F32}, verbose);
  add_print(m, store, "print_f64", {ValType::F64}, verbose);
  add_print(m, store, "print_i32_f32", {ValType::I32, ValType::F32}, verbose);
  add_print(m, store, "print_f64_f64", {ValType::F64, ValType::F64}, verbose);

  add_created(m, "global_i32",
              wasmrun::Global::create(store, {ValType::I32, false}, Value::i32(666)), problems);
  add_created(m, "global_i64",
              wasmrun::Global::create(store, {ValType::I64, false}, Value::i64(666)), problems);
  add_created(m, "global_f32",
              wasmrun::Global::create(store, {ValType::F32, false}, Value::f32(666.6f)), problems);
  add_created(m, "global_f64",
              wasmrun::Global::create(store, {ValType::F64, false}, Value::f64(666.6)), problems);
  add_created(m, "table",
              wasmrun::Table::create(store, {ValType::FuncRef, {10, 20}},
                                     Value::null_ref(ValType::FuncRef)),
              problems);
  add_created(m, "memory", wasmrun::Memory::create(store, {{1, 2}}), problems);
  return m;
}

}  // namespace spectest
