// CodeLayout, and CodeBlock's defences against allocators that break the contract.
#include "runtime/code/code_block.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <vector>

namespace wasmrun::rt {
namespace {

TEST(CodeLayout, AlignsEachPiece) {
  CodeLayout l;
  EXPECT_EQ(l.add(5), 0u);
  EXPECT_EQ(l.add(1), 16u);
  EXPECT_EQ(l.add(16), 32u);
  EXPECT_EQ(l.add(3, 64), 64u);
  EXPECT_EQ(l.add(1, 1), 67u);
  EXPECT_EQ(l.size, 68u);
  EXPECT_EQ(l.offsets, (std::vector<size_t>{0, 16, 32, 64, 67}));
}

// Hands out heap memory (never executable: these tests never run code) and can be told to
// misbehave in one way.
struct FakeAllocator : CodeAllocator {
  enum class Fault {
    None,
    Short,
    Misaligned,
    NoCallback,
    TwoCallbacks,
    NullSpan,
    FailWrite,
    FailPublish
  };
  Fault fault = Fault::None;
  int reserves = 0, writes = 0, publishes = 0, releases = 0;

  CodeReserveResult reserve(size_t size) override {
    ++reserves;
    size_t n = (size + 63) / 64 * 64 + 64;
    auto* mem = static_cast<uint8_t*>(std::aligned_alloc(64, n));
    const uint8_t* exec = mem;
    size_t given = size;
    if (fault == Fault::Short) given = size - 1;
    if (fault == Fault::Misaligned) exec = mem + 8;
    return {CodeStatus::success(), CodeReservation{mem, ExecAddress{exec}, given}};
  }
  CodeStatus write(const CodeReservation& r, CodeWriteFn fn, void* user) override {
    ++writes;
    WritableSpan dst{static_cast<uint8_t*>(r.handle), r.size};
    switch (fault) {
      case Fault::NoCallback: return CodeStatus::success();
      case Fault::TwoCallbacks:
        fn(user, dst);
        return fn(user, dst) == 0 ? CodeStatus::success() : CodeStatus::failure("");
      case Fault::NullSpan: fn(user, WritableSpan{}); return CodeStatus::success();
      case Fault::FailWrite: return CodeStatus::failure("no writes today");
      default: break;
    }
    return fn(user, dst) == 0 ? CodeStatus::success() : CodeStatus::failure("callback failed");
  }
  CodeStatus publish(const CodeReservation&) override {
    ++publishes;
    if (fault == Fault::FailPublish) return CodeStatus::failure("no exec today");
    return CodeStatus::success();
  }
  void release(const CodeReservation& r) override {
    ++releases;
    std::free(r.handle);
  }
};

using Fault = FakeAllocator::Fault;

std::string run_cycle(std::shared_ptr<FakeAllocator> a) {
  std::string error;
  auto block = CodeBlock::reserve(a, 100, &error);
  if (!block) return error;
  if (!block->write([](WritableSpan dst) { dst.data[0] = 1; }, &error)) return error;
  if (!block->publish(&error)) return error;
  return "";
}

TEST(CodeBlock, WellBehavedAllocatorCycle) {
  auto a = std::make_shared<FakeAllocator>();
  EXPECT_EQ(run_cycle(a), "");
  EXPECT_EQ(a->reserves, 1);
  EXPECT_EQ(a->writes, 1);
  EXPECT_EQ(a->publishes, 1);
  EXPECT_EQ(a->releases, 1);
}

TEST(CodeBlock, RejectsBrokenAllocatorsAndStillReleases) {
  struct Case {
    Fault fault;
    const char* expected;
  } cases[] = {
      {Fault::Short, "short reservation"},      {Fault::Misaligned, "misaligned"},
      {Fault::NoCallback, "exactly once"},      {Fault::TwoCallbacks, "exactly once"},
      {Fault::NullSpan, "short writable span"}, {Fault::FailWrite, "no writes today"},
      {Fault::FailPublish, "no exec today"},
  };
  for (const Case& c : cases) {
    auto a = std::make_shared<FakeAllocator>();
    a->fault = c.fault;
    std::string error = run_cycle(a);
    EXPECT_NE(error.find(c.expected), std::string::npos) << error;
    EXPECT_EQ(a->reserves, a->releases) << c.expected;
  }
}

TEST(CodeBlock, WriterFailureIsReported) {
  auto a = std::make_shared<FakeAllocator>();
  std::string error;
  auto block = CodeBlock::reserve(a, 10, &error);
  ASSERT_TRUE(block);
  EXPECT_FALSE(block->write([](WritableSpan) { return false; }, &error));
  EXPECT_EQ(error, "writing code failed");
  EXPECT_TRUE(block->write([](WritableSpan) { return true; }, &error));
}

TEST(CodeBlock, NullAllocator) {
  std::string error;
  EXPECT_FALSE(CodeBlock::reserve(nullptr, 10, &error));
  EXPECT_EQ(error, "no code allocator");
}

}  // namespace
}  // namespace wasmrun::rt
