#include "jit/visibility/gdb_jit.h"

#include <cstring>
#include <mutex>
#include <string>

// The interface's two symbols, as debuggers look them up by name (C linkage, never inlined or
// optimised away): the debugger sets a breakpoint in __jit_debug_register_code and, when it is
// hit, reads __jit_debug_descriptor to find the entry that was added or removed.
extern "C" {

struct jit_code_entry {
  jit_code_entry* next_entry;
  jit_code_entry* prev_entry;
  const char* symfile_addr;
  uint64_t symfile_size;
};

struct jit_descriptor {
  uint32_t version;
  uint32_t action_flag;  // JIT_NOACTION, JIT_REGISTER_FN or JIT_UNREGISTER_FN
  jit_code_entry* relevant_entry;
  jit_code_entry* first_entry;
};

[[gnu::noinline, gnu::used]] void __jit_debug_register_code() {
  // Something the compiler must keep, so calls are not folded away.
  asm volatile("" ::: "memory");
}

[[gnu::used]] jit_descriptor __jit_debug_descriptor = {1, 0, nullptr, nullptr};

}  // extern "C"

namespace wasmrun::jit {
namespace {

enum : uint32_t { kNoAction = 0, kRegister = 1, kUnregister = 2 };

// ELF64 structures and constants (the System V ABI's layout), spelled out here so the object can
// be built on any host.
struct Elf64Ehdr {
  uint8_t ident[16];
  uint16_t type, machine;
  uint32_t version;
  uint64_t entry, phoff, shoff;
  uint32_t flags;
  uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};
struct Elf64Shdr {
  uint32_t name, type;
  uint64_t flags, addr, offset, size;
  uint32_t link, info;
  uint64_t addralign, entsize;
};
struct Elf64Sym {
  uint32_t name;
  uint8_t info, other;
  uint16_t shndx;
  uint64_t value, size;
};
static_assert(sizeof(Elf64Ehdr) == 64 && sizeof(Elf64Shdr) == 64 && sizeof(Elf64Sym) == 24);

constexpr uint16_t kEtRel = 1;
#if defined(__x86_64__)
constexpr uint16_t kMachine = 62;  // EM_X86_64
#elif defined(__aarch64__)
constexpr uint16_t kMachine = 183;  // EM_AARCH64
#else
constexpr uint16_t kMachine = 0;
#endif
constexpr uint32_t kShtSymtab = 2, kShtStrtab = 3, kShtNobits = 8;
constexpr uint64_t kShfAlloc = 0x2, kShfExecinstr = 0x4;
constexpr uint8_t kStbGlobal = 1, kSttFunc = 2;

// Section indexes of the object.
enum : uint16_t { kNull, kText, kSymtab, kStrtab, kShstrtab, kSectionCount };

template <class T>
void put(std::vector<uint8_t>& out, const T& value) {
  size_t at = out.size();
  out.resize(at + sizeof value);
  std::memcpy(out.data() + at, &value, sizeof value);
}

struct Registry {
  std::mutex mutex;
};

Registry& registry() {
  static Registry* r = new Registry;  // never destroyed: modules may die during teardown
  return *r;
}

// One registered object; unlinks itself (and tells the debugger) when destroyed.
class Registration {
 public:
  explicit Registration(std::vector<uint8_t> elf) : elf_(std::move(elf)) {
    entry_.symfile_addr = reinterpret_cast<const char*>(elf_.data());
    entry_.symfile_size = elf_.size();
    std::lock_guard lock(registry().mutex);
    entry_.next_entry = __jit_debug_descriptor.first_entry;
    entry_.prev_entry = nullptr;
    if (entry_.next_entry != nullptr) entry_.next_entry->prev_entry = &entry_;
    __jit_debug_descriptor.first_entry = &entry_;
    __jit_debug_descriptor.relevant_entry = &entry_;
    __jit_debug_descriptor.action_flag = kRegister;
    __jit_debug_register_code();
    __jit_debug_descriptor.action_flag = kNoAction;
  }

  ~Registration() {
    std::lock_guard lock(registry().mutex);
    if (entry_.prev_entry != nullptr) {
      entry_.prev_entry->next_entry = entry_.next_entry;
    } else {
      __jit_debug_descriptor.first_entry = entry_.next_entry;
    }
    if (entry_.next_entry != nullptr) entry_.next_entry->prev_entry = entry_.prev_entry;
    __jit_debug_descriptor.relevant_entry = &entry_;
    __jit_debug_descriptor.action_flag = kUnregister;
    __jit_debug_register_code();
    __jit_debug_descriptor.action_flag = kNoAction;
    __jit_debug_descriptor.relevant_entry = nullptr;
  }

