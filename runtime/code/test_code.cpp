#include "runtime/code/test_code.h"

#include <fstream>
#include <sstream>

#if defined(__x86_64__)
#include <asmjit/x86.h>
#elif defined(__aarch64__)
// Debian's package has no asmjit/a64.h; the assembler header is enough.
#include <asmjit/arm/a64assembler.h>
#endif

namespace wasmrun::rt::test {

int32_t host_twice(int32_t x) { return 2 * x; }

namespace {
bool init(asmjit::CodeHolder& code) {
  return code.init(asmjit::Environment::host()) == asmjit::kErrorOk;
}
}  // namespace

#if defined(__x86_64__)

bool have_test_assembler() { return true; }

bool emit_const(asmjit::CodeHolder& code, int32_t value) {
  if (!init(code)) return false;
  asmjit::x86::Assembler a(&code);
  a.mov(asmjit::x86::eax, value);
  return a.ret() == asmjit::kErrorOk;
}

bool emit_add(asmjit::CodeHolder& code) {
  if (!init(code)) return false;
  asmjit::x86::Assembler a(&code);
  using namespace asmjit::x86;
#if defined(_WIN32)
  a.lea(eax, ptr(rcx, rdx));
#else
  a.lea(eax, ptr(rdi, rsi));
#endif
  return a.ret() == asmjit::kErrorOk;
}

bool emit_call_twice(asmjit::CodeHolder& code) {
  if (!init(code)) return false;
  asmjit::x86::Assembler a(&code);
  using namespace asmjit::x86;
  // Keep the stack 16-byte aligned at the call; the argument stays in edi.
  a.sub(rsp, 8);
  a.call(asmjit::imm(reinterpret_cast<uint64_t>(&host_twice)));
  a.add(rsp, 8);
  return a.ret() == asmjit::kErrorOk;
}

#elif defined(__aarch64__)

bool have_test_assembler() { return true; }

bool emit_const(asmjit::CodeHolder& code, int32_t value) {
  if (!init(code)) return false;
  asmjit::a64::Assembler a(&code);
  using namespace asmjit::a64;
  a.mov(w0, asmjit::imm(value));
  return a.ret(x30) == asmjit::kErrorOk;
}

bool emit_add(asmjit::CodeHolder& code) {
  if (!init(code)) return false;
  asmjit::a64::Assembler a(&code);
  using namespace asmjit::a64;
  a.add(w0, w0, w1);
  return a.ret(x30) == asmjit::kErrorOk;
}

bool emit_call_twice(asmjit::CodeHolder& code) {
  if (!init(code)) return false;
  asmjit::a64::Assembler a(&code);
  using namespace asmjit::a64;
  a.stp(x29, x30, asmjit::arm::ptr_pre(sp, -16));
  a.mov(x16, asmjit::imm(reinterpret_cast<uint64_t>(&host_twice)));
  a.blr(x16);
  a.ldp(x29, x30, asmjit::arm::ptr_post(sp, 16));
  return a.ret(x30) == asmjit::kErrorOk;
}

#else

bool have_test_assembler() { return false; }
bool emit_const(asmjit::CodeHolder&, int32_t) { return false; }
bool emit_add(asmjit::CodeHolder&) { return false; }
bool emit_call_twice(asmjit::CodeHolder&) { return false; }

#endif

std::vector<std::unique_ptr<asmjit::CodeHolder>> make_const_holders(int n, int32_t base) {
  std::vector<std::unique_ptr<asmjit::CodeHolder>> v;
  for (int i = 0; i < n; ++i) {
    auto code = std::make_unique<asmjit::CodeHolder>();
    if (!emit_const(*code, base + i)) return {};
    v.push_back(std::move(code));
  }
  return v;
}

std::vector<asmjit::CodeHolder*> raw(const std::vector<std::unique_ptr<asmjit::CodeHolder>>& v) {
  std::vector<asmjit::CodeHolder*> out;
  for (const auto& c : v) out.push_back(c.get());
  return out;
}

bool have_proc_maps() { return std::ifstream("/proc/self/maps").good(); }

std::vector<MapLine> read_maps() {
  std::vector<MapLine> out;
  std::ifstream in("/proc/self/maps");
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream s(line);
    std::string range;
    MapLine m;
    s >> range >> m.perms;
    size_t dash = range.find('-');
    if (dash == std::string::npos) continue;
    m.begin = std::stoull(range.substr(0, dash), nullptr, 16);
    m.end = std::stoull(range.substr(dash + 1), nullptr, 16);
    m.line = line;
    out.push_back(std::move(m));
  }
  return out;
}

std::string find_writable_executable() {
  for (const MapLine& m : read_maps()) {
    if (m.perms.size() >= 3 && m.perms[1] == 'w' && m.perms[2] == 'x') return m.line;
  }
  return {};
}

std::string perms_at(const void* p) {
  auto a = reinterpret_cast<uintptr_t>(p);
  for (const MapLine& m : read_maps()) {
    if (a >= m.begin && a < m.end) return m.perms;
  }
  return {};
}

}  // namespace wasmrun::rt::test
