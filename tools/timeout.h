// --timeout: a timer thread that interrupts the store's running code when the time is up.
#pragma once

#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "wasmrun/wasi.hpp"
#include "wasmrun/wasmrun.hpp"

namespace wasmrun::cli {

class Timeout {
 public:
  // No thread at all without a limit. `wasi` (may be null) is woken from sleeps too.
  Timeout(Store& store, wasi::Context* wasi, std::optional<double> seconds);
  ~Timeout();
  Timeout(const Timeout&) = delete;
  Timeout& operator=(const Timeout&) = delete;

  // True once the limit passed and the store was interrupted.
  bool expired() const;
  double seconds() const { return seconds_; }

 private:
  Store& store_;
  wasi::Context* wasi_;
  double seconds_ = 0;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  bool expired_ = false;
  std::thread thread_;
};

}  // namespace wasmrun::cli
