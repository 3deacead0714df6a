#pragma once

// Private to agents_torch: the pieces a training job and the training bench
// share, so the bench times exactly the step the jobs run.

#include "agents/jobspec.h"
#include "agents/torch/llamamodel.h"
#include "agents/torch/torchjobs.h"

#include <QJsonObject>

#include <torch/optim/adamw.h>

#include <memory>

namespace sovereign::agent {

class EnergyMeter;

/// AdamW over `trainable`: matrices decay by `weightDecay`, vectors (norm
/// weights) do not, the usual practice for transformers.
std::unique_ptr<torch::optim::AdamW> makeOptimizer(const NamedTensors &trainable, double lr,
                                                   double weightDecay);

/// One optimisation step on a batch of token windows [B, T+1]: next-token
/// cross-entropy, backward, gradient clipping to `gradClip` (0: none), the
/// learning rate set to `lr`, AdamW. Returns the loss before the step.
double trainStep(const LlamaModel &model, torch::optim::AdamW &optimizer,
                 const NamedTensors &trainable, const at::Tensor &windows, double lr,
                 double gradClip);

/// The kinds of runJob (trainer.cpp, evaluation.cpp).
Result<JobOutcome> runTraining(const JobSpec &job, JobEvents &events,
                               const std::atomic<int> &stopSignal);
Result<JobOutcome> runEvalJob(const JobSpec &job, JobEvents &events);
Result<JobOutcome> runMergeJob(const JobSpec &job, JobEvents &events);

/// Perplexity over a token stream cut into windows of `window` + 1 tokens that
/// overlap by one, so every token but the first is predicted exactly once;
/// with `unigramFrom`, also the baseline a unigram model of those tokens
/// reaches (add-one smoothing over the vocabulary).
QJsonObject evaluatePerplexity(const LlamaModel &model, const std::vector<std::int64_t> &tokens,
                               int window, int batch, const std::vector<std::int64_t> *unigramFrom);

} // namespace sovereign::agent
