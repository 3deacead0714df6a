// sovereign-agent trains for real: a small Llama on English fortunes, a LoRA
// adapter for Portuguese, merge, perplexity, an independent python3-torch
// implementation on the same weights, checkpoints that survive kill -9, and
// corrupt inputs refused. Small models: each case takes seconds.
#include "agents/safetensors.h"
#include "agents/tokenizer.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <csignal>

using namespace sovereign::agent;

namespace {

struct Run {
    int exitCode = -1;
    QList<QJsonObject> events;
    QString err;

    QJsonObject last(const QString &event) const {
        for (auto it = events.rbegin(); it != events.rend(); ++it)
            if (it->value("event").toString() == event)
                return *it;
        return {};
    }
    int count(const QString &event) const {
        return int(std::count_if(events.begin(), events.end(), [&](const QJsonObject &o) {
            return o.value("event").toString() == event;
        }));
    }
};

Run parseRun(QProcess &p) {
    Run r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.err = QString::fromUtf8(p.readAllStandardError());
    for (const QByteArray &line : p.readAllStandardOutput().split('\n'))
        if (!line.trimmed().isEmpty())
            r.events.append(QJsonDocument::fromJson(line).object());
    return r;
}

Run agent(const QStringList &args, int timeoutMs = 120000) {
    QProcess p;
    p.start(SOVEREIGN_AGENT_BIN, args);
    if (!p.waitForFinished(timeoutMs))
        p.kill();
    p.waitForFinished();
    return parseRun(p);
}

QString describe(const Run &r) {
    QStringList lines;
    for (const auto &e : r.events)
        lines << QString::fromUtf8(QJsonDocument(e).toJson(QJsonDocument::Compact));
    return QString("exit %1\nstderr: %2\nstdout:\n%3").arg(r.exitCode).arg(r.err, lines.join('\n'));
}

void writeFile(const QString &path, const QByteArray &text) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    f.write(text);
}

QByteArray readFile(const QString &path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

const char *kTinyConfig = R"({"architectures": ["LlamaForCausalLM"], "model_type": "llama",
  "hidden_size": 64, "intermediate_size": 176, "num_hidden_layers": 2, "num_attention_heads": 4,
  "num_key_value_heads": 2, "rms_norm_eps": 1e-5, "rope_theta": 10000, "vocab_size": 1000,
  "max_position_embeddings": 128, "tie_word_embeddings": true})";

/// Largest |a - b| over the "logits" of two forward dumps.
double maxLogitDifference(const QString &a, const QString &b) {
    auto fa = SafetensorsFile::open(a.toStdString());
    auto fb = SafetensorsFile::open(b.toStdString());
    if (!fa || !fb)
        return INFINITY;
    auto la = fa->toFloat32(*fa->find("logits"));
    auto lb = fb->toFloat32(*fb->find("logits"));
    if (!la || !lb || la->size() != lb->size())
        return INFINITY;
    double worst = 0;
    for (std::size_t i = 0; i < la->size(); ++i)
        worst = std::max(worst, double(std::abs((*la)[i] - (*lb)[i])));
    return worst;
}

} // namespace

class TestAgentTraining : public QObject {
    Q_OBJECT
  private slots:
    void initTestCase();
    void tokenizerRoundTrips();
    void trainingBeatsTheUnigramBaseline();
    void energyIsReportedWithItsSource();
    void loraAdaptsAndForgetsLessThanFullFinetuning();
    void mergedModelEqualsBasePlusAdapter();
    void matchesAnIndependentImplementation_data();
    void matchesAnIndependentImplementation();
    void resumesBitIdenticallyAfterKill9();
    void sigtermCheckpointsAndResumes();
    void corruptCheckpointFallsBackToThePreviousOne();
    void refusesCorruptModels_data();
    void refusesCorruptModels();
    void refusesABadJobSpec();
    void quantizedPerplexityStaysClose_data();
    void quantizedPerplexityStaysClose();
    void inferJobAnswersAndResumes();
    void generatesFromTheQuantizedModel();

  private:
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QString job(const QString &name, const QString &yaml) const;
    double perplexity(const QString &model, const QString &adapter, const QString &text);
    QString loraJob(const QString &name, int every) const;

    QTemporaryDir m_dir;
    Run m_train;
    Run m_lora;
    double m_basePt = 0, m_baseEn = 0;
};

