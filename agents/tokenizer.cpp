#include "agents/tokenizer.h"

#include "agents/atomicfile.h"
#include "agents/corpus.h"
#include "agents/sentencepieceproto.h"
#include "agents/tokenizerbackend.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include <dlfcn.h>

#include <algorithm>
#include <mutex>
#include <thread>

namespace sovereign::agent {

namespace {

using Factory = TokenizerBackend *(*)();

/// Finds and opens the SentencePiece module once: beside the program, in
/// ../lib/sovereign, or where the build put it.
Result<Factory> backendFactory() {
    static std::once_flag once;
    static Result<Factory> factory = fail("not loaded");
    std::call_once(once, [] {
        const std::string name = "libsovereign_sentencepiece.so";
        std::vector<std::string> candidates;
        if (const QByteArray env = qgetenv("SOVEREIGN_SENTENCEPIECE_MODULE"); !env.isEmpty())
            candidates.push_back(env.toStdString());
        const QString exeDir = QFileInfo(QStringLiteral("/proc/self/exe")).canonicalPath();
        candidates.push_back(QDir(exeDir).filePath(QString::fromStdString(name)).toStdString());
        candidates.push_back(QDir(exeDir)
                                 .filePath("../lib/sovereign/" + QString::fromStdString(name))
                                 .toStdString());
        candidates.push_back(SOVEREIGN_SENTENCEPIECE_MODULE);
        std::string tried;
        for (const auto &path : candidates) {
            if (!QFileInfo::exists(QString::fromStdString(path))) {
                tried += "\n  " + path + " (missing)";
                continue;
            }
            void *handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
            if (!handle) {
                tried += "\n  " + path + ": " + dlerror();
                continue;
            }
            if (auto f = reinterpret_cast<Factory>(dlsym(handle, "sovereign_tokenizer_backend"))) {
                factory = f;
                return;
            }
            tried += "\n  " + path + ": no entry point";
        }
        factory = fail("cannot load the SentencePiece module " + name + "; tried:" + tried);
    });
    return factory;
}

Result<std::unique_ptr<TokenizerBackend>> newBackend() {
    auto factory = backendFactory();
    if (!factory)
        return std::unexpected(factory.error());
    return std::unique_ptr<TokenizerBackend>((*factory)());
}

} // namespace

Tokenizer::Tokenizer(Tokenizer &&) noexcept = default;
Tokenizer &Tokenizer::operator=(Tokenizer &&) noexcept = default;
Tokenizer::~Tokenizer() = default;

Result<Tokenizer> Tokenizer::load(const std::string &path) {
    auto backend = newBackend();
    if (!backend)
        return std::unexpected(backend.error());
    Tokenizer t;
    t.m_path = path;
    t.m_backend = std::move(*backend);
    if (std::string error; !t.m_backend->load(path, error))
        return fail(path, 0, 0, "not a SentencePiece tokenizer.model: " + error);
    return t;
}

Result<Tokenizer> Tokenizer::fromSerialized(const std::string &model, const std::string &name) {
    auto backend = newBackend();
    if (!backend)
        return std::unexpected(backend.error());
    Tokenizer t;
    t.m_path = name;
    t.m_backend = std::move(*backend);
    if (std::string error; !t.m_backend->loadSerialized(model, error))
        return fail(name, 0, 0, "not a SentencePiece model: " + error);
    return t;
}

Result<Tokenizer> Tokenizer::fromVocabulary(const Vocabulary &vocabulary, const std::string &name) {
    auto checked = checkVocabulary(vocabulary, name);
    if (!checked)
        return std::unexpected(checked.error());
    return fromSerialized(sentencePieceModelProto(vocabulary), name);
}

int Tokenizer::unkId() const {
    return m_backend->unkId();
}

std::string Tokenizer::serialized() const {
    return m_backend->serialized();
}

Vocabulary Tokenizer::vocabulary() const {
    Vocabulary v;
    const int n = m_backend->pieceSize();
    v.pieces.resize(std::size_t(n));
    for (int id = 0; id < n; ++id) {
        int type = 1;
        m_backend->piece(id, v.pieces[std::size_t(id)].text, v.pieces[std::size_t(id)].score, type);
        v.pieces[std::size_t(id)].type = PieceType(type);
    }
    v.unkId = unkId();
    v.bosId = bosId();
    v.eosId = eosId();
    return v;
}

std::vector<int> Tokenizer::encode(const std::string &text) const {
    return m_backend->encode(text);
}
std::string Tokenizer::decode(const std::vector<int> &ids) const {
    return m_backend->decode(ids);
}
int Tokenizer::vocabSize() const {
    return m_backend->pieceSize();
}
int Tokenizer::bosId() const {
    return m_backend->bosId();
}
int Tokenizer::eosId() const {
    return m_backend->eosId();
}

Result<int> trainTokenizer(const TokenizerTrainOptions &options) {
    if (options.inputs.empty())
        return fail("tokenizer train: give at least one text file");
    if (options.modelType != "bpe" && options.modelType != "unigram")
        return fail("tokenizer train: --type must be bpe or unigram, not \"" + options.modelType +
                    "\"");
    std::vector<std::string> lines;
    for (const auto &input : options.inputs) {
        auto text = readUtf8Text(input);
        if (!text)
            return std::unexpected(text.error());
        std::size_t start = 0;
        while (start < text->size()) {
            std::size_t end = text->find('\n', start);
            if (end == std::string::npos)
                end = text->size();
            if (end > start)
                lines.push_back(text->substr(start, end - start));
            start = end + 1;
        }
    }
    if (lines.empty())
        return fail(options.inputs.front(), 0, 0, "no text to train a tokenizer on");
    auto backend = newBackend();
    if (!backend)
        return std::unexpected(backend.error());
    const int threads = options.threads > 0
                            ? options.threads
                            : int(std::max(1u, std::thread::hardware_concurrency()));
    // No model_prefix: the model comes back in memory and we write it.
    const std::vector<std::pair<std::string, std::string>> args{
        {"model_type", options.modelType}, {"vocab_size", std::to_string(options.vocabSize)},
        {"character_coverage", "1.0"},     {"byte_fallback", "true"},
        {"split_digits", "true"},          {"num_threads", std::to_string(threads)},
        {"max_sentence_length", "16384"},  {"minloglevel", "2"},
    };
    std::string model, error;
    if (!(*backend)->train(args, lines, model, error))
        return fail(options.output, 0, 0, "tokenizer training failed: " + error);
    if (auto written = writeTextAtomically(options.output, model); !written)
        return std::unexpected(written.error());
    auto check = Tokenizer::load(options.output);
    if (!check)
        return std::unexpected(check.error());
    return check->vocabSize();
}

} // namespace sovereign::agent
