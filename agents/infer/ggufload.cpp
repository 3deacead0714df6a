// Loading a GGUF file: llama.cpp's names, shapes and keys; the weights used
// in the file's mapping or copied into huge pages.
#include "agents/infer/model.h"
#include "agents/infer/modelloader.h"

#include <algorithm>
#include <cstring>

namespace sovereign::agent::infer {
namespace {

std::optional<WeightType> fromGgufType(gguf::TensorType type) {
    switch (type) {
    case gguf::TensorType::F32:
        return WeightType::F32;
    case gguf::TensorType::F16:
        return WeightType::F16;
    case gguf::TensorType::Q8_0:
        return WeightType::Q8_0;
    case gguf::TensorType::Q4_0:
        return WeightType::Q4_0;
    case gguf::TensorType::I8:
        return WeightType::I8;
    }
    return std::nullopt;
}

class GgufReader {
  public:
    GgufReader(const gguf::File &file, const LoadOptions &options, WeightBuffers &buffers,
               std::vector<std::vector<float>> &scales, std::vector<std::string> &notes)
        : m_file(file), m_options(options), m_buffers(buffers), m_scales(scales), m_notes(notes) {}

    Result<std::int64_t> integer(const std::string &key, std::optional<std::int64_t> fallback,
                                 std::int64_t min, std::int64_t max) const {
        const gguf::Value *v = m_file.find(key);
        if (!v) {
            if (fallback)
                return *fallback;
            return fail(m_file.path(), 0, 0, "missing key " + key + " (an integer)");
        }
        const auto i = v->asInt();
        if (!i || *i < min || *i > max)
            return fail(m_file.path(), 0, 0,
                        "key " + key + " must be an integer from " + std::to_string(min) + " to " +
                            std::to_string(max));
        return *i;
    }
    Result<double> number(const std::string &key, double fallback) const {
        const gguf::Value *v = m_file.find(key);
        if (!v)
            return fallback;
        const auto d = v->asNumber();
        if (!d || !(*d > 0))
            return fail(m_file.path(), 0, 0, "key " + key + " must be a positive number");
        return *d;
    }

    /// The tensor `name` as a [rows x columns] matrix (converted when asked).
    Result<Matrix> matrix(const std::string &name, std::int64_t rows, std::int64_t columns,
                          bool optional = false) {
        const gguf::TensorInfo *t = m_file.tensor(name);
        if (!t) {
            if (optional)
                return Matrix{};
            return fail(m_file.path(), 0, 0, "missing tensor " + name);
        }
        if (t->shape.size() != 2 || t->shape[0] != columns || t->shape[1] != rows)
            return fail(m_file.path(), 0, 0,
                        "tensor " + name + " has shape " + shapeText(*t) + "; the model needs [" +
                            std::to_string(columns) + ", " + std::to_string(rows) +
                            "] (ggml order: columns first)");
        m_used.push_back(name);
        Matrix m;
        m.type = *fromGgufType(t->type);
        m.rows = rows;
        m.columns = columns;
        m.data = place(*t);
        if (m.type == WeightType::I8) {
            // Our per-channel int8: the row scales sit beside, as NAME.scale.
            const std::string scaleName = int8ScaleName(name);
            const gguf::TensorInfo *s = m_file.tensor(scaleName);
            if (!s || s->type != gguf::TensorType::F32 || s->elementCount() != rows)
                return fail(m_file.path(), 0, 0,
                            "tensor " + name + " is I8 and needs " + scaleName + " (F32, " +
                                std::to_string(rows) + " row scales)");
            m_used.push_back(scaleName);
            m.rowScales = reinterpret_cast<const float *>(place(*s));
        }
        if (m_options.convertTo && *m_options.convertTo != m.type)
            return convertMatrix(m, *m_options.convertTo, name, m_buffers, m_scales, m_notes);
        return m;
    }