QString TestAgentTraining::job(const QString &name, const QString &yaml) const {
    writeFile(path(name), yaml.toUtf8());
    return path(name);
}

double TestAgentTraining::perplexity(const QString &model, const QString &adapter,
                                     const QString &text) {
    QString yaml = "schema_version: 1\nkind: eval\nmodel: " + model + "\ndata: {eval: " + text +
                   "}\nseq_len: 32\nthreads: 2\n";
    if (!adapter.isEmpty())
        yaml += "adapter: " + adapter + "\n";
    const Run r = agent({"run", job("eval.yaml", yaml)});
    if (r.exitCode != 0)
        qWarning("%s", qPrintable(describe(r)));
    return r.last("metric").value("perplexity").toDouble(NAN);
}

QString TestAgentTraining::loraJob(const QString &name, int every) const {
    return job(name + ".yaml",
               "schema_version: 1\nkind: finetune-lora\nmodel: base\noutput: " + name +
                   "\ndata: {train: [pt/train.txt]}\nsteps: 200\nbatch_size: 4\nseq_len: 32\n"
                   "lr: 1.0e-2\nwarmup_steps: 5\nseed: 3\nthreads: 2\nlog_every: 10\n"
                   "lora: {r: 4, alpha: 8, dropout: 0.1, target_modules: [q_proj, v_proj]}\n"
                   "checkpoint: {dir: " +
                   name + "-ckpt, every_steps: " + QString::number(every) + "}\n");
}

void TestAgentTraining::initTestCase() {
    QVERIFY(m_dir.isValid());
    for (const char *lang : {"en", "pt"}) {
        const Run r = agent({"corpus", "fortunes", "--lang", lang, "--out", path(lang)});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    }
    QVERIFY(QDir().mkpath(path("base-init")));
    const Run tok = agent({"tokenizer", "train", "--input", path("en/train.txt"), "--input",
                           path("pt/train.txt"), "--output", path("base-init/tokenizer.model"),
                           "--vocab-size", "1000"});
    QVERIFY2(tok.exitCode == 0, qPrintable(describe(tok)));
    writeFile(path("base-init/config.json"), kTinyConfig);
    m_train =
        agent({"run", job("train.yaml",
                          "schema_version: 1\nkind: train\nmodel: base-init\n"
                          "output: base\ndata: {train: [en/train.txt], eval: en/heldout.txt}\n"
                          "steps: 300\nbatch_size: 8\nseq_len: 32\nlr: 3.0e-3\n"
                          "warmup_steps: 20\nweight_decay: 0.01\nseed: 1\nthreads: 2\n"
                          "log_every: 50\n")});
    QVERIFY2(m_train.exitCode == 0, qPrintable(describe(m_train)));
    m_baseEn = perplexity("base", {}, "en/heldout.txt");
    m_basePt = perplexity("base", {}, "pt/heldout.txt");
    m_lora = agent({"run", loraJob("adapter", 0)});
    QVERIFY2(m_lora.exitCode == 0, qPrintable(describe(m_lora)));
}

void TestAgentTraining::tokenizerRoundTrips() {
    auto tok = Tokenizer::load(path("base-init/tokenizer.model").toStdString());
    QVERIFY2(tok, tok ? "" : tok.error().toString().c_str());
    QCOMPARE(tok->vocabSize(), 1000);
    const std::string text = "O pão sempre cai com a manteiga para baixo; 1234 ∑ 🙂";
    const auto ids = tok->encode(text);
    QVERIFY(ids.size() > 5);
    QCOMPARE(tok->decode(ids), text); // byte fallback: nothing is out of vocabulary
    QVERIFY(!Tokenizer::load(path("en/train.txt").toStdString()));
}

void TestAgentTraining::trainingBeatsTheUnigramBaseline() {
    const QJsonObject metric = m_train.last("metric");
    const double ppl = metric.value("perplexity").toDouble();
    const double unigram = metric.value("unigram_perplexity").toDouble();
    QVERIFY2(ppl > 1 && unigram > 1, qPrintable(describe(m_train)));
    // Held-out English: the model must learn more than word frequencies.
    QVERIFY2(ppl < 0.75 * unigram,
             qPrintable(QString("perplexity %1, unigram %2").arg(ppl).arg(unigram)));
    QVERIFY2(std::abs(ppl - m_baseEn) < 1e-6 * ppl,
             "the eval job disagrees with the train job's metric");
    QCOMPARE(m_train.count("progress"), 6);
    QVERIFY(m_train.events.first().value("event") == "started");
    QCOMPARE(m_train.last("finished").value("steps").toInt(), 300);
}

