// How much publishing a module of 1,000 small functions costs: one reservation, one write
// window, one publish, then release. For contrast, the same functions published one reservation
// each, which is what pooling avoids. Uses only the public CodeAllocator interface.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "wasmrun/code_allocator.hpp"

namespace {

constexpr int kFunctions = 1000;
constexpr size_t kSlot = 16;  // every function starts on a 16-byte boundary

// `int32_t f() { return value; }` in this machine's code.
std::vector<uint8_t> const_function(int32_t value) {
  std::vector<uint8_t> code;
#if defined(__x86_64__)
  code.push_back(0xB8);  // mov eax, imm32
  for (int i = 0; i < 4; ++i) code.push_back(static_cast<uint8_t>(uint32_t(value) >> (8 * i)));
  code.push_back(0xC3);  // ret
#elif defined(__aarch64__)
  uint32_t movz = 0x52800000u | ((uint32_t(value) & 0xFFFFu) << 5);  // movz w0, #imm16
  uint32_t ret = 0xD65F03C0u;                                        // ret
  for (uint32_t word : {movz, ret}) {
    for (int i = 0; i < 4; ++i) code.push_back(static_cast<uint8_t>(word >> (8 * i)));
  }
#endif
  return code;
}

struct Module {
  std::vector<std::vector<uint8_t>> functions;
};

Module make_module() {
  Module m;
  for (int i = 0; i < kFunctions; ++i) m.functions.push_back(const_function(i));
  return m;
}

struct CopyJob {
  const Module* module;
  size_t first;
  size_t count;
};

int copy_functions(void* user, wasmrun::WritableSpan dst) {
  auto* job = static_cast<CopyJob*>(user);
  for (size_t i = 0; i < job->count; ++i) {
    const std::vector<uint8_t>& f = job->module->functions[job->first + i];
    std::memcpy(dst.data + i * kSlot, f.data(), f.size());
  }
  return 0;
}

// Publishes functions [first, first + count) as one reservation; returns it, or sets an error.
bool publish(wasmrun::CodeAllocator& a, const Module& m, size_t first, size_t count,
             wasmrun::CodeReservation* out, benchmark::State& state) {
  wasmrun::CodeReserveResult got = a.reserve(count * kSlot);
  if (!got.status.ok) {
    state.SkipWithError(got.status.reason.c_str());
    return false;
  }
  CopyJob job{&m, first, count};
  wasmrun::CodeStatus st = a.write(got.reservation, copy_functions, &job);
  if (st.ok) st = a.publish(got.reservation);
  if (!st.ok) {
    a.release(got.reservation);
    state.SkipWithError(st.reason.c_str());
    return false;
  }
  *out = got.reservation;
  return true;
}

bool runs(const wasmrun::CodeReservation& r, size_t index, int32_t expected) {
  auto fn = reinterpret_cast<int32_t (*)()>(
      const_cast<uint8_t*>(static_cast<const uint8_t*>(r.exec.p) + index * kSlot));
  return fn() == expected;
}

void BM_PublishModuleOf1000Functions(benchmark::State& state) {
  std::shared_ptr<wasmrun::CodeAllocator> a = wasmrun::default_code_allocator();
  Module m = make_module();
  for (auto _ : state) {
    wasmrun::CodeReservation r;
    if (!publish(*a, m, 0, kFunctions, &r, state)) return;
    state.PauseTiming();
    bool ok = runs(r, 0, 0) && runs(r, kFunctions - 1, kFunctions - 1);
    state.ResumeTiming();
    a->release(r);
    if (!ok) {
      state.SkipWithError("published code returned the wrong value");
      return;
    }
  }
  state.SetItemsProcessed(state.iterations() * kFunctions);
}
BENCHMARK(BM_PublishModuleOf1000Functions)->Unit(benchmark::kMicrosecond);

void BM_Publish1000FunctionsOneReservationEach(benchmark::State& state) {
  std::shared_ptr<wasmrun::CodeAllocator> a = wasmrun::default_code_allocator();
  Module m = make_module();
  std::vector<wasmrun::CodeReservation> rs(kFunctions);
  for (auto _ : state) {
    for (size_t i = 0; i < kFunctions; ++i) {
      if (!publish(*a, m, i, 1, &rs[i], state)) {
        for (size_t j = 0; j < i; ++j) a->release(rs[j]);
        return;
      }
    }
    for (const wasmrun::CodeReservation& r : rs) a->release(r);
  }
  state.SetItemsProcessed(state.iterations() * kFunctions);
}
BENCHMARK(BM_Publish1000FunctionsOneReservationEach)->Unit(benchmark::kMicrosecond);

}  // namespace
