#include "agents/llamaconfig.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <optional>

namespace sovereign::agent {

std::int64_t LlamaConfig::parameterCount() const {
    const std::int64_t h = hiddenSize, i = intermediateSize,
                       kv = std::int64_t(numKeyValueHeads) * headDim();
    const std::int64_t perLayer = 2 * h * h + 2 * h * kv + 3 * h * i + 2 * h;
    const std::int64_t embeddings = std::int64_t(vocabSize) * h * (tieWordEmbeddings ? 1 : 2);
    return perLayer * numHiddenLayers + embeddings + h;
}

namespace {

Result<int> intKey(const QJsonObject &o, const char *key, const std::string &file, int min, int max,
                   std::optional<int> fallback = std::nullopt) {
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull()) {
        if (fallback)
            return *fallback;
        return fail(file, 0, 0, std::string("missing key \"") + key + "\" (an integer)");
    }
    const double d = v.toDouble(std::nan(""));
    if (!v.isDouble() || d != std::floor(d) || d < min || d > max)
        return fail(file, 0, 0,
                    std::string("\"") + key + "\" must be an integer from " + std::to_string(min) +
                        " to " + std::to_string(max));
    return int(d);
}

Result<double> numberKey(const QJsonObject &o, const char *key, const std::string &file, double min,
                         double max, double fallback) {
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return fallback;
    if (!v.isDouble() || !(v.toDouble() > min) || v.toDouble() > max)
        return fail(file, 0, 0,
                    std::string("\"") + key + "\" must be a number above " + std::to_string(min) +
                        " and at most " + std::to_string(max));
    return v.toDouble();
}

} // namespace

Result<LlamaConfig> parseLlamaConfig(const std::string &json, const std::string &file) {
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(json), &error);
    if (error.error != QJsonParseError::NoError)
        return fail(file, 0, 0,
                    "not valid JSON at byte " + std::to_string(error.offset) + ": " +
                        error.errorString().toStdString());
    if (!doc.isObject())
        return fail(file, 0, 0, "expected a JSON object (a Hugging Face config.json)");
    const QJsonObject o = doc.object();
    const QString type = o.value("model_type").toString();
    if (!type.isEmpty() && type != "llama" && type != "mistral")
        return fail(file, 0, 0,
                    "\"model_type\" is \"" + type.toStdString() +
                        "\"; the agent runs the Llama architecture (\"llama\")");
    LlamaConfig c;
    constexpr int big = 1 << 24;
    auto hidden = intKey(o, "hidden_size", file, 1, big);
    if (!hidden)
        return std::unexpected(hidden.error());
    c.hiddenSize = *hidden;
    auto inter = intKey(o, "intermediate_size", file, 1, big);
    if (!inter)
        return std::unexpected(inter.error());
    c.intermediateSize = *inter;
    auto layers = intKey(o, "num_hidden_layers", file, 1, 4096);
    if (!layers)
        return std::unexpected(layers.error());
    c.numHiddenLayers = *layers;
    auto heads = intKey(o, "num_attention_heads", file, 1, 4096);
    if (!heads)
        return std::unexpected(heads.error());
    c.numAttentionHeads = *heads;
    auto kv = intKey(o, "num_key_value_heads", file, 1, 4096, c.numAttentionHeads);
    if (!kv)
        return std::unexpected(kv.error());
    c.numKeyValueHeads = *kv;
    auto vocab = intKey(o, "vocab_size", file, 1, big);
    if (!vocab)
        return std::unexpected(vocab.error());
    c.vocabSize = *vocab;
    auto maxPos = intKey(o, "max_position_embeddings", file, 1, big, 2048);
    if (!maxPos)
        return std::unexpected(maxPos.error());
    c.maxPositionEmbeddings = *maxPos;
    auto eps = numberKey(o, "rms_norm_eps", file, 0.0, 1.0, 1e-6);
    if (!eps)
        return std::unexpected(eps.error());
    c.rmsNormEps = *eps;
    auto theta = numberKey(o, "rope_theta", file, 0.0, 1e12, 10000.0);
    if (!theta)
        return std::unexpected(theta.error());
    c.ropeTheta = *theta;
    const QJsonValue tie = o.value("tie_word_embeddings");
    if (!tie.isUndefined() && !tie.isNull() && !tie.isBool())
        return fail(file, 0, 0, "\"tie_word_embeddings\" must be true or false");
    c.tieWordEmbeddings = tie.toBool(false);
    const QJsonValue scaling = o.value("rope_scaling");
    if (!scaling.isUndefined() && !scaling.isNull())
        return fail(file, 0, 0,
                    "\"rope_scaling\" is set; the agent supports plain rotary embeddings only "
                    "(rope_scaling: null)");

    if (c.hiddenSize % c.numAttentionHeads != 0)
        return fail(file, 0, 0,
                    "\"hidden_size\" (" + std::to_string(c.hiddenSize) +
                        ") must be a multiple of \"num_attention_heads\" (" +
                        std::to_string(c.numAttentionHeads) + ")");
    if (c.numAttentionHeads % c.numKeyValueHeads != 0)
        return fail(file, 0, 0,
                    "\"num_attention_heads\" (" + std::to_string(c.numAttentionHeads) +
                        ") must be a multiple of \"num_key_value_heads\" (" +
                        std::to_string(c.numKeyValueHeads) + ")");
    if (c.headDim() % 2 != 0)
        return fail(
            file, 0, 0,
            "the head size hidden_size / num_attention_heads = " + std::to_string(c.headDim()) +
                " must be even (rotary embeddings rotate pairs)");
    return c;
}

Result<LlamaConfig> readLlamaConfig(const std::string &path) {
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly))
        return fail(path, 0, 0, "cannot read: " + f.errorString().toStdString());
    return parseLlamaConfig(f.readAll().toStdString(), path);
}

std::string llamaConfigJson(const LlamaConfig &c) {
    QJsonObject o;
    o["architectures"] = QJsonArray{"LlamaForCausalLM"};
    o["model_type"] = "llama";
    o["hidden_size"] = c.hiddenSize;
    o["intermediate_size"] = c.intermediateSize;
    o["num_hidden_layers"] = c.numHiddenLayers;
    o["num_attention_heads"] = c.numAttentionHeads;
    o["num_key_value_heads"] = c.numKeyValueHeads;
    o["rms_norm_eps"] = c.rmsNormEps;
    o["rope_theta"] = c.ropeTheta;
    o["vocab_size"] = c.vocabSize;
    o["max_position_embeddings"] = c.maxPositionEmbeddings;
    o["tie_word_embeddings"] = c.tieWordEmbeddings;
    o["hidden_act"] = "silu";
    o["torch_dtype"] = "float32";
    return QJsonDocument(o).toJson(QJsonDocument::Indented).toStdString();
}

} // namespace sovereign::agent