void TestAgentTraining::energyIsReportedWithItsSource() {
    const QJsonObject done = m_train.last("finished");
    QVERIFY(done.value("energy_j").toDouble() > 0);
    QCOMPARE(done.value("tokens").toDouble(), 300.0 * 8 * 32);
    QVERIFY(std::abs(done.value("j_per_token").toDouble() * done.value("tokens").toDouble() -
                     done.value("energy_j").toDouble()) < 1e-6 * done.value("energy_j").toDouble());
    const QString source = done.value("energy_source").toString();
    QVERIFY2(QStringList({"rapl", "nvml", "rapl+nvml", "estimated"}).contains(source),
             qPrintable(source));
    // Never an estimate presented as a measurement.
    QCOMPARE(done.value("energy_measured").toBool(), source != "estimated");
    if (source == "estimated")
        QVERIFY(done.value("energy_detail").toString().startsWith("estimated"));
    // An eval job reports its energy too, per evaluated token.
    const Run eval =
        agent({"run", job("eval-energy.yaml", "schema_version: 1\nkind: eval\nmodel: base\n"
                                              "data: {eval: en/heldout.txt}\nseq_len: 32\n")});
    QVERIFY2(eval.exitCode == 0, qPrintable(describe(eval)));
    const QJsonObject evalDone = eval.last("finished");
    QVERIFY(evalDone.value("energy_j").toDouble() > 0);
    QVERIFY(evalDone.value("j_per_token").toDouble() > 0);
    QCOMPARE(evalDone.value("energy_source").toString(), source);
}

void TestAgentTraining::loraAdaptsAndForgetsLessThanFullFinetuning() {
    const double loraPt = perplexity("base", "adapter", "pt/heldout.txt");
    const double loraEn = perplexity("base", "adapter", "en/heldout.txt");
    const Run full =
        agent({"run", job("full.yaml", "schema_version: 1\nkind: train\nmodel: base\noutput: full\n"
                                       "data: {train: [pt/train.txt]}\nsteps: 200\nbatch_size: 4\n"
                                       "seq_len: 32\nlr: 1.0e-2\nwarmup_steps: 5\nseed: 3\n"
                                       "threads: 2\nlog_every: 10\n")});
    QVERIFY2(full.exitCode == 0, qPrintable(describe(full)));
    const double fullPt = perplexity("full", {}, "pt/heldout.txt");
    const double fullEn = perplexity("full", {}, "en/heldout.txt");
    const QString numbers = QString("pt: base %1, lora %2, full %3; en: base %4, lora %5, full %6")
                                .arg(m_basePt)
                                .arg(loraPt)
                                .arg(fullPt)
                                .arg(m_baseEn)
                                .arg(loraEn)
                                .arg(fullEn);
    qInfo("%s", qPrintable(numbers));
    QVERIFY2(loraPt < 0.8 * m_basePt, qPrintable(numbers));
    QVERIFY2(fullPt < m_basePt, qPrintable(numbers));
    QVERIFY2(std::abs(loraEn - m_baseEn) < std::abs(fullEn - m_baseEn), qPrintable(numbers));
    // The adapter is PEFT's layout.
    const QJsonObject config =
        QJsonDocument::fromJson(readFile(path("adapter/adapter_config.json"))).object();
    QCOMPARE(config.value("peft_type").toString(), QString("LORA"));
    QCOMPARE(config.value("r").toInt(), 4);
    QCOMPARE(config.value("lora_alpha").toDouble(), 8.0);
    QCOMPARE(config.value("target_modules").toArray(), QJsonArray({"q_proj", "v_proj"}));
    auto tensors = SafetensorsFile::open(path("adapter/adapter_model.safetensors").toStdString());
    QVERIFY(tensors);
    QCOMPARE(tensors->tensors().size(), std::size_t(2 * 2 * 2)); // layers x modules x (A, B)
    const TensorInfo *a =
        tensors->find("base_model.model.model.layers.1.self_attn.v_proj.lora_A.weight");
    const TensorInfo *b =
        tensors->find("base_model.model.model.layers.1.self_attn.v_proj.lora_B.weight");
    QVERIFY(a && b);
    QCOMPARE(a->shape, (std::vector<std::int64_t>{4, 64})); // r x in
    QCOMPARE(b->shape, (std::vector<std::int64_t>{32, 4})); // out (2 KV heads x 16) x r
}

