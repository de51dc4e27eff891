#include "runtime/type_registry.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace wasmrun::rt {
namespace {

TEST(TypeRegistry, EqualTypesShareIds) {
  TypeRegistry r;
  FuncType a{{ValType::I32}, {}};
  FuncType b{{}, {ValType::I32}};
  FuncType a2{{ValType::I32}, {}};
  uint32_t ia = r.intern(a);
  uint32_t ib = r.intern(b);
  EXPECT_NE(ia, ib);
  EXPECT_EQ(r.intern(a2), ia);
  EXPECT_EQ(r.type(ia), a);
  EXPECT_EQ(r.type(ib), b);
  EXPECT_EQ(r.size(), 2u);
}

TEST(TypeRegistry, ReferencesStayValid) {
  TypeRegistry r;
  const FuncType* first = &r.type(r.intern(FuncType{{ValType::F64}, {ValType::F64}}));
  for (int i = 0; i < 1000; ++i) {
    r.intern(FuncType{std::vector<ValType>(static_cast<size_t>(i % 50), ValType::I64),
                      std::vector<ValType>(static_cast<size_t>(i / 50), ValType::F32)});
  }
  EXPECT_EQ(first, &r.type(0));
  EXPECT_EQ(*first, (FuncType{{ValType::F64}, {ValType::F64}}));
}

TEST(TypeRegistry, ConcurrentInternAgrees) {
  TypeRegistry r;
  std::vector<std::vector<uint32_t>> ids(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < ids.size(); ++t) {
    threads.emplace_back([&r, &ids, t] {
      for (size_t i = 0; i < 64; ++i) {
        ids[t].push_back(r.intern(FuncType{std::vector<ValType>(i, ValType::I32), {}}));
      }
    });
  }
  for (auto& th : threads) th.join();
  for (size_t t = 1; t < ids.size(); ++t) EXPECT_EQ(ids[t], ids[0]);
  EXPECT_EQ(r.size(), 64u);
}

}  // namespace
}  // namespace wasmrun::rt
