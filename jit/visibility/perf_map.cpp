#include "jit/visibility/perf_map.h"

#include <fcntl.h>
#include <unistd.h>

#include <cinttypes>
#include <cstdio>
#include <mutex>

namespace wasmrun::jit {

std::string perf_map_path() { return "/tmp/perf-" + std::to_string(::getpid()) + ".map"; }

bool perf_map_append(std::span<const CodeSymbol> symbols) {
  // One descriptor per process, opened on first use and kept: modules are compiled throughout a
  // run, and perf reads the file only after the process has exited.
  static std::mutex mutex;
  static int fd = -1;
  std::lock_guard lock(mutex);
  if (fd < 0) {
    fd = ::open(perf_map_path().c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) return false;
  }
  std::string text;
  char line[64];
  for (const CodeSymbol& s : symbols) {
    std::snprintf(line, sizeof line, "%" PRIxPTR " %zx ", s.begin, s.size);
    text += line;
    text += s.name;
    text += '\n';
  }
  // One write per module, so lines of modules compiled on different threads never interleave.
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace wasmrun::jit
