# Cross-compiles wasmrun for arm64 Linux with Debian's aarch64-linux-gnu toolchain. Test binaries
# run through qemu-aarch64 (ctest and gtest discovery use CMAKE_CROSSCOMPILING_EMULATOR), so
# `ctest` in an arm64 build directory runs every test under emulation on an x64 host.
#   cmake -S . -B build-arm64 -G Ninja -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-aarch64-linux-gnu.cmake
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)

# The arm64 libraries come from Debian multiarch (/usr/lib/aarch64-linux-gnu, headers shared in
# /usr/include); header-only packages (nlohmann-json, CLI11) keep their CMake files in /usr/share.
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu /usr)
# Build-time tools (wat2wasm, wasm-opt, clang for wasm32) are host programs.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)

find_program(WASMRUN_QEMU_AARCH64 qemu-aarch64 REQUIRED)
# -L: where the emulated dynamic loader finds the arm64 libc and libstdc++.
set(CMAKE_CROSSCOMPILING_EMULATOR ${WASMRUN_QEMU_AARCH64};-L;/usr/aarch64-linux-gnu)
