#pragma once

// Continuous batching behind a server: one thread owns the engine's Decoder
// (which is not thread-safe) and runs its steps while any sequence is active;
// request handlers, on threads of their own, submit through a queue and hear
// back through their Channel. Idle, the thread sleeps on a condition variable.

#include "agents/infer/decoder.h"
#include "agents/serve/utf8stream.h"

#include <QString>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

namespace sovereign::agent::serve {

class Scheduler;

/// How a sequence ended.
struct Completion {
    infer::FinishReason finish = infer::FinishReason::None;
    int promptTokens = 0;
    int completionTokens = 0;
    std::string error; ///< not empty: the engine failed (the text so far stands)
};

/// One request's line to the scheduler: text as the decoder releases it (as
/// QString, split so that the pieces add up to the whole: Utf8Stream), then
/// the end.
class Channel {
  public:
    /// Waits until there is text or the end, at most `timeout`; appends the
    /// text released since the last call to `text`. True once the sequence
    /// has finished and all its text was taken.
    bool wait(std::chrono::milliseconds timeout, QString &text);
    /// Valid once wait() returned true.
    Completion completion() const;
    /// Asks the scheduler to stop the sequence (at its next step). The
    /// channel then finishes with FinishReason::Cancelled.
    void cancel();
    bool cancelRequested() const { return m_cancel.load(); }

  private:
    friend class Scheduler;
    explicit Channel(Scheduler &owner) : m_owner(owner) {}
    void push(const std::string &bytes, bool final); ///< scheduler thread
    void finish(Completion completion);              ///< scheduler thread

    Scheduler &m_owner;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    QString m_text;
    Utf8Stream m_utf8;
    bool m_finished = false;
    Completion m_completion;
    std::atomic<bool> m_cancel{false};
};

struct SchedulerOptions {
    int parallel = 4;      ///< sequences generating at once
    int batchTokens = 256; ///< the most tokens one step runs
    int contextSize = 0;   ///< 0: the model's
    int stepDelayMs = 0;   ///< a pause after each step: a slow model, for tests
};

struct SchedulerStats {
    int active = 0; ///< sequences in the decoder
    int queued = 0; ///< submitted, waiting for a place
    std::int64_t generatedTokens = 0;
    std::int64_t promptTokens = 0;
    double tokensPerSecond = 0; ///< generated, over the last minute
};

class Scheduler {
  public:
    Scheduler(infer::Engine &engine, const SchedulerOptions &options);
    ~Scheduler(); ///< stop()
    Scheduler(const Scheduler &) = delete;
    Scheduler &operator=(const Scheduler &) = delete;

    /// Queues a request (its prompt checked by the caller against
    /// contextSize()); it starts when fewer than `parallel` are active.
    std::shared_ptr<Channel> submit(infer::GenerationRequest request);
    /// Cancels every queued and active sequence.
    void cancelAll();
    /// Cancels everything and ends the thread.
    void stop();

    int contextSize() const { return m_contextSize; }
    SchedulerStats stats() const;

  private:
    friend class Channel;
    void wake();
    void run();
    void recordTokens(std::int64_t generated);

    SchedulerOptions m_options;
    int m_contextSize = 0;
    const std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();

    mutable std::mutex m_mutex; // guards what follows up to the thread's own state
    std::condition_variable m_wake;
    std::deque<std::pair<infer::GenerationRequest, std::shared_ptr<Channel>>> m_queue;
    bool m_woken = false;
    bool m_stopping = false;
    bool m_cancelAll = false;

    // The scheduler thread's own.
    infer::Decoder m_decoder;
    std::map<int, std::shared_ptr<Channel>> m_active;

    std::atomic<int> m_activeCount{0}, m_queuedCount{0};
    std::atomic<std::int64_t> m_generated{0}, m_prompted{0};
    // Generated tokens per second of the last minute, a slot per second.
    mutable std::mutex m_rateMutex;
    std::int64_t m_rateSecond[60] = {};
    std::int64_t m_rateTokens[60] = {};

    std::thread m_thread; // last: starts once the rest is built
};

} // namespace sovereign::agent::serve
