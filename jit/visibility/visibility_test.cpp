// JIT code made visible to profilers and debuggers: the perf map's lines, the jitdump file's
// records and the ELF object registered through the GDB JIT interface all name every function of
// a compiled module at its real address. (A debugger reading the registration is tested with gdb
// itself: ctest cli.jit.gdb_backtrace.)
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

#include "engine/core/decoder.h"
#include "engine/core/test_module_builder.h"
#include "engine/core/validator.h"
#include "jit/compiled_module.h"
#include "jit/serialize.h"
#include "jit/visibility/gdb_jit.h"
#include "jit/visibility/jitdump.h"
#include "jit/visibility/perf_map.h"
#include "runtime/code/code_memory.h"

namespace wasmrun::jit {
namespace {

using testing::Bytes;

// Three functions returning 1, 2, 3; the first two exported as "first" and "second", the third
// without a name.
std::shared_ptr<const ValidatedModule> three_functions() {
  Bytes type = testing::func_type({}, {0x7f});
  auto body = [](uint8_t v) { return Bytes{0x41, v, 0x0b}; };  // i32.const v; end
  Bytes exports = testing::section(
      7, testing::vec({testing::cat({testing::name("first"), {0x00}, testing::u32(0)}),
                       testing::cat({testing::name("second"), {0x00}, testing::u32(1)})}));
  Bytes bytes = testing::module_with_funcs(
      {type}, {{0, {0x00}, body(1)}, {0, {0x00}, body(2)}, {0, {0x00}, body(3)}}, {exports});
  auto decoded = decode_module(bytes);
  EXPECT_TRUE(decoded.ok()) << decoded.error.message;
  auto validated = validate_module(*decoded.value);
  EXPECT_TRUE(validated.ok()) << validated.error.message;
  return *validated.value;
}

std::shared_ptr<const CompiledModule> compile(const CodeVisibility& v) {
  CompileOptions options;
  options.visibility = v;
  auto compiled = compile_module(three_functions(), rt::resolve_code_allocator(nullptr), options);
  EXPECT_TRUE(compiled.ok()) << compiled.error.message;
  return compiled.ok() ? *compiled.value : nullptr;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// What every tool must be told for the module: address -> (size, name).
std::map<uintptr_t, std::pair<size_t, std::string>> expected_symbols(const CompiledModule& m) {
  std::map<uintptr_t, std::pair<size_t, std::string>> out;
  for (const CodeSymbol& s : code_symbols(m)) out[s.begin] = {s.size, s.name};
  return out;
}

TEST(CodeSymbols, NameEveryFunctionAndCoverTheCode) {
  CodeVisibility none;
  auto m = compile(none);
  ASSERT_TRUE(m);
  std::vector<CodeSymbol> symbols = code_symbols(*m);
  ASSERT_EQ(symbols.size(), 5u);  // three functions, the trap tail, the entry trampoline
  EXPECT_EQ(symbols[0].name, "wasm::first");
  EXPECT_EQ(symbols[1].name, "wasm::second");
  EXPECT_EQ(symbols[2].name, "wasm::func[2]");
  for (uint32_t i = 0; i < 3; ++i) {
    EXPECT_EQ(symbols[i].begin, reinterpret_cast<uintptr_t>(function_entry(*m, i)));
  }
  // Back to back, from the module's first byte of code to its last.
  EXPECT_EQ(symbols.front().begin, m->begin);
  for (size_t i = 0; i + 1 < symbols.size(); ++i) {
    EXPECT_GT(symbols[i].size, 0u) << symbols[i].name;
    EXPECT_EQ(symbols[i].begin + symbols[i].size, symbols[i + 1].begin) << symbols[i].name;
  }
  EXPECT_EQ(symbols.back().begin + symbols.back().size, m->end);
}

TEST(CodeSymbols, NamesCannotBreakLines) {
  EXPECT_EQ(wasm_symbol_name("a\nb\tc", 4), "wasm::a?b?c");
  EXPECT_EQ(wasm_symbol_name("", 7), "wasm::func[7]");
}

TEST(PerfMap, ALinePerFunctionAtItsAddress) {
  std::remove(perf_map_path().c_str());
  CodeVisibility v;
  v.perf_map = true;
  auto m = compile(v);
  ASSERT_TRUE(m);
  auto expected = expected_symbols(*m);
  std::istringstream lines(read_all(perf_map_path()));
  std::string line;
  size_t found = 0;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    uintptr_t begin = 0;
    size_t size = 0;
    std::string name;
    fields >> std::hex >> begin >> size;
    std::getline(fields >> std::ws, name);
    auto it = expected.find(begin);
    if (it == expected.end()) continue;
    EXPECT_EQ(size, it->second.first) << line;
    EXPECT_EQ(name, it->second.second) << line;
    ++found;
  }
  EXPECT_EQ(found, expected.size());

  // The same code loaded from its serialized form is announced as fresh code is, at the
  // addresses it was loaded to. (One test: the map's file stays open for the process.)
  std::vector<uint8_t> bytes;
  serial::Writer w(bytes);
  ASSERT_FALSE(serialize_code(*m, w));
  serial::Reader r(bytes);
  CompileOptions options;
  options.visibility.perf_map = true;
  auto loaded = load_code(m->module, rt::resolve_code_allocator(nullptr), options, r);
  ASSERT_TRUE(loaded.ok()) << loaded.error.message;
  ASSERT_NE((*loaded.value)->begin, m->begin);
  std::string map = read_all(perf_map_path());
  for (const auto& [begin, sym] : expected_symbols(**loaded.value)) {
    std::ostringstream line;
    line << std::hex << begin << " " << sym.first << " " << sym.second;
    EXPECT_NE(map.find(line.str()), std::string::npos) << line.str();
  }
  std::remove(perf_map_path().c_str());
}

template <class T>
T read_at(const std::string& data, size_t offset) {
  T v{};
  if (offset + sizeof v <= data.size()) std::memcpy(&v, data.data() + offset, sizeof v);
  return v;
}

TEST(JitDump, HeaderThenACodeLoadRecordPerFunctionWithItsCode) {
  CodeVisibility v;
  v.jitdump = true;
  auto m = compile(v);
  ASSERT_TRUE(m);
  std::string data = read_all(jitdump_path());
  ASSERT_GE(data.size(), 40u);
  EXPECT_EQ(read_at<uint32_t>(data, 0), 0x4A695444u);  // magic
  EXPECT_EQ(read_at<uint32_t>(data, 4), 1u);           // version
  uint32_t header_size = read_at<uint32_t>(data, 8);
  EXPECT_EQ(header_size, 40u);
#if defined(__x86_64__)
  EXPECT_EQ(read_at<uint32_t>(data, 12), 62u);
#elif defined(__aarch64__)
  EXPECT_EQ(read_at<uint32_t>(data, 12), 183u);
#endif
  EXPECT_EQ(read_at<uint32_t>(data, 20), static_cast<uint32_t>(::getpid()));

  auto expected = expected_symbols(*m);
  size_t found = 0;
  uint64_t last_timestamp = read_at<uint64_t>(data, 24);
  for (size_t at = header_size; at + 16 <= data.size();) {
    uint32_t id = read_at<uint32_t>(data, at);
    uint32_t total = read_at<uint32_t>(data, at + 4);
    ASSERT_GE(total, 16u);
    ASSERT_LE(at + total, data.size());
    uint64_t timestamp = read_at<uint64_t>(data, at + 8);
    EXPECT_GE(timestamp, last_timestamp);
    last_timestamp = timestamp;
    ASSERT_EQ(id, 0u);  // JIT_CODE_LOAD, the only kind written
    uint64_t code_addr = read_at<uint64_t>(data, at + 32);
    uint64_t code_size = read_at<uint64_t>(data, at + 40);
    EXPECT_EQ(read_at<uint64_t>(data, at + 24), code_addr);  // vma
    std::string name(data.c_str() + at + 56);
    ASSERT_EQ(56 + name.size() + 1 + code_size, total);
    auto it = expected.find(static_cast<uintptr_t>(code_addr));
    if (it != expected.end()) {
      EXPECT_EQ(code_size, it->second.first);
      EXPECT_EQ(name, it->second.second);
      // The record carries the very bytes that run.
      EXPECT_EQ(std::memcmp(data.data() + at + 56 + name.size() + 1,
                            reinterpret_cast<const void*>(code_addr), code_size),
                0)
          << name;
      ++found;
    }
    at += total;
  }
  EXPECT_EQ(found, expected.size());
  std::remove(jitdump_path().c_str());
}

// The registered object, read as a debugger reads it: ELF header, .text at the code's address,
// and a function symbol per code range.
struct ElfSymbols {
  uint16_t machine = 0;
  uint64_t text_addr = 0, text_size = 0;
  std::map<uintptr_t, std::pair<size_t, std::string>> symbols;  // absolute address
};

ElfSymbols read_elf(std::span<const uint8_t> elf) {
  std::string data(reinterpret_cast<const char*>(elf.data()), elf.size());
  ElfSymbols out;
  EXPECT_EQ(data.substr(0, 4),
            "\x7f"
            "ELF");
  EXPECT_EQ(read_at<uint16_t>(data, 16), 1u);  // ET_REL
  out.machine = read_at<uint16_t>(data, 18);
  uint64_t shoff = read_at<uint64_t>(data, 40);
  uint16_t shnum = read_at<uint16_t>(data, 60);
  uint16_t shstrndx = read_at<uint16_t>(data, 62);
  auto sh = [&](uint32_t i, size_t field) { return shoff + i * 64 + field; };
  uint64_t shstr_off = read_at<uint64_t>(data, sh(shstrndx, 24));
  for (uint32_t i = 1; i < shnum; ++i) {
    std::string name(data.c_str() + shstr_off + read_at<uint32_t>(data, sh(i, 0)));
    uint32_t type = read_at<uint32_t>(data, sh(i, 4));
    if (name == ".text") {
      EXPECT_EQ(type, 8u);  // NOBITS
      out.text_addr = read_at<uint64_t>(data, sh(i, 16));
      out.text_size = read_at<uint64_t>(data, sh(i, 32));
    } else if (type == 2) {  // SYMTAB
      uint64_t off = read_at<uint64_t>(data, sh(i, 24));
      uint64_t size = read_at<uint64_t>(data, sh(i, 32));
      uint32_t link = read_at<uint32_t>(data, sh(i, 40));
      uint64_t str_off = read_at<uint64_t>(data, sh(link, 24));
      for (uint64_t s = off + 24; s < off + size; s += 24) {
        std::string sym_name(data.c_str() + str_off + read_at<uint32_t>(data, s));
        EXPECT_EQ(read_at<uint8_t>(data, s + 4) & 0xf, 2) << sym_name;  // STT_FUNC
        uint64_t value = read_at<uint64_t>(data, s + 8);
        uint64_t sym_size = read_at<uint64_t>(data, s + 16);
        out.symbols[static_cast<uintptr_t>(value)] = {sym_size, sym_name};
      }
    }
  }
  // Symbol values of a relocatable object are offsets in .text.
  std::map<uintptr_t, std::pair<size_t, std::string>> absolute;
  for (auto& [offset, s] : out.symbols) absolute[out.text_addr + offset] = s;
  out.symbols = std::move(absolute);
  return out;
}

TEST(GdbJit, RegisteredWhileTheCodeLivesWithASymbolPerFunction) {
  size_t before = registered_debug_objects().size();
  CodeVisibility v;
  v.debugger = true;
  auto m = compile(v);
  ASSERT_TRUE(m);
  auto objects = registered_debug_objects();
  ASSERT_EQ(objects.size(), before + 1);
  ElfSymbols elf = read_elf(objects.back());
#if defined(__x86_64__)
  EXPECT_EQ(elf.machine, 62u);
#elif defined(__aarch64__)
  EXPECT_EQ(elf.machine, 183u);
#endif
  EXPECT_EQ(elf.text_addr, m->begin);
  EXPECT_EQ(elf.text_size, m->end - m->begin);
  EXPECT_EQ(elf.symbols, expected_symbols(*m));
  // Without the option nothing is registered; with the module gone, its object is gone too.
  auto plain = compile(CodeVisibility{});
  EXPECT_EQ(registered_debug_objects().size(), before + 1);
  m.reset();
  EXPECT_EQ(registered_debug_objects().size(), before);
}

}  // namespace
}  // namespace wasmrun::jit
