#pragma once

// A Llama model held for inference, without libtorch: weights as ggml-format
// matrices (F32, F16, Q8_0, Q4_0) or our per-channel int8, read from a GGUF
// file (memory-mapped, used in place) or a Hugging Face folder (converted to
// the requested type as it loads).
//
// Rows of the query and key projections are kept in ggml's rotary layout:
// within a head, rows (2i, 2i+1) form a rotated pair, where Hugging Face's
// rotate-half layout pairs rows (i, i + head_dim/2). llama.cpp's converter
// permutes them this way; so do we when reading a Hugging Face folder, and we
// undo it when writing one.

#include "agents/gguf.h"
#include "agents/llamaconfig.h"
#include "agents/tokenizer.h"
#include "planner/base/error.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sovereign::agent::infer {

enum class WeightType : std::uint8_t { F32, F16, Q8_0, Q4_0, I8 };
/// "f32", "f16", "q8_0", "q4_0", "int8".
const char *weightTypeName(WeightType type);
/// The inverse; nullopt for another word.
std::optional<WeightType> weightTypeFromName(const std::string &name);
/// Bytes of a row of `columns` weights (I8: the int8 values; scales apart).
std::size_t weightRowBytes(WeightType type, std::int64_t columns);

/// Memory for weights: anonymous pages, 2 MiB-aligned and marked for
/// transparent huge pages, so streaming the weights misses the TLB less.
class WeightBuffer {
  public:
    explicit WeightBuffer(std::size_t bytes);
    ~WeightBuffer();
    WeightBuffer(const WeightBuffer &) = delete;
    WeightBuffer &operator=(const WeightBuffer &) = delete;
    std::byte *data() const { return m_data; }

  private:
    void *m_map = nullptr;
    std::size_t m_mapped = 0;
    std::byte *m_data = nullptr;
};
using WeightBuffers = std::vector<std::unique_ptr<WeightBuffer>>;
/// A new buffer of `bytes` kept in `buffers`.
std::byte *allocateWeights(WeightBuffers &buffers, std::size_t bytes);

/// A [rows x columns] weight matrix, row-major, rows of weightRowBytes.
struct Matrix {
    WeightType type = WeightType::F32;
    std::int64_t rows = 0;
    std::int64_t columns = 0;
    const std::byte *data = nullptr;
    const float *rowScales = nullptr; ///< I8 only: one per row

    std::size_t rowBytes() const { return weightRowBytes(type, columns); }
    const std::byte *row(std::int64_t r) const { return data + std::size_t(r) * rowBytes(); }
    /// Bytes a pass over the whole matrix reads (scales included).
    std::size_t bytes() const;
    /// Row r as floats (columns of them).
    void dequantizeRow(std::int64_t r, float *out) const;
};

struct LayerWeights {
    std::vector<float> attentionNorm, ffnNorm;
    Matrix q, k, v, o, gate, up, down;
};

struct LoadOptions {
    /// Convert every matrix to this type as it loads (the embedding too);
    /// nullopt keeps a GGUF's types and makes a Hugging Face folder F32.
    std::optional<WeightType> convertTo;
    /// A tokenizer.model to use instead of the model's own.
    std::string tokenizerPath;
    /// Use a GGUF file's weights where they lie in the file's mapping (less
    /// memory, pages shared with other processes, instant start) instead of
    /// copying them into huge pages (faster generation: a few per cent).
    bool mapWeights = false;
};

class Model {
  public:
    /// `path`: a .gguf file, a folder with model.gguf (ours, quantized), or a
    /// Hugging Face folder (config.json, model.safetensors[, tokenizer.model]).
    static Result<Model> load(const std::string &path, const LoadOptions &options = {});

    /// Random weights (uniform, standard deviation 0.02; norms 1) of `type`,
    /// with a made-up vocabulary of the config's size (syntheticVocabulary):
    /// a model of any shape for benchmarks, the same for the same seed.
    static Result<Model> random(const LlamaConfig &config, std::uint64_t seed, WeightType type);

    Model(Model &&) noexcept;
    Model &operator=(Model &&) noexcept;
    ~Model();

    const LlamaConfig &config() const { return m_config; }
    const std::string &path() const { return m_path; }
    /// Nullptr when the model came without one.
    const Tokenizer *tokenizer() const { return m_tokenizer ? &*m_tokenizer : nullptr; }

    const Matrix &tokenEmbedding() const { return m_embedding; }
    const Matrix &output() const { return m_output; } ///< the embedding when tied
    bool tiedOutput() const { return m_tied; }
    const std::vector<float> &outputNorm() const { return m_outputNorm; }
    const std::vector<LayerWeights> &layers() const { return m_layers; }

    /// The type of the layers' query matrices: the model's precision (a
    /// matrix whose rows are not whole blocks stays F16: see notes()).
    WeightType weightType() const;
    /// What loading changed that a user should know (tensors kept in F16).
    const std::vector<std::string> &notes() const { return m_notes; }
    /// Bytes of weights read to generate one token: every matrix once, the
    /// embedding's one row aside.
    std::uint64_t bytesPerToken() const;
    /// Bytes of all weights held.
    std::uint64_t weightBytes() const;

    /// Writes the model as a GGUF file llama.cpp loads (Llama architecture,
    /// ggml names and layouts, the tokenizer's pieces, scores and types). I8
    /// matrices go out as ggml's I8 type with their row scales beside
    /// (int8ScaleName): we read them back, llama.cpp does not run them.
    Result<void> writeGguf(const std::string &path, const std::string &name) const;

  private:
    Model();
    friend struct ModelLoader;

    std::string m_path;
    LlamaConfig m_config;
    std::optional<Tokenizer> m_tokenizer;
    Matrix m_embedding, m_output;
    bool m_tied = false;
    std::vector<float> m_outputNorm;
    std::vector<LayerWeights> m_layers;
    // What the matrices point into: a mapped GGUF file and/or buffers of ours.
    std::unique_ptr<gguf::File> m_file;
    WeightBuffers m_buffers;
    std::vector<std::vector<float>> m_scales;
    std::vector<std::string> m_notes;
};

/// The GGUF name of an I8 matrix's row scales: "blk.0.attn_q.weight" ->
/// "blk.0.attn_q.scale".
std::string int8ScaleName(const std::string &weightName);

/// `size` SentencePiece pieces: <unk>, <s>, </s>, the 256 byte pieces, then
/// letter strings; for models that need a vocabulary but never see text.
Vocabulary syntheticVocabulary(int size);

} // namespace sovereign::agent::infer
