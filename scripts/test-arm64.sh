#!/usr/bin/env bash
# Cross-builds wasmrun for arm64 Linux (Debian's aarch64-linux-gnu toolchain) and runs every test
# under qemu-aarch64: unit tests, the spec suite (interpreter and JIT, explicit bounds checks and
# guard pages), core validation, the differential test, the fuzz corpus replay and the CLI tests.
# Usage: scripts/test-arm64.sh   (WASMRUN_TESTSUITE_DIR=... to use another testsuite checkout)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

jobs=$(nproc)
suite_args=()
if [ -n "${WASMRUN_TESTSUITE_DIR:-}" ]; then
  suite_args=(-DWASMRUN_TESTSUITE_DIR="$WASMRUN_TESTSUITE_DIR")
fi

echo "== arm64 cross build (tests run under qemu-aarch64)"
# No benchmarks: they are not tests, and timing them under an emulator means nothing. -g1 (line
# tables only) instead of -g keeps file:line in backtraces and compiles about a third faster.
flags="-O2 -g1 -DNDEBUG"
cmake -S . -B build-arm64 -G Ninja -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-aarch64-linux-gnu.cmake \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="$flags" \
  -DCMAKE_C_FLAGS_RELWITHDEBINFO="$flags" -DWASMRUN_BUILD_BENCH=OFF -DWASMRUN_TEST_SWITCH_DISPATCH=OFF \
  -DWASMRUN_WERROR=ON -DWASMRUN_APPLE_JIT_MODEL=ON \
  "${suite_args[@]}" >/dev/null
cmake --build build-arm64 -j"$jobs"
ctest --test-dir build-arm64 -j"$jobs" --output-on-failure
