// Model::writeGguf: our model as llama.cpp's GGUF.
#include "agents/infer/model.h"

namespace sovereign::agent::infer {
namespace {

std::optional<gguf::TensorType> toGgufType(WeightType type) {
    switch (type) {
    case WeightType::F32:
        return gguf::TensorType::F32;
    case WeightType::F16:
        return gguf::TensorType::F16;
    case WeightType::Q8_0:
        return gguf::TensorType::Q8_0;
    case WeightType::Q4_0:
        return gguf::TensorType::Q4_0;
    case WeightType::I8:
        return gguf::TensorType::I8;
    }
    return std::nullopt;
}

// llama.cpp's llama_ftype numbers for general.file_type.
std::uint32_t fileType(WeightType type) {
    switch (type) {
    case WeightType::F32:
        return 0;
    case WeightType::F16:
        return 1;
    case WeightType::Q4_0:
        return 2;
    case WeightType::Q8_0:
        return 7;
    case WeightType::I8:
        break;
    }
    return 0;
}

std::span<const std::byte> bytesOf(const std::vector<float> &v) {
    return std::as_bytes(std::span(v));
}

} // namespace

Result<void> Model::writeGguf(const std::string &path, const std::string &name) const {
    const LlamaConfig &c = m_config;
    using gguf::Value;
    std::vector<gguf::KeyValue> meta = {
        {"general.architecture", Value::string("llama")},
        {"general.name", Value::string(name)},
        {"general.file_type", Value::uint32(fileType(weightType()))},
        {"llama.context_length", Value::uint32(std::uint32_t(c.maxPositionEmbeddings))},
        {"llama.embedding_length", Value::uint32(std::uint32_t(c.hiddenSize))},
        {"llama.block_count", Value::uint32(std::uint32_t(c.numHiddenLayers))},
        {"llama.feed_forward_length", Value::uint32(std::uint32_t(c.intermediateSize))},
        {"llama.attention.head_count", Value::uint32(std::uint32_t(c.numAttentionHeads))},
        {"llama.attention.head_count_kv", Value::uint32(std::uint32_t(c.numKeyValueHeads))},
        {"llama.rope.freq_base", Value::float32(float(c.ropeTheta))},
        {"llama.attention.layer_norm_rms_epsilon", Value::float32(float(c.rmsNormEps))},
        {"llama.rope.dimension_count", Value::uint32(std::uint32_t(c.headDim()))},
        {"llama.vocab_size", Value::uint32(std::uint32_t(c.vocabSize))},
    };
    if (weightType() == WeightType::Q8_0 || weightType() == WeightType::Q4_0)
        meta.emplace_back("general.quantization_version", Value::uint32(2));
    if (m_tokenizer) {
        Vocabulary v = m_tokenizer->vocabulary();
        // The vocabulary may be smaller than the embedding; llama.cpp wants
        // one piece per row, so the rest become unused padding pieces.
        for (int id = int(v.pieces.size()); id < c.vocabSize; ++id)
            v.pieces.push_back({"[PAD" + std::to_string(id) + "]", 0.0f, PieceType::Unused});
        std::vector<Value> tokens, scores, types;
        for (const auto &p : v.pieces) {
            tokens.push_back(Value::string(p.text));
            scores.push_back(Value::float32(p.score));
            types.push_back(Value::int32(int(p.type)));
        }
        meta.emplace_back("tokenizer.ggml.model", Value::string("llama"));
        meta.emplace_back("tokenizer.ggml.pre", Value::string("default"));
        meta.emplace_back("tokenizer.ggml.tokens",
                          Value::array(gguf::ValueType::String, std::move(tokens)));
        meta.emplace_back("tokenizer.ggml.scores",
                          Value::array(gguf::ValueType::Float32, std::move(scores)));
        meta.emplace_back("tokenizer.ggml.token_type",
                          Value::array(gguf::ValueType::Int32, std::move(types)));
        meta.emplace_back("tokenizer.ggml.unknown_token_id", Value::uint32(std::uint32_t(v.unkId)));
        if (v.bosId >= 0)
            meta.emplace_back("tokenizer.ggml.bos_token_id", Value::uint32(std::uint32_t(v.bosId)));
        if (v.eosId >= 0)
            meta.emplace_back("tokenizer.ggml.eos_token_id", Value::uint32(std::uint32_t(v.eosId)));
        if (v.padId >= 0)
            meta.emplace_back("tokenizer.ggml.padding_token_id",
                              Value::uint32(std::uint32_t(v.padId)));
        meta.emplace_back("tokenizer.ggml.add_bos_token", Value::boolean(true));
        meta.emplace_back("tokenizer.ggml.add_eos_token", Value::boolean(false));
        meta.emplace_back("tokenizer.ggml.add_space_prefix", Value::boolean(v.addSpacePrefix));
    }

    if (weightType() == WeightType::I8)
        meta.emplace_back("sovereign.weights", Value::string("int8 per output channel"));
    std::vector<gguf::TensorToWrite> tensors;
    auto matrix = [&](const std::string &tensorName, const Matrix &m) {
        tensors.push_back({tensorName,
                           {m.columns, m.rows},
                           *toGgufType(m.type),
                           std::span(m.data, std::size_t(m.rows) * m.rowBytes())});
        if (m.type == WeightType::I8)
            tensors.push_back({int8ScaleName(tensorName),
                               {m.rows},
                               gguf::TensorType::F32,
                               std::as_bytes(std::span(m.rowScales, std::size_t(m.rows)))});
    };
    auto vector = [&](const std::string &tensorName, const std::vector<float> &v) {
        tensors.push_back(
            {tensorName, {std::int64_t(v.size())}, gguf::TensorType::F32, bytesOf(v)});
    };
    matrix("token_embd.weight", m_embedding);
    for (std::size_t i = 0; i < m_layers.size(); ++i) {
        const std::string p = "blk." + std::to_string(i) + ".";
        const LayerWeights &l = m_layers[i];
        vector(p + "attn_norm.weight", l.attentionNorm);
        matrix(p + "attn_q.weight", l.q);
        matrix(p + "attn_k.weight", l.k);
        matrix(p + "attn_v.weight", l.v);
        matrix(p + "attn_output.weight", l.o);
        vector(p + "ffn_norm.weight", l.ffnNorm);
        matrix(p + "ffn_gate.weight", l.gate);
        matrix(p + "ffn_up.weight", l.up);
        matrix(p + "ffn_down.weight", l.down);
    }
    vector("output_norm.weight", m_outputNorm);
    if (!m_tied)
        matrix("output.weight", m_output);
    return gguf::write(path, meta, tensors);
}

} // namespace sovereign::agent::infer
