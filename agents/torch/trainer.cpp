// Training jobs (train, finetune-lora): the step, the loop, checkpoints and
// resuming, energy per token.

#include "agents/energymeter.h"
#include "agents/jobevents.h"
#include "agents/torch/modelfiles.h"
#include "agents/torch/torchjobs.h"
#include "agents/torch/training.h"
#include "agents/torch/weights.h"

#include <torch/nn/utils/clip_grad.h>
#include <torch/utils.h>

#include <QCryptographicHash>
#include <QDir>
#include <QJsonArray>

#include <chrono>
#include <cmath>
#include <numbers>

namespace sovereign::agent {

std::unique_ptr<torch::optim::AdamW> makeOptimizer(const NamedTensors &trainable, double lr,
                                                   double weightDecay) {
    std::vector<at::Tensor> decay, noDecay;
    for (const auto &[name, t] : trainable)
        (t.dim() >= 2 ? decay : noDecay).push_back(t);
    std::vector<torch::optim::OptimizerParamGroup> groups;
    const auto options = [&](double wd) {
        return std::make_unique<torch::optim::AdamWOptions>(
            torch::optim::AdamWOptions(lr).betas({0.9, 0.999}).eps(1e-8).weight_decay(wd));
    };
    if (!decay.empty())
        groups.emplace_back(decay, options(weightDecay));
    if (!noDecay.empty())
        groups.emplace_back(noDecay, options(0.0));
    return std::make_unique<torch::optim::AdamW>(groups, torch::optim::AdamWOptions(lr));
}

double trainStep(const LlamaModel &model, torch::optim::AdamW &optimizer,
                 const NamedTensors &trainable, const at::Tensor &windows, double lr,
                 double gradClip) {
    const std::int64_t t = windows.size(1) - 1;
    const auto inputs = windows.narrow(1, 0, t);
    const auto targets = windows.narrow(1, 1, t);
    optimizer.zero_grad();
    const auto logits = model.forward(inputs, true);
    const auto loss =
        at::cross_entropy_loss(logits.reshape({-1, logits.size(-1)}), targets.reshape({-1}));
    loss.backward();
    if (gradClip > 0) {
        std::vector<at::Tensor> params;
        params.reserve(trainable.size());
        for (const auto &[name, p] : trainable)
            params.push_back(p);
        torch::nn::utils::clip_grad_norm_(params, gradClip);
    }
    for (auto &group : optimizer.param_groups())
        static_cast<torch::optim::AdamWOptions &>(group.options()).lr(lr);
    optimizer.step();
    return loss.item<double>();
}

namespace {

/// SplitMix64: the batch for a step is a pure function of (seed, step), so a
/// resumed run draws exactly the batches the uninterrupted one would.
std::uint64_t mix(std::uint64_t x) {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

at::Tensor windowsFor(const at::Tensor &stream, std::uint64_t seed, std::int64_t step, int batch,
                      int seq) {
    const std::int64_t starts = stream.size(0) - seq - 1;
    std::vector<at::Tensor> rows;
    rows.reserve(std::size_t(batch));
    for (int b = 0; b < batch; ++b) {
        const std::uint64_t r =
            mix(mix(seed) ^ mix(std::uint64_t(step) * 1315423911ull + std::uint64_t(b)));
        rows.push_back(stream.narrow(0, std::int64_t(r % std::uint64_t(starts + 1)), seq + 1));
    }
    return at::stack(rows);
}

/// Linear warm-up, then a cosine from lr down to lr / 10 at the last step.
double learningRate(const JobSpec &job, std::int64_t step) {
    if (job.warmupSteps > 0 && step < job.warmupSteps)
        return job.lr * double(step + 1) / double(job.warmupSteps);
    const double span = std::max<std::int64_t>(1, job.steps - job.warmupSteps);
    const double progress = std::min(1.0, double(step - job.warmupSteps) / span);
    const double floor = job.lr * 0.1;
    return floor + (job.lr - floor) * 0.5 * (1.0 + std::cos(std::numbers::pi * progress));
}

std::string stateKey(const at::Tensor &p) {
    return c10::guts::to_string(p.unsafeGetTensorImpl());
}

/// What a checkpoint must agree with to be resumed: the job's settings that
/// change the result, and the starting weights' file.
std::string fingerprint(const JobSpec &job, const LlamaModel &model,
                        const NamedTensors &trainable) {
    QCryptographicHash h(QCryptographicHash::Sha256);
    const auto add = [&](const std::string &s) {
        h.addData(QByteArrayView(s.data(), qsizetype(s.size())));
        h.addData(QByteArrayView("\n", 1));
    };
    add(jobKindName(job.kind));
    add(llamaConfigJson(model.config()));
    if (model.hasLora())
        add(loraConfigJson(model.lora()));
    for (const auto &v : {double(job.steps), double(job.batchSize), double(job.seqLen), job.lr,
                          double(job.warmupSteps), job.weightDecay, job.gradClip, double(job.seed)})
        add(std::to_string(v));
    for (const auto &f : job.trainFiles)
        add(f);
    const QFileInfo weights(QDir(QString::fromStdString(job.model)).filePath("model.safetensors"));
    if (weights.exists())
        add(std::to_string(weights.size()) + "@" +
            std::to_string(weights.lastModified().toMSecsSinceEpoch()));
    for (const auto &[name, t] : trainable)
        add(name);
    return h.result().toHex().toStdString();
}

double factNumber(const std::map<std::string, std::string> &facts, const char *key) {
    const auto it = facts.find(key);
    if (it == facts.end())
        return 0;
    try {
        return std::stod(it->second);
    } catch (...) {
        return 0;
    }
}

} // namespace

Result<JobOutcome> runJob(const JobSpec &job, JobEvents &events,
                          const std::atomic<int> &stopSignal) {
    const int threads = setComputeThreads(job.threads);
    (void)threads;
    switch (job.kind) {
    case JobKind::Train:
    case JobKind::FinetuneLora:
        return runTraining(job, events, stopSignal);
    case JobKind::Eval:
        return runEvalJob(job, events);
    case JobKind::Merge:
        return runMergeJob(job, events);
    case JobKind::Quantize:
    case JobKind::Infer:
        break; // agents/infer runs these (runInferenceJob)
    }
    return fail(job.file, 0, 0,
                std::string("kind ") + jobKindName(job.kind) + " is not a libtorch job");
}

Result<JobOutcome> runTraining(const JobSpec &job, JobEvents &events,
                               const std::atomic<int> &stopSignal) {
    const bool lora = job.kind == JobKind::FinetuneLora;
    auto loaded = loadModelDir(job.model, !lora, job.seed, job.tokenizer, true);
    if (!loaded)
        return std::unexpected(loaded.error());
    LlamaModel &model = *loaded->model;
    if (lora) {
        if (!job.adapter.empty()) {
            if (auto ok = applyAdapter(model, job.adapter); !ok)
                return std::unexpected(ok.error());
        } else {
            model.addLora(*job.lora, job.seed);
        }
    }
    auto stream = tokenizeFiles(*loaded->tokenizer, job.trainFiles);
    if (!stream)
        return std::unexpected(stream.error());
    if (std::int64_t(stream->size()) < job.seqLen + 2)
        return fail(job.trainFiles.front(), 0, 0,
                    "the training text has " + std::to_string(stream->size()) +
                        " tokens; seq_len " + std::to_string(job.seqLen) + " needs at least " +
                        std::to_string(job.seqLen + 2));
    if (job.seqLen > model.config().maxPositionEmbeddings)
        return fail(job.file, 0, 0,
                    "seq_len " + std::to_string(job.seqLen) +
                        " is longer than the model's "
                        "max_position_embeddings " +
                        std::to_string(model.config().maxPositionEmbeddings));
    const at::Tensor tokens = at::tensor(*stream, at::kLong);

    NamedTensors trainable = model.trainable(lora);
    auto optimizer = makeOptimizer(trainable, job.lr, job.weightDecay);
    const std::string print = fingerprint(job, model, trainable);
    const std::string checkpointDir =
        job.checkpointDir.empty()
            ? QDir(QString::fromStdString(job.output)).filePath("checkpoints").toStdString()
            : job.checkpointDir;

    std::int64_t step = 0;
    double energyBefore = 0, secondsBefore = 0;
    auto resumed = loadLatestCheckpoint(
        checkpointDir, print, [&](const std::string &path, const std::string &why) {
            events.send("checkpoint_refused", {{"path", QString::fromStdString(path)},
                                               {"reason", QString::fromStdString(why)}});
        });
    if (!resumed)
        return std::unexpected(resumed.error());
    if (*resumed) {
        Checkpoint &cp = (*resumed)->checkpoint;
        std::map<std::string, at::Tensor> values(cp.trainable.begin(), cp.trainable.end());
        std::map<std::string, at::Tensor> avg(cp.expAvg.begin(), cp.expAvg.end());
        std::map<std::string, at::Tensor> avgSq(cp.expAvgSq.begin(), cp.expAvgSq.end());
        at::NoGradGuard noGrad;
        for (auto &[name, p] : trainable) {
            if (!values.contains(name) || !avg.contains(name) || !avgSq.contains(name) ||
                !values[name].sizes().equals(p.sizes()))
                return fail((*resumed)->path, 0, 0,
                            "checkpoint lacks or mis-shapes \"" + name + "\"");
            p.copy_(values[name]);
            if (cp.step > 0) {
                auto state = std::make_unique<torch::optim::AdamWParamState>();
                state->step(cp.step);
                state->exp_avg(avg[name]);
                state->exp_avg_sq(avgSq[name]);
                optimizer->state()[stateKey(p)] = std::move(state);
            }
        }
        step = cp.step;
        energyBefore = factNumber(cp.facts, "energy_j");
        secondsBefore = factNumber(cp.facts, "seconds");
        events.send("resumed", {{"step", qint64(step)},
                                {"checkpoint", QString::fromStdString((*resumed)->path)}});
    }

    EnergyOptions energyOptions;
    energyOptions.cpuTdpW = job.cpuTdpW;
    auto meter = EnergyMeter::create(energyOptions);
    const auto start = std::chrono::steady_clock::now();
    const std::int64_t tokensPerStep = std::int64_t(job.batchSize) * job.seqLen;
    std::int64_t params = 0, trainableParams = 0;
    for (const auto &[name, t] : model.weights())
        params += t.numel();
    for (const auto &[name, t] : trainable)
        trainableParams += t.numel();
    const auto elapsed = [&] {
        return secondsBefore +
               std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    const auto energy = [&] { return energyBefore + meter->joules(); };
    const auto facts = [&] {
        return std::map<std::string, std::string>{
            {"fingerprint", print},
            {"energy_j", std::to_string(energy())},
            {"seconds", std::to_string(elapsed())},
            {"energy_source", energySourceKey(meter->source())}};
    };
    const auto checkpoint = [&]() -> Result<std::string> {
        Checkpoint cp;
        cp.step = step;
        cp.facts = facts();
        for (const auto &[name, p] : trainable) {
            cp.trainable.emplace_back(name, p);
            auto it = optimizer->state().find(stateKey(p));
            if (it == optimizer->state().end())
                continue; // before the first step there are no moments
            auto &state = static_cast<torch::optim::AdamWParamState &>(*it->second);
            cp.expAvg.emplace_back(name, state.exp_avg());
            cp.expAvgSq.emplace_back(name, state.exp_avg_sq());
        }
        if (cp.expAvg.empty()) { // step 0: zero moments say the same
            for (const auto &[name, p] : trainable) {
                cp.expAvg.emplace_back(name, at::zeros_like(p));
                cp.expAvgSq.emplace_back(name, at::zeros_like(p));
            }
        }
        auto path = saveCheckpoint(checkpointDir, cp);
        if (path)
            events.send("checkpoint", {{"step", qint64(step)},
                                       {"path", QString::fromStdString(*path)},
                                       {"energy_j", energy()}});
        return path;
    };

    events.send("started",
                {{"kind", jobKindName(job.kind)},
                 {"model", QString::fromStdString(job.model)},
                 {"initialised_from_seed", loaded->initialised},
                 {"params", qint64(params)},
                 {"trainable_params", qint64(trainableParams)},
                 {"corpus_tokens", qint64(stream->size())},
                 {"steps", job.steps},
                 {"start_step", qint64(step)},
                 {"threads", at::get_num_threads()},
                 {"energy_source", QString::fromStdString(energySourceKey(meter->source()))},
                 {"energy_measured", meter->measured()}});

    double lossSum = 0;
    int lossCount = 0;
    auto intervalStart = std::chrono::steady_clock::now();
    std::int64_t intervalTokens = 0;
    for (; step < job.steps; ++step) {
        if (const int signal = stopSignal.load()) {
            auto saved = checkpoint();
            if (!saved)
                return std::unexpected(saved.error());
            events.send("stopped",
                        {{"signal", signal},
                         {"step", qint64(step)},
                         {"resume", "run the same job again: it resumes from the checkpoint"}});
            return JobOutcome::Stopped;
        }
        // Dropout draws from a generator seeded by the step, so it too is the
        // same after a resume.
        torch::manual_seed(mix(job.seed ^ mix(std::uint64_t(step))));
        const double loss = trainStep(model, *optimizer, trainable,
                                      windowsFor(tokens, job.seed, step, job.batchSize, job.seqLen),
                                      learningRate(job, step), job.gradClip);
        if (!std::isfinite(loss))
            return fail(job.file, 0, 0,
                        "the loss became " + std::to_string(loss) + " at step " +
                            std::to_string(step + 1) + "; lower lr or raise warmup_steps");
        meter->joules(); // RAPL counters wrap: read them every step, not only when logging
        lossSum += loss;
        ++lossCount;
        intervalTokens += tokensPerStep;
        const bool last = step + 1 == job.steps;
        if ((step + 1) % job.logEvery == 0 || last) {
            const double seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - intervalStart)
                    .count();
            events.send("progress",
                        {{"step", qint64(step + 1)},
                         {"steps", job.steps},
                         {"loss", lossSum / lossCount},
                         {"lr", learningRate(job, step)},
                         {"tokens_per_s", seconds > 0 ? double(intervalTokens) / seconds : 0.0},
                         {"tokens", qint64((step + 1) * tokensPerStep)},
                         {"energy_j", energy()},
                         {"elapsed_s", elapsed()}});
            lossSum = 0;
            lossCount = 0;
            intervalTokens = 0;
            intervalStart = std::chrono::steady_clock::now();
        }
        if (job.checkpointEvery > 0 && (step + 1) % job.checkpointEvery == 0 && !last) {
            ++step; // the checkpoint holds the state after this step
            auto saved = checkpoint();
            --step;
            if (!saved)
                return std::unexpected(saved.error());
        }
    }

    at::NoGradGuard noGrad;
    for (auto &[name, p] : trainable)
        p.requires_grad_(false);
    if (lora) {
        if (auto ok = writeAdapterDir(job.output, model, job.model); !ok)
            return std::unexpected(ok.error());
    } else {
        if (auto ok = writeModelDir(job.output, model, loaded->tokenizer->path()); !ok)
            return std::unexpected(ok.error());
    }
    const double joules = energy();
    const double trainedTokens = double(job.steps) * double(tokensPerStep);
    QJsonObject finished = energyReport(*meter, joules, trainedTokens);
    finished.insert("kind", jobKindName(job.kind));
    finished.insert("steps", job.steps);
    finished.insert("tokens", trainedTokens);
    finished.insert("seconds", elapsed());
    finished.insert("output", QString::fromStdString(job.output));
    if (!job.evalFile.empty()) {
        auto eval = tokenizeFiles(*loaded->tokenizer, {job.evalFile});
        if (!eval)
            return std::unexpected(eval.error());
        QJsonObject metric = evaluatePerplexity(model, *eval, job.seqLen, job.batchSize, &*stream);
        metric.insert("data", QString::fromStdString(job.evalFile));
        events.send("metric", metric);
        finished.insert("eval_perplexity", metric.value("perplexity"));
    }
    events.send("finished", finished);
    return JobOutcome::Finished;
}

} // namespace sovereign::agent
