#include "agents/infer/threadpool.h"

#include <algorithm>
#include <chrono>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define SOVEREIGN_PAUSE() _mm_pause()
#else
#define SOVEREIGN_PAUSE() ((void)0)
#endif

namespace sovereign::agent::infer {
namespace {

// How long a thread polls before it sleeps. Long enough to cover the gap
// between two matrices of one token (a few microseconds), short enough that a
// thread whose partner lost its core yields within a small part of a time
// slice.
constexpr auto kSpin = std::chrono::microseconds(30);

/// Polls `value` until it differs from `old`, then sleeps on it.
template <class T> T waitWhileEquals(const std::atomic<T> &value, T old) {
    const auto until = std::chrono::steady_clock::now() + kSpin;
    for (int i = 0;; ++i) {
        const T now = value.load(std::memory_order_acquire);
        if (now != old)
            return now;
        SOVEREIGN_PAUSE();
        if ((i & 63) == 63 && std::chrono::steady_clock::now() > until)
            break;
    }
    for (;;) {
        value.wait(old, std::memory_order_acquire);
        const T now = value.load(std::memory_order_acquire);
        if (now != old)
            return now;
    }
}

} // namespace

ThreadPool::ThreadPool(int threads) {
    threads = std::max(1, threads);
    m_workers.reserve(std::size_t(threads - 1));
    for (int i = 1; i < threads; ++i)
        m_workers.emplace_back([this, i] { workerLoop(i); });
}

ThreadPool::~ThreadPool() {
    m_stop.store(true, std::memory_order_release);
    m_generation.fetch_add(1, std::memory_order_acq_rel);
    m_generation.notify_all();
    for (auto &worker : m_workers)
        worker.join();
}

void ThreadPool::workerLoop(int index) {
    std::uint32_t seen = 0;
    for (;;) {
        seen = waitWhileEquals(m_generation, seen);
        if (m_stop.load(std::memory_order_acquire))
            return;
        (*m_job)(index);
        if (m_pending.fetch_sub(1, std::memory_order_acq_rel) == 1)
            m_pending.notify_one();
    }
}

void ThreadPool::run(const std::function<void(int)> &job) {
    if (m_workers.empty() || m_solo) {
        job(0);
        return;
    }
    m_job = &job;
    m_pending.store(std::int32_t(m_workers.size()), std::memory_order_relaxed);
    m_generation.fetch_add(1, std::memory_order_acq_rel);
    m_generation.notify_all();
    job(0);
    for (std::int32_t left = m_pending.load(std::memory_order_acquire); left != 0;
         left = m_pending.load(std::memory_order_acquire))
        waitWhileEquals(m_pending, left);
}

void ThreadPool::parallelFor(std::int64_t count, std::int64_t grain,
                             const std::function<void(std::int64_t, std::int64_t, int)> &job) {
    if (count <= 0)
        return;
    grain = std::max<std::int64_t>(1, grain);
    if (m_workers.empty() || m_solo || count <= grain) {
        job(0, count, 0);
        return;
    }
    m_next.store(0, std::memory_order_relaxed);
    run([&](int thread) {
        for (;;) {
            const std::int64_t begin = m_next.fetch_add(grain, std::memory_order_relaxed);
            if (begin >= count)
                return;
            job(begin, std::min(count, begin + grain), thread);
        }
    });
}

} // namespace sovereign::agent::infer
