// Running independent per-function work (validation, translation) on several threads.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <system_error>
#include <thread>
#include <vector>

namespace wasmrun {

// The number of threads to use for `requested` (0: the machine's cores), at least 1.
inline unsigned compile_thread_count(unsigned requested) {
  if (requested != 0) return requested;
  const unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : cores;
}

// Calls work(worker, i) for every i in [0, n) on up to `threads` threads (the caller's
// included); worker is in [0, threads) and no two calls with the same worker overlap, so it can
// index per-thread state. Indexes are handed out in small ascending batches, so uneven items
// balance. Whatever the thread count, each i is processed exactly once, so output that depends
// only on i is the same. An exception from any call is rethrown here after every thread ends.
template <class Work>
void for_each_in_parallel(size_t n, unsigned threads, Work&& work) {
  if (threads <= 1 || n <= 1) {
    for (size_t i = 0; i < n; ++i) work(0u, i);
    return;
  }
  if (threads > n) threads = static_cast<unsigned>(n);
  constexpr size_t kBatch = 16;
  std::atomic<size_t> next{0};
  std::vector<std::exception_ptr> errors(threads);
  auto run = [&](unsigned worker) {
    try {
      for (;;) {
        const size_t begin = next.fetch_add(kBatch, std::memory_order_relaxed);
        if (begin >= n) return;
        const size_t end = begin + kBatch < n ? begin + kBatch : n;
        for (size_t i = begin; i < end; ++i) work(worker, i);
      }
    } catch (...) {
      errors[worker] = std::current_exception();
      next.store(n, std::memory_order_relaxed);  // the others stop at their next batch
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (unsigned w = 1; w < threads; ++w) {
    try {
      pool.emplace_back(run, w);
    } catch (const std::system_error&) {
      break;  // no more threads to be had: the ones running share the work
    }
  }
  run(0);
  for (std::thread& t : pool) t.join();
  for (const std::exception_ptr& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

// for_each_in_parallel over work(worker, i) -> std::optional<Error>: the error of the lowest i
// that has one, as a sequential pass stopping at the first failure would report (items after a
// failure already found are skipped). nullopt when every item succeeds.
template <class Error, class Work>
std::optional<Error> first_error_in_parallel(size_t n, unsigned threads, Work&& work) {
  struct Failure {
    size_t index = SIZE_MAX;
    Error error{};
  };
  std::vector<Failure> failures(threads > 1 ? threads : 1);
  std::atomic<size_t> lowest{SIZE_MAX};
  for_each_in_parallel(n, threads, [&](unsigned worker, size_t i) {
    if (i > lowest.load(std::memory_order_relaxed)) return;
    std::optional<Error> error = work(worker, i);
    if (!error) return;
    Failure& f = failures[worker];
    if (i < f.index) f = {i, std::move(*error)};
    size_t seen = lowest.load(std::memory_order_relaxed);
    while (i < seen && !lowest.compare_exchange_weak(seen, i, std::memory_order_relaxed)) {
    }
  });
  const Failure* first = nullptr;
  for (const Failure& f : failures) {
    if (f.index != SIZE_MAX && (!first || f.index < first->index)) first = &f;
  }
  if (!first) return std::nullopt;
  return first->error;
}

}  // namespace wasmrun
