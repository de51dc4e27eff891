// Code offsets of backtrace frames, in every tier and bounds mode: the innermost frame stands at
// the trapping instruction, the others at their calls. The module is assembled here byte by byte,
// so the expected offsets are the positions where the instructions were written.
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/api/api_test_util.h"
#include "engine/core/test_module_builder.h"

namespace wasmrun {
namespace {

using wasmrun::testing::append;
using wasmrun::testing::Bytes;
using wasmrun::testing::cat;
using wasmrun::testing::name;
using wasmrun::testing::section;
using wasmrun::testing::u32;
using wasmrun::testing::vec;

// A function body under construction: instructions appended one by one, with marks where the
// instructions of interest start.
struct Body {
  Bytes bytes{0x00};  // no locals
  std::map<std::string, size_t> marks;
  Body& op(const Bytes& b, const char* mark = nullptr) {
    if (mark) marks[mark] = bytes.size();
    append(bytes, b);
    return *this;
  }
};

// Function indexes: 0 is the imported host function `fail`; the others are defined in this
// order and exported under these names.
const char* const kFuncs[] = {"unreachable", "div",   "load",     "store",
                              "chain",       "inner", "indirect", "host"};
enum : uint32_t {
  kUnreachable = 1,
  kDiv,
  kLoad,
  kStore,
  kChain,
  kInner,
  kIndirect,
  kHost,
};

struct TestModule {
  Bytes bytes;
  // Per function index: where its body starts in `bytes`, and its marks.
  std::map<uint32_t, size_t> body_start;
  std::map<uint32_t, std::map<std::string, size_t>> marks;

  size_t at(uint32_t func, const std::string& mark) { return body_start[func] + marks[func][mark]; }
};

TestModule build() {
  const Bytes i32{0x7f};
  // Types: 0 [] -> [], 1 [i32] -> [i32], 2 [i32] -> [].
  Bytes types =
      section(1, vec({cat({{0x60}, vec({}), vec({})}), cat({{0x60}, u32(1), i32, u32(1), i32}),
                      cat({{0x60}, u32(1), i32, vec({})})}));
  Bytes imports = section(2, vec({cat({name("host"), name("fail"), {0x00}, u32(0)})}));
  Bytes funcs = section(3, vec({u32(0), u32(1), u32(1), u32(2), u32(0), u32(0), u32(0), u32(0)}));
  Bytes table = section(4, vec({{0x70, 0x00, 0x01}}));  // funcref, min 1
  Bytes memory = section(5, vec({{0x00, 0x01}}));       // min 1 page
  Bytes exports_payload = u32(8);
  for (uint32_t i = 0; i < 8; ++i)
    append(exports_payload, cat({name(kFuncs[i]), {0x00}, u32(i + 1)}));
  Bytes exports = section(7, exports_payload);
  // table[0] = $unreachable
  Bytes elems = section(9, vec({cat({{0x00, 0x41, 0x00, 0x0b}, vec({u32(kUnreachable)})})}));

  std::vector<Body> bodies(8);
  bodies[0].op({0x01}).op({0x00}, "trap");                                     // nop; unreachable
  bodies[1].op({0x41, 0x07}).op({0x20, 0x00}).op({0x6d}, "trap");              // 7 / x (div_s)
  bodies[2].op({0x20, 0x00}).op({0x28, 0x02, 0x00}, "trap");                   // i32.load
  bodies[3].op({0x20, 0x00}).op({0x41, 0x01}).op({0x36, 0x02, 0x04}, "trap");  // i32.store offset=4
  bodies[4].op({0x01}).op(cat({{0x10}, u32(kInner)}), "call");                 // nop; call $inner
  bodies[5].op({0x41, 0x00}).op({0x1a}).op(cat({{0x10}, u32(kUnreachable)}), "call");
  bodies[6].op({0x41, 0x00}).op({0x11, 0x00, 0x00}, "call");  // call_indirect
  bodies[7].op({0x01}).op({0x01}).op({0x10, 0x00}, "call");   // call $fail
  for (Body& b : bodies) b.op({0x0b});

  TestModule m;
  m.bytes = testing::module({types, imports, funcs, table, memory, exports, elems});
  Bytes code_payload = u32(static_cast<uint32_t>(bodies.size()));
  // Positions inside the code section are known once its size field is: payload first.
  std::vector<size_t> starts;
  for (const Body& b : bodies) {
    append(code_payload, u32(static_cast<uint32_t>(b.bytes.size())));
    starts.push_back(code_payload.size());
    append(code_payload, b.bytes);
  }
  Bytes code = section(10, code_payload);
  size_t payload_at = m.bytes.size() + code.size() - code_payload.size();
  append(m.bytes, code);
  for (uint32_t i = 0; i < bodies.size(); ++i) {
    m.body_start[i + 1] = payload_at + starts[i];
    m.marks[i + 1] = bodies[i].marks;
  }
  return m;
}

class FrameOffsetsTest : public ::testing::TestWithParam<testing::TierCase> {
 protected:
  void SetUp() override {
    engine_ = std::make_unique<Engine>(testing::config_of(GetParam()));
    ASSERT_EQ(engine_->effective_tier(), GetParam().tier) << engine_->jit_unavailable_reason();
    store_ = std::make_unique<Store>(*engine_);
    auto mod = Module::compile(*engine_, m_.bytes);
    ASSERT_TRUE(mod) << mod.error().message;
    Func fail = Func::create(*store_, FuncType{},
                             [](std::span<const Value>, std::span<Value>) -> std::optional<Trap> {
                               return Trap{TrapKind::Host, "the host says no", {}};
                             });
    std::vector<Extern> imports = {fail};
    auto inst = Instance::create(*store_, mod.value(), imports);
    ASSERT_TRUE(inst) << inst.error().message;
    instance_ = inst.value();
  }