void TestAgentTraining::mergedModelEqualsBasePlusAdapter() {
    const Run merge =
        agent({"run", job("merge.yaml", "schema_version: 1\nkind: merge\nmodel: base\n"
                                        "adapter: adapter\noutput: merged\n")});
    QVERIFY2(merge.exitCode == 0, qPrintable(describe(merge)));
    for (auto [out, model, adapter] : {std::tuple{"fwd-base.st", "base", ""},
                                       {"fwd-adapted.st", "base", "adapter"},
                                       {"fwd-merged.st", "merged", ""}}) {
        QStringList args{"forward", "--model", path(model),    "--text", path("pt/heldout.txt"),
                         "--out",   path(out), "--max-tokens", "96",     "--threads",
                         "2"};
        if (*adapter)
            args << "--adapter" << path(adapter);
        const Run r = agent(args);
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    }
    const double merged = maxLogitDifference(path("fwd-adapted.st"), path("fwd-merged.st"));
    const double adapterEffect = maxLogitDifference(path("fwd-base.st"), path("fwd-adapted.st"));
    QVERIFY2(merged <= 1e-4, qPrintable(QString::number(merged)));
    QVERIFY2(adapterEffect > 1e-2,
             qPrintable(QString::number(adapterEffect))); // so the check can fail
}

void TestAgentTraining::matchesAnIndependentImplementation_data() {
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("adapter");
    QTest::addColumn<QString>("make"); // a model written by the reference's own writer
    QTest::newRow("the trained base") << "base"
                                      << ""
                                      << "";
    QTest::newRow("base + LoRA adapter") << "base"
                                         << "adapter"
                                         << "";
    QTest::newRow("python-written F32, untied, GQA") << "py-f32"
                                                     << ""
                                                     << "F32 untied";
    QTest::newRow("python-written F16, tied") << "py-f16"
                                              << ""
                                              << "F16 tied";
    QTest::newRow("python-written BF16 + adapter on MLP") << "py-bf16"
                                                          << "py-adapter"
                                                          << "BF16 tied";
}

void TestAgentTraining::matchesAnIndependentImplementation() {
    QFETCH(QString, model);
    QFETCH(QString, adapter);
    QFETCH(QString, make);
    const QString python = SOVEREIGN_TORCH_PYTHON;
    const QString reference = QString(SOVEREIGN_SOURCE_DIR) + "/tests/llama_reference.py";
    const auto py = [&](const QStringList &args) {
        QProcess p;
        p.start(python, QStringList{reference} + args);
        p.waitForFinished(120000);
        return std::pair(p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                         QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError()));
    };
    if (!make.isEmpty()) {
        QString config = kTinyConfig;
        if (make.contains("untied"))
            config.replace("\"tie_word_embeddings\": true", "\"tie_word_embeddings\": false");
        writeFile(path(model + ".json"), config.toUtf8());
        const auto [rc, out] = py({"make-model", "--config", path(model + ".json"), "--out",
                                   path(model), "--seed", "5", "--dtype", make.section(' ', 0, 0)});
        QVERIFY2(rc == 0, qPrintable(out));
        QVERIFY(QFile::copy(path("base-init/tokenizer.model"), path(model + "/tokenizer.model")));
        if (!adapter.isEmpty()) {
            const auto [arc, aout] =
                py({"make-adapter", "--model", path(model), "--out", path(adapter), "--r", "4",
                    "--alpha", "16", "--targets", "q_proj,v_proj,down_proj", "--seed", "6"});
            QVERIFY2(arc == 0, qPrintable(aout));
        }
    }
    QStringList args{"forward",
                     "--model",
                     path(model),
                     "--text",
                     path("pt/heldout.txt"),
                     "--out",
                     path(model + "-" + adapter + ".st"),
                     "--max-tokens",
                     "100",
                     "--threads",
                     "2"};
    if (!adapter.isEmpty())
        args << "--adapter" << path(adapter);
    const Run ours = agent(args);
    QVERIFY2(ours.exitCode == 0, qPrintable(describe(ours)));
    QStringList check{
        "check", "--model", path(model), "--ours", path(model + "-" + adapter + ".st"),
        "--tol", "1e-4"};
    if (!adapter.isEmpty())
        check << "--adapter" << path(adapter);
    const auto [rc, out] = py(check);
    QVERIFY2(rc == 0, qPrintable(out));
    QVERIFY2(out.contains("\"ok\": true"), qPrintable(out));
}

