// Reference and table instructions (through the instruction helper), ref.func and ref.is_null.
#include <gtest/gtest.h>

#include "jit/test/jit_test_util.h"

namespace wasmrun::jit::test {
namespace {

class TableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    inst_ = Instance::load("table");
    ASSERT_NE(inst_, nullptr);
  }
  CallResult ok(const std::string& f, std::vector<rt::RawValue> args = {}) {
    CallResult r = inst_->call(f, std::move(args));
    EXPECT_FALSE(r.trap) << f << ": " << (r.trap ? r.trap->message : "");
    return r;
  }
  std::string trap(const std::string& f, std::vector<rt::RawValue> args) {
    CallResult r = inst_->call(f, std::move(args));
    return r.trap ? r.trap->message : "no trap";
  }
  std::unique_ptr<Instance> inst_;
};

TEST_F(TableTest, InitCallCopyFill) {
  EXPECT_EQ(ok("size").i32(), 2u);
  EXPECT_EQ(ok("is_null", {I32(0)}).i32(), 1u);
  EXPECT_EQ(trap("call", {I32(0)}), "uninitialized element");
  ok("init", {I32(0), I32(0), I32(2)});
  EXPECT_EQ(ok("call", {I32(0)}).i32(), 1u);
  EXPECT_EQ(ok("call", {I32(1)}).i32(), 2u);
  EXPECT_EQ(ok("is_null", {I32(0)}).i32(), 0u);
  ok("copy", {I32(0), I32(1), I32(1)});
  EXPECT_EQ(ok("call", {I32(0)}).i32(), 2u);
  ok("fill", {I32(1), I32(1)});
  EXPECT_EQ(ok("is_null", {I32(1)}).i32(), 1u);
  EXPECT_EQ(trap("init", {I32(1), I32(1), I32(2)}), "out of bounds table access");
  ok("drop");
  EXPECT_EQ(trap("init", {I32(0), I32(0), I32(1)}), "out of bounds table access");
  EXPECT_EQ(trap("is_null", {I32(2)}), "out of bounds table access");
  EXPECT_EQ(trap("fill", {I32(2), I32(1)}), "out of bounds table access");
}

TEST_F(TableTest, GrowAndSet) {
  EXPECT_EQ(ok("grow", {I32(3)}).i32(), 2u);
  EXPECT_EQ(ok("size").i32(), 5u);
  EXPECT_EQ(ok("call", {I32(4)}).i32(), 3u);  // grown with ref.func $three
  EXPECT_EQ(ok("grow", {I32(100)}).i32(), 0xffffffffu);
  ok("set_three", {I32(0)});
  EXPECT_EQ(ok("call", {I32(0)}).i32(), 3u);
}

TEST_F(TableTest, ExternRefs) {
  int host_object = 0;
  rt::RawValue v = rt::raw_zero();
  v.ref = &host_object;
  CallResult r = ok("extern_roundtrip", {v});
  EXPECT_EQ(r.results.at(0).ref, &host_object);
  EXPECT_EQ(ok("null_is_null").i32(), 1u);
}

}  // namespace
}  // namespace wasmrun::jit::test
