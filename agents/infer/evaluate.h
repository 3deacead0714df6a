#pragma once

#include "agents/infer/engine.h"

#include <vector>

namespace sovereign::agent::infer {

struct Perplexity {
    std::int64_t tokens = 0; ///< predicted
    double meanNll = 0;
    double perplexity = 0;
};

/// Perplexity of a token stream, cut the way the training side's evaluation
/// cuts it (agents/torch/evaluation.cpp): windows of `window` + 1 tokens that
/// overlap by one, so every token but the first is predicted once, each
/// window a fresh context.
Result<Perplexity> perplexity(Engine &engine, const std::vector<int> &stream, int window);

/// log-softmax of `logits` at `target`, in double.
double logProbability(std::span<const float> logits, int target);

} // namespace sovereign::agent::infer
