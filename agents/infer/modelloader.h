#pragma once

// Private to the model's files: the one friend of Model that builds it.

#include "agents/infer/model.h"

#include <string>
#include <vector>

namespace sovereign::agent::infer {

/// "text" in quotes, for messages.
std::string quoted(const std::string &s);
/// Quantizes or converts one row of `n` floats into `type` (`scale`: I8's).
void encodeRow(const float *x, std::int64_t n, WeightType type, std::byte *out, float *scale);
/// Types whose rows must be whole blocks of 32 (Q8_0, Q4_0; I8, whose
/// products take activations quantized in blocks).
bool wholeBlocks(WeightType type);
/// `source` re-encoded as `type` into `buffers` (I8's scales into `scales`);
/// rows that are not whole blocks stay F16, said in `notes`.
Result<Matrix> convertMatrix(const Matrix &source, WeightType type, const std::string &tensor,
                             WeightBuffers &buffers, std::vector<std::vector<float>> &scales,
                             std::vector<std::string> &notes);

struct ModelLoader {
    static Result<Model> fromGguf(const std::string &path, const LoadOptions &options);
    static Result<Model> fromHuggingFace(const std::string &dir, const LoadOptions &options);
    static Result<Model> random(const LlamaConfig &config, std::uint64_t seed, WeightType type);
};

} // namespace sovereign::agent::infer
