#include "agents/serve/scheduler.h"

#include <algorithm>

namespace sovereign::agent::serve {

bool Channel::wait(std::chrono::milliseconds timeout, QString &text) {
    std::unique_lock lock(m_mutex);
    m_changed.wait_for(lock, timeout, [&] { return m_finished || !m_text.isEmpty(); });
    text += m_text;
    m_text.clear();
    return m_finished;
}

Completion Channel::completion() const {
    const std::lock_guard lock(m_mutex);
    return m_completion;
}

void Channel::cancel() {
    if (!m_cancel.exchange(true))
        m_owner.wake();
}

void Channel::push(const std::string &bytes, bool final) {
    const std::lock_guard lock(m_mutex);
    m_text += m_utf8.push(bytes, final);
    m_changed.notify_all();
}

void Channel::finish(Completion completion) {
    const std::lock_guard lock(m_mutex);
    m_text += m_utf8.push({}, true);
    m_completion = std::move(completion);
    m_finished = true;
    m_changed.notify_all();
}

Scheduler::Scheduler(infer::Engine &engine, const SchedulerOptions &options)
    : m_options(options), m_decoder(engine, options.batchTokens, options.contextSize) {
    m_options.parallel = std::max(1, m_options.parallel);
    m_contextSize = m_decoder.contextSize();
    std::fill(std::begin(m_rateSecond), std::end(m_rateSecond), -1);
    m_decoder.onUpdate = [this](const infer::Sequence &s, const std::string &released) {
        const auto it = m_active.find(s.id);
        if (it == m_active.end())
            return;
        const bool final = s.finish != infer::FinishReason::None;
        it->second->push(released, final);
        if (final) {
            it->second->finish({s.finish, int(s.request.prompt.size()), int(s.tokens.size()), {}});
            m_active.erase(it);
        }
    };
    m_thread = std::thread([this] { run(); });
}

Scheduler::~Scheduler() {
    stop();
}

std::shared_ptr<Channel> Scheduler::submit(infer::GenerationRequest request) {
    std::shared_ptr<Channel> channel(new Channel(*this));
    {
        const std::lock_guard lock(m_mutex);
        if (m_stopping) {
            channel->finish({infer::FinishReason::Cancelled, int(request.prompt.size()), 0, {}});
            return channel;
        }
        m_queue.emplace_back(std::move(request), channel);
        m_queuedCount = int(m_queue.size());
    }
    m_wake.notify_one();
    return channel;
}

void Scheduler::wake() {
    {
        const std::lock_guard lock(m_mutex);
        m_woken = true;
    }
    m_wake.notify_one();
}

void Scheduler::cancelAll() {
    {
        const std::lock_guard lock(m_mutex);
        m_cancelAll = true;
    }
    m_wake.notify_one();
}

void Scheduler::stop() {
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
        m_cancelAll = true;
    }
    m_wake.notify_one();
    if (m_thread.joinable())
        m_thread.join();
}

void Scheduler::run() {
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [&] {
            return m_woken || m_cancelAll || m_stopping || !m_queue.empty() || !m_decoder.idle();
        });
        m_woken = false;
        const bool cancelAll = m_cancelAll;
        m_cancelAll = false;
        // Take what waits, up to `parallel` sequences in all; cancelled ones end here.
        std::vector<std::pair<infer::GenerationRequest, std::shared_ptr<Channel>>> admitted;
        for (auto it = m_queue.begin(); it != m_queue.end();) {
            if (cancelAll || it->second->cancelRequested()) {
                it->second->finish(
                    {infer::FinishReason::Cancelled, int(it->first.prompt.size()), 0, {}});
                it = m_queue.erase(it);
            } else if (m_decoder.active() + int(admitted.size()) < m_options.parallel) {
                admitted.push_back(std::move(*it));
                it = m_queue.erase(it);
            } else {
                ++it;
            }
        }
        m_queuedCount = int(m_queue.size());
        m_activeCount = m_decoder.active() + int(admitted.size());
        if (m_stopping && m_decoder.idle() && admitted.empty())
            break;
        lock.unlock();

        for (auto &[request, channel] : admitted) {
            const int promptTokens = int(request.prompt.size());
            auto id = m_decoder.add(std::move(request));
            if (!id) {
                channel->finish({infer::FinishReason::None, promptTokens, 0, id.error().message});
                continue;
            }
            m_active[*id] = channel;
        }
        for (auto &[id, channel] : m_active)
            if (cancelAll || channel->cancelRequested())
                m_decoder.cancel(id);
        if (!m_decoder.idle()) {
            const std::int64_t before = m_decoder.generatedTokens();
            if (auto ran = m_decoder.step(); !ran) {
                // The engine refused the batch: end every sequence with the error.
                auto callback = std::move(m_decoder.onUpdate);
                m_decoder.onUpdate = nullptr;
                for (auto &[id, channel] : m_active) {
                    m_decoder.cancel(id);
                    channel->finish({infer::FinishReason::None, 0, 0, ran.error().message});
                }
                m_active.clear();
                while (!m_decoder.idle())
                    if (!m_decoder.step())
                        break;
                m_decoder.onUpdate = std::move(callback);
            }
            recordTokens(m_decoder.generatedTokens() - before);
            m_generated = m_decoder.generatedTokens();
            m_prompted = m_decoder.promptTokens();
            m_activeCount = m_decoder.active();
            if (m_options.stepDelayMs > 0)
                std::this_thread::sleep_for(std::chrono::milliseconds(m_options.stepDelayMs));
        }
        m_activeCount = m_decoder.active();
        lock.lock();
    }
    m_activeCount = 0;
}

void Scheduler::recordTokens(std::int64_t generated) {
    const std::int64_t second =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - m_start)
            .count();
    const std::lock_guard lock(m_rateMutex);
    const std::size_t slot = std::size_t(second % 60);
    if (m_rateSecond[slot] != second) {
        m_rateSecond[slot] = second;
        m_rateTokens[slot] = 0;
    }
    m_rateTokens[slot] += generated;
}

SchedulerStats Scheduler::stats() const {
    SchedulerStats s;
    s.active = m_activeCount;
    s.queued = m_queuedCount;
    s.generatedTokens = m_generated;
    s.promptTokens = m_prompted;
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    const auto second = std::int64_t(elapsed);
    std::int64_t tokens = 0;
    {
        const std::lock_guard lock(m_rateMutex);
        for (std::size_t i = 0; i < 60; ++i)
            if (m_rateSecond[i] >= 0 && m_rateSecond[i] > second - 60)
                tokens += m_rateTokens[i];
    }
    s.tokensPerSecond = double(tokens) / std::clamp(elapsed, 1.0, 60.0);
    return s;
}

} // namespace sovereign::agent::serve
