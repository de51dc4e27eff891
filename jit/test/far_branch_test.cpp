// A function of more machine code than a short conditional branch reaches (arm64 b.cond/cbz:
// 1 MiB): its trap stubs and block ends lie too far from the branches to them, so the module is
// emitted again with far branches.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "jit/test/jit_test_util.h"

namespace wasmrun::jit::test {
namespace {

void leb_u32(std::vector<uint8_t>& out, uint32_t v) {
  do {
    uint8_t b = v & 0x7f;
    v >>= 7;
    out.push_back(static_cast<uint8_t>(b | (v ? 0x80 : 0)));
  } while (v);
}

void section(std::vector<uint8_t>& out, uint8_t id, const std::vector<uint8_t>& body) {
  out.push_back(id);
  leb_u32(out, static_cast<uint32_t>(body.size()));
  out.insert(out.end(), body.begin(), body.end());
}

// (func (export "f") (param i32) (result i32)
//   (drop (i32.div_u (i32.const 1) (local.get 0)))         ;; trap stub after the whole body
//   (block (br_if 0 (i32.eq (local.get 0) (i32.const 2)))  ;; block end after the whole body
//     `repeat` x (local.set 0 (i32.add (local.get 0) (i32.const 1))))
//   (local.get 0))
std::vector<uint8_t> huge_function_module(uint32_t repeat) {
  std::vector<uint8_t> m = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  section(m, 1, {0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f});
  section(m, 3, {0x01, 0x00});
  section(m, 7, {0x01, 0x01, 'f', 0x00, 0x00});
  std::vector<uint8_t> body = {0x00,                                // no locals
                               0x41, 0x01, 0x20, 0x00, 0x6e, 0x1a,  // div_u, drop
                               0x02, 0x40,                          // block
                               0x20, 0x00, 0x41, 0x02, 0x46, 0x0d, 0x00};
  for (uint32_t i = 0; i < repeat; ++i) {
    body.insert(body.end(), {0x20, 0x00, 0x41, 0x01, 0x6a, 0x21, 0x00});
  }
  body.insert(body.end(), {0x0b, 0x20, 0x00, 0x0b});
  std::vector<uint8_t> code = {0x01};
  leb_u32(code, static_cast<uint32_t>(body.size()));
  code.insert(code.end(), body.begin(), body.end());
  section(m, 10, code);
  return m;
}

TEST(FarBranchTest, FunctionLargerThanShortBranchRange) {
  constexpr uint32_t kRepeat = 120000;  // about 1.4 MiB of code on arm64
  std::string error;
  auto inst = Instance::create(huge_function_module(kRepeat), {}, &error);
  ASSERT_NE(inst, nullptr) << error;
  CallResult r = inst->call("f", {I32(1)});
  ASSERT_FALSE(r.trap) << r.trap->message;
  EXPECT_EQ(r.i32(), 1u + kRepeat);
  r = inst->call("f", {I32(2)});
  ASSERT_FALSE(r.trap) << r.trap->message;
  EXPECT_EQ(r.i32(), 2u);
  r = inst->call("f", {I32(0)});
  ASSERT_TRUE(r.trap);
  EXPECT_EQ(r.trap->message, "integer divide by zero");
}

}  // namespace
}  // namespace wasmrun::jit::test
