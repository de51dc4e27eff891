#!/usr/bin/env bash
# Runs the C workload benchmark (bench_workloads) and prints Markdown tables: run time native /
# interpreter / JIT with the ratios and geometric means, and compile time per tier.
# Usage: scripts/bench-table.sh [--repetitions N] [--json FILE] [-- BENCHMARK_ARGS...]
# Builds bench_workloads first in build-bench/ (override with WASMRUN_BENCH_BUILD_DIR); a build
# directory that already exists is used as configured. --json FILE tabulates a saved run
# (benchmark output with --benchmark_format=json) instead of running anything.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
build="${WASMRUN_BENCH_BUILD_DIR:-$root/build-bench}"
jobs="${WASMRUN_BENCH_JOBS:-2}"

if [[ " $* " != *" --json "* ]]; then
  if [[ ! -f "$build/CMakeCache.txt" ]]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
  ninja -C "$build" -j"$jobs" bench_workloads >&2
fi
exec python3 "$root/bench/workloads/bench_table.py" \
  --binary "$build/bench/workloads/bench_workloads" "$@"
