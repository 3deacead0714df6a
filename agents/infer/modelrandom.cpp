// Model::random: weights for benchmarks, made quickly and reproducibly.
#include "agents/infer/model.h"
#include "agents/infer/modelloader.h"

#include "agents/infer/quant.h"

#include <cmath>
#include <cstdio>
#include <cstring>

namespace sovereign::agent::infer {

namespace {

/// splitmix64: fast, and the same everywhere.
struct Random {
    std::uint64_t state;
    std::uint64_t next() {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    /// Uniform on [-a, a).
    float uniform(float a) { return float(double(next() >> 11) * 0x1.0p-53 * 2.0 - 1.0) * a; }
};

} // namespace

Vocabulary syntheticVocabulary(int size) {
    Vocabulary v;
    v.pieces.push_back({"<unk>", 0, PieceType::Unknown});
    v.pieces.push_back({"<s>", 0, PieceType::Control});
    v.pieces.push_back({"</s>", 0, PieceType::Control});
    for (int b = 0; b < 256; ++b) {
        char name[8];
        std::snprintf(name, sizeof name, "<0x%02X>", b);
        v.pieces.push_back({name, 0, PieceType::Byte});
    }
    // Then "▁a".."▁z", "a".."z", "▁aa", "aa", ... counting in base 26.
    for (long n = 1; int(v.pieces.size()) < size; ++n) {
        std::string word;
        for (long k = n; k > 0; k = (k - 1) / 26)
            word.insert(word.begin(), char('a' + (k - 1) % 26));
        for (const char *prefix : {"\xE2\x96\x81", ""})
            if (int(v.pieces.size()) < size)
                v.pieces.push_back({prefix + word, -float(v.pieces.size()), PieceType::Normal});
    }
    v.pieces.resize(std::size_t(std::max(size, 0)));
    return v;
}

Result<Model> Model::random(const LlamaConfig &config, std::uint64_t seed, WeightType type) {
    return ModelLoader::random(config, seed, type);
}

Result<Model> ModelLoader::random(const LlamaConfig &c, std::uint64_t seed, WeightType type) {
    if (c.vocabSize < 259 + 1)
        return fail("a random model needs a vocabulary of at least 260 pieces (3 special, 256 "
                    "bytes, one more)");
    if (wholeBlocks(type) && (c.hiddenSize % kBlock || c.intermediateSize % kBlock))
        return fail("hidden and intermediate sizes must be multiples of 32 for " +
                    std::string(weightTypeName(type)));
    Model model;
    model.m_path = "random";
    model.m_config = c;
    Random random{seed};
    const float a = 0.02f * std::sqrt(3.0f); // uniform on [-a, a) has deviation 0.02
    auto matrix = [&](std::int64_t rows, std::int64_t columns) {
        Matrix m;
        m.type = type;
        m.rows = rows;
        m.columns = columns;
        std::byte *data = allocateWeights(model.m_buffers, std::size_t(rows) * m.rowBytes());
        m.data = data;
        float *scales = nullptr;
        if (type == WeightType::I8) {
            model.m_scales.emplace_back(std::size_t(rows));
            scales = model.m_scales.back().data();
            m.rowScales = scales;
        }
        std::vector<float> row(static_cast<std::size_t>(columns));
        for (std::int64_t r = 0; r < rows; ++r) {
            for (float &x : row)
                x = random.uniform(a);
            encodeRow(row.data(), columns, type, data + std::size_t(r) * m.rowBytes(),
                      scales ? scales + r : nullptr);
        }
        return m;
    };
    const std::int64_t h = c.hiddenSize, kv = std::int64_t(c.numKeyValueHeads) * c.headDim();
    model.m_embedding = matrix(c.vocabSize, h);
    model.m_tied = c.tieWordEmbeddings;
    model.m_output = model.m_tied ? model.m_embedding : matrix(c.vocabSize, h);
    model.m_outputNorm.assign(std::size_t(h), 1.0f);
    model.m_layers.resize(std::size_t(c.numHiddenLayers));
    for (auto &l : model.m_layers) {
        l.attentionNorm.assign(std::size_t(h), 1.0f);
        l.ffnNorm.assign(std::size_t(h), 1.0f);
        l.q = matrix(h, h);
        l.k = matrix(kv, h);
        l.v = matrix(kv, h);
        l.o = matrix(h, h);
        l.gate = matrix(c.intermediateSize, h);
        l.up = matrix(c.intermediateSize, h);
        l.down = matrix(h, c.intermediateSize);
    }
    auto tokenizer = Tokenizer::fromVocabulary(syntheticVocabulary(c.vocabSize), "random");
    if (!tokenizer)
        return std::unexpected(tokenizer.error());
    model.m_tokenizer = std::move(*tokenizer);
    return model;
}

} // namespace sovereign::agent::infer
