#!/usr/bin/env bash
# Installs every Debian package the build and the tests need. Idempotent: installs only what is
# missing, as root or through sudo. Usage: scripts/setup.sh
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libasmjit-dev libgtest-dev libgmock-dev libbenchmark-dev
  nlohmann-json3-dev libcli11-dev
  # the compiled-module checksum (XXH3, header only)
  libxxhash-dev
  wabt binaryen
  # gdb: the test that a debugger's backtrace through JIT code names wasm functions
  gdb
  clang lld libclang-rt-14-dev
  # C programs compiled to wasm32-wasi (WASI tests, benchmark workloads)
  wasi-libc libclang-rt-14-dev-wasm32
  # arm64: Debian's cross compiler, qemu-user to run its binaries, and arm64 builds of the
  # libraries the project links (from Debian multiarch)
  g++-aarch64-linux-gnu qemu-user
  libasmjit-dev:arm64 libgtest-dev:arm64 libgmock-dev:arm64
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  echo "setup: enabling the arm64 architecture for cross-compilation packages"
  $SUDO dpkg --add-architecture arm64
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
