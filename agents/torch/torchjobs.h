#pragma once

// The plain door to agents_torch: nothing here includes libtorch, so the
// agent's main and tests compile fast.

#include "agents/jobspec.h"
#include "planner/base/error.h"

#include <atomic>
#include <cstdint>
#include <string>

namespace sovereign::agent {

class JobEvents;

/// How a job ended when it did not fail.
enum class JobOutcome {
    Finished, ///< the work is done and its output written
    Stopped,  ///< a signal asked it to stop: a checkpoint is written, rerun to resume
};

/// Runs a train, finetune-lora, merge or eval job, printing its JSON lines to
/// `events`. `stopSignal` is polled between steps: non-zero (the signal's
/// number) makes a training job write a checkpoint and return Stopped.
Result<JobOutcome> runJob(const JobSpec &job, JobEvents &events,
                          const std::atomic<int> &stopSignal);

/// `sovereign-agent forward`: the logits of a text, for checking against an
/// independent implementation. Writes OUT.safetensors with "tokens" (I64 [n])
/// and "logits" (F32 [n, vocab]) and the text's mean NLL and perplexity in
/// its metadata.
struct ForwardRequest {
    std::string model;
    std::string adapter;
    std::string textFile;
    std::string output;
    std::int64_t maxTokens = 256;
    int threads = 0;
};
Result<void> writeForward(const ForwardRequest &request);

/// `sovereign-agent bench train`: training steps of a model built from a
/// config.json with random weights and tokens, timed after warm-up.
struct TrainBenchRequest {
    std::string config;
    int batch = 8;
    int seq = 256;
    int threads = 0;
    int loraR = 0; ///< > 0: LoRA on q_proj and v_proj with alpha = 2r
    int steps = 5;
    int warmup = 2;
};
struct TrainBenchResult {
    bool lora = false;
    double tokensPerS = 0;
    double seconds = 0;
    int steps = 0;
    int threads = 0;
    std::int64_t params = 0;
    std::int64_t trainableParams = 0;
};
Result<TrainBenchResult> benchTrain(const TrainBenchRequest &request);

/// libtorch's view of the machine, for `sovereign-agent info`.
struct TorchInfo {
    std::string version;
    int threads = 0;
    int interopThreads = 0;
    std::string parallelism; ///< at::get_parallel_info(), first lines
};
TorchInfo torchInfo();
/// Sets libtorch's intra-op threads and the BLAS's to `threads` (0: every core).
int setComputeThreads(int threads);

} // namespace sovereign::agent
