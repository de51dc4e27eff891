#!/usr/bin/env bash
# The test command: installs what is missing, builds, and runs every test — the unit tests and the
# whole spec testsuite in an optimized build, then the same under AddressSanitizer and UBSan.
# Usage: scripts/test.sh   (WASMRUN_TESTSUITE_DIR=... to use another testsuite checkout)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

jobs=$(nproc)
suite_args=()
if [ -n "${WASMRUN_TESTSUITE_DIR:-}" ]; then
  suite_args=(-DWASMRUN_TESTSUITE_DIR="$WASMRUN_TESTSUITE_DIR")
fi

echo "== optimized build"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${suite_args[@]}" >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build -j"$jobs" --output-on-failure

echo "== AddressSanitizer + UBSan build"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWASMRUN_SANITIZE=ON \
  -DWASMRUN_BUILD_BENCH=OFF "${suite_args[@]}" >/dev/null
cmake --build build-asan -j"$jobs"
ctest --test-dir build-asan -j"$jobs" --output-on-failure
