#include "agents/infer/decoder.h"

#include <algorithm>
#include <chrono>

namespace sovereign::agent::infer {
namespace {

double now() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

/// Bytes at the end of `s` that begin a UTF-8 character not yet complete.
std::size_t incompleteUtf8(const std::string &s) {
    for (std::size_t back = 1; back <= std::min<std::size_t>(3, s.size()); ++back) {
        const auto c = static_cast<unsigned char>(s[s.size() - back]);
        if ((c & 0xC0) == 0x80)
            continue; // a continuation byte: look further back
        const std::size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        return need > back ? back : 0;
    }
    return 0;
}

} // namespace

const char *finishReasonName(FinishReason reason) {
    switch (reason) {
    case FinishReason::None:
        return "none";
    case FinishReason::Length:
        return "length";
    case FinishReason::Stop:
        return "stop";
    case FinishReason::Eos:
        return "eos";
    case FinishReason::Context:
        return "context";
    case FinishReason::Cancelled:
        return "cancelled";
    }
    return "?";
}

Decoder::Decoder(Engine &engine, int batchTokens, int contextSize)
    : m_engine(engine), m_batchTokens(std::max(1, batchTokens)),
      m_context(contextSize > 0
                    ? std::min(contextSize, engine.model().config().maxPositionEmbeddings)
                    : engine.model().config().maxPositionEmbeddings) {}

Result<int> Decoder::add(GenerationRequest request) {
    const int vocab = m_engine.model().config().vocabSize;
    if (request.prompt.empty())
        return fail("the prompt has no tokens");
    for (int t : request.prompt)
        if (t < 0 || t >= vocab)
            return fail("prompt token " + std::to_string(t) + " is outside the vocabulary (0 to " +
                        std::to_string(vocab - 1) + ")");
    if (int(request.prompt.size()) >= m_context)
        return fail("the prompt has " + std::to_string(request.prompt.size()) +
                    " tokens; the context holds " + std::to_string(m_context) +
                    ", so nothing could be generated");
    auto s = std::make_unique<Sequence>();
    s->id = m_nextId++;
    const int capacity =
        std::min<long>(m_context, long(request.prompt.size()) + std::max(0, request.maxTokens));
    s->cache = std::make_unique<KvCache>(m_engine.model().config(), std::max(1, capacity));
    s->sampler = std::make_unique<Sampler>(request.sampling);
    s->started = now();
    if (const Tokenizer *t = m_engine.model().tokenizer())
        s->prefix = t->decode({request.prompt.back()});
    s->request = std::move(request);
    const int id = s->id;
    m_sequences.push_back(std::move(s));
    return id;
}

void Decoder::cancel(int id) {
    for (auto &s : m_sequences)
        if (s->id == id && s->finish == FinishReason::None)
            s->finish = FinishReason::Cancelled;
}

void Decoder::release(Sequence &s, bool final, std::string &released) {
    const Tokenizer *tokenizer = m_engine.model().tokenizer();
    if (!tokenizer)
        return;
    std::vector<int> ids{s.request.prompt.back()};
    ids.insert(ids.end(), s.tokens.begin(), s.tokens.end());
    std::string full = tokenizer->decode(ids);
    if (full.compare(0, s.prefix.size(), s.prefix) == 0)
        full.erase(0, s.prefix.size());
    std::size_t end = full.size();
    for (const auto &stop : s.request.stop) {
        if (stop.empty())
            continue;
        const std::size_t from = s.text.size() > stop.size() ? s.text.size() - stop.size() : 0;
        if (const std::size_t at = full.find(stop, from); at != std::string::npos && at < end) {
            end = at;
            s.finish = FinishReason::Stop;
        }
    }
    if (s.finish != FinishReason::Stop && !final) {
        // Hold back what may be the start of a stop sequence or of a character.
        std::size_t hold = incompleteUtf8(full);
        for (const auto &stop : s.request.stop)
            for (std::size_t n = std::min(stop.size() - 1, full.size()); n > hold; --n)
                if (full.compare(full.size() - n, n, stop, 0, n) == 0) {
                    hold = n;
                    break;
                }
        end = full.size() - hold;
    }
    if (end > s.text.size()) {
        released = full.substr(s.text.size(), end - s.text.size());
        s.text += released;
    }
}

Result<int> Decoder::step() {
    // Sequences cancelled since the last step end now.
    std::vector<BatchEntry> batch;
    std::vector<Sequence *> owners;
    for (auto &s : m_sequences) {
        if (s->finish != FinishReason::None || s->prefilled < int(s->request.prompt.size()))
            continue;
        const int position = int(s->request.prompt.size() + s->tokens.size()) - 1;
        batch.push_back({s->cache.get(), s->tokens.back(), position, true});
        owners.push_back(s.get());
    }
    for (auto &s : m_sequences) {
        if (s->finish != FinishReason::None)
            continue;
        const int prompt = int(s->request.prompt.size());
        while (s->prefilled < prompt && int(batch.size()) < m_batchTokens) {
            const int p = s->prefilled++;
            batch.push_back(
                {s->cache.get(), s->request.prompt[std::size_t(p)], p, p == prompt - 1});
            owners.push_back(s.get());
        }
    }
    std::vector<float> logits;
    if (!batch.empty()) {
        auto out = m_engine.forward(batch);
        if (!out)
            return std::unexpected(out.error());
        logits = std::move(*out);
    }
    const int vocab = m_engine.model().config().vocabSize;
    const Tokenizer *tokenizer = m_engine.model().tokenizer();
    const int eos = tokenizer ? tokenizer->eosId() : -1;
    std::size_t row = 0;
    const double t = now();
    for (std::size_t i = 0; i < batch.size(); ++i) {
        Sequence &s = *owners[i];
        if (batch[i].logits == false) {
            ++m_prompted;
            continue;
        }
        if (s.tokens.empty()) {
            ++m_prompted;
            s.firstToken = t;
            s.promptSeconds = t - s.started;
        }
        const int next = s.sampler->sample(
            std::span(logits).subspan(row++ * std::size_t(vocab), std::size_t(vocab)));
        ++m_generated;
        if (s.request.stopAtEos && next == eos) {
            s.finish = FinishReason::Eos;
            continue;
        }
        s.tokens.push_back(next);
        const int used = int(s.request.prompt.size() + s.tokens.size());
        if (int(s.tokens.size()) >= s.request.maxTokens)
            s.finish = FinishReason::Length;
        else if (used >= s.cache->capacity() && used >= m_context)
            s.finish = FinishReason::Context;
    }
    // Release text, report, drop the finished.
    for (auto &s : m_sequences) {
        std::string released;
        const bool final = s->finish != FinishReason::None;
        release(*s, final, released);
        if (s->finish != FinishReason::None)
            s->generateSeconds = s->firstToken > 0 ? t - s->firstToken : 0;
        if ((!released.empty() || s->finish != FinishReason::None) && onUpdate)
            onUpdate(*s, released);
    }
    std::erase_if(m_sequences, [](const auto &s) { return s->finish != FinishReason::None; });
    return int(batch.size());
}

} // namespace sovereign::agent::infer
