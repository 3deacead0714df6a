#pragma once

#include "planner/base/error.h"

#include <cstdint>
#include <string>

namespace sovereign::agent {

/// The Llama architecture as a Hugging Face config.json describes it
/// (LlamaConfig). Any size: the numbers come from the file.
struct LlamaConfig {
    int hiddenSize = 0;
    int intermediateSize = 0;
    int numHiddenLayers = 0;
    int numAttentionHeads = 0;
    int numKeyValueHeads = 0; ///< grouped-query attention; = heads when absent
    double rmsNormEps = 1e-6;
    double ropeTheta = 10000.0;
    int vocabSize = 0;
    int maxPositionEmbeddings = 2048;
    bool tieWordEmbeddings = false;

    int headDim() const { return hiddenSize / numAttentionHeads; }
    /// Parameters of the whole model (embeddings counted once when tied).
    std::int64_t parameterCount() const;
};

/// Reads and checks a config.json: every required key present and a number in
/// range, heads dividing the hidden size, KV heads dividing the heads, an even
/// head size (rotary embeddings pair its halves). Errors name the file and key.
Result<LlamaConfig> readLlamaConfig(const std::string &path);
/// The same from JSON text (`file` names it in errors).
Result<LlamaConfig> parseLlamaConfig(const std::string &json, const std::string &file);
/// config.json as Hugging Face writes it (architectures, model_type, dtype).
std::string llamaConfigJson(const LlamaConfig &config);

} // namespace sovereign::agent
