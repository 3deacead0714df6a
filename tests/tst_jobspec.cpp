// The agent's inputs refused with file:line:column (job specs) or file and key
// (config.json, adapter_config.json), and good ones read as written.
#include "agents/jobspec.h"
#include "agents/llamaconfig.h"
#include "agents/loraconfig.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace sovereign;
using namespace sovereign::agent;

class TestJobSpec : public QObject {
    Q_OBJECT
  private slots:
    void readsAFullSpec();
    void refusesBadSpecs_data();
    void refusesBadSpecs();
    void refusesBadConfigs_data();
    void refusesBadConfigs();
    void readsConfigDefaults();
    void refusesBadAdapterConfigs_data();
    void refusesBadAdapterConfigs();
};

void TestJobSpec::readsAFullSpec() {
    const std::string yaml = R"(schema_version: 1
kind: finetune-lora
model: base
adapter: /abs/adapter
output: out
data: {train: [a.txt, b.txt], eval: held.txt}
steps: 200
batch_size: 4
seq_len: 64
lr: 2.0e-4
warmup_steps: 5
weight_decay: 0.1
grad_clip: 0.5
seed: 7
threads: 2
lora: {r: 4, alpha: 8, dropout: 0.1, target_modules: [q_proj, down_proj]}
checkpoint: {dir: ckpt, every_steps: 25}
energy: {cpu_tdp_w: 65}
)";
    auto job = parseJobSpec(yaml, "/jobs/job.yaml");
    QVERIFY2(job, job ? "" : job.error().toString().c_str());
    QCOMPARE(job->kind, JobKind::FinetuneLora);
    QCOMPARE(job->model, std::string("/jobs/base")); // relative to the job file
    QCOMPARE(job->adapter, std::string("/abs/adapter"));
    QCOMPARE(job->trainFiles, (std::vector<std::string>{"/jobs/a.txt", "/jobs/b.txt"}));
    QCOMPARE(job->evalFile, std::string("/jobs/held.txt"));
    QCOMPARE(job->steps, 200);
    QCOMPARE(job->batchSize, 4);
    QCOMPARE(job->seqLen, 64);
    QCOMPARE(job->lr, 2.0e-4);
    QCOMPARE(job->warmupSteps, 5);
    QCOMPARE(job->weightDecay, 0.1);
    QCOMPARE(job->gradClip, 0.5);
    QCOMPARE(job->seed, std::uint64_t(7));
    QCOMPARE(job->threads, 2);
    QVERIFY(job->lora);
    QCOMPARE(job->lora->r, 4);
    QCOMPARE(job->lora->alpha, 8.0);
    QCOMPARE(job->lora->dropout, 0.1);
    QCOMPARE(job->lora->targetModules, (std::vector<std::string>{"q_proj", "down_proj"}));
    QCOMPARE(job->checkpointDir, std::string("/jobs/ckpt"));
    QCOMPARE(job->checkpointEvery, 25);
    QCOMPARE(job->cpuTdpW, 65.0);
}