    Result<std::vector<float>> vector(const std::string &name, std::int64_t size) {
        const gguf::TensorInfo *t = m_file.tensor(name);
        if (!t)
            return fail(m_file.path(), 0, 0, "missing tensor " + name);
        if (t->type == gguf::TensorType::I8 || t->elementCount() != size || t->shape[0] != size)
            return fail(m_file.path(), 0, 0,
                        "tensor " + name + " has shape " + shapeText(*t) + "; the model needs [" +
                            std::to_string(size) + "]");
        m_used.push_back(name);
        Matrix m;
        m.type = *fromGgufType(t->type);
        m.rows = 1;
        m.columns = size;
        m.data = m_file.data(*t).data();
        std::vector<float> out(static_cast<std::size_t>(size));
        m.dequantizeRow(0, out.data());
        return out;
    }

    /// Copies the tensors out of the mapping into memory backed by huge pages
    /// where the kernel gives them: fewer TLB misses while the weights stream
    /// (generation reads every weight once a token).
    void copyToMemory() {
        std::uint64_t end = 0;
        for (const auto &t : m_file.tensors())
            end = std::max(end, t.offset + t.bytes);
        if (end == 0 || m_file.tensors().empty())
            return;
        const gguf::TensorInfo &first = m_file.tensors().front();
        const std::byte *base = m_file.data(first).data() - first.offset;
        m_copy = allocateWeights(m_buffers, end);
        std::memcpy(m_copy, base, end);
    }

    /// Tensors the Llama architecture has no use for (a llama.cpp file of a
    /// related architecture, say) are refused rather than ignored.
    Result<void> noOthers() const {
        for (const auto &t : m_file.tensors())
            if (std::find(m_used.begin(), m_used.end(), t.name) == m_used.end())
                return fail(m_file.path(), 0, 0,
                            "tensor " + t.name +
                                " is not part of the Llama architecture this agent runs");
        return {};
    }

    Result<std::optional<Tokenizer>> tokenizer() const {
        const gguf::Value *kind = m_file.find("tokenizer.ggml.model");
        if (!kind)
            return std::optional<Tokenizer>{};
        if (!kind->asString() || *kind->asString() != "llama")
            return fail(
                m_file.path(), 0, 0,
                "tokenizer.ggml.model is " +
                    (kind->asString() ? quoted(*kind->asString()) : std::string("not text")) +
                    "; this agent reads SentencePiece vocabularies (\"llama\")");
        const gguf::Value *tokens = m_file.find("tokenizer.ggml.tokens");
        if (!tokens || !tokens->asArray() ||
            tokens->asArray()->elementType != gguf::ValueType::String)
            return fail(m_file.path(), 0, 0, "tokenizer.ggml.tokens must be an array of strings");
        const auto &items = tokens->asArray()->items;
        const gguf::Value *scores = m_file.find("tokenizer.ggml.scores");
        const gguf::Value *types = m_file.find("tokenizer.ggml.token_type");
        for (auto [v, key] : {std::pair{scores, "scores"}, {types, "token_type"}})
            if (v && (!v->asArray() || v->asArray()->items.size() != items.size()))
                return fail(m_file.path(), 0, 0,
                            std::string("tokenizer.ggml.") + key + " must be an array of " +
                                std::to_string(items.size()) + " values, one per token");
        Vocabulary vocabulary;
        vocabulary.pieces.resize(items.size());
        for (std::size_t i = 0; i < items.size(); ++i) {
            auto &p = vocabulary.pieces[i];
            p.text = *items[i].asString();
            if (scores)
                p.score = float(scores->asArray()->items[i].asNumber().value_or(0));
            if (types)
                p.type = PieceType(types->asArray()->items[i].asInt().value_or(1));
        }
        const auto n = std::int64_t(items.size());
        auto unk = integer("tokenizer.ggml.unknown_token_id", 0, 0, n - 1);
        auto bos = integer("tokenizer.ggml.bos_token_id", 1, -1, n - 1);
        auto eos = integer("tokenizer.ggml.eos_token_id", 2, -1, n - 1);
        auto pad = integer("tokenizer.ggml.padding_token_id", -1, -1, n - 1);
        for (const auto *r : {&unk, &bos, &eos, &pad})
            if (!*r)
                return std::unexpected(r->error());
        vocabulary.unkId = int(*unk);
        vocabulary.bosId = int(*bos);
        vocabulary.eosId = int(*eos);
        vocabulary.padId = int(*pad);
        if (const gguf::Value *v = m_file.find("tokenizer.ggml.add_space_prefix"); v && v->asBool())
            vocabulary.addSpacePrefix = *v->asBool();
        if (const gguf::Value *v = m_file.find("tokenizer.ggml.remove_extra_whitespaces");
            v && v->asBool())
            vocabulary.removeExtraWhitespaces = *v->asBool();
        auto t = Tokenizer::fromVocabulary(vocabulary, m_file.path());
        if (!t)
            return std::unexpected(t.error());
        return std::optional<Tokenizer>(std::move(*t));
    }

