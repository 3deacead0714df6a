// The inference engine (agents/infer): GGUF files written by llama.cpp's own
// tools load with the weights and logits of the Hugging Face folder they came
// from, the engine agrees with an independent python3-torch implementation,
// and caching, batching and threads do not change a logit.
#include "agents/infer/decoder.h"
#include "agents/infer/engine.h"
#include "agents/infer/evaluate.h"
#include "agents/infer/model.h"
#include "agents/safetensors.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstring>

using namespace sovereign;
using namespace sovereign::agent;
using namespace sovereign::agent::infer;

namespace {

const QString kData = QStringLiteral(SOVEREIGN_TEST_DATA "/gguf");

std::string fixture(const char *name) {
    return (kData + "/" + name).toStdString();
}

Model loadOrDie(const std::string &path, std::optional<WeightType> type = std::nullopt) {
    LoadOptions options;
    options.convertTo = type;
    auto m = Model::load(path, options);
    if (!m)
        qFatal("%s", m.error().toString().c_str());
    return std::move(*m);
}

/// Logits of every position of one sequence, in one pass.
std::vector<float> logitsOf(const Model &model, const std::vector<int> &tokens, int threads = 2) {
    Engine engine(model, threads);
    KvCache cache(model.config(), int(tokens.size()));
    std::vector<BatchEntry> batch;
    for (std::size_t p = 0; p < tokens.size(); ++p)
        batch.push_back({&cache, tokens[p], int(p), true});
    auto out = engine.forward(batch);
    if (!out)
        qFatal("%s", out.error().toString().c_str());
    return *out;
}

double maxDifference(const std::vector<float> &a, const std::vector<float> &b) {
    if (a.size() != b.size())
        return INFINITY;
    double worst = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        worst = std::max(worst, double(std::abs(a[i] - b[i])));
    return worst;
}

/// Every matrix and norm of two models, byte for byte; the first difference.
QString firstDifference(const Model &a, const Model &b) {
    auto same = [](const Matrix &x, const Matrix &y) {
        return x.type == y.type && x.rows == y.rows && x.columns == y.columns &&
               std::memcmp(x.data, y.data, std::size_t(x.rows) * x.rowBytes()) == 0 &&
               (!x.rowScales ||
                std::memcmp(x.rowScales, y.rowScales, std::size_t(x.rows) * sizeof(float)) == 0);
    };
    if (!same(a.tokenEmbedding(), b.tokenEmbedding()))
        return "token embedding";
    if (!same(a.output(), b.output()))
        return "output";
    if (a.outputNorm() != b.outputNorm())
        return "output norm";
    for (std::size_t i = 0; i < a.layers().size(); ++i) {
        const auto &x = a.layers()[i], &y = b.layers()[i];
        const std::pair<const Matrix *, const Matrix *> pairs[] = {
            {&x.q, &y.q},       {&x.k, &y.k},   {&x.v, &y.v},      {&x.o, &y.o},
            {&x.gate, &y.gate}, {&x.up, &y.up}, {&x.down, &y.down}};
        const char *names[] = {"q", "k", "v", "o", "gate", "up", "down"};
        for (int m = 0; m < 7; ++m)
            if (!same(*pairs[m].first, *pairs[m].second))
                return QString("layer %1 %2").arg(i).arg(names[m]);
        if (x.attentionNorm != y.attentionNorm || x.ffnNorm != y.ffnNorm)
            return QString("layer %1 norms").arg(i);
    }
    return {};
}

std::vector<int> sampleTokens(const Model &model, int count) {
    // A fixed, varied sequence: BOS then ids spread over the vocabulary.
    std::vector<int> t{1};
    for (int i = 1; i < count; ++i)
        t.push_back(3 + (i * 97) % (model.config().vocabSize - 3));
    return t;
}

} // namespace

class TestInference : public QObject {
    Q_OBJECT

