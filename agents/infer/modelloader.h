#pragma once

// Private to the model's files: the one friend of Model that builds it.

#include "agents/infer/model.h"

namespace sovereign::agent::infer {

struct ModelLoader {
    static Result<Model> fromGguf(const std::string &path, const LoadOptions &options);
    static Result<Model> fromHuggingFace(const std::string &dir, const LoadOptions &options);
    static Result<Model> random(const LlamaConfig &config, std::uint64_t seed, WeightType type);
};

} // namespace sovereign::agent::infer
