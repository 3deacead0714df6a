// Jobs that read a model without training it: eval (perplexity), merge, and
// the forward dump `sovereign-agent forward` uses for cross-checks.

#include "agents/energymeter.h"
#include "agents/jobevents.h"
#include "agents/torch/modelfiles.h"
#include "agents/torch/torchjobs.h"
#include "agents/torch/training.h"
#include "agents/torch/weights.h"

#include <ATen/ATen.h>

#include <QJsonObject>

#include <chrono>
#include <cmath>

namespace sovereign::agent {

namespace {

/// Sum of next-token NLL over `tokens` (one window) and how many were predicted.
std::pair<double, std::int64_t> windowNll(const LlamaModel &model, const at::Tensor &windows) {
    const std::int64_t t = windows.size(1) - 1;
    const auto logits = model.forward(windows.narrow(1, 0, t), false);
    const auto loss =
        at::cross_entropy_loss(logits.reshape({-1, logits.size(-1)}),
                               windows.narrow(1, 1, t).reshape({-1}), {}, at::Reduction::Sum);
    return {loss.item<double>(), windows.size(0) * t};
}

} // namespace

/// Perplexity over a token stream cut into windows of `window` + 1 tokens that
/// overlap by one, so every token but the first is predicted exactly once.
/// With `unigramFrom`, also the perplexity of a unigram model of those tokens
/// (add-one smoothing over the vocabulary): the baseline a model must beat.
QJsonObject evaluatePerplexity(const LlamaModel &model, const std::vector<std::int64_t> &tokens,
                               int window, int batch,
                               const std::vector<std::int64_t> *unigramFrom) {
    at::NoGradGuard noGrad;
    window = std::min(window, model.config().maxPositionEmbeddings);
    const at::Tensor stream = at::tensor(tokens, at::kLong);
    const std::int64_t n = stream.size(0);
    double nll = 0;
    std::int64_t predicted = 0;
    std::vector<at::Tensor> pending;
    const auto flush = [&] {
        if (pending.empty())
            return;
        const auto [sum, count] = windowNll(model, at::stack(pending));
        nll += sum;
        predicted += count;
        pending.clear();
    };
    std::int64_t start = 0;
    for (; start + window + 1 <= n; start += window) {
        pending.push_back(stream.narrow(0, start, window + 1));
        if (int(pending.size()) == batch)
            flush();
    }
    flush();
    if (n - start >= 2) { // the tail, shorter than a window
        pending.push_back(stream.narrow(0, start, n - start));
        flush();
    }
    const double mean = predicted > 0 ? nll / double(predicted) : 0.0;
    QJsonObject metric{{"metric", "perplexity"},
                       {"tokens", qint64(predicted)},
                       {"mean_nll", mean},
                       {"perplexity", std::exp(mean)}};
    if (unigramFrom && predicted > 0) {
        const std::int64_t vocab = model.config().vocabSize;
        std::vector<double> counts(std::size_t(vocab), 1.0);
        for (std::int64_t id : *unigramFrom)
            counts[std::size_t(id)] += 1.0;
        const double total = double(unigramFrom->size()) + double(vocab);
        double unigramNll = 0;
        for (std::size_t i = 1; i < tokens.size(); ++i)
            unigramNll -= std::log(counts[std::size_t(tokens[i])] / total);
        metric.insert("unigram_perplexity", std::exp(unigramNll / double(tokens.size() - 1)));
    }
    return metric;
}

Result<JobOutcome> runEvalJob(const JobSpec &job, JobEvents &events) {
    auto loaded = loadModelDir(job.model, false, 0, job.tokenizer, true);
    if (!loaded)
        return std::unexpected(loaded.error());
    if (!job.adapter.empty())
        if (auto ok = applyAdapter(*loaded->model, job.adapter); !ok)
            return std::unexpected(ok.error());
    events.send("started", {{"kind", "eval"},
                            {"model", QString::fromStdString(job.model)},
                            {"adapter", QString::fromStdString(job.adapter)}});
    auto tokens = tokenizeFiles(*loaded->tokenizer, {job.evalFile});
    if (!tokens)
        return std::unexpected(tokens.error());
    if (job.evalTokens > 0 && std::int64_t(tokens->size()) > job.evalTokens)
        tokens->resize(std::size_t(job.evalTokens));
    std::optional<std::vector<std::int64_t>> train;
    if (!job.trainFiles.empty()) {
        auto t = tokenizeFiles(*loaded->tokenizer, job.trainFiles);
        if (!t)
            return std::unexpected(t.error());
        train = std::move(*t);
    }
    const auto start = std::chrono::steady_clock::now();
    const auto meter = EnergyMeter::create({.cpuTdpW = job.cpuTdpW});
    QJsonObject metric = evaluatePerplexity(*loaded->model, *tokens, job.seqLen, job.batchSize,
                                            train ? &*train : nullptr);
    metric.insert("data", QString::fromStdString(job.evalFile));
    events.send("metric", metric);
    QJsonObject finished = energyReport(*meter, meter->joules(), metric.value("tokens").toDouble());
    finished.insert("kind", "eval");
    finished.insert(
        "seconds", std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    finished.insert("perplexity", metric.value("perplexity"));
    events.send("finished", finished);
    return JobOutcome::Finished;
}

Result<JobOutcome> runMergeJob(const JobSpec &job, JobEvents &events) {
    auto loaded = loadModelDir(job.model, false, 0, job.tokenizer, false);
    if (!loaded)
        return std::unexpected(loaded.error());
    if (auto ok = applyAdapter(*loaded->model, job.adapter); !ok)
        return std::unexpected(ok.error());
    events.send("started", {{"kind", "merge"},
                            {"model", QString::fromStdString(job.model)},
                            {"adapter", QString::fromStdString(job.adapter)}});
    const auto meter = EnergyMeter::create({.cpuTdpW = job.cpuTdpW});
    loaded->model->mergeLora();
    const std::string tokenizer = loaded->tokenizer ? loaded->tokenizer->path() : std::string();
    if (auto ok = writeModelDir(job.output, *loaded->model, tokenizer); !ok)
        return std::unexpected(ok.error());
    QJsonObject finished = energyReport(*meter, meter->joules(), 0);
    finished.insert("kind", "merge");
    finished.insert("output", QString::fromStdString(job.output));
    events.send("finished", finished);
    return JobOutcome::Finished;
}

Result<void> writeForward(const ForwardRequest &request) {
    setComputeThreads(request.threads);
    auto loaded = loadModelDir(request.model, false, 0, {}, true);
    if (!loaded)
        return std::unexpected(loaded.error());
    if (!request.adapter.empty())
        if (auto ok = applyAdapter(*loaded->model, request.adapter); !ok)
            return std::unexpected(ok.error());
    auto tokens = tokenizeFiles(*loaded->tokenizer, {request.textFile});
    if (!tokens)
        return std::unexpected(tokens.error());
    const std::int64_t limit =
        std::min<std::int64_t>(request.maxTokens, loaded->model->config().maxPositionEmbeddings);
    if (std::int64_t(tokens->size()) > limit)
        tokens->resize(std::size_t(limit));
    if (tokens->size() < 2)
        return fail(request.textFile, 0, 0, "needs at least one token of text");
    at::NoGradGuard noGrad;
    const at::Tensor ids = at::tensor(*tokens, at::kLong);
    const at::Tensor logits = loaded->model->forward(ids.unsqueeze(0), false).squeeze(0);
    const std::int64_t n = ids.size(0);
    const double meanNll =
        at::cross_entropy_loss(logits.narrow(0, 0, n - 1), ids.narrow(0, 1, n - 1)).item<double>();
    return writeTensors(request.output, {{"tokens", ids}, {"logits", logits}},
                        {{"mean_nll", QString::number(meanNll, 'g', 17).toStdString()},
                         {"perplexity", QString::number(std::exp(meanNll), 'g', 17).toStdString()},
                         {"tokens", std::to_string(n)}});
}

} // namespace sovereign::agent
