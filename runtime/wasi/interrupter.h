// Lets another thread cut a guest's sleep short (poll_oneoff, hence nanosleep and friends): the
// wasm-level interrupt only takes effect once control is back in wasm code.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace wasmrun::rt::wasi {

class Interrupter {
 public:
  // Wakes a sleeper now and makes every later sleep return at once. Safe from any thread.
  void raise() {
    {
      std::lock_guard lock(mu_);
      raised_ = true;
    }
    cv_.notify_all();
  }
  bool raised() const {
    std::lock_guard lock(mu_);
    return raised_;
  }
  // Sleeps for `d`; false when interrupted first.
  bool sleep_for(std::chrono::nanoseconds d) {
    std::unique_lock lock(mu_);
    return !cv_.wait_for(lock, d, [this] { return raised_; });
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool raised_ = false;
};

}  // namespace wasmrun::rt::wasi
