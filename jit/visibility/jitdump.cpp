#include "jit/visibility/jitdump.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/syscall.h>
#endif

#include <cstring>
#include <mutex>

namespace wasmrun::jit {
namespace {

// The format's constants and records (all fields in the writer's byte order).
constexpr uint32_t kMagic = 0x4A695444;  // "JiTD" as a little-endian word
constexpr uint32_t kVersion = 1;
constexpr uint32_t kCodeLoad = 0;
#if defined(__x86_64__)
constexpr uint32_t kElfMachine = 62;  // EM_X86_64
#elif defined(__aarch64__)
constexpr uint32_t kElfMachine = 183;  // EM_AARCH64
#else
constexpr uint32_t kElfMachine = 0;
#endif

struct FileHeader {
  uint32_t magic = kMagic;
  uint32_t version = kVersion;
  uint32_t total_size = sizeof(FileHeader);
  uint32_t elf_mach = kElfMachine;
  uint32_t pad1 = 0;
  uint32_t pid = 0;
  uint64_t timestamp = 0;
  uint64_t flags = 0;
};
static_assert(sizeof(FileHeader) == 40);

struct CodeLoadRecord {
  uint32_t id = kCodeLoad;
  uint32_t total_size = 0;  // this record, its name with the terminating NUL, and the code
  uint64_t timestamp = 0;
  uint32_t pid = 0;
  uint32_t tid = 0;
  uint64_t vma = 0;
  uint64_t code_addr = 0;
  uint64_t code_size = 0;
  uint64_t code_index = 0;  // unique per record
};
static_assert(sizeof(CodeLoadRecord) == 56);

// perf matches these against its own samples, recorded with `-k mono`.
uint64_t monotonic_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000u + static_cast<uint64_t>(ts.tv_nsec);
}

uint32_t thread_id() {
#if defined(__linux__)
  return static_cast<uint32_t>(::syscall(SYS_gettid));
#else
  return static_cast<uint32_t>(::getpid());
#endif
}

bool write_all(int fd, const void* data, size_t size) {
  auto* p = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t n = ::write(fd, p, size);
    if (n <= 0) return false;
    p += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

struct DumpFile {
  std::mutex mutex;
  int fd = -1;
  bool failed = false;
  uint64_t next_index = 0;

  // Creates the file with its header and maps its first page executable (perf record notes
  // executable mappings; perf inject finds jit-PID.dump among them). Kept for the process's life.
  bool open_once() {
    if (fd >= 0) return true;
    if (failed) return false;
    fd = ::open(jitdump_path().c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    FileHeader h;
    h.pid = static_cast<uint32_t>(::getpid());
    h.timestamp = monotonic_ns();
    if (fd < 0 || !write_all(fd, &h, sizeof h)) {
      failed = true;
      return false;
    }
    long page = ::sysconf(_SC_PAGESIZE);
    // A mapping that fails (a filesystem mounted noexec) leaves a file perf cannot find, but
    // running on matters more.
    (void)::mmap(nullptr, static_cast<size_t>(page), PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
    return true;
  }
};

DumpFile& dump_file() {
  static DumpFile* f = new DumpFile;  // never destroyed: modules may be compiled during teardown
  return *f;
}

}  // namespace

std::string jitdump_path() { return "jit-" + std::to_string(::getpid()) + ".dump"; }

bool jitdump_append(std::span<const CodeSymbol> symbols) {
  DumpFile& f = dump_file();
  std::lock_guard lock(f.mutex);
  if (!f.open_once()) return false;
  std::vector<char> buf;
  for (const CodeSymbol& s : symbols) {
    CodeLoadRecord r;
    r.total_size = static_cast<uint32_t>(sizeof r + s.name.size() + 1 + s.size);
    r.timestamp = monotonic_ns();
    r.pid = static_cast<uint32_t>(::getpid());
    r.tid = thread_id();
    r.vma = s.begin;
    r.code_addr = s.begin;
    r.code_size = s.size;
    r.code_index = f.next_index++;
    size_t at = buf.size();
    buf.resize(at + r.total_size);
    std::memcpy(buf.data() + at, &r, sizeof r);
    std::memcpy(buf.data() + at + sizeof r, s.name.c_str(), s.name.size() + 1);
    // Published code is readable as well as executable in every code-memory backend.
    if (s.size > 0) {
      std::memcpy(buf.data() + at + sizeof r + s.name.size() + 1,
                  reinterpret_cast<const void*>(s.begin), s.size);
    }
  }
  return write_all(f.fd, buf.data(), buf.size());
}

}  // namespace wasmrun::jit
