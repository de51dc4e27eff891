// Times C workloads in V8 through node:wasi, for the workload table's peer columns: run as
//   node --single-threaded-gc --liftoff --no-wasm-tier-up node_run.mjs [--reps N] A.wasm ...
//                                                                      (Liftoff only)
//   node --single-threaded-gc --no-liftoff node_run.mjs ...            (TurboFan only)
// --single-threaded-gc: Node 20's concurrent collector crashes (SIGSEGV) as some programs end
// (hashmap at its default size), after their output is complete. peers.py runs this file as a
// whole process next to wasmrun and native builds.
// Each module is compiled once; every repetition instantiates it and runs _start with stdout
// to /dev/null, measured as process CPU time like bench_workloads. Prints one line per module:
// name, median milliseconds.
import { readFileSync, openSync } from 'node:fs';
import { basename } from 'node:path';
import { WASI } from 'node:wasi';

const args = process.argv.slice(2);
let reps = 3;
if (args[0] === '--reps') {
  reps = Number(args[1]);
  args.splice(0, 2);
}
const devnull = openSync('/dev/null', 'w');
for (const path of args) {
  const name = basename(path, '.wasm');
  const module = await WebAssembly.compile(readFileSync(path));
  const times = [];
  for (let r = 0; r < reps; ++r) {
    const wasi = new WASI({ version: 'preview1', args: [name], stdout: devnull, returnOnExit: true });
    const t0 = process.cpuUsage();
    const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
    wasi.start(instance);
    const t = process.cpuUsage(t0);
    times.push((t.user + t.system) / 1000);
  }
  times.sort((a, b) => a - b);
  console.log(`${name} ${times[Math.floor(times.length / 2)].toFixed(1)}`);
}
