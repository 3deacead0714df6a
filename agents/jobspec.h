#pragma once

#include "agents/loraconfig.h"
#include "planner/base/error.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sovereign::agent {

enum class JobKind { Train, FinetuneLora, Merge, Eval, Quantize, Infer };
const char *jobKindName(JobKind kind);

/// A job for `sovereign-agent run JOB.yaml` (schema_version 1; docs/agent.md).
/// Paths are resolved against the job file's folder.
struct JobSpec {
    std::string file; ///< the job file, for messages
    JobKind kind = JobKind::Train;
    std::string model;     ///< config.json [+ model.safetensors] [+ tokenizer.model]
    std::string adapter;   ///< finetune-lora: resume from; eval/merge: apply
    std::string output;    ///< train/merge: a model folder; finetune-lora: the adapter folder
    std::string tokenizer; ///< tokenizer.model when the model folder has none
    std::vector<std::string> trainFiles;
    std::string evalFile;

    int steps = 100;
    int batchSize = 8;
    int seqLen = 128;
    double lr = 1e-3;
    int warmupSteps = 10;
    double weightDecay = 0.0;
    double gradClip = 1.0;
    std::uint64_t seed = 0;
    int threads = 0; ///< 0: every core
    int logEvery = 10;
    /// eval: how many tokens of the eval text at most (0: all).
    std::int64_t evalTokens = 0;

    std::optional<LoraConfig> lora;
    std::string checkpointDir;
    int checkpointEvery = 0; ///< steps; 0: only when stopped by a signal
    double cpuTdpW = 0;      ///< the energy estimate's TDP when nothing measures (0: default)
    // quantize and infer (agents/infer):
    std::string quantization; ///< f32, f16, q8_0, q4_0 or int8; infer: convert as it loads
    std::string promptsFile;  ///< infer: prompts, one a line
    int maxTokens = 128;
    double temperature = 0;
    int topK = 0;
    double topP = 1;
    std::vector<std::string> stop;
};

/// Reads and checks a job spec; every error has file:line:column and what was
/// expected (unknown keys, a missing key the kind needs, a value out of range).
Result<JobSpec> readJobSpec(const std::string &path);
Result<JobSpec> parseJobSpec(const std::string &yaml, const std::string &file);

} // namespace sovereign::agent
