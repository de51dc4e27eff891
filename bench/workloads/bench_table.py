#!/usr/bin/env python3
"""Markdown tables from bench_workloads' JSON output.

Runs the benchmark binary (or reads a saved --benchmark_format=json run) and prints tables:
run time per workload natively, in the interpreter and in the JIT with the ratios between them,
and compile time per tier with the module's sizes; then, when measured, the JIT with guard
pages against the JIT with explicit bounds checks, and each tier with fuel metering against the
same tier without it. Each ends with a row of geometric means. With
repetitions, each cell is the median. Times are CPU time (see bench_workloads.cpp).
"""

import argparse
import json
import math
import subprocess
import sys


def run_benchmark(binary, repetitions, extra):
    cmd = [binary, "--benchmark_format=json"]
    if repetitions > 1:
        cmd += [f"--benchmark_repetitions={repetitions}",
                "--benchmark_report_aggregates_only=true"]
    cmd += extra
    print("running: " + " ".join(cmd), file=sys.stderr)
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout
    return json.loads(out)


TO_MS = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}


def collect(data):
    """Maps run name to a dict of the fields used (times in ms), preferring medians."""
    results = {}
    medians = set()
    for b in data.get("benchmarks", []):
        name = b.get("run_name", b["name"])
        # UseManualTime() appends "/manual_time" to the registered name.
        for suffix in ("/manual_time", "/real_time"):
            if name.endswith(suffix):
                name = name[: -len(suffix)]
        aggregate = b.get("aggregate_name")
        if aggregate and aggregate != "median":
            continue
        if not aggregate and name in medians:
            continue
        entry = {"error": b.get("error_message") if b.get("error_occurred") else None}
        if entry["error"] is None:
            scale = TO_MS[b.get("time_unit", "ns")]
            entry["real_ms"] = b["real_time"] * scale
            entry["cpu_ms"] = b["cpu_time"] * scale
            for key in ("wasm_bytes", "code_bytes", "wall_ms", "fuel"):
                if key in b:
                    entry[key] = b[key]
        if aggregate == "median":
            medians.add(name)
        results[name] = entry
    return results


def fmt_ms(v):
    if v is None:
        return "–"
    if v >= 100:
        return f"{v:.0f}"
    if v >= 10:
        return f"{v:.1f}"
    if v >= 1:
        return f"{v:.2f}"
    return f"{v:.3f}"


def fmt_ratio(v):
    return "–" if v is None else f"{v:.2f}x"


def geomean(values):
    values = [v for v in values if v]
    if not values:
        return None
    return math.exp(sum(math.log(v) for v in values) / len(values))


def ratio(a, b):
    return a / b if a and b else None


def workload_names(results):
    names = []
    for run in results:
        parts = run.split("/")
        if parts[0] == "BM_Native" and parts[1] not in names:
            names.append(parts[1])
    return names


def time_of(results, run, field):
    e = results.get(run)
    if not e or e["error"]:
        return None
    return e[field]


