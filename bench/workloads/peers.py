#!/usr/bin/env python3
"""Workloads in wasmrun and in peer engines, timed side by side as whole processes.

For each workload the commands below run in turn, round after round (native, wasmrun JIT with
guard pages, wasmrun JIT with explicit bounds checks, V8 Liftoff, V8 TurboFan, and wasm3 or any
other engine given with --peer), so a drift in the machine's speed hits every column alike.
Each run's CPU time (user + system of the finished child, from wait4) is recorded; the table
shows the median of the rounds divided by the native median.

Whole processes include each engine's start-up and the compile of the workload's module. To
keep start-up out of the ratios, every command also runs a trivial WASI program (an empty
_start) the same number of rounds, and that median is subtracted from the engine's time ("net").
Node gets --single-threaded-gc: Node 20's concurrent garbage collector crashes after some
programs finish (hashmap, at exit), and one GC thread also keeps CPU time to the work itself.

An engine that fails a workload (wasm3 has no SIMD) shows n/a there, and the geometric means
cover the workloads every engine ran.

Usage: peers.py --build BUILD [--rounds N] [--peer NAME=COMMAND] [WORKLOAD ...]
  BUILD is a build tree with bench/workloads (wasm/ and native/) and tools/wasmrun.
  COMMAND is run with the module's path appended (e.g. --peer "wasm3=/opt/wasm3/wasm3").
"""

import argparse
import math
import os
import statistics
import subprocess
import sys
import tempfile

WORKLOADS = ["fib", "sieve", "nbody", "matmul", "sha256", "crc32", "quicksort", "mandelbrot",
             "bytecode_vm", "lz77", "hashmap", "strsearch", "lu", "heat2d", "editdist",
             "checksums", "regvm", "simd_kernels", "tailcall"]

EMPTY_WASI_WAT = '(module (memory (export "memory") 1) (func (export "_start")))'


def cpu_seconds(argv):
    """Runs argv to completion with output discarded; returns its user + system CPU seconds, or
    None when it fails (an engine without a feature the workload uses)."""
    with open(os.devnull, "wb") as null:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=null, stderr=null)
        _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        return None
    return usage.ru_utime + usage.ru_stime


def engines(build, here, peers):
    wasmrun = os.path.join(build, "tools", "wasmrun")
    node_run = os.path.join(here, "node_run.mjs")
    node = ["node", "--no-warnings", "--single-threaded-gc"]
    table = [
        ("wasmrun JIT", [wasmrun, "--jit"]),
        ("wasmrun JIT explicit", [wasmrun, "--jit", "--explicit-bounds-checks"]),
        ("V8 Liftoff", node + ["--liftoff", "--no-wasm-tier-up", node_run, "--reps", "1"]),
        ("V8 TurboFan", node + ["--no-liftoff", node_run, "--reps", "1"]),
    ]
    for spec in peers:
        name, _, command = spec.partition("=")
        table.append((name, command.split()))
    return table


def median_rounds(commands, rounds):
    """commands: list of (key, argv). Runs them in turn for each round; returns key -> median."""
    times = {key: [] for key, _ in commands}
    for _ in range(rounds):
        for key, argv in commands:
            times[key].append(cpu_seconds(argv))
    return {key: None if None in values else statistics.median(values)
            for key, values in times.items()}


def geomean(values):
    return math.exp(sum(math.log(v) for v in values) / len(values))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--peer", action="append", default=[])
    parser.add_argument("workloads", nargs="*", default=WORKLOADS)
    args = parser.parse_args()

    here = os.path.dirname(os.path.abspath(__file__))
    wl_dir = os.path.join(args.build, "bench", "workloads")
    table = engines(args.build, here, args.peer)
    names = [name for name, _ in table]

    with tempfile.TemporaryDirectory() as tmp:
        empty = os.path.join(tmp, "empty.wasm")
        wat = os.path.join(tmp, "empty.wat")
        with open(wat, "w") as f:
            f.write(EMPTY_WASI_WAT)
        subprocess.run(["wat2wasm", wat, "-o", empty], check=True)
        startup = median_rounds([(n, argv + [empty]) for n, argv in table], args.rounds)
    print("start-up (empty _start), CPU ms: " +
          ", ".join(f"{n} {startup[n] * 1e3:.1f}" for n in names), file=sys.stderr)

    header = "| workload | native (ms) | " + " | ".join(f"{n} / native" for n in names) + \
        " | Liftoff / wasmrun JIT |"
    print(header)
    print("| --- | ---: |" + " ---: |" * (len(names) + 1))
    ratios = {n: [] for n in names}
    ahead = []
    complete = 0  # workloads every engine ran: the geometric means cover these only
    for w in args.workloads:
        module = os.path.join(wl_dir, "wasm", f"{w}.wasm")
        commands = [("native", [os.path.join(wl_dir, "native", w)])]
        commands += [(n, argv + [module]) for n, argv in table]
        med = median_rounds(commands, args.rounds)
        native = med["native"]
        row = f"| {w} | {native * 1e3:.0f} |"
        net = {n: None if med[n] is None else max(med[n] - startup[n], 1e-6) for n in names}
        for n in names:
            row += " n/a |" if net[n] is None else f" {net[n] / native:.2f}x |"
        a = None
        if net["V8 Liftoff"] is not None and net["wasmrun JIT"] is not None:
            a = net["V8 Liftoff"] / net["wasmrun JIT"]
        row += " n/a |" if a is None else f" {a:.2f}x |"
        if all(v is not None for v in net.values()):
            complete += 1
            for n in names:
                ratios[n].append(net[n] / native)
            ahead.append(a)
        print(row, flush=True)
    row = f"| **geometric mean** ({complete} run by all) | |"
    for n in names:
        row += f" **{geomean(ratios[n]):.2f}x** |"
    row += f" **{geomean(ahead):.2f}x** |"
    print(row)


if __name__ == "__main__":
    main()
