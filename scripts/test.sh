#!/usr/bin/env bash
# The test command: installs what is missing, builds, and runs every test — the unit tests, the
# whole spec testsuite, the C workloads, the WASI and CLI tests and the examples in an optimized
# x64 build; the same under AddressSanitizer and UBSan; then an arm64 cross build whose tests
# (unit tests, spec suite in both tiers and both bounds modes, differential test) run under
# qemu-aarch64. On x64 and arm64 the JIT's spec suite and the workloads run once more over the
# model of Apple's JIT memory rules (-DWASMRUN_APPLE_JIT_MODEL=ON, tests/apple-model).
# Usage: scripts/test.sh   (WASMRUN_TESTSUITE_DIR=... to use another testsuite checkout)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

jobs=$(nproc)
suite_args=()
if [ -n "${WASMRUN_TESTSUITE_DIR:-}" ]; then
  suite_args=(-DWASMRUN_TESTSUITE_DIR="$WASMRUN_TESTSUITE_DIR")
fi

# A plain Release build with default options (what users and packagers run) must build
# everything with warnings as errors; WASMRUN_WERROR is off by default and on in every stage here.
# WASMRUN_APPLE_JIT_MODEL adds the macOS JIT-memory model's tests (docs/macos.md).
echo "== optimized build (Release, default options)"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DWASMRUN_WERROR=ON \
  -DWASMRUN_APPLE_JIT_MODEL=ON "${suite_args[@]}" >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build -j"$jobs" --output-on-failure

echo "== AddressSanitizer + UBSan build"
# -O1 keeps the sanitizers' reports exact and compiles in about half the time of -O2.
asan_flags="-O1 -g1 -DNDEBUG"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWASMRUN_SANITIZE=ON \
  -DWASMRUN_WERROR=ON \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="$asan_flags" -DCMAKE_C_FLAGS_RELWITHDEBINFO="$asan_flags" \
  -DWASMRUN_BUILD_BENCH=OFF -DWASMRUN_TEST_SWITCH_DISPATCH=OFF -DWASMRUN_APPLE_JIT_MODEL=ON \
  "${suite_args[@]}" >/dev/null
cmake --build build-asan -j"$jobs"
ctest --test-dir build-asan -j"$jobs" --output-on-failure

echo "== arm64 cross build, tests under qemu-aarch64"
scripts/test-arm64.sh
