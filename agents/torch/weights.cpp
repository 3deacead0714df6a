#include "agents/torch/weights.h"

#include "agents/atomicfile.h"
#include "agents/corpus.h"
#include "agents/torch/modelfiles.h"

#include <ATen/ATen.h>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cstring>

namespace sovereign::agent {

Result<at::Tensor> readTensor(const SafetensorsFile &file, const TensorInfo &info) {
    const auto bytes = file.bytes(info);
    std::vector<std::int64_t> shape = info.shape;
    at::ScalarType type;
    switch (info.dtype) {
    case DType::F32:
        type = at::kFloat;
        break;
    case DType::F16:
        type = at::kHalf;
        break;
    case DType::BF16:
        type = at::kBFloat16;
        break;
    case DType::I64:
        type = at::kLong;
        break;
    default:
        return fail(file.path(), 0, 0,
                    "tensor \"" + info.name + "\" is " + dtypeName(info.dtype) +
                        "; expected F32, F16, BF16 or I64");
    }
    // The mapping is read-only and may be unaligned: copy into owned memory.
    at::Tensor out = at::empty(shape, at::TensorOptions().dtype(type));
    if (!bytes.empty())
        std::memcpy(out.data_ptr(), bytes.data(), bytes.size());
    if (type == at::kHalf || type == at::kBFloat16)
        out = out.to(at::kFloat);
    return out;
}

Result<void> writeTensors(const std::string &path, const NamedTensors &tensors,
                          const std::map<std::string, std::string> &metadata) {
    std::vector<at::Tensor> keep;
    std::vector<TensorToWrite> out;
    keep.reserve(tensors.size());
    for (const auto &[name, tensor] : tensors) {
        at::Tensor t = tensor.detach().contiguous();
        DType dtype;
        if (t.scalar_type() == at::kFloat)
            dtype = DType::F32;
        else if (t.scalar_type() == at::kLong)
            dtype = DType::I64;
        else
            return fail(path, 0, 0, "cannot write tensor \"" + name + "\": not float32 or int64");
        keep.push_back(t);
        out.push_back({name, dtype, std::vector<std::int64_t>(t.sizes().begin(), t.sizes().end()),
                       std::span(static_cast<const std::byte *>(t.data_ptr()), t.nbytes())});
    }
    return writeSafetensors(path, out, metadata);
}

namespace {

constexpr const char *kAvg = "adamw.exp_avg.";
constexpr const char *kAvgSq = "adamw.exp_avg_sq.";

QByteArray digest(const SafetensorsFile &file) {
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const TensorInfo &info : file.tensors()) {
        const auto bytes = file.bytes(info);
        hash.addData(
            QByteArrayView(reinterpret_cast<const char *>(bytes.data()), qsizetype(bytes.size())));
    }
    return hash.result().toHex();
}

QByteArray digest(const NamedTensors &tensors) {
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const auto &[name, t] : tensors) {
        const at::Tensor c = t.detach().contiguous();
        hash.addData(
            QByteArrayView(static_cast<const char *>(c.data_ptr()), qsizetype(c.nbytes())));
    }
    return hash.result().toHex();
}

QStringList checkpointFiles(const QDir &dir) {
    // step-00000123.safetensors: names sort by step; newest first.
    QStringList names =
        dir.entryList({"step-*.safetensors"}, QDir::Files, QDir::Name | QDir::Reversed);
    return names;
}

} // namespace

Result<std::string> saveCheckpoint(const std::string &dirPath, const Checkpoint &cp, int keep) {
    QDir dir(QString::fromStdString(dirPath));
    if (!dir.exists() && !QDir().mkpath(dir.absolutePath()))
        return fail(dirPath, 0, 0, "cannot create the checkpoint folder");
    NamedTensors all = cp.trainable;
    for (const auto &[name, t] : cp.expAvg)
        all.emplace_back(kAvg + name, t);
    for (const auto &[name, t] : cp.expAvgSq)
        all.emplace_back(kAvgSq + name, t);
    std::map<std::string, std::string> meta = cp.facts;
    meta["step"] = std::to_string(cp.step);
    meta["sha256"] = digest(all).toStdString();
    char name[64];
    std::snprintf(name, sizeof name, "step-%08lld.safetensors", static_cast<long long>(cp.step));
    const std::string path = dir.filePath(name).toStdString();
    if (auto written = writeTensors(path, all, meta); !written)
        return std::unexpected(written.error());
    const QStringList files = checkpointFiles(dir);
    for (qsizetype i = keep; i < files.size(); ++i)
        dir.remove(files[i]);
    return path;
}

Result<std::optional<LoadedCheckpoint>>
loadLatestCheckpoint(const std::string &dirPath, const std::string &fingerprint,
                     const std::function<void(const std::string &, const std::string &)> &refused) {
    const QDir dir(QString::fromStdString(dirPath));
    if (!dir.exists())
        return std::optional<LoadedCheckpoint>{};
    for (const QString &name : checkpointFiles(dir)) {
        const std::string path = dir.filePath(name).toStdString();
        auto file = SafetensorsFile::open(path);
        if (!file) {
            refused(path, file.error().message);
            continue;
        }
        const auto &meta = file->metadata();
        const auto fact = [&](const char *key) {
            const auto it = meta.find(key);
            return it == meta.end() ? std::string() : it->second;
        };
        if (fact("sha256") != digest(*file).toStdString()) {
            refused(path, "its data does not match the SHA-256 in its header (corrupt)");
            continue;
        }
        if (fact("fingerprint") != fingerprint) {
            refused(path, "it belongs to another job (model, adapter or settings differ)");
            continue;
        }
        LoadedCheckpoint loaded;
        loaded.path = path;
        loaded.checkpoint.facts = meta;
        try {
            loaded.checkpoint.step = std::stoll(fact("step"));
        } catch (...) {
            refused(path, "its header has no valid step");
            continue;
        }
        bool ok = true;
        for (const TensorInfo &info : file->tensors()) {
            auto t = readTensor(*file, info);
            if (!t) {
                refused(path, t.error().message);
                ok = false;
                break;
            }
            if (info.name.starts_with(kAvgSq))
                loaded.checkpoint.expAvgSq.emplace_back(info.name.substr(std::strlen(kAvgSq)), *t);
            else if (info.name.starts_with(kAvg))
                loaded.checkpoint.expAvg.emplace_back(info.name.substr(std::strlen(kAvg)), *t);
            else
                loaded.checkpoint.trainable.emplace_back(info.name, *t);
        }
        if (ok)
            return std::optional<LoadedCheckpoint>(std::move(loaded));
    }
    return std::optional<LoadedCheckpoint>{};
}

} // namespace sovereign::agent