  private:
    const std::byte *place(const gguf::TensorInfo &t) const {
        return m_copy ? m_copy + t.offset : m_file.data(t).data();
    }
    static std::string shapeText(const gguf::TensorInfo &t) {
        std::string s = "[";
        for (std::size_t i = 0; i < t.shape.size(); ++i)
            s += (i ? ", " : "") + std::to_string(t.shape[i]);
        return s + "]";
    }

    const gguf::File &m_file;
    const LoadOptions &m_options;
    WeightBuffers &m_buffers;
    std::vector<std::vector<float>> &m_scales;
    std::vector<std::string> &m_notes;
    std::vector<std::string> m_used;
    std::byte *m_copy = nullptr;
};

} // namespace

Result<Model> ModelLoader::fromGguf(const std::string &path, const LoadOptions &options) {
    auto opened = gguf::File::open(path);
    if (!opened)
        return std::unexpected(opened.error());
    Model model;
    model.m_path = path;
    model.m_file = std::make_unique<gguf::File>(std::move(*opened));
    const gguf::File &file = *model.m_file;
    const gguf::Value *arch = file.find("general.architecture");
    if (!arch || !arch->asString())
        return fail(path, 0, 0, "missing key general.architecture (text)");
    if (*arch->asString() != "llama")
        return fail(path, 0, 0,
                    "general.architecture is " + quoted(*arch->asString()) +
                        "; this agent runs the Llama architecture (\"llama\")");
    if (const gguf::Value *scaling = file.find("llama.rope.scaling.type");
        scaling && scaling->asString() && *scaling->asString() != "none")
        return fail(path, 0, 0,
                    "llama.rope.scaling.type is " + quoted(*scaling->asString()) +
                        "; rotary scaling is not supported");
    GgufReader r(file, options, model.m_buffers, model.m_scales, model.m_notes);
    if (!options.mapWeights)
        r.copyToMemory();
    LlamaConfig &c = model.m_config;
    const std::int64_t big = 1 << 20;
    auto hidden = r.integer("llama.embedding_length", {}, 1, big);
    auto ffn = r.integer("llama.feed_forward_length", {}, 1, big);
    auto layers = r.integer("llama.block_count", {}, 1, 4096);
    auto heads = r.integer("llama.attention.head_count", {}, 1, 4096);
    auto context = r.integer("llama.context_length", 2048, 1, big * 16);
    for (const auto *v : {&hidden, &ffn, &layers, &heads, &context})
        if (!*v)
            return std::unexpected(v->error());
    auto kvHeads = r.integer("llama.attention.head_count_kv", *heads, 1, *heads);
    auto eps = r.number("llama.attention.layer_norm_rms_epsilon", 1e-5);
    auto theta = r.number("llama.rope.freq_base", 10000.0);
    if (!kvHeads)
        return std::unexpected(kvHeads.error());
    if (!eps)
        return std::unexpected(eps.error());
    if (!theta)
        return std::unexpected(theta.error());
    c.hiddenSize = int(*hidden);
    c.intermediateSize = int(*ffn);
    c.numHiddenLayers = int(*layers);
    c.numAttentionHeads = int(*heads);
    c.numKeyValueHeads = int(*kvHeads);
    c.rmsNormEps = *eps;
    c.ropeTheta = *theta;
    c.maxPositionEmbeddings = int(*context);
    if (c.hiddenSize % c.numAttentionHeads != 0 || c.headDim() % 2 != 0 ||
        c.numAttentionHeads % c.numKeyValueHeads != 0)
        return fail(path, 0, 0,
                    "llama.attention.head_count " + std::to_string(c.numAttentionHeads) +
                        " and head_count_kv " + std::to_string(c.numKeyValueHeads) +
                        " do not divide llama.embedding_length " + std::to_string(c.hiddenSize) +
                        " into heads of an even size");
    if (auto rope = r.integer("llama.rope.dimension_count", c.headDim(), 1, big);
        !rope || *rope != c.headDim())
        return fail(path, 0, 0,
                    "llama.rope.dimension_count must equal the head size " +
                        std::to_string(c.headDim()) + " (partial rotary is not supported)");
    const gguf::TensorInfo *embedding = file.tensor("token_embd.weight");
    if (!embedding || embedding->shape.size() != 2)
        return fail(path, 0, 0, "missing tensor token_embd.weight (a matrix)");
    c.vocabSize = int(embedding->shape[1]);
    const std::int64_t h = c.hiddenSize, kv = std::int64_t(c.numKeyValueHeads) * c.headDim();

    auto emb = r.matrix("token_embd.weight", c.vocabSize, h);
    if (!emb)
        return std::unexpected(emb.error());
    model.m_embedding = *emb;
    auto out = r.matrix("output.weight", c.vocabSize, h, /*optional=*/true);
    if (!out)
        return std::unexpected(out.error());
    model.m_tied = out->data == nullptr;
    c.tieWordEmbeddings = model.m_tied;
    model.m_output = model.m_tied ? model.m_embedding : *out;
    auto norm = r.vector("output_norm.weight", h);
    if (!norm)
        return std::unexpected(norm.error());
    model.m_outputNorm = std::move(*norm);
    model.m_layers.resize(std::size_t(c.numHiddenLayers));
    for (int i = 0; i < c.numHiddenLayers; ++i) {
        const std::string p = "blk." + std::to_string(i) + ".";
        LayerWeights &l = model.m_layers[std::size_t(i)];
        struct Want {
            Matrix *m;
            const char *name;
            std::int64_t rows, columns;
        };
        for (const Want &w : {Want{&l.q, "attn_q", h, h},
                              {&l.k, "attn_k", kv, h},
                              {&l.v, "attn_v", kv, h},
                              {&l.o, "attn_output", h, h},
                              {&l.gate, "ffn_gate", c.intermediateSize, h},
                              {&l.up, "ffn_up", c.intermediateSize, h},
                              {&l.down, "ffn_down", h, c.intermediateSize}}) {
            auto m = r.matrix(p + w.name + ".weight", w.rows, w.columns);
            if (!m)
                return std::unexpected(m.error());
            *w.m = *m;
        }
        auto an = r.vector(p + "attn_norm.weight", h);
        auto fn = r.vector(p + "ffn_norm.weight", h);
        if (!an)
            return std::unexpected(an.error());
        if (!fn)
            return std::unexpected(fn.error());
        l.attentionNorm = std::move(*an);
        l.ffnNorm = std::move(*fn);
    }
    if (auto others = r.noOthers(); !others)
        return std::unexpected(others.error());
    if (!options.tokenizerPath.empty()) {
        auto t = Tokenizer::load(options.tokenizerPath);
        if (!t)
            return std::unexpected(t.error());
        model.m_tokenizer = std::move(*t);
    } else {
        auto t = r.tokenizer();
        if (!t)
            return std::unexpected(t.error());
        model.m_tokenizer = std::move(*t);
    }
    if (model.m_tokenizer && model.m_tokenizer->vocabSize() > c.vocabSize)
        return fail(path, 0, 0,
                    "the tokenizer has " + std::to_string(model.m_tokenizer->vocabSize()) +
                        " pieces, more than the model's " + std::to_string(c.vocabSize) +
                        " embeddings");
    return model;
}

} // namespace sovereign::agent::infer
