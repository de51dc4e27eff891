// Test helpers: tiny hand-assembled functions (x86-64 or arm64, whichever this build targets)
// and a reader for /proc/self/maps.
#pragma once

#include <asmjit/core.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace wasmrun::rt::test {

using ConstFn = int32_t (*)();
using UnaryFn = int32_t (*)(int32_t);
using BinaryFn = int32_t (*)(int32_t, int32_t);

// False when this architecture has no test assembler (then tests skip).
bool have_test_assembler();

// Each fills a freshly initialised CodeHolder for the host.
bool emit_const(asmjit::CodeHolder& code, int32_t value);  // int32_t f() { return value; }
bool emit_add(asmjit::CodeHolder& code);                   // int32_t f(a, b) { return a + b; }
// int32_t f(x) { return host_twice(x); }: a call to an absolute address, so relocation matters.
bool emit_call_twice(asmjit::CodeHolder& code);
int32_t host_twice(int32_t x);

// `n` holders each holding emit_const(base + i).
std::vector<std::unique_ptr<asmjit::CodeHolder>> make_const_holders(int n, int32_t base);
std::vector<asmjit::CodeHolder*> raw(const std::vector<std::unique_ptr<asmjit::CodeHolder>>& v);

struct MapLine {
  uintptr_t begin = 0;
  uintptr_t end = 0;
  std::string perms;  // e.g. "r-xp"
  std::string line;
};
bool have_proc_maps();
std::vector<MapLine> read_maps();
// The first mapping both writable and executable, or empty.
std::string find_writable_executable();
// Permissions of the mapping containing `p`, or empty when unmapped.
std::string perms_at(const void* p);

}  // namespace wasmrun::rt::test
