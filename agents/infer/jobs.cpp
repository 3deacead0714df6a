#include "agents/infer/jobs.h"

#include "agents/atomicfile.h"
#include "agents/corpus.h"
#include "agents/energymeter.h"
#include "agents/infer/decoder.h"
#include "agents/infer/evaluate.h"
#include "agents/infer/model.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <chrono>
#include <map>
#include <thread>

namespace sovereign::agent::infer {
namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

int threadsOf(const JobSpec &job) {
    return job.threads > 0 ? job.threads : int(std::max(1u, std::thread::hardware_concurrency()));
}

/// BOS + the tokens of the eval text, at most eval_tokens of them.
Result<std::vector<int>> evalTokens(const JobSpec &job, const Tokenizer &tokenizer) {
    auto text = readUtf8Text(job.evalFile);
    if (!text)
        return std::unexpected(text.error());
    std::vector<int> tokens;
    if (tokenizer.bosId() >= 0)
        tokens.push_back(tokenizer.bosId());
    const auto ids = tokenizer.encode(*text);
    tokens.insert(tokens.end(), ids.begin(), ids.end());
    if (job.evalTokens > 0 && std::int64_t(tokens.size()) > job.evalTokens)
        tokens.resize(std::size_t(job.evalTokens));
    return tokens;
}

Result<Perplexity> measure(const Model &model, const JobSpec &job, const std::vector<int> &tokens,
                           const char *which, JobEvents &events) {
    Engine engine(model, threadsOf(job));
    auto p = perplexity(engine, tokens, job.seqLen);
    if (!p)
        return std::unexpected(p.error());
    events.send("metric", {{"metric", "perplexity"},
                           {"model", which},
                           {"precision", weightTypeName(model.weightType())},
                           {"data", QString::fromStdString(job.evalFile)},
                           {"tokens", qint64(p->tokens)},
                           {"mean_nll", p->meanNll},
                           {"perplexity", p->perplexity}});
    return p;
}

Result<bool> runQuantize(const JobSpec &job, JobEvents &events) {
    const auto start = Clock::now();
    auto meter = EnergyMeter::create({job.cpuTdpW});
    const WeightType target = *weightTypeFromName(job.quantization);
    LoadOptions options;
    options.tokenizerPath = job.tokenizer;
    auto source = Model::load(job.model, options);
    if (!source)
        return std::unexpected(source.error());
    events.send("started",
                {{"kind", "quantize"},
                 {"model", QString::fromStdString(job.model)},
                 {"quantization", QString::fromStdString(job.quantization)},
                 {"source_precision", weightTypeName(source->weightType())},
                 {"params", qint64(source->config().parameterCount())},
                 {"threads", threadsOf(job)},
                 {"energy_source", QString::fromStdString(energySourceKey(meter->source()))},
                 {"energy_measured", meter->measured()}});
    std::vector<int> tokens;
    std::optional<Perplexity> before, after;
    if (!job.evalFile.empty()) {
        if (!source->tokenizer())
            return fail(job.file, 0, 0,
                        "data.eval needs a tokenizer: the model has none; give tokenizer:");
        auto t = evalTokens(job, *source->tokenizer());
        if (!t)
            return std::unexpected(t.error());
        tokens = std::move(*t);
        auto p = measure(*source, job, tokens, "source", events);
        if (!p)
            return std::unexpected(p.error());
        before = *p;
    }
    options.convertTo = target;
    auto quantized = Model::load(job.model, options);
    if (!quantized)
        return std::unexpected(quantized.error());
    if (!QDir().mkpath(QString::fromStdString(job.output)))
        return fail(job.output, 0, 0, "cannot create the output folder");
    const std::string file =
        QDir(QString::fromStdString(job.output)).filePath("model.gguf").toStdString();
    const std::string name = QFileInfo(QString::fromStdString(job.model)).fileName().toStdString();
    if (auto ok = quantized->writeGguf(file, name); !ok)
        return std::unexpected(ok.error());
    if (!tokens.empty()) {
        auto p = measure(*quantized, job, tokens, "quantized", events);
        if (!p)
            return std::unexpected(p.error());
        after = *p;
    }
    const double ratio = double(quantized->weightBytes()) / double(source->weightBytes());
    QJsonArray notes;
    for (const auto &n : quantized->notes())
        notes.append(QString::fromStdString(n));
    QJsonObject report{{"source", QString::fromStdString(job.model)},
                       {"source_precision", weightTypeName(source->weightType())},
                       {"quantization", QString::fromStdString(job.quantization)},
                       {"output", QString::fromStdString(file)},
                       {"bytes", double(QFileInfo(QString::fromStdString(file)).size())},
                       {"source_weight_bytes", double(source->weightBytes())},
                       {"weight_bytes", double(quantized->weightBytes())},
                       {"size_ratio", ratio},
                       {"notes", notes}};
    if (before && after) {
        report.insert("eval", QString::fromStdString(job.evalFile));
        report.insert("eval_tokens", qint64(after->tokens));
        report.insert("perplexity_source", before->perplexity);
        report.insert("perplexity", after->perplexity);
        report.insert("perplexity_change_pct",
                      100.0 * (after->perplexity - before->perplexity) / before->perplexity);
    }
    const std::string reportPath =
        QDir(QString::fromStdString(job.output)).filePath("quantization.json").toStdString();
    if (auto ok = writeTextAtomically(
            reportPath, QJsonDocument(report).toJson(QJsonDocument::Indented).toStdString());
        !ok)
        return std::unexpected(ok.error());
    QJsonObject finished = energyReport(*meter, meter->joules(), 0);
    for (auto it = report.begin(); it != report.end(); ++it)
        finished.insert(it.key(), it.value());
    finished.insert("kind", "quantize");
    finished.insert("seconds", since(start));
    events.send("finished", finished);
    return true;
}

/// The prompts already answered in an earlier run's output (index -> line).
std::map<int, QJsonObject> answeredBefore(const JobSpec &job, std::size_t prompts) {
    std::map<int, QJsonObject> done;
    QFile f(QString::fromStdString(job.output));
    if (!f.open(QIODevice::ReadOnly))
        return done;
    for (const QByteArray &line : f.readAll().split('\n')) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        const int index = o.value("index").toInt(-1);
        if (index >= 0 && std::size_t(index) < prompts && o.contains("text"))
            done[index] = o;
    }
    return done;
}