def run_table(results, names):
    lines = ["| workload | native (ms) | interpreter (ms) | JIT (ms) | JIT speed-up over "
             "interpreter | interpreter / native | JIT / native |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    cols = [[] for _ in range(6)]
    errors = []
    for n in names:
        native = time_of(results, f"BM_Native/{n}", "real_ms")
        interp = time_of(results, f"BM_Run/{n}/interp", "real_ms")
        jit = time_of(results, f"BM_Run/{n}/jit", "real_ms")
        row = [native, interp, jit, ratio(interp, jit), ratio(interp, native), ratio(jit, native)]
        for c, v in zip(cols, row):
            c.append(v)
        lines.append(f"| {n} | " + " | ".join(
            [fmt_ms(v) for v in row[:3]] + [fmt_ratio(v) for v in row[3:]]) + " |")
        for run in (f"BM_Native/{n}", f"BM_Run/{n}/interp", f"BM_Run/{n}/jit"):
            e = results.get(run)
            if e and e["error"]:
                errors.append(f"{run}: {e['error']}")
    means = [geomean(c) for c in cols]
    lines.append("| **geometric mean** | " + " | ".join(
        [fmt_ms(v) for v in means[:3]] + [f"**{fmt_ratio(v)}**" for v in means[3:]]) + " |")
    return lines, errors


def guard_table(results, names):
    """The JIT with guard pages instead of explicit bounds checks, when it was measured."""
    if not any(f"BM_Run/{n}/jit-guard" in results for n in names):
        return [], []
    lines = ["| workload | JIT, explicit bounds checks (ms) | JIT, guard pages (ms) | "
             "guard-page speed-up | guard pages / native |",
             "| --- | ---: | ---: | ---: | ---: |"]
    cols = [[] for _ in range(4)]
    errors = []
    for n in names:
        native = time_of(results, f"BM_Native/{n}", "real_ms")
        jit = time_of(results, f"BM_Run/{n}/jit", "real_ms")
        guard = time_of(results, f"BM_Run/{n}/jit-guard", "real_ms")
        row = [jit, guard, ratio(jit, guard), ratio(guard, native)]
        for c, v in zip(cols, row):
            c.append(v)
        lines.append(f"| {n} | " + " | ".join(
            [fmt_ms(v) for v in row[:2]] + [fmt_ratio(v) for v in row[2:]]) + " |")
        e = results.get(f"BM_Run/{n}/jit-guard")
        if e and e["error"]:
            errors.append(f"BM_Run/{n}/jit-guard: {e['error']}")
    means = [geomean(c) for c in cols]
    lines.append("| **geometric mean** | " + " | ".join(
        [fmt_ms(v) for v in means[:2]] + [f"**{fmt_ratio(v)}**" for v in means[2:]]) + " |")
    return lines, errors


def fuel_table(results, names):
    """Each tier with fuel metering on against the same tier with it off, when measured."""
    if not any(f"BM_Run/{n}/jit-fuel" in results or f"BM_Run/{n}/interp-fuel" in results
               for n in names):
        return [], []
    lines = ["| workload | fuel units | interpreter (ms) | with fuel (ms) | fuel cost | "
             "JIT (ms) | with fuel (ms) | fuel cost |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    cols = [[] for _ in range(6)]
    errors = []
    for n in names:
        interp = time_of(results, f"BM_Run/{n}/interp", "real_ms")
        interp_fuel = time_of(results, f"BM_Run/{n}/interp-fuel", "real_ms")
        jit = time_of(results, f"BM_Run/{n}/jit", "real_ms")
        jit_fuel = time_of(results, f"BM_Run/{n}/jit-fuel", "real_ms")
        units = (results.get(f"BM_Run/{n}/jit-fuel") or
                 results.get(f"BM_Run/{n}/interp-fuel") or {}).get("fuel")
        row = [interp, interp_fuel, ratio(interp_fuel, interp), jit, jit_fuel,
               ratio(jit_fuel, jit)]
        for c, v in zip(cols, row):
            c.append(v)
        cells = ["–" if units is None else f"{units:.3g}"]
        cells += [fmt_ratio(v) if i in (2, 5) else fmt_ms(v) for i, v in enumerate(row)]
        lines.append(f"| {n} | " + " | ".join(cells) + " |")
        for run in (f"BM_Run/{n}/interp-fuel", f"BM_Run/{n}/jit-fuel"):
            e = results.get(run)
            if e and e["error"]:
                errors.append(f"{run}: {e['error']}")
    means = [geomean(c) for c in cols]
    lines.append("| **geometric mean** | | " + " | ".join(
        f"**{fmt_ratio(v)}**" if i in (2, 5) else fmt_ms(v) for i, v in enumerate(means)) + " |")
    return lines, errors


def compile_table(results, names):
    lines = ["| workload | .wasm (KiB) | code section (KiB) | interpreter compile (ms) | "
             "interpreter MB/s | JIT compile (ms) | JIT MB/s |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    cols = [[] for _ in range(6)]
    errors = []
    for n in names:
        sizes = results.get(f"BM_Compile/{n}/interp") or results.get(f"BM_Compile/{n}/jit") or {}
        wasm = sizes.get("wasm_bytes")
        code = sizes.get("code_bytes")
        interp = time_of(results, f"BM_Compile/{n}/interp", "cpu_ms")
        jit = time_of(results, f"BM_Compile/{n}/jit", "cpu_ms")
        rate = lambda ms: code / 1e6 / (ms / 1e3) if code and ms else None
        row = [wasm / 1024 if wasm else None, code / 1024 if code else None, interp, rate(interp),
               jit, rate(jit)]
        for c, v in zip(cols, row):
            c.append(v)
        cells = ["–" if v is None else (f"{v:.1f}" if i in (0, 1, 3, 5) else fmt_ms(v))
                 for i, v in enumerate(row)]
        lines.append(f"| {n} | " + " | ".join(cells) + " |")
        for run in (f"BM_Compile/{n}/interp", f"BM_Compile/{n}/jit"):
            e = results.get(run)
            if e and e["error"]:
                errors.append(f"{run}: {e['error']}")
    means = [geomean(c) for c in cols]
    cells = ["–" if v is None else (f"{v:.1f}" if i in (0, 1, 3, 5) else fmt_ms(v))
             for i, v in enumerate(means)]
    lines.append("| **geometric mean** | " + " | ".join(cells) + " |")
    return lines, errors


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", help="bench_workloads executable to run")
    ap.add_argument("--json", help="tabulate this saved JSON output instead of running")
    ap.add_argument("--repetitions", type=int, default=3,
                    help="benchmark repetitions; cells are medians (default 3)")
    ap.add_argument("--save", help="also write the raw JSON here")
    ap.add_argument("extra", nargs="*", help="arguments for the benchmark binary (after --)")
    args = ap.parse_args()

    if args.json:
        with open(args.json) as f:
            data = json.load(f)
    elif args.binary:
        data = run_benchmark(args.binary, args.repetitions, args.extra)
    else:
        ap.error("give --binary or --json")
    if args.save:
        with open(args.save, "w") as f:
            json.dump(data, f, indent=1)

    results = collect(data)
    names = workload_names(results)
    ctx = data.get("context", {})
    load = ctx.get("load_avg")
    print(f"Host {ctx.get('host_name', '?')}, {ctx.get('num_cpus', '?')} CPUs, "
          f"{ctx.get('date', '')}; load average at start "
          f"{', '.join(f'{x:.2f}' for x in load) if load else 'unknown'}. "
          f"CPU time per run; medians of {args.repetitions if not args.json else 'the saved'} "
          "repetitions.\n")
    run_lines, run_errors = run_table(results, names)
    print("\n".join(run_lines))
    print()
    compile_lines, compile_errors = compile_table(results, names)
    print("\n".join(compile_lines))
    guard_lines, guard_errors = guard_table(results, names)
    if guard_lines:
        print()
        print("\n".join(guard_lines))
    fuel_lines, fuel_errors = fuel_table(results, names)
    if fuel_lines:
        print()
        print("\n".join(fuel_lines))
    errors = run_errors + compile_errors + guard_errors + fuel_errors
    if errors:
        print("\nNot measured:")
        for e in errors:
            print(f"- {e}")
    return 1 if run_errors else 0


if __name__ == "__main__":
    sys.exit(main())
