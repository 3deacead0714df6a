#include "agents/jobspec.h"

#include "planner/base/yamlreader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

namespace sovereign::agent {

const char *jobKindName(JobKind kind) {
    switch (kind) {
    case JobKind::Train:
        return "train";
    case JobKind::FinetuneLora:
        return "finetune-lora";
    case JobKind::Merge:
        return "merge";
    case JobKind::Eval:
        return "eval";
    case JobKind::Quantize:
        return "quantize";
    case JobKind::Infer:
        return "infer";
    }
    return "?";
}

namespace {

std::string resolve(const std::string &file, const std::string &path) {
    if (QDir::isAbsolutePath(QString::fromStdString(path)))
        return path;
    const QDir base = QFileInfo(QString::fromStdString(file)).absoluteDir();
    return QDir::cleanPath(base.filePath(QString::fromStdString(path))).toStdString();
}

// Each helper reads one optional key of `map` into `out` when present.
struct Reader {
    const YamlReader &yaml;
    const YAML::Node &map;

    Result<void> integer(const char *key, int &out, int min, int max) const {
        if (!map[key])
            return {};
        auto v = yaml.integer(map[key], key, min, max);
        if (!v)
            return std::unexpected(v.error());
        out = *v;
        return {};
    }
    Result<void> number(const char *key, double &out, Domain domain,
                        Plausible plausible = {}) const {
        if (!map[key])
            return {};
        auto v = yaml.number(map[key], key, domain, plausible);
        if (!v)
            return std::unexpected(v.error());
        out = *v;
        return {};
    }
    Result<void> path(const char *key, std::string &out) const {
        if (!map[key])
            return {};
        auto v = yaml.string(map[key], key);
        if (!v)
            return std::unexpected(v.error());
        out = resolve(yaml.file(), *v);
        return {};
    }
};

#define SOVEREIGN_TRY(expr)                                                                        \
    do {                                                                                           \
        if (auto r_ = (expr); !r_)                                                                 \
            return std::unexpected(r_.error());                                                    \
    } while (false)

Result<LoraConfig> readLora(const YamlReader &yaml, const YAML::Node &node) {
    SOVEREIGN_TRY(yaml.expectMap(node, "lora"));
    SOVEREIGN_TRY(yaml.checkKeys(node, "lora", {"r", "alpha", "dropout", "target_modules"}));
    LoraConfig lora;
    const Reader read{yaml, node};
    SOVEREIGN_TRY(read.integer("r", lora.r, 1, 4096));
    lora.alpha = 2.0 * lora.r;
    SOVEREIGN_TRY(read.number("alpha", lora.alpha, Domain::Positive));
    SOVEREIGN_TRY(read.number("dropout", lora.dropout, Domain::NonNegative, {0.0, 0.9}));
    if (const YAML::Node targets = node["target_modules"]) {
        if (!targets.IsSequence() || targets.size() == 0)
            return yaml.failAt(targets,
                               "lora.target_modules: expected a list such as [q_proj, v_proj]");
        lora.targetModules.clear();
        for (const YAML::Node &t : targets) {
            auto name = yaml.string(t, "lora.target_modules");
            if (!name)
                return std::unexpected(name.error());
            if (std::ranges::find(loraTargetNames(), *name) == loraTargetNames().end())
                return yaml.failAt(t, "lora.target_modules: \"" + *name +
                                          "\" is not one of q_proj, k_proj, v_proj, o_proj, "
                                          "gate_proj, up_proj, down_proj");
            if (std::ranges::find(lora.targetModules, *name) != lora.targetModules.end())
                return yaml.failAt(t, "lora.target_modules: \"" + *name + "\" is listed twice");
            lora.targetModules.push_back(*name);
        }
    }
    return lora;
}

} // namespace

Result<JobSpec> parseJobSpec(const std::string &text, const std::string &file) {
    const YamlReader yaml(file);
    auto parsed = yaml.parse(text);
    if (!parsed)
        return std::unexpected(parsed.error());
    const YAML::Node root = *parsed;
    SOVEREIGN_TRY(yaml.expectMap(root, "the job"));
    SOVEREIGN_TRY(yaml.checkKeys(
        root, "the job",
        {"schema_version", "kind",       "model",      "adapter",      "output",     "tokenizer",
         "data",           "steps",      "batch_size", "seq_len",      "lr",         "warmup_steps",
         "weight_decay",   "grad_clip",  "seed",       "threads",      "log_every",  "eval_tokens",
         "lora",           "checkpoint", "energy",     "quantization", "max_tokens", "temperature",
         "top_k",          "top_p",      "stop"}));
    if (!root["schema_version"])
        return yaml.failAt(root, "missing schema_version (expected schema_version: 1)");
    auto version = yaml.integer(root["schema_version"], "schema_version", 1, 1000);
    if (!version)
        return std::unexpected(version.error());
    if (*version != 1)
        return yaml.failAt(root["schema_version"],
                           "schema_version " + std::to_string(*version) +
                               " is not supported; this agent reads schema_version 1");

    JobSpec job;
    job.file = file;
    if (!root["kind"])
        return yaml.failAt(root,
                           "missing kind (train, finetune-lora, merge, eval, quantize or infer)");
    auto kind = yaml.string(root["kind"], "kind");
    if (!kind)
        return std::unexpected(kind.error());
    if (*kind == "train")
        job.kind = JobKind::Train;
    else if (*kind == "finetune-lora")
        job.kind = JobKind::FinetuneLora;
    else if (*kind == "merge")
        job.kind = JobKind::Merge;
    else if (*kind == "eval")
        job.kind = JobKind::Eval;
    else if (*kind == "quantize")
        job.kind = JobKind::Quantize;
    else if (*kind == "infer")
        job.kind = JobKind::Infer;
    else
        return yaml.failAt(
            root["kind"],
            "kind: \"" + *kind +
                "\" is not one of train, finetune-lora, merge, eval, quantize, infer");

    const Reader read{yaml, root};
    if (!root["model"])
        return yaml.failAt(root, "missing model (a folder with config.json)");
    SOVEREIGN_TRY(read.path("model", job.model));
    SOVEREIGN_TRY(read.path("adapter", job.adapter));
    SOVEREIGN_TRY(read.path("output", job.output));
    SOVEREIGN_TRY(read.path("tokenizer", job.tokenizer));
    SOVEREIGN_TRY(read.integer("steps", job.steps, 0, 100'000'000));
    SOVEREIGN_TRY(read.integer("batch_size", job.batchSize, 1, 65536));
    SOVEREIGN_TRY(read.integer("seq_len", job.seqLen, 2, 1 << 20));
    SOVEREIGN_TRY(read.number("lr", job.lr, Domain::Positive, {0.0, 10.0}));
    SOVEREIGN_TRY(read.integer("warmup_steps", job.warmupSteps, 0, 100'000'000));
    SOVEREIGN_TRY(read.number("weight_decay", job.weightDecay, Domain::NonNegative, {0.0, 10.0}));
    SOVEREIGN_TRY(read.number("grad_clip", job.gradClip, Domain::NonNegative));
    int seed = 0;
    SOVEREIGN_TRY(read.integer("seed", seed, 0, 2'000'000'000));
    job.seed = std::uint64_t(seed);
    SOVEREIGN_TRY(read.integer("threads", job.threads, 0, 4096));
    SOVEREIGN_TRY(read.integer("log_every", job.logEvery, 1, 100'000'000));
    int evalTokens = 0;
    SOVEREIGN_TRY(read.integer("eval_tokens", evalTokens, 0, 2'000'000'000));
    job.evalTokens = evalTokens;

    if (const YAML::Node data = root["data"]) {
        SOVEREIGN_TRY(yaml.expectMap(data, "data"));
        SOVEREIGN_TRY(yaml.checkKeys(data, "data", {"train", "eval", "prompts"}));
        if (const YAML::Node train = data["train"]) {
            const auto add = [&](const YAML::Node &n) -> Result<void> {
                auto f = yaml.string(n, "data.train");
                if (!f)
                    return std::unexpected(f.error());
                job.trainFiles.push_back(resolve(file, *f));
                return {};
            };
            if (train.IsSequence()) {
                if (train.size() == 0)
                    return yaml.failAt(train, "data.train: expected at least one text file");
                for (const YAML::Node &n : train)
                    SOVEREIGN_TRY(add(n));
            } else {
                SOVEREIGN_TRY(add(train));
            }
        }
        SOVEREIGN_TRY((Reader{yaml, data}.path("eval", job.evalFile)));
        SOVEREIGN_TRY((Reader{yaml, data}.path("prompts", job.promptsFile)));
    }
    if (const YAML::Node q = root["quantization"]) {
        auto v = yaml.string(q, "quantization");
        if (!v)
            return std::unexpected(v.error());
        if (*v != "f32" && *v != "f16" && *v != "q8_0" && *v != "q4_0" && *v != "int8")
            return yaml.failAt(q, "quantization: \"" + *v +
                                      "\" is not one of f32, f16, q8_0, q4_0, int8");
        job.quantization = *v;
    }
    SOVEREIGN_TRY(read.integer("max_tokens", job.maxTokens, 0, 1 << 20));
    SOVEREIGN_TRY(read.number("temperature", job.temperature, Domain::NonNegative, {0.0, 100.0}));
    SOVEREIGN_TRY(read.integer("top_k", job.topK, 0, 1 << 24));
    SOVEREIGN_TRY(read.number("top_p", job.topP, Domain::Positive, {0.0, 1.0}));
    if (job.topP > 1)
        return yaml.failAt(root["top_p"], "top_p must be at most 1");
    if (const YAML::Node stop = root["stop"]) {
        if (!stop.IsSequence())
            return yaml.failAt(stop, "stop: expected a list of texts");
        for (const YAML::Node &n : stop) {
            auto v = yaml.string(n, "stop");
            if (!v)
                return std::unexpected(v.error());
            job.stop.push_back(*v);
        }
    }
    if (const YAML::Node lora = root["lora"]) {
        auto l = readLora(yaml, lora);
        if (!l)
            return std::unexpected(l.error());
        job.lora = *l;
    }
    if (const YAML::Node cp = root["checkpoint"]) {
        SOVEREIGN_TRY(yaml.expectMap(cp, "checkpoint"));
        SOVEREIGN_TRY(yaml.checkKeys(cp, "checkpoint", {"dir", "every_steps"}));
        if (!cp["dir"])
            return yaml.failAt(cp, "checkpoint: missing dir (a folder for checkpoints)");
        SOVEREIGN_TRY((Reader{yaml, cp}.path("dir", job.checkpointDir)));
        SOVEREIGN_TRY(
            (Reader{yaml, cp}.integer("every_steps", job.checkpointEvery, 0, 100'000'000)));
    }
    if (const YAML::Node energy = root["energy"]) {
        SOVEREIGN_TRY(yaml.expectMap(energy, "energy"));
        SOVEREIGN_TRY(yaml.checkKeys(energy, "energy", {"cpu_tdp_w"}));
        SOVEREIGN_TRY((Reader{yaml, energy}.number("cpu_tdp_w", job.cpuTdpW, Domain::Positive,
                                                   {1.0, 2000.0})));
    }

    // What each kind needs.
    const auto need = [&](bool ok, const char *what) -> Result<void> {
        if (ok)
            return {};
        return yaml.failAt(root, std::string("kind ") + jobKindName(job.kind) + " needs " + what);
    };
    const bool trains = job.kind == JobKind::Train || job.kind == JobKind::FinetuneLora;
    if (trains) {
        SOVEREIGN_TRY(need(!job.trainFiles.empty(), "data.train (text files to train on)"));
        SOVEREIGN_TRY(need(!job.output.empty(), "output (a folder to write)"));
    }
    if (job.kind == JobKind::FinetuneLora && !job.lora)
        job.lora = LoraConfig{};
    if (job.kind != JobKind::FinetuneLora && root["lora"])
        return yaml.failAt(root["lora"], std::string("lora: only finetune-lora jobs take LoRA "
                                                     "settings; this job's kind is ") +
                                             jobKindName(job.kind));
    if (job.kind == JobKind::Merge) {
        SOVEREIGN_TRY(need(!job.adapter.empty(), "adapter (the LoRA adapter folder to merge)"));
        SOVEREIGN_TRY(need(!job.output.empty(), "output (a folder to write)"));
    }
    if (job.kind == JobKind::Eval)
        SOVEREIGN_TRY(need(!job.evalFile.empty(), "data.eval (a text file)"));
    if (job.kind == JobKind::Quantize) {
        SOVEREIGN_TRY(
            need(!job.quantization.empty(), "quantization (f32, f16, q8_0, q4_0 or int8)"));
        SOVEREIGN_TRY(need(!job.output.empty(), "output (a folder to write)"));
    }
    if (job.kind == JobKind::Infer) {
        SOVEREIGN_TRY(
            need(!job.promptsFile.empty(), "data.prompts (a file of prompts, one a line)"));
        SOVEREIGN_TRY(need(!job.output.empty(), "output (the JSON lines file to write)"));
    }
    const bool inference = job.kind == JobKind::Quantize || job.kind == JobKind::Infer;
    for (const char *key : {"max_tokens", "temperature", "top_k", "top_p", "stop"})
        if (root[key] && job.kind != JobKind::Infer)
            return yaml.failAt(root[key], std::string(key) +
                                              ": only infer jobs take it; this "
                                              "job's kind is " +
                                              jobKindName(job.kind));
    if (root["quantization"] && !inference)
        return yaml.failAt(root["quantization"],
                           std::string("quantization: only quantize and infer jobs take it; this "
                                       "job's kind is ") +
                               jobKindName(job.kind));
    if (job.kind == JobKind::Train && !job.adapter.empty())
        return yaml.failAt(root["adapter"],
                           "adapter: a train job takes no adapter (use finetune-lora)");
    return job;
}

Result<JobSpec> readJobSpec(const std::string &path) {
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly))
        return fail(path, 0, 0, "cannot read the job spec: " + f.errorString().toStdString());
    return parseJobSpec(f.readAll().toStdString(), path);
}

} // namespace sovereign::agent
