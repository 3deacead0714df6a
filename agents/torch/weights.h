#pragma once

// Private to agents_torch: tensors to and from safetensors files, and the
// training checkpoints built on them.

#include "agents/safetensors.h"
#include "agents/torch/llamamodel.h"

#include <ATen/ATen.h>

#include <functional>
#include <map>
#include <optional>
#include <string>

namespace sovereign::agent {

/// A tensor of the file as a float32 (F32/F16/BF16) or int64 (I64) tensor that
/// owns its memory; an error naming the file and tensor for other dtypes.
Result<at::Tensor> readTensor(const SafetensorsFile &file, const TensorInfo &info);
/// Writes float32 / int64 tensors (contiguous copies are made as needed).
Result<void> writeTensors(const std::string &path, const NamedTensors &tensors,
                          const std::map<std::string, std::string> &metadata = {});

/// Training state saved at a step: the trainable tensors, AdamW's moments and
/// what the run needs to go on (step, energy and time so far).
struct Checkpoint {
    std::int64_t step = 0;
    NamedTensors trainable;
    NamedTensors expAvg;                      ///< same names as trainable
    NamedTensors expAvgSq;                    ///< same names as trainable
    std::map<std::string, std::string> facts; ///< energy_j, seconds, tokens, fingerprint...
};

/// DIR/step-00000123.safetensors, written atomically with a SHA-256 of its
/// data in the header; keeps the newest `keep` checkpoints and deletes older.
Result<std::string> saveCheckpoint(const std::string &dir, const Checkpoint &checkpoint,
                                   int keep = 2);
/// The newest checkpoint that is whole: each candidate is checked (structure,
/// SHA-256, fingerprint equal to `fingerprint`, names as expected) and a bad
/// one is reported through `refused` (path, why) and skipped. No checkpoint:
/// step 0 and no tensors.
struct LoadedCheckpoint {
    Checkpoint checkpoint;
    std::string path;
};
Result<std::optional<LoadedCheckpoint>>
loadLatestCheckpoint(const std::string &dir, const std::string &fingerprint,
                     const std::function<void(const std::string &, const std::string &)> &refused);

} // namespace sovereign::agent
