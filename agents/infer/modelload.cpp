// Model::load, and what both loaders share: converting matrices as they load.
#include "agents/infer/model.h"
#include "agents/infer/modelloader.h"

#include "agents/infer/quant.h"

#include <QDir>
#include <QFileInfo>

#include <cstring>

namespace sovereign::agent::infer {

std::string quoted(const std::string &s) {
    return "\"" + s + "\"";
}

/// Quantizes or converts one row of floats into `type`.
void encodeRow(const float *x, std::int64_t n, WeightType type, std::byte *out, float *scale) {
    switch (type) {
    case WeightType::F32:
        std::memcpy(out, x, std::size_t(n) * sizeof(float));
        break;
    case WeightType::F16: {
        auto *h = reinterpret_cast<std::uint16_t *>(out);
        for (std::int64_t i = 0; i < n; ++i)
            h[i] = floatToFp16(x[i]);
        break;
    }
    case WeightType::Q8_0:
        quantizeRowQ8_0(x, reinterpret_cast<BlockQ8_0 *>(out), n);
        break;
    case WeightType::Q4_0:
        quantizeRowQ4_0(x, reinterpret_cast<BlockQ4_0 *>(out), n);
        break;
    case WeightType::I8:
        quantizeRowI8(x, reinterpret_cast<std::int8_t *>(out), *scale, n);
        break;
    }
}

/// Types whose rows must be whole blocks of 32: the quantized ones, and I8,
/// whose products take activations quantized in blocks.
bool wholeBlocks(WeightType type) {
    return type == WeightType::Q8_0 || type == WeightType::Q4_0 || type == WeightType::I8;
}

/// `source` re-encoded as `type` into buffers of the model's.
Result<Matrix> convertMatrix(const Matrix &source, WeightType type, const std::string &tensor,
                             WeightBuffers &buffers, std::vector<std::vector<float>> &scales,
                             std::vector<std::string> &notes) {
    // Rows that do not fill whole blocks stay F16, as llama.cpp's quantizer
    // falls back too; the model notes it.
    if (wholeBlocks(type) && source.columns % kBlock != 0) {
        notes.push_back("tensor " + tensor + " kept in f16: its rows of " +
                        std::to_string(source.columns) + " weights are not whole blocks of " +
                        std::to_string(kBlock));
        type = WeightType::F16;
        if (source.type == type)
            return source;
    }
    Matrix m;
    m.type = type;
    m.rows = source.rows;
    m.columns = source.columns;
    std::byte *data = allocateWeights(buffers, std::size_t(m.rows) * m.rowBytes());
    m.data = data;
    float *rowScales = nullptr;
    if (type == WeightType::I8) {
        scales.emplace_back(std::size_t(m.rows));
        rowScales = scales.back().data();
        m.rowScales = rowScales;
    }
    std::vector<float> row(std::size_t(source.columns));
    for (std::int64_t r = 0; r < m.rows; ++r) {
        source.dequantizeRow(r, row.data());
        encodeRow(row.data(), m.columns, type, data + std::size_t(r) * m.rowBytes(),
                  rowScales ? rowScales + r : nullptr);
    }
    return m;
}

Result<Model> Model::load(const std::string &path, const LoadOptions &options) {
    const QFileInfo info(QString::fromStdString(path));
    if (!info.exists())
        return fail(path, 0, 0, "no such file or folder");
    if (info.isDir()) {
        const QDir d(info.filePath());
        if (d.exists("model.gguf"))
            return ModelLoader::fromGguf(d.filePath("model.gguf").toStdString(), options);
        if (!d.exists("config.json"))
            return fail(path, 0, 0,
                        "a model folder needs model.gguf (a quantized model) or config.json and "
                        "model.safetensors (Hugging Face's layout)");
        return ModelLoader::fromHuggingFace(path, options);
    }
    return ModelLoader::fromGguf(path, options);
}

} // namespace sovereign::agent::infer
