// poll_oneoff: clock subscriptions sleep for real; descriptor subscriptions are polled on the
// host (regular files are always ready).
#include <poll.h>
#include <sys/ioctl.h>
#include <time.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <vector>

#include "runtime/wasi/fd_access.h"
#include "runtime/wasi/host_errno.h"
#include "runtime/wasi/syscalls.h"

namespace wasmrun::rt::wasi {
namespace {

constexpr uint64_t kSliceMs = 100;

struct Subscription {
  uint64_t userdata = 0;
  uint8_t type = 0;
  Errno error = err::kSuccess;  // reported at once when set
  // clocks: nanoseconds from now until the deadline (0 when passed)
  uint64_t remaining_ns = 0;
  // descriptors
  int host_fd = -1;
};

uint64_t now_ns(clockid_t c) {
  timespec ts;
  ::clock_gettime(c, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000ull + static_cast<uint64_t>(ts.tv_nsec);
}

void parse(State& s, GuestMemory m, Ptr at, Subscription& sub) {
  uint8_t tag = 0;
  m.load<uint64_t>(at, sub.userdata);
  m.load<uint8_t>(at + 8, tag);
  sub.type = tag;
  if (tag == eventtype::kClock) {
    uint32_t id = 0;
    uint64_t timeout = 0;
    uint16_t flags = 0;
    m.load<uint32_t>(at + 16, id);
    m.load<uint64_t>(at + 24, timeout);
    m.load<uint16_t>(at + 40, flags);
    clockid_t c;
    if (id == clock::kRealtime) {
      c = CLOCK_REALTIME;
    } else if (id == clock::kMonotonic) {
      c = CLOCK_MONOTONIC;
    } else {
      sub.error = err::kInval;  // sleeping on CPU-time clocks is not offered
      return;
    }
    if (flags & kSubclockAbstime) {
      uint64_t now = now_ns(c);
      sub.remaining_ns = timeout > now ? timeout - now : 0;
    } else {
      sub.remaining_ns = timeout;
    }
  } else if (tag == eventtype::kFdRead || tag == eventtype::kFdWrite) {
    uint32_t fd = 0;
    m.load<uint32_t>(at + 16, fd);
    Errno e;
    Descriptor* d = access_fd(s, fd, rights::kPollFdReadwrite, e);
    if (!d) {
      sub.error = e;
      return;
    }
    sub.host_fd = d->host_fd;
  } else {
    sub.error = err::kInval;
  }
}

}  // namespace

Errno poll_oneoff(State& s, GuestMemory m, Ptr in, Ptr out, Size n, Ptr nevents_out) {
  if (n == 0) return err::kInval;
  if (!m.contains(in, static_cast<uint64_t>(n) * layout::kSubscription) ||
      !m.contains(out, static_cast<uint64_t>(n) * layout::kEvent) || !m.contains(nevents_out, 4)) {
    return err::kFault;
  }
  std::vector<Subscription> subs(n);
  for (Size i = 0; i < n; ++i) parse(s, m, in + i * layout::kSubscription, subs[i]);

  // Subscriptions that fail are reported at once, so nothing waits then.
  bool failed = std::any_of(subs.begin(), subs.end(), [](auto& x) { return x.error != 0; });
  uint64_t wait_ns = UINT64_MAX;
  std::vector<pollfd> fds;
  std::vector<Size> fd_sub;
  for (Size i = 0; i < n; ++i) {
    const Subscription& sub = subs[i];
    if (sub.error) continue;
    if (sub.type == eventtype::kClock) {
      wait_ns = std::min(wait_ns, sub.remaining_ns);
    } else {
      short ev = sub.type == eventtype::kFdRead ? POLLIN : POLLOUT;
      fds.push_back(pollfd{sub.host_fd, ev, 0});
      fd_sub.push_back(i);
    }
  }
  if (failed) wait_ns = 0;

  std::vector<bool> fired(n, false);
  bool any_fd_ready = false;
  if (!fds.empty()) {
    // Polled in slices so an interrupt is noticed within one; poll's timeout is in
    // milliseconds, rounded up so a clock never fires early.
    uint64_t left_ms = wait_ns == UINT64_MAX ? UINT64_MAX : (wait_ns + 999'999) / 1'000'000;
    for (;;) {
      int slice = static_cast<int>(std::min<uint64_t>(left_ms, kSliceMs));
      int r = ::poll(fds.data(), fds.size(), slice);
      if (r < 0 && errno != EINTR) return last_errno();
      if (r > 0) break;
      if (s.interrupter.raised()) return err::kIntr;
      if (r == 0 && left_ms != UINT64_MAX) {
        left_ms -= static_cast<uint64_t>(slice);
        if (left_ms == 0) break;
      }
    }
    for (size_t k = 0; k < fds.size(); ++k) {
      if (fds[k].revents) {
        fired[fd_sub[k]] = true;
        any_fd_ready = true;
      }
    }
  } else if (wait_ns > 0 && wait_ns != UINT64_MAX) {
    // In chunks of at most an hour: a far-off deadline would overflow the steady clock.
    for (uint64_t left = wait_ns; left > 0;) {
      uint64_t chunk = std::min<uint64_t>(left, 3'600'000'000'000ull);
      if (!s.interrupter.sleep_for(std::chrono::nanoseconds(chunk))) return err::kIntr;
      left -= chunk;
    }
  }
  if (!any_fd_ready && !failed) {
    // The earliest clock has expired (poll timed out or we slept).
    for (Size i = 0; i < n; ++i) {
      if (subs[i].type == eventtype::kClock && !subs[i].error && subs[i].remaining_ns <= wait_ns)
        fired[i] = true;
    }
  }

  uint32_t count = 0;
  for (Size i = 0; i < n; ++i) {
    const Subscription& sub = subs[i];
    if (!fired[i] && !sub.error) continue;
    Ptr ev = out + count * layout::kEvent;
    for (uint32_t k = 0; k < layout::kEvent; k += 8) m.store<uint64_t>(ev + k, 0);
    m.store<uint64_t>(ev, sub.userdata);
    m.store<uint16_t>(ev + 8, sub.error);
    m.store<uint8_t>(ev + 10, sub.type);
    if (!sub.error && sub.type == eventtype::kFdRead) {
      int avail = 0;
      if (::ioctl(sub.host_fd, FIONREAD, &avail) == 0 && avail > 0)
        m.store<uint64_t>(ev + 16, static_cast<uint64_t>(avail));
    }
    ++count;
  }
  m.store<uint32_t>(nevents_out, count);
  return err::kSuccess;
}

}  // namespace wasmrun::rt::wasi