  private slots:
    void ggufHoldsTheConvertedWeights_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("type");
        QTest::newRow("f32 (convert_hf_to_gguf.py)") << "tiny-f32.gguf" << int(WeightType::F32);
        QTest::newRow("f16 (convert_hf_to_gguf.py)") << "tiny-f16.gguf" << int(WeightType::F16);
        QTest::newRow("q8_0 (convert_hf_to_gguf.py)") << "tiny-q8_0.gguf" << int(WeightType::Q8_0);
        QTest::newRow("q4_0 (gguf-py quants)") << "tiny-q4_0.gguf" << int(WeightType::Q4_0);
    }
    // llama.cpp's files hold exactly what we make of the Hugging Face folder:
    // the same rotary row order and, quantized, the same bytes.
    void ggufHoldsTheConvertedWeights() {
        QFETCH(QString, file);
        QFETCH(int, type);
        const Model gguf = loadOrDie(fixture(qPrintable(file)));
        const Model ours = loadOrDie(fixture("tiny-hf"), WeightType(type));
        QCOMPARE(int(gguf.weightType()), type);
        QCOMPARE(gguf.config().vocabSize, ours.config().vocabSize);
        QCOMPARE(firstDifference(gguf, ours), QString());
        const auto tokens = sampleTokens(gguf, 40);
        QCOMPARE(maxDifference(logitsOf(gguf, tokens), logitsOf(ours, tokens)), 0.0);
    }

    // The F32 engine against tests/llama_reference.py (python3-torch, written
    // from the architecture description, Hugging Face's rotary layout).
    void matchesTorchReference_data() {
        QTest::addColumn<QString>("model");
        QTest::newRow("Hugging Face folder") << "tiny-hf";
        QTest::newRow("llama.cpp's f32 GGUF") << "tiny-f32.gguf";
    }
    void matchesTorchReference() {
        QFETCH(QString, model);
        const Model m = loadOrDie(fixture(qPrintable(model)));
        const auto tokens = sampleTokens(m, 64);
        const auto logits = logitsOf(m, tokens);
        const auto vocab = std::size_t(m.config().vocabSize);
        double nll = 0;
        for (std::size_t p = 0; p + 1 < tokens.size(); ++p)
            nll -= logProbability(std::span(logits).subspan(p * vocab, vocab), tokens[p + 1]);
        const double mean = nll / double(tokens.size() - 1);
        std::vector<std::int64_t> ids(tokens.begin(), tokens.end());
        QTemporaryDir dir;
        const std::string ours = dir.filePath("ours.safetensors").toStdString();
        auto written = writeSafetensors(
            ours,
            {{"tokens", DType::I64, {std::int64_t(ids.size())}, std::as_bytes(std::span(ids))},
             {"logits",
              DType::F32,
              {std::int64_t(tokens.size()), std::int64_t(vocab)},
              std::as_bytes(std::span(logits))}},
            {{"mean_nll", std::to_string(mean)},
             {"perplexity", std::to_string(std::exp(mean))},
             {"tokens", std::to_string(tokens.size())}});
        QVERIFY2(written, written ? "" : written.error().toString().c_str());
        QProcess python;
        python.start("/usr/bin/python3",
                     {SOVEREIGN_SOURCE_DIR "/tests/llama_reference.py", "check", "--model",
                      kData + "/tiny-hf", "--ours", QString::fromStdString(ours), "--tol", "1e-4"});
        QVERIFY(python.waitForFinished(120000));
        const QByteArray out = python.readAllStandardOutput() + python.readAllStandardError();
        QVERIFY2(python.exitCode() == 0, out.constData());
    }

    // Token by token through the cache gives the logits of one pass.
    void cachedDecodingEqualsOnePass() {
        const Model m = loadOrDie(fixture("tiny-q8_0.gguf"));
        const auto tokens = sampleTokens(m, 24);
        const auto whole = logitsOf(m, tokens);
        Engine engine(m, 2);
        KvCache cache(m.config(), 24);
        std::vector<float> stepwise;
        for (int p = 0; p < 24; ++p) {
            const BatchEntry e{&cache, tokens[std::size_t(p)], p, true};
            auto out = engine.forward(std::span(&e, 1));
            QVERIFY(out);
            stepwise.insert(stepwise.end(), out->begin(), out->end());
        }
        QVERIFY2(maxDifference(whole, stepwise) < 1e-5,
                 qPrintable(QString::number(maxDifference(whole, stepwise))));
    }

    // Two sequences in one batch (continuous batching) each get their own
    // logits, as if run alone.
    void batchedSequencesAreIndependent() {
        const Model m = loadOrDie(fixture("tiny-q4_0.gguf"));
        const auto a = sampleTokens(m, 12);
        std::vector<int> b{1, 40, 41, 42, 43, 44, 45, 46};
        const auto alone = logitsOf(m, a), aloneB = logitsOf(m, b);
        Engine engine(m, 2);
        KvCache ca(m.config(), 12), cb(m.config(), 8);
        std::vector<BatchEntry> batch;
        for (int p = 0; p < 12; ++p) {
            batch.push_back({&ca, a[std::size_t(p)], p, true});
            if (p < 8)
                batch.push_back({&cb, b[std::size_t(p)], p, true});
        }
        auto out = engine.forward(batch);
        QVERIFY(out);
        const auto vocab = std::size_t(m.config().vocabSize);
        std::vector<float> gotA, gotB;
        for (std::size_t i = 0; i < batch.size(); ++i)
            (batch[i].cache == &ca ? gotA : gotB)
                .insert((batch[i].cache == &ca ? gotA : gotB).end(), out->begin() + long(i * vocab),
                        out->begin() + long((i + 1) * vocab));
        QVERIFY(maxDifference(alone, gotA) < 1e-5);
        QVERIFY(maxDifference(aloneB, gotB) < 1e-5);
    }

    // Each row is computed by one thread whole: the thread count cannot
    // change a bit.
    void threadCountChangesNothing() {
        const Model m = loadOrDie(fixture("tiny-q4_0.gguf"));
        const auto tokens = sampleTokens(m, 16);
        QCOMPARE(maxDifference(logitsOf(m, tokens, 1), logitsOf(m, tokens, 2)), 0.0);
        QCOMPARE(maxDifference(logitsOf(m, tokens, 1), logitsOf(m, tokens, 3)), 0.0);
    }

    // Ours written as GGUF loads back with the same bytes, logits and
    // vocabulary.
    void ggufRoundTrip_data() {
        QTest::addColumn<int>("type");
        QTest::newRow("f32") << int(WeightType::F32);
        QTest::newRow("f16") << int(WeightType::F16);
        QTest::newRow("q8_0") << int(WeightType::Q8_0);
        QTest::newRow("q4_0") << int(WeightType::Q4_0);
        QTest::newRow("int8 (ours: I8 + row scales)") << int(WeightType::I8);
    }
    void ggufRoundTrip() {
        QFETCH(int, type);
        const Model ours = loadOrDie(fixture("tiny-hf"), WeightType(type));
        QTemporaryDir dir;
        const std::string path = dir.filePath("tiny.gguf").toStdString();
        auto written = ours.writeGguf(path, "tiny");
        QVERIFY2(written, written ? "" : written.error().toString().c_str());
        const Model back = loadOrDie(path);
        QCOMPARE(firstDifference(ours, back), QString());
        const auto tokens = sampleTokens(ours, 20);
        QCOMPARE(maxDifference(logitsOf(ours, tokens), logitsOf(back, tokens)), 0.0);
        QVERIFY(back.tokenizer());
        const auto v1 = ours.tokenizer()->vocabulary(), v2 = back.tokenizer()->vocabulary();
        QCOMPARE(v1.pieces.size(), v2.pieces.size());
        for (std::size_t i = 0; i < v1.pieces.size(); ++i) {
            QCOMPARE(v1.pieces[i].text, v2.pieces[i].text);
            QCOMPARE(v1.pieces[i].score, v2.pieces[i].score);
            QCOMPARE(int(v1.pieces[i].type), int(v2.pieces[i].type));
        }
    }

    // The vocabulary llama.cpp's converter stored tokenizes as the
    // tokenizer.model it came from.
    void ggufTokenizerEncodesAsSentencePiece() {
        const Model gguf = loadOrDie(fixture("tiny-f32.gguf"));
        auto original = Tokenizer::load(fixture("tiny-hf/tokenizer.model"));
        QVERIFY(original);
        QVERIFY(gguf.tokenizer());
        for (const char *text :
             {"O sol brilha sobre o mar.", "The year 2024 had 366 days.",
              "ação, coração — naïve café", "  two  spaces", "\xF0\x9F\x98\x80 emoji"}) {
            QCOMPARE(gguf.tokenizer()->encode(text), original->encode(text));
            QCOMPARE(gguf.tokenizer()->decode(original->encode(text)),
                     original->decode(original->encode(text)));
        }
    }
};

QTEST_GUILESS_MAIN(TestInference)
#include "tst_inference.moc"
