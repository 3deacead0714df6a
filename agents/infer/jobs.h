#pragma once

// The inference kinds of `sovereign-agent run JOB.yaml` (docs/agent.md):
//   quantize  a model in, OUTPUT/model.gguf out, with the size ratio and, given
//             data.eval, the perplexity before and after;
//   infer     data.prompts (one a line) in, OUTPUT (JSON lines, one per
//             prompt) out; stopped by a signal it keeps the finished prompts
//             and a rerun goes on from there.

#include "agents/jobevents.h"
#include "agents/jobspec.h"
#include "planner/base/error.h"

#include <atomic>

namespace sovereign::agent::infer {

/// True when the job finished, false when a signal stopped it (its work so
/// far is kept; running it again resumes).
Result<bool> runInferenceJob(const JobSpec &job, JobEvents &events,
                             const std::atomic<int> &stopSignal);

} // namespace sovereign::agent::infer
