#include "timeout.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "commands.h"

namespace wasmrun::cli {
namespace {

// Straight to the descriptor: the main thread may be anywhere, even inside stdio.
[[noreturn]] void exit_on_timeout(double seconds) {
  char text[96];
  int n = std::snprintf(text, sizeof text, "wasmrun: timeout: interrupted after %g s\n", seconds);
  if (n > 0) {
    ssize_t ignored = ::write(2, text, static_cast<size_t>(n));
    (void)ignored;
  }
  ::_exit(kExitTimeout);
}

}  // namespace

int print_timeout(double seconds) {
  std::fprintf(stderr, "wasmrun: timeout: interrupted after %g s\n", seconds);
  return kExitTimeout;
}

Timeout::Timeout(std::optional<double> seconds) {
  if (!seconds) return;
  seconds_ = *seconds;
  thread_ = std::thread([this] { run(); });
}

void Timeout::run() {
  std::unique_lock lock(mu_);
  auto limit = std::chrono::duration<double>(seconds_);
  if (cv_.wait_for(lock, limit, [this] { return done_; })) return;
  expired_ = true;
  auto give_up = std::chrono::steady_clock::now() + std::chrono::duration<double>(kGraceSeconds);
  // Store::interrupt is the one Store call that is safe from another thread. The flag is
  // cleared whenever a call into the store starts, so it is raised again until the run ends
  // (an expiry during instantiation would otherwise be lost when _start is called).
  for (;;) {
    if (!store_) exit_on_timeout(seconds_);
    if (wasi_) wasi_->interrupt();
    store_->interrupt();
    if (cv_.wait_for(lock, std::chrono::milliseconds(50), [this] { return done_; })) return;
    if (std::chrono::steady_clock::now() > give_up) exit_on_timeout(seconds_);
  }
}

void Timeout::attach(Store& store, wasi::Context* wasi) {
  std::lock_guard lock(mu_);
  store_ = &store;
  wasi_ = wasi;
}

void Timeout::detach() {
  {
    std::lock_guard lock(mu_);
    // The run is over: nothing is left for the timer to interrupt or to end.
    done_ = true;
    store_ = nullptr;
    wasi_ = nullptr;
  }
  cv_.notify_all();
}

Timeout::~Timeout() {
  if (!thread_.joinable()) return;
  detach();
  thread_.join();
}

bool Timeout::expired() const {
  std::lock_guard lock(mu_);
  return expired_;
}

}  // namespace wasmrun::cli