// ---- model and adapter folders (modelfiles.h) ----

namespace sovereign::agent {

namespace {

std::string join(const std::string &dir, const char *name) {
    return QDir(QString::fromStdString(dir)).filePath(name).toStdString();
}

bool exists(const std::string &path) {
    return QFileInfo::exists(QString::fromStdString(path));
}

} // namespace

Result<LoadedModel> loadModelDir(const std::string &dir, bool mayInitialise, std::uint64_t seed,
                                 const std::string &tokenizerPath, bool needTokenizer) {
    if (!QFileInfo(QString::fromStdString(dir)).isDir())
        return fail(dir, 0, 0, "not a folder (expected a model folder with config.json)");
    auto config = readLlamaConfig(join(dir, "config.json"));
    if (!config)
        return std::unexpected(config.error());
    LoadedModel loaded;
    loaded.model = std::make_unique<LlamaModel>(*config);
    // The tokenizer first: a mismatch is cheaper to find than loading weights.
    const std::string tok = tokenizerPath.empty() ? join(dir, "tokenizer.model") : tokenizerPath;
    if (exists(tok)) {
        auto t = Tokenizer::load(tok);
        if (!t)
            return std::unexpected(t.error());
        if (t->vocabSize() > config->vocabSize)
            return fail(tok, 0, 0,
                        "the tokenizer has " + std::to_string(t->vocabSize()) +
                            " pieces but config.json's vocab_size is " +
                            std::to_string(config->vocabSize));
        loaded.tokenizer = std::move(*t);
    } else if (needTokenizer) {
        return fail(tok, 0, 0,
                    "missing: the job needs a SentencePiece tokenizer.model (in the model folder, "
                    "or give tokenizer: in the job)");
    }
    const std::string weights = join(dir, "model.safetensors");
    if (exists(weights)) {
        auto file = SafetensorsFile::open(weights);
        if (!file)
            return std::unexpected(file.error());
        if (auto ok = loaded.model->loadWeights(*file); !ok)
            return std::unexpected(ok.error());
    } else if (mayInitialise) {
        loaded.model->initialise(seed);
        loaded.initialised = true;
    } else {
        return fail(weights, 0, 0, "missing: this job needs the model's weights");
    }
    return loaded;
}

Result<void> applyAdapter(LlamaModel &model, const std::string &dir) {
    auto config = readLoraConfig(join(dir, "adapter_config.json"));
    if (!config)
        return std::unexpected(config.error());
    auto file = SafetensorsFile::open(join(dir, "adapter_model.safetensors"));
    if (!file)
        return std::unexpected(file.error());
    model.addLora(*config, 0);
    return model.loadLora(*file);
}

Result<std::vector<std::int64_t>> tokenizeFiles(const Tokenizer &tokenizer,
                                                const std::vector<std::string> &files) {
    std::vector<std::int64_t> stream;
    for (const auto &file : files) {
        auto text = readUtf8Text(file);
        if (!text)
            return std::unexpected(text.error());
        if (tokenizer.bosId() >= 0)
            stream.push_back(tokenizer.bosId());
        for (int id : tokenizer.encode(*text))
            stream.push_back(id);
    }
    return stream;
}

Result<void> writeModelDir(const std::string &dir, const LlamaModel &model,
                           const std::string &tokenizerPath) {
    if (!QDir().mkpath(QString::fromStdString(dir)))
        return fail(dir, 0, 0, "cannot create the output folder");
    if (auto ok = writeTensors(join(dir, "model.safetensors"), model.weights(), {{"format", "pt"}});
        !ok)
        return ok;
    if (!tokenizerPath.empty() && tokenizerPath != join(dir, "tokenizer.model")) {
        QFile in(QString::fromStdString(tokenizerPath));
        if (!in.open(QIODevice::ReadOnly))
            return fail(tokenizerPath, 0, 0, "cannot read: " + in.errorString().toStdString());
        if (auto ok = writeTextAtomically(join(dir, "tokenizer.model"), in.readAll().toStdString());
            !ok)
            return ok;
    }
    // config.json last: a folder with it is a complete model.
    return writeTextAtomically(join(dir, "config.json"), llamaConfigJson(model.config()));
}

Result<void> writeAdapterDir(const std::string &dir, const LlamaModel &model,
                             const std::string &baseModel) {
    if (!QDir().mkpath(QString::fromStdString(dir)))
        return fail(dir, 0, 0, "cannot create the output folder");
    if (auto ok = writeTensors(join(dir, "adapter_model.safetensors"), model.loraWeights(),
                               {{"format", "pt"}});
        !ok)
        return ok;
    LoraConfig config = model.lora();
    config.baseModel = baseModel;
    return writeTextAtomically(join(dir, "adapter_config.json"), loraConfigJson(config));
}

} // namespace sovereign::agent
