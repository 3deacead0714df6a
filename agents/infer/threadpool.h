#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <thread>
#include <vector>

namespace sovereign::agent::infer {

/// A fixed team of threads for the engine's parallel loops. The caller is
/// thread 0 and works too. Between loops a thread spins for a few
/// microseconds (a token's next matrix usually follows at once) and then
/// sleeps on a futex (std::atomic::wait): on a node shared with other work a
/// waiting thread must give its core away, not burn it, or a co-tenant
/// holding one core slows every barrier to the scheduler's time slice.
class ThreadPool {
  public:
    explicit ThreadPool(int threads);
    ~ThreadPool();
    ThreadPool(const ThreadPool &) = delete;
    ThreadPool &operator=(const ThreadPool &) = delete;

    int size() const { return int(m_workers.size()) + 1; }
    /// Threads the loops use: all of them, or 1 (the caller alone, the
    /// workers left asleep), as the engine decides from what it measures.
    int active() const { return m_solo ? 1 : size(); }
    void setSolo(bool solo) { m_solo = solo; }

    /// Runs job(thread) on every thread, the caller's as thread 0, and
    /// returns when all have returned.
    void run(const std::function<void(int)> &job);

    /// Splits [0, count) into chunks of `grain` handed out first come, first
    /// served, so a thread that lost its core to another process delays the
    /// loop by one chunk at most: job(begin, end, thread).
    void parallelFor(std::int64_t count, std::int64_t grain,
                     const std::function<void(std::int64_t, std::int64_t, int)> &job);

  private:
    void workerLoop(int index);

    std::vector<std::thread> m_workers;
    std::atomic<std::uint32_t> m_generation{0};
    std::atomic<std::int32_t> m_pending{0};
    std::atomic<bool> m_stop{false};
    const std::function<void(int)> *m_job = nullptr;
    std::atomic<std::int64_t> m_next{0};
    bool m_solo = false;
};

} // namespace sovereign::agent::infer
