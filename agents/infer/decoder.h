#pragma once

// Generation for many sequences at once (continuous batching): each step runs
// one forward pass holding the next token of every sequence that is
// generating plus a slice of the prompts still waiting, so a new request
// joins at the next step instead of waiting for the others to finish.

#include "agents/infer/engine.h"
#include "agents/infer/sampler.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace sovereign::agent::infer {

struct GenerationRequest {
    std::vector<int> prompt; ///< token ids, BOS included where wanted; not empty
    int maxTokens = 128;
    SamplingOptions sampling;
    std::vector<std::string> stop; ///< text that ends the generation (not included)
    bool stopAtEos = true;
};

enum class FinishReason { None, Length, Stop, Eos, Context, Cancelled };
/// "length", "stop" (a stop sequence), "eos", "context" (the context is
/// full), "cancelled".
const char *finishReasonName(FinishReason reason);

struct Sequence {
    int id = 0;
    GenerationRequest request;
    std::vector<int> tokens; ///< generated so far
    std::string text;        ///< released text (stop sequences and partial UTF-8 held back)
    FinishReason finish = FinishReason::None;
    double promptSeconds = 0;   ///< from submission to the first generated token
    double generateSeconds = 0; ///< from the first generated token to the end
    // Internal.
    std::unique_ptr<KvCache> cache;
    std::unique_ptr<Sampler> sampler;
    int prefilled = 0; ///< prompt tokens already in the cache
    double started = 0, firstToken = 0;
    std::string prefix; ///< the decoded last prompt token, cut from the text
};

class Decoder {
  public:
    /// `batchTokens`: the most tokens one step runs (prompt slices fill what
    /// the generating sequences leave). `contextSize`: 0 for the model's.
    Decoder(Engine &engine, int batchTokens = 256, int contextSize = 0);

    /// Queues a request; its id, or an error (empty prompt, a prompt that
    /// leaves no room in the context, a token outside the vocabulary).
    Result<int> add(GenerationRequest request);
    /// Ends a sequence at the next step (its finish reason: cancelled).
    void cancel(int id);
    bool idle() const { return m_sequences.empty(); }
    int active() const { return int(m_sequences.size()); }
    int contextSize() const { return m_context; }

    /// Called after each step for every sequence that released text or
    /// finished: (sequence, the text released by this step). A finished
    /// sequence is dropped right after its call.
    std::function<void(const Sequence &, const std::string &)> onUpdate;

    /// One forward pass. Returns the tokens it ran.
    Result<int> step();

    /// Tokens generated and prompt tokens processed since the start.
    std::int64_t generatedTokens() const { return m_generated; }
    std::int64_t promptTokens() const { return m_prompted; }

  private:
    void release(Sequence &s, bool final, std::string &released);

    Engine &m_engine;
    int m_batchTokens;
    int m_context;
    int m_nextId = 1;
    std::vector<std::unique_ptr<Sequence>> m_sequences;
    std::int64_t m_generated = 0, m_prompted = 0;
};

} // namespace sovereign::agent::infer