  Trap trap_from(const char* func, std::vector<Value> args = {}) {
    auto f = instance_->get_func(func);
    EXPECT_TRUE(f) << func;
    if (!f) return {};
    auto trap = testing::trap_of(f->call(args));
    EXPECT_TRUE(trap) << func << " did not trap";
    return trap.value_or(Trap{});
  }

  // Frame `i` stands in function `func` at its mark.
  void expect_frame(const Trap& t, size_t i, uint32_t func, const char* mark) {
    ASSERT_LT(i, t.backtrace.size()) << t.to_string();
    const Frame& f = t.backtrace[i];
    EXPECT_EQ(f.func_index, func) << t.to_string();
    EXPECT_EQ(f.module_offset, m_.at(func, mark)) << "frame " << i << "\n" << t.to_string();
    EXPECT_EQ(f.func_offset, m_.marks[func][mark]) << "frame " << i << "\n" << t.to_string();
  }

  TestModule m_ = build();
  std::unique_ptr<Engine> engine_;
  std::unique_ptr<Store> store_;
  std::optional<Instance> instance_;
};

TEST_P(FrameOffsetsTest, Unreachable) {
  Trap t = trap_from("unreachable");
  EXPECT_EQ(t.kind, TrapKind::Unreachable);
  ASSERT_EQ(t.backtrace.size(), 1u);
  expect_frame(t, 0, kUnreachable, "trap");
}

TEST_P(FrameOffsetsTest, DivideByZero) {
  Trap t = trap_from("div", {Value::i32(0)});
  EXPECT_EQ(t.kind, TrapKind::IntegerDivideByZero);
  ASSERT_EQ(t.backtrace.size(), 1u);
  expect_frame(t, 0, kDiv, "trap");
}

// In guard-page mode these accesses fault: the frame comes from the faulting pc.
TEST_P(FrameOffsetsTest, OutOfBoundsLoadAndStore) {
  Trap t = trap_from("load", {Value::i32(0x20000)});
  EXPECT_EQ(t.kind, TrapKind::MemoryOutOfBounds);
  ASSERT_EQ(t.backtrace.size(), 1u);
  expect_frame(t, 0, kLoad, "trap");
  t = trap_from("store", {Value::i32(0xfffe)});
  EXPECT_EQ(t.kind, TrapKind::MemoryOutOfBounds);
  ASSERT_EQ(t.backtrace.size(), 1u);
  expect_frame(t, 0, kStore, "trap");
}

TEST_P(FrameOffsetsTest, CallChain) {
  Trap t = trap_from("chain");
  EXPECT_EQ(t.kind, TrapKind::Unreachable);
  ASSERT_EQ(t.backtrace.size(), 3u);
  expect_frame(t, 0, kUnreachable, "trap");
  expect_frame(t, 1, kInner, "call");
  expect_frame(t, 2, kChain, "call");
}

TEST_P(FrameOffsetsTest, TrapInIndirectCallee) {
  Trap t = trap_from("indirect");
  EXPECT_EQ(t.kind, TrapKind::Unreachable);
  ASSERT_EQ(t.backtrace.size(), 2u);
  expect_frame(t, 0, kUnreachable, "trap");
  expect_frame(t, 1, kIndirect, "call");
}

// A host function's trap: the innermost wasm frame is its caller, at the call.
TEST_P(FrameOffsetsTest, HostTrap) {
  Trap t = trap_from("host");
  EXPECT_EQ(t.kind, TrapKind::Host);
  ASSERT_EQ(t.backtrace.size(), 1u);
  expect_frame(t, 0, kHost, "call");
}

TEST_P(FrameOffsetsTest, ToStringShowsFunctionOffsets) {
  Trap t = trap_from("chain");
  char expected[200];
  std::snprintf(expected, sizeof expected,
                "unreachable\n  at func[%u] unreachable +0x%zx\n  at func[%u] inner +0x%zx\n"
                "  at func[%u] chain +0x%zx",
                kUnreachable, m_.marks[kUnreachable]["trap"], kInner, m_.marks[kInner]["call"],
                kChain, m_.marks[kChain]["call"]);
  EXPECT_EQ(t.to_string(), expected);
}

INSTANTIATE_TEST_SUITE_P(Tiers, FrameOffsetsTest, ::testing::ValuesIn(testing::tier_cases()),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace wasmrun