void TestAgentTraining::resumesBitIdenticallyAfterKill9() {
    // m_lora ran the same job uninterrupted (no checkpoints): the reference.
    QProcess p;
    p.start(SOVEREIGN_AGENT_BIN, {"run", loraJob("killed", 10)});
    QVERIFY(p.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(path("killed-ckpt/step-00000020.safetensors")), 60000);
    ::kill(pid_t(p.processId()), SIGKILL);
    p.waitForFinished();
    QCOMPARE(p.exitStatus(), QProcess::CrashExit);
    QVERIFY(!QFile::exists(path("killed/adapter_model.safetensors")));
    const Run resumed = agent({"run", path("killed.yaml")});
    QVERIFY2(resumed.exitCode == 0, qPrintable(describe(resumed)));
    const QJsonObject from = resumed.last("resumed");
    QVERIFY2(from.value("step").toInt() >= 20, qPrintable(describe(resumed)));
    const QByteArray want = readFile(path("adapter/adapter_model.safetensors"));
    QVERIFY(!want.isEmpty());
    QVERIFY2(readFile(path("killed/adapter_model.safetensors")) == want,
             "the resumed run's adapter differs from the uninterrupted run's");
}

void TestAgentTraining::sigtermCheckpointsAndResumes() {
    QProcess p;
    p.start(SOVEREIGN_AGENT_BIN, {"run", loraJob("preempted", 0)});
    QVERIFY(p.waitForStarted());
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT((out += p.readAllStandardOutput()).contains("\"progress\""),
                             60000); // mid-run
    ::kill(pid_t(p.processId()), SIGTERM);
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 75); // EX_TEMPFAIL: checkpointed, run again to resume
    const QStringList written = QDir(path("preempted-ckpt")).entryList({"step-*.safetensors"});
    QCOMPARE(written.size(), 1);
    const Run resumed = agent({"run", path("preempted.yaml")});
    QVERIFY2(resumed.exitCode == 0, qPrintable(describe(resumed)));
    QVERIFY(resumed.count("resumed") == 1);
    QVERIFY(readFile(path("preempted/adapter_model.safetensors")) ==
            readFile(path("adapter/adapter_model.safetensors")));
}

void TestAgentTraining::corruptCheckpointFallsBackToThePreviousOne() {
    const Run first = agent({"run", loraJob("corrupt", 20)});
    QVERIFY2(first.exitCode == 0, qPrintable(describe(first)));
    // Two checkpoints are kept (steps 160 and 180); damage the newest one's data.
    const QString newest = path("corrupt-ckpt/step-00000180.safetensors");
    QByteArray bytes = readFile(newest);
    QVERIFY(bytes.size() > 1000);
    bytes[bytes.size() - 100] = char(bytes[bytes.size() - 100] ^ 0x40);
    writeFile(newest, bytes);
    QVERIFY(QFile::remove(path("corrupt/adapter_model.safetensors")));
    const Run again = agent({"run", path("corrupt.yaml")});
    QVERIFY2(again.exitCode == 0, qPrintable(describe(again)));
    const QJsonObject refused = again.last("checkpoint_refused");
    QCOMPARE(refused.value("path").toString(), newest);
    QVERIFY2(refused.value("reason").toString().contains("SHA-256"), qPrintable(describe(again)));
    QCOMPARE(again.last("resumed").value("step").toInt(), 160);
    QVERIFY(readFile(path("corrupt/adapter_model.safetensors")) ==
            readFile(path("adapter/adapter_model.safetensors")));
    // A truncated one is refused too; with none left the job starts over.
    for (const QString &name : QDir(path("corrupt-ckpt")).entryList({"step-*.safetensors"}))
        writeFile(path("corrupt-ckpt/" + name), readFile(path("corrupt-ckpt/" + name)).left(500));
    const Run fresh = agent({"run", path("corrupt.yaml")});
    QVERIFY2(fresh.exitCode == 0, qPrintable(describe(fresh)));
    QCOMPARE(fresh.count("checkpoint_refused"), 2);
    QVERIFY2(fresh.last("checkpoint_refused").value("reason").toString().contains("truncated"),
             qPrintable(describe(fresh)));
    QCOMPARE(fresh.count("resumed"), 0);
}

