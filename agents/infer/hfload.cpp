// Loading a Hugging Face folder: config.json, model.safetensors (F32, F16 or
// BF16) and tokenizer.model, converted to the engine's layout as it loads.
#include "agents/infer/model.h"
#include "agents/infer/modelloader.h"

#include "agents/safetensors.h"

#include <QDir>

#include <algorithm>
#include <cstring>

namespace sovereign::agent::infer {
namespace {

/// Hugging Face's rotate-half rows to ggml's rotary pairs: within each head of
/// `headDim` rows, ggml's row 2i + j is Hugging Face's row i + j * headDim/2.
void permuteRotary(std::vector<float> &w, std::int64_t rows, std::int64_t columns, int headDim) {
    std::vector<float> out(w.size());
    const std::int64_t half = headDim / 2;
    for (std::int64_t r = 0; r < rows; ++r) {
        const std::int64_t head = r / headDim, within = r % headDim;
        const std::int64_t i = within / 2, j = within % 2;
        const std::int64_t from = head * headDim + i + j * half;
        std::memcpy(out.data() + r * columns, w.data() + from * columns,
                    std::size_t(columns) * sizeof(float));
    }
    w.swap(out);
}

} // namespace

Result<Model> ModelLoader::fromHuggingFace(const std::string &dir, const LoadOptions &options) {
    const QDir d(QString::fromStdString(dir));
    auto config = readLlamaConfig(d.filePath("config.json").toStdString());
    if (!config)
        return std::unexpected(config.error());
    const std::string weightsPath = d.filePath("model.safetensors").toStdString();
    auto weights = SafetensorsFile::open(weightsPath);
    if (!weights)
        return std::unexpected(weights.error());
    Model model;
    model.m_path = dir;
    model.m_config = *config;
    const LlamaConfig &c = model.m_config;
    const WeightType type = options.convertTo.value_or(WeightType::F32);
    const std::int64_t h = c.hiddenSize, kv = std::int64_t(c.numKeyValueHeads) * c.headDim();
    std::vector<std::string> used;
    auto floats = [&](const std::string &name,
                      std::vector<std::int64_t> shape) -> Result<std::vector<float>> {
        const auto *t = weights->find(name);
        if (!t)
            return fail(weightsPath, 0, 0, "missing tensor " + quoted(name));
        if (t->shape != shape) {
            std::string want;
            for (auto s : shape)
                want += (want.empty() ? "" : ", ") + std::to_string(s);
            return fail(weightsPath, 0, 0,
                        "tensor " + quoted(name) + " has the wrong shape; config.json needs [" +
                            want + "]");
        }
        used.push_back(name);
        return weights->toFloat32(*t);
    };
    auto matrix = [&](const std::string &name, std::int64_t rows, std::int64_t columns,
                      int rotaryHeadDim = 0) -> Result<Matrix> {
        auto w = floats(name, {rows, columns});
        if (!w)
            return std::unexpected(w.error());
        if (rotaryHeadDim)
            permuteRotary(*w, rows, columns, rotaryHeadDim);
        Matrix source;
        source.type = WeightType::F32;
        source.rows = rows;
        source.columns = columns;
        source.data = reinterpret_cast<const std::byte *>(w->data());
        return convertMatrix(source, type, quoted(name), model.m_buffers, model.m_scales,
                             model.m_notes);
    };
    auto emb = matrix("model.embed_tokens.weight", c.vocabSize, h);
    if (!emb)
        return std::unexpected(emb.error());
    model.m_embedding = *emb;
    model.m_tied = c.tieWordEmbeddings;
    if (model.m_tied) {
        model.m_output = model.m_embedding;
    } else {
        auto out = matrix("lm_head.weight", c.vocabSize, h);
        if (!out)
            return std::unexpected(out.error());
        model.m_output = *out;
    }
    auto norm = floats("model.norm.weight", {h});
    if (!norm)
        return std::unexpected(norm.error());
    model.m_outputNorm = std::move(*norm);
    model.m_layers.resize(std::size_t(c.numHiddenLayers));
    for (int i = 0; i < c.numHiddenLayers; ++i) {
        const std::string p = "model.layers." + std::to_string(i) + ".";
        LayerWeights &l = model.m_layers[std::size_t(i)];
        struct Want {
            Matrix *m;
            const char *name;
            std::int64_t rows, columns;
            int rotary;
        };
        for (const Want &w : {Want{&l.q, "self_attn.q_proj", h, h, c.headDim()},
                              {&l.k, "self_attn.k_proj", kv, h, c.headDim()},
                              {&l.v, "self_attn.v_proj", kv, h, 0},
                              {&l.o, "self_attn.o_proj", h, h, 0},
                              {&l.gate, "mlp.gate_proj", c.intermediateSize, h, 0},
                              {&l.up, "mlp.up_proj", c.intermediateSize, h, 0},
                              {&l.down, "mlp.down_proj", h, c.intermediateSize, 0}}) {
            auto m = matrix(p + w.name + ".weight", w.rows, w.columns, w.rotary);
            if (!m)
                return std::unexpected(m.error());
            *w.m = *m;
        }
        auto an = floats(p + "input_layernorm.weight", {h});
        auto fn = floats(p + "post_attention_layernorm.weight", {h});
        if (!an)
            return std::unexpected(an.error());
        if (!fn)
            return std::unexpected(fn.error());
        l.attentionNorm = std::move(*an);
        l.ffnNorm = std::move(*fn);
    }
    for (const auto &t : weights->tensors())
        if (std::find(used.begin(), used.end(), t.name) == used.end())
            return fail(weightsPath, 0, 0,
                        "unexpected tensor " + quoted(t.name) + " for the Llama architecture");
    std::string tokenizerPath = options.tokenizerPath;
    if (tokenizerPath.empty() && d.exists("tokenizer.model"))
        tokenizerPath = d.filePath("tokenizer.model").toStdString();
    if (!tokenizerPath.empty()) {
        auto t = Tokenizer::load(tokenizerPath);
        if (!t)
            return std::unexpected(t.error());
        if (t->vocabSize() > c.vocabSize)
            return fail(tokenizerPath, 0, 0,
                        "the tokenizer has " + std::to_string(t->vocabSize()) +
                            " pieces, more than the model's vocab_size " +
                            std::to_string(c.vocabSize));
        model.m_tokenizer = std::move(*t);
    }
    return model;
}

} // namespace sovereign::agent::infer
