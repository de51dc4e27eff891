#!/usr/bin/env bash
# Fuzzes decode+validate with libFuzzer for SECONDS (default 60).
# Usage: scripts/fuzz.sh [SECONDS]
# Configures a clang build in build-fuzz/ (override with WASMRUN_FUZZ_BUILD_DIR), builds the
# fuzzer, seeds it with every .wasm module of the spec testsuite (converted with wast2json) and
# runs it. The growing corpus is kept in build-fuzz/fuzz/corpus between runs; crashes are
# written to build-fuzz/fuzz/artifacts/.
set -euo pipefail

seconds="${1:-60}"
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${WASMRUN_FUZZ_BUILD_DIR:-$root/build-fuzz}"
testsuite="${WASMRUN_TESTSUITE_DIR:-$root/../shared/wasm-testsuite}"
jobs="${WASMRUN_FUZZ_JOBS:-1}"

cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DWASMRUN_FUZZ=ON -DWASMRUN_BUILD_BENCH=OFF \
  -DWASMRUN_TESTSUITE_DIR="$testsuite" >/dev/null
ninja -C "$build" decode_validate_fuzzer

seed="$build/fuzz/seed_corpus"
corpus="$build/fuzz/corpus"
artifacts="$build/fuzz/artifacts"
mkdir -p "$seed" "$corpus" "$artifacts"
cmake -DWAST2JSON="$(command -v wast2json)" -DTESTSUITE_DIR="$testsuite" -DOUT_DIR="$seed" \
  -P "$root/fuzz/make_corpus.cmake"

# libFuzzer reads seed directories flatly: gather the modules into one directory.
flat="$build/fuzz/seed_flat"
mkdir -p "$flat"
find "$seed" -name '*.wasm' -exec cp -n {} "$flat/" \;

parallel=()
if [ "$jobs" -gt 1 ]; then
  parallel=(-jobs="$jobs" -workers="$jobs")
fi
"$build/fuzz/decode_validate_fuzzer" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  "${parallel[@]}" -print_final_stats=1 \
  -artifact_prefix="$artifacts/" "$corpus" "$flat"