void TestJobSpec::refusesBadSpecs_data() {
    QTest::addColumn<QString>("yaml");
    QTest::addColumn<QString>("where");   // file:line:column
    QTest::addColumn<QString>("message"); // a piece of what is said
    const QString ok =
        "schema_version: 1\nkind: train\nmodel: m\noutput: o\ndata: {train: [t.txt]}\n";
    QTest::newRow("no schema_version") << "kind: train\nmodel: m\n"
                                       << "job.yaml:1:1"
                                       << "missing schema_version";
    QTest::newRow("schema_version 2") << "schema_version: 2\nkind: train\n"
                                      << "job.yaml:1:17"
                                      << "schema_version 2 is not supported";
    QTest::newRow("unknown kind") << "schema_version: 1\nkind: pretrain\nmodel: m\n"
                                  << "job.yaml:2:7"
                                  << "not one of train, finetune-lora, merge, eval";
    QTest::newRow("unknown key") << ok + "stepz: 3\n"
                                 << "job.yaml:6:1"
                                 << "stepz";
    QTest::newRow("duplicate key") << ok + "steps: 3\nsteps: 4\n"
                                   << "job.yaml:7:1"
                                   << "steps";
    QTest::newRow("steps not a number") << ok + "steps: many\n"
                                        << "job.yaml:6:8"
                                        << "steps";
    QTest::newRow("negative lr") << ok + "lr: -1\n"
                                 << "job.yaml:6:5"
                                 << "lr";
    QTest::newRow("seq_len 1") << ok + "seq_len: 1\n"
                               << "job.yaml:6:10"
                               << "seq_len";
    QTest::newRow("train without data") << "schema_version: 1\nkind: train\nmodel: m\noutput: o\n"
                                        << "job.yaml:1:1"
                                        << "needs data.train";
    QTest::newRow("train without output")
        << "schema_version: 1\nkind: train\nmodel: m\ndata: {train: t.txt}\n"
        << "job.yaml:1:1"
        << "needs output";
    QTest::newRow("merge without adapter")
        << "schema_version: 1\nkind: merge\nmodel: m\noutput: o\n"
        << "job.yaml:1:1"
        << "needs adapter";
    QTest::newRow("eval without data") << "schema_version: 1\nkind: eval\nmodel: m\n"
                                       << "job.yaml:1:1"
                                       << "needs data.eval";
    QTest::newRow("lora on train") << ok + "lora: {r: 4}\n"
                                   << "job.yaml:6:7"
                                   << "only finetune-lora";
    QTest::newRow("unknown lora target")
        << "schema_version: 1\nkind: finetune-lora\nmodel: m\noutput: o\ndata: {train: t}\nlora: "
           "{target_modules: [q_proj, qkv]}\n"
        << "job.yaml:6:33"
        << "\"qkv\" is not one of";
    QTest::newRow("lora target twice")
        << "schema_version: 1\nkind: finetune-lora\nmodel: m\noutput: o\ndata: {train: t}\nlora: "
           "{target_modules: [q_proj, q_proj]}\n"
        << "job.yaml:6:33"
        << "listed twice";
    QTest::newRow("lora r 0") << "schema_version: 1\nkind: finetune-lora\nmodel: m\noutput: "
                                 "o\ndata: {train: t}\nlora: {r: 0}\n"
                              << "job.yaml:6:11"
                              << "r";
    QTest::newRow("checkpoint without dir") << ok + "checkpoint: {every_steps: 5}\n"
                                            << "job.yaml:6:13"
                                            << "missing dir";
    QTest::newRow("empty train list")
        << "schema_version: 1\nkind: train\nmodel: m\noutput: o\ndata: {train: []}\n"
        << "job.yaml:5:15"
        << "at least one";
    QTest::newRow("not yaml") << "schema_version: [1\n"
                              << "job.yaml:2:1"
                              << "";
    QTest::newRow("a list, not a map") << "- 1\n- 2\n"
                                       << "job.yaml:1:1"
                                       << "";
}

void TestJobSpec::refusesBadSpecs() {
    QFETCH(QString, yaml);
    QFETCH(QString, where);
    QFETCH(QString, message);
    auto job = parseJobSpec(yaml.toStdString(), "job.yaml");
    QVERIFY2(!job, "the spec was accepted");
    const QString text = QString::fromStdString(job.error().toString());
    QVERIFY2(text.startsWith(where + ":"), qPrintable(text));
    QVERIFY2(text.contains(message), qPrintable(text));
}

void TestJobSpec::refusesBadConfigs_data() {
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("message");
    const QString base =
        R"("hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2, "num_attention_heads": 4, "vocab_size": 100)";
    QTest::newRow("not json") << "{hidden_size: 64"
                              << "not valid JSON";
    QTest::newRow("missing hidden_size")
        << R"({"intermediate_size": 1, "num_hidden_layers": 1, "num_attention_heads": 1, "vocab_size": 1})"
        << "missing key \"hidden_size\"";
    QTest::newRow("heads do not divide")
        << "{" + QString(base).replace("\"num_attention_heads\": 4", "\"num_attention_heads\": 5") +
               "}"
        << "multiple of \"num_attention_heads\"";
    QTest::newRow("kv heads do not divide")
        << "{" + QString(base) + R"(, "num_key_value_heads": 3})"
        << "multiple of \"num_key_value_heads\"";
    QTest::newRow("odd head size")
        << R"({"hidden_size": 12, "intermediate_size": 8, "num_hidden_layers": 1, "num_attention_heads": 4, "vocab_size": 10})"
        << "must be even";
    QTest::newRow("fractional layers")
        << R"({"hidden_size": 64, "intermediate_size": 8, "num_hidden_layers": 1.5, "num_attention_heads": 4, "vocab_size": 10})"
        << "num_hidden_layers";
    QTest::newRow("another architecture") << "{" + QString(base) + R"(, "model_type": "gpt2"})"
                                          << "Llama architecture";
    QTest::newRow("rope scaling") << "{" + QString(base) +
                                         R"(, "rope_scaling": {"type": "linear", "factor": 2}})"
                                  << "rope_scaling";
    QTest::newRow("tie not a bool") << "{" + QString(base) + R"(, "tie_word_embeddings": "yes"})"
                                    << "tie_word_embeddings";
}

