#!/usr/bin/env bash
# The demo command: installs what is missing, builds wasmrun and the spec testsuite runner (every
# program README's "Using it" names), and runs a small program in wasmrun.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" --target wasmrun-cli demo-wasm wasmrun-spectest
set -x
build/tools/wasmrun validate build/tools/demo/fib.wasm
build/tools/wasmrun --invoke fib build/tools/demo/fib.wasm 30