void TestAgentTraining::refusesCorruptModels_data() {
    QTest::addColumn<QString>("damage");
    QTest::addColumn<QString>("message");
    QTest::newRow("truncated weights") << "truncate"
                                       << "model.safetensors";
    QTest::newRow("config disagrees with a shape") << "config"
                                                   << "model.layers.0.mlp.gate_proj.weight";
    QTest::newRow("missing weights") << "remove"
                                     << "model.safetensors: missing";
    QTest::newRow("tokenizer too large for the vocabulary") << "vocab"
                                                            << "tokenizer has 1000 pieces";
}

void TestAgentTraining::refusesCorruptModels() {
    QFETCH(QString, damage);
    QFETCH(QString, message);
    const QString dir = path("damaged-" + damage);
    QDir(dir).removeRecursively();
    QVERIFY(QDir().mkpath(dir));
    for (const char *f : {"config.json", "model.safetensors", "tokenizer.model"})
        QVERIFY(QFile::copy(path(QString("base/") + f), dir + "/" + f));
    if (damage == "truncate") {
        const QByteArray all = readFile(dir + "/model.safetensors");
        writeFile(dir + "/model.safetensors", all.left(all.size() - 4));
    } else if (damage == "config") {
        writeFile(dir + "/config.json", QByteArray(kTinyConfig).replace("176", "160"));
    } else if (damage == "remove") {
        QVERIFY(QFile::remove(dir + "/model.safetensors"));
    } else if (damage == "vocab") {
        writeFile(dir + "/config.json",
                  QByteArray(kTinyConfig).replace("\"vocab_size\": 1000", "\"vocab_size\": 900"));
    }
    const Run r =
        agent({"forward", "--model", dir, "--text", path("pt/heldout.txt"), "--out", path("x.st")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QVERIFY2(r.err.contains(dir), qPrintable(r.err)); // names the file
}

void TestAgentTraining::refusesABadJobSpec() {
    const Run r = agent(
        {"run", job("bad.yaml", "schema_version: 1\nkind: finetune-lora\nmodel: base\n"
                                "output: o\ndata: {train: [pt/train.txt]}\nlora: {r: -2}\n")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(path("bad.yaml") + ":6:"), qPrintable(r.err));
    QCOMPARE(r.last("failed").value("reason").toString().isEmpty(), false);
    const Run missing = agent({"run", path("nothing.yaml")});
    QCOMPARE(missing.exitCode, 1);
    QVERIFY(missing.err.contains("nothing.yaml"));
}

// Quantized by agents/infer (its own engine, not libtorch's): the source's
// perplexity must equal the eval job's, and the quantized one stay close.
void TestAgentTraining::quantizedPerplexityStaysClose_data() {
    QTest::addColumn<QString>("type");
    QTest::addColumn<double>("limitPct");
    QTest::addColumn<double>("sizeRatio");
    // Weights against F32, worked out for the tiny model: 156,160 matrix
    // weights, of which the 22,528 of down_proj (rows of 176, not whole
    // blocks of 32) stay F16; int8 adds a float scale per row of 64.
    QTest::newRow("int8 per channel")
        << "int8" << 1.0 << (133632 * (0.25 + 1.0 / 64) + 22528 * 0.5) / 156160;
    QTest::newRow("q8_0") << "q8_0" << 1.0 << (133632 * 34.0 / 128 + 22528 * 0.5) / 156160;
    QTest::newRow("q4_0") << "q4_0" << 10.0 << (133632 * 18.0 / 128 + 22528 * 0.5) / 156160;
}

void TestAgentTraining::quantizedPerplexityStaysClose() {
    QFETCH(QString, type);
    QFETCH(double, limitPct);
    QFETCH(double, sizeRatio);
    const Run r =
        agent({"run", job("quantize-" + type + ".yaml",
                          "schema_version: 1\nkind: quantize\nmodel: base\noutput: base-" + type +
                              "\nquantization: " + type +
                              "\ndata: {eval: en/heldout.txt}\nseq_len: 32\nthreads: 2\n")});
    QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
    const QJsonObject done = r.last("finished");
    const double source = done.value("perplexity_source").toDouble();
    const double quantized = done.value("perplexity").toDouble();
    const double change = done.value("perplexity_change_pct").toDouble();
    qInfo("%s: perplexity %.4f -> %.4f (%+.3f %%), weights x %.4f", qPrintable(type), source,
          quantized, change, done.value("size_ratio").toDouble());
    // Two engines, one number: libtorch's eval job and the inference engine.
    QVERIFY2(std::abs(source - m_baseEn) < 1e-4 * m_baseEn,
             qPrintable(QString("inference engine %1, libtorch %2").arg(source).arg(m_baseEn)));
    QVERIFY2(std::abs(change) < limitPct, qPrintable(describe(r)));
    QVERIFY(std::abs(100 * (quantized - source) / source - change) < 1e-9);
    // The embedding and output are quantized too; only the norms stay F32.
    QVERIFY2(std::abs(done.value("size_ratio").toDouble() - sizeRatio) < 1e-3,
             qPrintable(describe(r)));
    QCOMPARE(done.value("notes").toArray().size(), 2); // down_proj in each of the 2 layers
    QVERIFY(QFile::exists(path("base-" + type + "/model.gguf")));
    QVERIFY(QFile::exists(path("base-" + type + "/quantization.json")));
    QCOMPARE(r.count("metric"), 2);
}

void TestAgentTraining::inferJobAnswersAndResumes() {
    writeFile(path("prompts.txt"), "The cat\n\nO gato\nA fortune:\n");
    const QString yaml = "schema_version: 1\nkind: infer\nmodel: base\nquantization: q4_0\n"
                         "data: {prompts: prompts.txt}\noutput: answers.jsonl\nmax_tokens: 12\n"
                         "threads: 2\n";
    const Run first = agent({"run", job("infer.yaml", yaml)});
    QVERIFY2(first.exitCode == 0, qPrintable(describe(first)));
    const QList<QByteArray> lines = readFile(path("answers.jsonl")).trimmed().split('\n');
    QCOMPARE(lines.size(), 3); // the empty line is not a prompt
    for (int i = 0; i < 3; ++i) {
        const QJsonObject o = QJsonDocument::fromJson(lines[i]).object();
        QCOMPARE(o.value("index").toInt(), i);
        QVERIFY(o.value("tokens").toArray().size() <= 12);
        QVERIFY(!o.value("finish_reason").toString().isEmpty());
    }
    QCOMPARE(first.last("finished").value("answered_now").toInt(), 3);
    // Run again: everything is answered already, nothing is redone.
    const Run again = agent({"run", path("infer.yaml")});
    QVERIFY2(again.exitCode == 0, qPrintable(describe(again)));
    QCOMPARE(again.last("started").value("answered_before").toInt(), 3);
    QCOMPARE(again.last("finished").value("answered_now").toInt(), 0);
    QCOMPARE(readFile(path("answers.jsonl")).trimmed().split('\n'), lines);
}

void TestAgentTraining::generatesFromTheQuantizedModel() {
    // Needs quantizedPerplexityStaysClose's base-q4_0/model.gguf.
    auto generate = [&](const QStringList &extra) {
        QProcess p;
        p.start(SOVEREIGN_AGENT_BIN,
                QStringList{"generate", "--model", path("base-q4_0"), "--prompt", "The cat", "-n",
                            "16", "--json", "--ignore-eos", "--threads", "2"} +
                    extra);
        p.waitForFinished(60000);
        return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
    };
    const QJsonObject greedy = generate({});
    QCOMPARE(greedy.value("tokens").toArray().size(), 16);
    QCOMPARE(greedy.value("finish_reason").toString(), QString("length"));
    QCOMPARE(generate({}).value("tokens"), greedy.value("tokens")); // deterministic
    const QJsonObject a = generate({"--temperature", "1.5", "--seed", "7"});
    QCOMPARE(generate({"--temperature", "1.5", "--seed", "7"}).value("tokens"), a.value("tokens"));
    QVERIFY(generate({"--temperature", "1.5", "--seed", "8"}).value("tokens") != a.value("tokens"));
    // top-k 1 is greedy whatever the temperature.
    QCOMPARE(generate({"--temperature", "1.5", "--top-k", "1"}).value("tokens"),
             greedy.value("tokens"));
}

QTEST_GUILESS_MAIN(TestAgentTraining)
#include "tst_agenttraining.moc"
