// args, environment, clocks, randomness, yield, exit.
#include <sched.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "runtime/wasi/host_errno.h"
#include "runtime/wasi/syscalls.h"

namespace wasmrun::rt::wasi {
namespace {

// Writes `strings` as a pointer array at `ptrs` and NUL-terminated bytes at `buf`, the layout of
// args_get and environ_get.
Errno write_string_list(GuestMemory m, const std::vector<std::string>& strings, Ptr ptrs, Ptr buf) {
  uint64_t total = 0;
  for (const auto& s : strings) total += s.size() + 1;
  if (!m.contains(ptrs, 4ull * strings.size()) || !m.contains(buf, total)) return err::kFault;
  uint64_t at = buf;
  for (size_t i = 0; i < strings.size(); ++i) {
    m.store<uint32_t>(ptrs + static_cast<uint32_t>(4 * i), static_cast<uint32_t>(at));
    uint8_t* dst = m.span(static_cast<uint32_t>(at), strings[i].size() + 1);
    std::memcpy(dst, strings[i].c_str(), strings[i].size() + 1);
    at += strings[i].size() + 1;
  }
  return err::kSuccess;
}

Errno write_list_sizes(GuestMemory m, const std::vector<std::string>& strings, Ptr count_out,
                       Ptr size_out) {
  uint64_t total = 0;
  for (const auto& s : strings) total += s.size() + 1;
  if (!m.contains(count_out, 4) || !m.contains(size_out, 4)) return err::kFault;
  if (total > UINT32_MAX) return err::kOverflow;
  m.store<uint32_t>(count_out, static_cast<uint32_t>(strings.size()));
  m.store<uint32_t>(size_out, static_cast<uint32_t>(total));
  return err::kSuccess;
}

bool host_clock(uint32_t id, clockid_t& out) {
  switch (id) {
    case clock::kRealtime: out = CLOCK_REALTIME; return true;
    case clock::kMonotonic: out = CLOCK_MONOTONIC; return true;
    case clock::kProcessCputime: out = CLOCK_PROCESS_CPUTIME_ID; return true;
    case clock::kThreadCputime: out = CLOCK_THREAD_CPUTIME_ID; return true;
    default: return false;
  }
}

uint64_t to_ns(const timespec& ts) {
  return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000ull + static_cast<uint64_t>(ts.tv_nsec);
}

}  // namespace

Errno args_get(State& s, GuestMemory m, Ptr argv, Ptr argv_buf) {
  return write_string_list(m, s.args, argv, argv_buf);
}
Errno args_sizes_get(State& s, GuestMemory m, Ptr argc_out, Ptr buf_size_out) {
  return write_list_sizes(m, s.args, argc_out, buf_size_out);
}
Errno environ_get(State& s, GuestMemory m, Ptr environ, Ptr environ_buf) {
  return write_string_list(m, s.env, environ, environ_buf);
}
Errno environ_sizes_get(State& s, GuestMemory m, Ptr count_out, Ptr buf_size_out) {
  return write_list_sizes(m, s.env, count_out, buf_size_out);
}

Errno clock_res_get(State&, GuestMemory m, uint32_t id, Ptr res_out) {
  clockid_t c;
  if (!host_clock(id, c)) return err::kInval;
  timespec ts;
  if (::clock_getres(c, &ts) != 0) return last_errno();
  return m.store<uint64_t>(res_out, to_ns(ts)) ? err::kSuccess : err::kFault;
}

Errno clock_time_get(State&, GuestMemory m, uint32_t id, uint64_t, Ptr time_out) {
  clockid_t c;
  if (!host_clock(id, c)) return err::kInval;
  if (!m.contains(time_out, 8)) return err::kFault;
  timespec ts;
  if (::clock_gettime(c, &ts) != 0) return last_errno();
  m.store<uint64_t>(time_out, to_ns(ts));
  return err::kSuccess;
}

Errno random_get(State&, GuestMemory m, Ptr buf, Size len) {
  uint8_t* p = m.span(buf, len);
  if (!p) return err::kFault;
  // getentropy hands out at most 256 bytes a call.
  for (Size done = 0; done < len;) {
    size_t n = std::min<size_t>(256, len - done);
    if (::getentropy(p + done, n) != 0) return last_errno();
    done += static_cast<Size>(n);
  }
  return err::kSuccess;
}

Errno sched_yield(State&, GuestMemory) {
  ::sched_yield();
  return err::kSuccess;
}

void proc_exit(State& s, GuestMemory, uint32_t code) { s.exit_code = code; }

// Delivering signals to a sandboxed program has no meaning here.
Errno proc_raise(State&, GuestMemory, uint32_t) { return err::kNosys; }

Errno sock_unsupported(State&, GuestMemory) { return err::kNotsup; }

}  // namespace wasmrun::rt::wasi
