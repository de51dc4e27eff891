#!/usr/bin/env bash
# Installs an already-built wasmrun into a temporary prefix and builds and runs the example
# hosts against it: examples/c-host, examples/cpp-host and examples/standard-host (a host for the
# standard C API only, as written for other engines) with CMake's find_package, and the C hosts
# once more with pkg-config and a plain C compiler. Only the examples are compiled.
#
#   scripts/test-examples.sh BUILD_DIR
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
generator=()
if command -v ninja >/dev/null; then generator=(-G Ninja); fi

step() { echo "== $*"; }
fail() {
  echo "FAILED: $*" >&2
  exit 1
}
# expect OUTPUT TEXT: the output has a line containing TEXT.
expect() { grep -qF -- "$2" <<<"$1" || fail "expected '$2' in:"$'\n'"$1"; }

check_host_output() {
  local out=$1
  expect "$out" "plugin says: 6765"
  expect "$out" "run(20) = 6765"
  expect "$out" "trap: integer divide by zero"
  expect "$out" "code allocator: reserves="
  [[ $(tail -n1 <<<"$out") == ok ]] || fail "the host did not end with ok"
  if grep -q "^tier: jit" <<<"$out"; then
    # Every module's code went through the host's allocator, and all of it was given back.
    local reserves releases
    reserves=$(sed -n 's/.*reserves=\([0-9]*\).*/\1/p' <<<"$out")
    releases=$(sed -n 's/.*releases=\([0-9]*\).*/\1/p' <<<"$out")
    [[ $reserves -ge 2 && $reserves == "$releases" ]] || fail "allocator counts: $out"
  fi
}

step "install $build into $prefix"
cmake --install "$build" --prefix "$prefix" --component wasmrun_dev >/dev/null
wat2wasm "$root/examples/c-host/plugin.wat" -o "$work/plugin.wasm"

# Use the compilers the build used, so an instrumented build links its sanitizer runtimes.
cc=$(sed -n 's/^CMAKE_C_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt")
cxx=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt")

# quiet LOG COMMAND...: runs COMMAND, showing its output only when it fails.
quiet() {
  local log=$1
  shift
  "$@" >"$log" 2>&1 || { cat "$log" >&2; fail "$*"; }
}

# standard-host: a program for the standard C API alone, checked with its own asserts (live in
# the pkg-config build, which has no -DNDEBUG) and by what it prints.
check_standard_output() {
  local out=$1
  expect "$out" "log: 6765"
  expect "$out" "run(20) = 6765"
  expect "$out" "trap: integer divide by zero"
  [[ $(tail -n1 <<<"$out") == ok ]] || fail "the standard host did not end with ok"
}

for host in c-host cpp-host standard-host; do
  step "$host: find_package(wasmrun)"
  if [[ $host == c-host ]]; then compiler=(-DCMAKE_C_COMPILER="${cc:-cc}"); else
    compiler=(-DCMAKE_CXX_COMPILER="${cxx:-c++}"); fi
  quiet "$work/$host.log" cmake -S "$root/examples/$host" -B "$work/$host" "${generator[@]}" \
    -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release "${compiler[@]}"
  quiet "$work/$host.log" cmake --build "$work/$host"
  out=$("$work/$host/$host" "$work/plugin.wasm")
  echo "$out"
  if [[ $host == standard-host ]]; then check_standard_output "$out"; else
    check_host_output "$out"; fi
done

step "c-host: pkg-config and ${cc:-cc}"
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
# shellcheck disable=SC2046  # pkg-config prints several words on purpose
"${cc:-cc}" -std=c11 -Wall -Wextra -Werror $(pkg-config --cflags wasmrun) \
  "$root/examples/c-host/main.c" -o "$work/c-host-pc" $(pkg-config --static --libs wasmrun)
out=$("$work/c-host-pc" "$work/plugin.wasm")
echo "$out"
check_host_output "$out"

step "standard-host: pkg-config and ${cc:-cc}"
# shellcheck disable=SC2046
"${cc:-cc}" -std=c11 -Wall -Wextra -Werror $(pkg-config --cflags wasmrun) \
  "$root/examples/standard-host/main.c" -o "$work/standard-host-pc" \
  $(pkg-config --static --libs wasmrun)
out=$("$work/standard-host-pc" "$work/plugin.wasm")
echo "$out"
check_standard_output "$out"

step "examples ok"
