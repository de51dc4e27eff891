// --timeout: a timer thread that ends the run when the time is up. It starts before the module
// is read, so reading, decoding and compiling count too.
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
  // No thread at all without a limit.
  explicit Timeout(std::optional<double> seconds);
  ~Timeout();
  Timeout(const Timeout&) = delete;
  Timeout& operator=(const Timeout&) = delete;

  // From now on an expiry interrupts `store`'s running code and wakes `wasi` (may be null) from
  // sleeps and blocking reads, so the run ends with a trap and a message. Before attach (while
  // reading, decoding, compiling) and when an interrupted run does not come back within
  // kGraceSeconds (a host call blocked where nothing can wake it), the timer thread reports the
  // timeout and ends the process with exit status 124 itself. detach() must run before `store`
  // or `wasi` is destroyed.
  void attach(Store& store, wasi::Context* wasi);
  void detach();

  // True once the limit passed.
  bool expired() const;
  double seconds() const { return seconds_; }

  static constexpr double kGraceSeconds = 2.0;

 private:
  void run();

  double seconds_ = 0;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  Store* store_ = nullptr;
  wasi::Context* wasi_ = nullptr;
  bool done_ = false;
  bool expired_ = false;
  std::thread thread_;
};

// Prints the timeout message; the one wording for both ways a timeout ends the run.
int print_timeout(double seconds);

}  // namespace wasmrun::cli
