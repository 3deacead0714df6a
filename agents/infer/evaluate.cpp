#include "agents/infer/evaluate.h"

#include <algorithm>
#include <cmath>

namespace sovereign::agent::infer {

double logProbability(std::span<const float> logits, int target) {
    const float best = *std::max_element(logits.begin(), logits.end());
    double sum = 0;
    for (float l : logits)
        sum += std::exp(double(l - best));
    return double(logits[std::size_t(target)] - best) - std::log(sum);
}

Result<Perplexity> perplexity(Engine &engine, const std::vector<int> &stream, int window) {
    const LlamaConfig &c = engine.model().config();
    window = std::max(1, std::min(window, c.maxPositionEmbeddings));
    const auto n = std::int64_t(stream.size());
    Perplexity result;
    double nll = 0;
    KvCache cache(c, window);
    for (std::int64_t start = 0; n - start >= 2; start += window) {
        const std::int64_t inputs = std::min<std::int64_t>(window, n - start - 1);
        std::vector<BatchEntry> batch;
        for (std::int64_t p = 0; p < inputs; ++p)
            batch.push_back({&cache, stream[std::size_t(start + p)], int(p), true});
        auto logits = engine.forward(batch);
        if (!logits)
            return std::unexpected(logits.error());
        const auto vocab = std::size_t(c.vocabSize);
        for (std::int64_t p = 0; p < inputs; ++p)
            nll -= logProbability(std::span(*logits).subspan(std::size_t(p) * vocab, vocab),
                                  stream[std::size_t(start + p + 1)]);
        result.tokens += inputs;
    }
    if (result.tokens > 0) {
        result.meanNll = nll / double(result.tokens);
        result.perplexity = std::exp(result.meanNll);
    }
    return result;
}

} // namespace sovereign::agent::infer
