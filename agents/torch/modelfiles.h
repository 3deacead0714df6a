#pragma once

// Private to agents_torch: model and adapter folders on disk.

#include "agents/tokenizer.h"
#include "agents/torch/llamamodel.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sovereign::agent {

struct LoadedModel {
    std::unique_ptr<LlamaModel> model;
    std::optional<Tokenizer> tokenizer;
    bool initialised = false; ///< no model.safetensors: fresh weights from the seed
};

/// DIR/config.json, DIR/model.safetensors (required unless `mayInitialise`,
/// then fresh weights from `seed`) and the tokenizer: `tokenizerPath` when
/// given, else DIR/tokenizer.model when present (required when `needTokenizer`).
/// A tokenizer larger than the model's vocabulary is refused.
Result<LoadedModel> loadModelDir(const std::string &dir, bool mayInitialise, std::uint64_t seed,
                                 const std::string &tokenizerPath, bool needTokenizer);

/// Puts a PEFT adapter folder (adapter_config.json, adapter_model.safetensors)
/// on the model.
Result<void> applyAdapter(LlamaModel &model, const std::string &dir);

/// The token stream of text files: each file BOS + its tokens.
Result<std::vector<std::int64_t>> tokenizeFiles(const Tokenizer &tokenizer,
                                                const std::vector<std::string> &files);

/// A plain model folder: config.json, model.safetensors, tokenizer.model.
Result<void> writeModelDir(const std::string &dir, const LlamaModel &model,
                           const std::string &tokenizerPath);
/// A PEFT adapter folder.
Result<void> writeAdapterDir(const std::string &dir, const LlamaModel &model,
                             const std::string &baseModel);

} // namespace sovereign::agent
