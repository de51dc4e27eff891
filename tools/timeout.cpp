#include "timeout.h"

#include <chrono>

namespace wasmrun::cli {

Timeout::Timeout(Store& store, wasi::Context* wasi, std::optional<double> seconds)
    : store_(store), wasi_(wasi) {
  if (!seconds) return;
  seconds_ = *seconds;
  thread_ = std::thread([this] {
    std::unique_lock lock(mu_);
    auto limit = std::chrono::duration<double>(seconds_);
    if (cv_.wait_for(lock, limit, [this] { return done_; })) return;
    expired_ = true;
    if (wasi_) wasi_->interrupt();
    // Store::interrupt is the one Store call that is safe from another thread. The flag is
    // cleared whenever a call into the store starts, so it is raised again until the run ends
    // (an expiry during instantiation would otherwise be lost when _start is called).
    do {
      store_.interrupt();
    } while (!cv_.wait_for(lock, std::chrono::milliseconds(50), [this] { return done_; }));
  });
}

Timeout::~Timeout() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mu_);
    done_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

bool Timeout::expired() const {
  std::lock_guard lock(mu_);
  return expired_;
}

}  // namespace wasmrun::cli
