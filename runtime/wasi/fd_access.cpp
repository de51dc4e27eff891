#include "runtime/wasi/fd_access.h"

#include <limits.h>
#include <sys/stat.h>
#include <time.h>

#include "runtime/wasi/fd_table.h"

namespace wasmrun::rt::wasi {

Errno guest_iovecs(GuestMemory m, uint32_t iovs, uint32_t count, std::vector<iovec>& out) {
  if (!m.contains(iovs, static_cast<uint64_t>(count) * layout::kIovec)) return err::kFault;
  out.clear();
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t buf = 0, len = 0;
    m.load<uint32_t>(iovs + i * layout::kIovec, buf);
    m.load<uint32_t>(iovs + i * layout::kIovec + 4, len);
    uint8_t* p = m.span(buf, len);
    if (!p) return err::kFault;
    if (out.size() < IOV_MAX) out.push_back(iovec{p, len});
  }
  return err::kSuccess;
}

Errno store_filestat(GuestMemory m, uint32_t ptr, const struct stat& st) {
  if (!m.contains(ptr, layout::kFilestat)) return err::kFault;
  auto ns = [](const timespec& ts) {
    return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000ull + static_cast<uint64_t>(ts.tv_nsec);
  };
  m.store<uint64_t>(ptr + 0, static_cast<uint64_t>(st.st_dev));
  m.store<uint64_t>(ptr + 8, static_cast<uint64_t>(st.st_ino));
  m.store<uint64_t>(ptr + 16, 0);  // filetype byte and padding
  m.store<uint8_t>(ptr + 16, filetype_of_mode(st.st_mode));
  m.store<uint64_t>(ptr + 24, static_cast<uint64_t>(st.st_nlink));
  m.store<uint64_t>(ptr + 32, static_cast<uint64_t>(st.st_size));
#ifdef __APPLE__
  m.store<uint64_t>(ptr + 40, ns(st.st_atimespec));
  m.store<uint64_t>(ptr + 48, ns(st.st_mtimespec));
  m.store<uint64_t>(ptr + 56, ns(st.st_ctimespec));
#else
  m.store<uint64_t>(ptr + 40, ns(st.st_atim));
  m.store<uint64_t>(ptr + 48, ns(st.st_mtim));
  m.store<uint64_t>(ptr + 56, ns(st.st_ctim));
#endif
  return err::kSuccess;
}

Errno times_from_flags(uint64_t atim, uint64_t mtim, uint32_t f, struct timespec out[2]) {
  if (((f & fstflags::kAtim) && (f & fstflags::kAtimNow)) ||
      ((f & fstflags::kMtim) && (f & fstflags::kMtimNow)) || (f & ~0xFu)) {
    return err::kInval;
  }
  auto pick = [](uint64_t t, bool set, bool now, timespec& ts) {
    if (now) {
      ts = {0, UTIME_NOW};
    } else if (set) {
      ts.tv_sec = static_cast<time_t>(t / 1'000'000'000ull);
      ts.tv_nsec = static_cast<long>(t % 1'000'000'000ull);
    } else {
      ts = {0, UTIME_OMIT};
    }
  };
  pick(atim, f & fstflags::kAtim, f & fstflags::kAtimNow, out[0]);
  pick(mtim, f & fstflags::kMtim, f & fstflags::kMtimNow, out[1]);
  return err::kSuccess;
}

}  // namespace wasmrun::rt::wasi
