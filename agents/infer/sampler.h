#pragma once

#include <cstdint>
#include <random>
#include <span>

namespace sovereign::agent::infer {

struct SamplingOptions {
    float temperature = 0;  ///< 0: greedy (the most likely token, lowest id on ties)
    int topK = 0;           ///< keep the k most likely tokens; 0: all
    float topP = 1;         ///< keep the smallest set whose probability reaches p
    std::uint64_t seed = 0; ///< the same seed, model and prompt give the same text
};

/// Picks the next token from logits: greedy, or temperature, then top-k, then
/// top-p (nucleus), then a draw from the renormalised probabilities.
class Sampler {
  public:
    explicit Sampler(const SamplingOptions &options);
    int sample(std::span<const float> logits);

  private:
    double uniform(); ///< [0, 1), the same on every platform (unlike std's distributions)
    SamplingOptions m_options;
    std::mt19937_64 m_random;
};

} // namespace sovereign::agent::infer