void TestJobSpec::refusesBadConfigs() {
    QFETCH(QString, json);
    QFETCH(QString, message);
    auto config = parseLlamaConfig(json.toStdString(), "m/config.json");
    QVERIFY2(!config, "the config was accepted");
    const QString text = QString::fromStdString(config.error().toString());
    QVERIFY2(text.startsWith("m/config.json:"), qPrintable(text));
    QVERIFY2(text.contains(message), qPrintable(text));
}

void TestJobSpec::readsConfigDefaults() {
    auto c =
        parseLlamaConfig(R"({"hidden_size": 384, "intermediate_size": 1024, "num_hidden_layers": 6,
        "num_attention_heads": 6, "num_key_value_heads": 2, "vocab_size": 32000, "tie_word_embeddings": true})",
                         "c.json");
    QVERIFY2(c, c ? "" : c.error().toString().c_str());
    QCOMPARE(c->headDim(), 64);
    QCOMPARE(c->ropeTheta, 10000.0);
    // Worked by hand: per layer 2*384^2 + 2*384*128 + 3*384*1024 + 2*384 = 1,573,632;
    // x6 + 32000*384 (tied) + 384 = 21,730,176.
    QCOMPARE(c->parameterCount(), std::int64_t(21'730'176));
    auto back = parseLlamaConfig(llamaConfigJson(*c), "again.json");
    QVERIFY(back);
    QCOMPARE(back->numKeyValueHeads, 2);
    QCOMPARE(back->tieWordEmbeddings, true);
}

void TestJobSpec::refusesBadAdapterConfigs_data() {
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("message");
    QTest::newRow("not LoRA") << R"({"peft_type": "IA3", "r": 8, "target_modules": ["q_proj"]})"
                              << "expected \"LORA\"";
    QTest::newRow("r zero") << R"({"peft_type": "LORA", "r": 0, "target_modules": ["q_proj"]})"
                            << "\"r\"";
    QTest::newRow("unknown module")
        << R"({"peft_type": "LORA", "r": 8, "lora_alpha": 16, "target_modules": ["c_attn"]})"
        << "c_attn";
    QTest::newRow("bias")
        << R"({"peft_type": "LORA", "r": 8, "lora_alpha": 16, "target_modules": ["q_proj"], "bias": "all"})"
        << "\"bias\"";
    QTest::newRow("no lora_alpha")
        << R"({"peft_type": "LORA", "r": 8, "target_modules": ["q_proj"]})"
        << "lora_alpha";
    QTest::newRow("dora")
        << R"({"peft_type": "LORA", "r": 8, "lora_alpha": 16, "target_modules": ["q_proj"], "use_dora": true})"
        << "use_dora";
}

void TestJobSpec::refusesBadAdapterConfigs() {
    QFETCH(QString, json);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const QString path = dir.filePath("adapter_config.json");
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(json.toUtf8());
    f.close();
    auto c = readLoraConfig(path.toStdString());
    QVERIFY2(!c, "the adapter config was accepted");
    const QString text = QString::fromStdString(c.error().toString());
    QVERIFY2(text.startsWith(path), qPrintable(text));
    QVERIFY2(text.contains(message), qPrintable(text));
}

QTEST_GUILESS_MAIN(TestJobSpec)
#include "tst_jobspec.moc"