  Registration(const Registration&) = delete;
  Registration& operator=(const Registration&) = delete;

 private:
  std::vector<uint8_t> elf_;
  jit_code_entry entry_{};
};

}  // namespace

std::vector<uint8_t> build_debug_elf(uintptr_t text_begin, size_t text_size,
                                     std::span<const CodeSymbol> symbols) {
  // Section names, then symbol names; offset 0 of each table is the empty name.
  std::string shstrtab(1, '\0');
  auto section_name = [&](const char* n) {
    auto at = static_cast<uint32_t>(shstrtab.size());
    shstrtab.append(n).push_back('\0');
    return at;
  };
  uint32_t text_name = section_name(".text");
  uint32_t symtab_name = section_name(".symtab");
  uint32_t strtab_name = section_name(".strtab");
  uint32_t shstrtab_name = section_name(".shstrtab");

  std::string strtab(1, '\0');
  std::vector<Elf64Sym> syms(1);  // entry 0 is the null symbol
  for (const CodeSymbol& s : symbols) {
    Elf64Sym sym{};
    sym.name = static_cast<uint32_t>(strtab.size());
    strtab.append(s.name).push_back('\0');
    sym.info = static_cast<uint8_t>((kStbGlobal << 4) | kSttFunc);
    sym.shndx = kText;
    // A relocatable object's symbol values are offsets in their section; the debugger places
    // .text at its sh_addr, the code's real address.
    sym.value = s.begin - text_begin;
    sym.size = s.size;
    syms.push_back(sym);
  }

  // Layout: header, section headers, symbol table, string tables.
  uint64_t symtab_off = sizeof(Elf64Ehdr) + kSectionCount * sizeof(Elf64Shdr);
  uint64_t symtab_size = syms.size() * sizeof(Elf64Sym);
  uint64_t strtab_off = symtab_off + symtab_size;
  uint64_t shstrtab_off = strtab_off + strtab.size();

  Elf64Ehdr eh{};
  const uint8_t ident[16] = {0x7f, 'E', 'L', 'F', 2 /* 64-bit */, 1 /* little-endian */,
                             1 /* version */};
  std::memcpy(eh.ident, ident, sizeof ident);
  eh.type = kEtRel;
  eh.machine = kMachine;
  eh.version = 1;
  eh.shoff = sizeof(Elf64Ehdr);
  eh.ehsize = sizeof(Elf64Ehdr);
  eh.shentsize = sizeof(Elf64Shdr);
  eh.shnum = kSectionCount;
  eh.shstrndx = kShstrtab;

  Elf64Shdr sh[kSectionCount] = {};
  // The code is not copied: .text occupies no bytes of the file (NOBITS) and names its place.
  sh[kText] = {text_name, kShtNobits, kShfAlloc | kShfExecinstr, text_begin, 0, text_size, 0, 0,
               16,        0};
  // sh_info: index of the first global symbol (all are global); sh_link: the names' table.
  sh[kSymtab] = {symtab_name, kShtSymtab, 0, 0, symtab_off,
                 symtab_size, kStrtab,    1, 8, sizeof(Elf64Sym)};
  sh[kStrtab] = {strtab_name, kShtStrtab, 0, 0, strtab_off, strtab.size(), 0, 0, 1, 0};
  sh[kShstrtab] = {shstrtab_name, kShtStrtab, 0, 0, shstrtab_off, shstrtab.size(), 0, 0, 1, 0};

  std::vector<uint8_t> out;
  put(out, eh);
  for (const Elf64Shdr& s : sh) put(out, s);
  for (const Elf64Sym& s : syms) put(out, s);
  out.insert(out.end(), strtab.begin(), strtab.end());
  out.insert(out.end(), shstrtab.begin(), shstrtab.end());
  return out;
}

std::shared_ptr<void> register_with_debugger(std::vector<uint8_t> elf) {
  if (kMachine == 0 || elf.empty()) return nullptr;
  return std::make_shared<Registration>(std::move(elf));
}

std::vector<std::span<const uint8_t>> registered_debug_objects() {
  std::lock_guard lock(registry().mutex);
  std::vector<std::span<const uint8_t>> out;
  // The list is newest first; report oldest first.
  for (jit_code_entry* e = __jit_debug_descriptor.first_entry; e != nullptr; e = e->next_entry) {
    out.insert(out.begin(), {reinterpret_cast<const uint8_t*>(e->symfile_addr),
                             static_cast<size_t>(e->symfile_size)});
  }
  return out;
}

}  // namespace wasmrun::jit
