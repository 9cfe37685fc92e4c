// Threads that are always joined and whose failures reach the caller.
//
// A std::thread whose function throws ends the process, and a std::thread destroyed
// unjoined does too; out of memory in a parser worker must instead reach the caller as
// std::bad_alloc. A ThreadGroup runs each function under a catch, keeps the first exception,
// joins every thread before it is destroyed, and rethrows from join(). When no thread can be
// started (the system refuses, or memory runs out), spawn() says so and the caller does the
// work itself.
#pragma once

#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace kg::util {

class ThreadGroup {
 public:
  ThreadGroup() = default;
  ThreadGroup(const ThreadGroup&) = delete;
  ThreadGroup& operator=(const ThreadGroup&) = delete;
  ~ThreadGroup() { wait(); }

  /// Starts `f` on a new thread; false (and `f` not run) when no thread could be started.
  template <typename F>
  bool spawn(F&& f) noexcept {
    try {
      threads_.reserve(threads_.size() + 1);
      threads_.emplace_back([this, f = std::forward<F>(f)]() mutable { guarded(f); });
      return true;
    } catch (...) {
      return false;
    }
  }

  /// Runs `f` on this thread under the same guard: a failure is kept for join().
  template <typename F>
  void run_here(F&& f) noexcept {
    guarded(f);
  }

  /// True once any function has thrown; long loops check it to stop early.
  bool failed() const noexcept { return failed_.load(std::memory_order_relaxed); }

  /// Waits for every thread, then rethrows the first exception any function threw.
  void join() {
    wait();
    if (first_) std::rethrow_exception(std::exchange(first_, nullptr));
  }

 private:
  template <typename F>
  void guarded(F& f) noexcept {
    try {
      f();
    } catch (...) {
      const std::lock_guard<std::mutex> lock(mutex_);
      if (!first_) first_ = std::current_exception();
      failed_.store(true, std::memory_order_relaxed);
    }
  }

  void wait() noexcept {
    for (std::thread& t : threads_) {
      if (t.joinable()) t.join();
    }
    threads_.clear();
  }

  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::exception_ptr first_;
  std::atomic<bool> failed_{false};
};

}  // namespace kg::util