Result<void> writeAnswers(const JobSpec &job, const std::map<int, QJsonObject> &done) {
    std::string text;
    for (const auto &[index, o] : done)
        text += QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString() + "\n";
    return writeTextAtomically(job.output, text);
}

Result<bool> runInfer(const JobSpec &job, JobEvents &events, const std::atomic<int> &stopSignal) {
    const auto start = Clock::now();
    auto meter = EnergyMeter::create({job.cpuTdpW});
    auto text = readUtf8Text(job.promptsFile);
    if (!text)
        return std::unexpected(text.error());
    std::vector<std::string> prompts;
    for (const QString &line : QString::fromStdString(*text).split('\n'))
        if (!line.trimmed().isEmpty())
            prompts.push_back(line.toStdString());
    if (prompts.empty())
        return fail(job.promptsFile, 0, 0, "no prompts (one a line) in this file");
    LoadOptions options;
    options.tokenizerPath = job.tokenizer;
    if (!job.quantization.empty())
        options.convertTo = weightTypeFromName(job.quantization);
    auto model = Model::load(job.model, options);
    if (!model)
        return std::unexpected(model.error());
    const Tokenizer *tokenizer = model->tokenizer();
    if (!tokenizer)
        return fail(job.file, 0, 0, "the model has no tokenizer; give tokenizer:");
    std::map<int, QJsonObject> done = answeredBefore(job, prompts.size());
    events.send("started",
                {{"kind", "infer"},
                 {"model", QString::fromStdString(job.model)},
                 {"precision", weightTypeName(model->weightType())},
                 {"prompts", int(prompts.size())},
                 {"answered_before", int(done.size())},
                 {"threads", threadsOf(job)},
                 {"energy_source", QString::fromStdString(energySourceKey(meter->source()))},
                 {"energy_measured", meter->measured()}});
    Engine engine(*model, threadsOf(job));
    Decoder decoder(engine);
    std::map<int, int> indexOf; // sequence id -> prompt index
    std::int64_t generated = 0;
    decoder.onUpdate = [&](const Sequence &s, const std::string &) {
        if (s.finish == FinishReason::None)
            return;
        const int index = indexOf[s.id];
        QJsonArray tokens;
        for (int t : s.tokens)
            tokens.append(t);
        done[index] = {{"index", index},
                       {"prompt", QString::fromStdString(prompts[std::size_t(index)])},
                       {"text", QString::fromStdString(s.text)},
                       {"tokens", tokens},
                       {"finish_reason", finishReasonName(s.finish)},
                       {"prompt_seconds", s.promptSeconds},
                       {"generate_seconds", s.generateSeconds}};
        generated += std::int64_t(s.tokens.size());
    };
    // Up to 8 sequences at once; each finished one makes room for the next.
    constexpr int kConcurrent = 8;
    std::size_t next = 0;
    auto lastProgress = Clock::now();
    const std::size_t before = done.size();
    while (true) {
        while (decoder.active() < kConcurrent && next < prompts.size()) {
            const std::size_t i = next++;
            if (done.count(int(i)))
                continue;
            GenerationRequest r;
            if (tokenizer->bosId() >= 0)
                r.prompt.push_back(tokenizer->bosId());
            const auto ids = tokenizer->encode(prompts[i]);
            r.prompt.insert(r.prompt.end(), ids.begin(), ids.end());
            r.maxTokens = job.maxTokens;
            r.sampling = {float(job.temperature), job.topK, float(job.topP), job.seed};
            r.stop = job.stop;
            auto id = decoder.add(std::move(r));
            if (!id)
                return fail(job.promptsFile, int(i + 1), 0, id.error().message);
            indexOf[*id] = int(i);
        }
        if (decoder.idle())
            break;
        if (const int signal = stopSignal.load(); signal != 0) {
            if (auto ok = writeAnswers(job, done); !ok)
                return std::unexpected(ok.error());
            events.send("stopped",
                        {{"signal", signal},
                         {"answered", int(done.size())},
                         {"prompts", int(prompts.size())},
                         {"resume", "run the same job again: answered prompts are kept"}});
            return false;
        }
        if (auto ran = decoder.step(); !ran)
            return std::unexpected(ran.error());
        if (since(lastProgress) >= 10) {
            lastProgress = Clock::now();
            events.send("progress", {{"answered", int(done.size())},
                                     {"prompts", int(prompts.size())},
                                     {"tokens", qint64(generated)},
                                     {"tokens_per_s", double(generated) / since(start)},
                                     {"energy_j", meter->joules()},
                                     {"elapsed_s", since(start)}});
        }
    }
    if (auto ok = writeAnswers(job, done); !ok)
        return std::unexpected(ok.error());
    QJsonObject finished = energyReport(*meter, meter->joules(), double(generated));
    finished.insert("kind", "infer");
    finished.insert("prompts", int(prompts.size()));
    finished.insert("answered_now", int(done.size() - before));
    finished.insert("tokens", qint64(generated));
    finished.insert("tokens_per_s", generated > 0 ? double(generated) / since(start) : 0.0);
    finished.insert("seconds", since(start));
    finished.insert("output", QString::fromStdString(job.output));
    events.send("finished", finished);
    return true;
}

} // namespace

Result<bool> runInferenceJob(const JobSpec &job, JobEvents &events,
                             const std::atomic<int> &stopSignal) {
    if (job.kind == JobKind::Quantize)
        return runQuantize(job, events);
    if (job.kind == JobKind::Infer)
        return runInfer(job, events, stopSignal);
    return fail(job.file, 0, 0,
                std::string("kind ") + jobKindName(job.kind) + " is not an inference job");
}

} // namespace sovereign::agent::infer
