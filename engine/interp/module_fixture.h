// A test fixture over one module of testdata/: instantiates it and calls its exports.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/interp/test_instance.h"

namespace wasmrun::interp::testing {

class ModuleFixture : public ::testing::Test {
 protected:
  explicit ModuleFixture(std::string module) : module_(std::move(module)) {}

  void SetUp() override {
    std::string error;
    inst_ = std::make_unique<TestInstance>(load_test_wasm(module_), std::vector<rt::HostCallback>{},
                                           &error);
    ASSERT_EQ(error, "");
  }

  // The export's first result (zero when it has none); a trap fails the test.
  rt::RawValue run(const std::string& name, std::vector<rt::RawValue> args) {
    std::vector<rt::RawValue> out;
    auto trap = inst_->call(thread_, name, args, &out);
    EXPECT_FALSE(trap.has_value()) << name << ": " << (trap ? trap->message : "");
    return out.empty() ? rt::raw_zero() : out[0];
  }

  Thread thread_{1000};
  std::unique_ptr<TestInstance> inst_;

 private:
  std::string module_;
};

}  // namespace wasmrun::interp::testing
