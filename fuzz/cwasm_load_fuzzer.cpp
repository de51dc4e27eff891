// libFuzzer entry point: load arbitrary bytes as a compiled module (.cwasm) in each tier and
// bounds mode. Every input is tried as it is and again with its checksum made right, so that
// the loader's structure checks (counts, offsets, function tables) are reached and not only
// the header's. A loaded module is never run: loading trusts the machine code, so only loading
// must be safe. Besides crashes, hangs and leaks, it traps when a loaded module does not
// describe itself or serialize again.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "engine/core/serial.h"
#include "wasmrun/wasmrun.hpp"

namespace {

// Where the header's checksum field is and where the payload starts, following the layout
// of engine/api/cache.cpp; false when the input is too short to have one.
bool locate_checksum(std::span<const uint8_t> data, size_t* checksum_at) {
  size_t at = 16;  // magic, format version, reserved
  auto skip_text = [&]() {
    if (at + 4 > data.size()) return false;
    uint32_t n = 0;
    std::memcpy(&n, data.data() + at, 4);
    at += 4;
    if (n > data.size() - at) return false;
    at += n;
    return true;
  };
  if (!skip_text() || !skip_text()) return false;      // engine version, architecture
  at += 1 + 8 + 8;                                     // tier, CPU features, layout fingerprint
  if (at > data.size() || !skip_text()) return false;  // configuration
  at += 8;                                             // payload length
  if (at + 8 > data.size()) return false;
  *checksum_at = at;
  return true;
}

const std::vector<wasmrun::Engine>& engines() {
  static const std::vector<wasmrun::Engine> all = [] {
    std::vector<wasmrun::Engine> e;
    wasmrun::EngineConfig interp;
    interp.tier = wasmrun::Tier::Interp;
    e.emplace_back(interp);
    wasmrun::EngineConfig jit;
    jit.tier = wasmrun::Tier::Auto;
    e.emplace_back(jit);
    jit.bounds_checks = wasmrun::BoundsChecks::GuardPages;
    e.emplace_back(jit);
    return e;
  }();
  return all;
}

void load(std::span<const uint8_t> data) {
  for (const wasmrun::Engine& engine : engines()) {
    auto m = wasmrun::Module::deserialize(engine, data);
    if (!m) {
      if (m.error().message.empty()) __builtin_trap();
      continue;
    }
    (void)m.value().imports();
    (void)m.value().exports();
    if (!m.value().serialize()) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const uint8_t> input(data, size);
  load(input);
  size_t checksum_at = 0;
  if (!locate_checksum(input, &checksum_at)) return 0;
  std::vector<uint8_t> fixed(input.begin(), input.end());
  size_t payload = checksum_at + 8;
  uint64_t sum = wasmrun::serial::checksum64(
      std::span<const uint8_t>(fixed.data() + payload, fixed.size() - payload),
      wasmrun::serial::checksum64(std::span<const uint8_t>(fixed.data(), checksum_at)));
  std::memcpy(fixed.data() + checksum_at, &sum, 8);
  load(fixed);
  return 0;
}
