#include "agentcommands.h"
#include "agentcli.h"

#include "agents/corpus.h"
#include "agents/energymeter.h"
#include "agents/infer/jobs.h"
#include "agents/jobevents.h"
#include "agents/jobspec.h"
#include "agents/systeminfo.h"
#include "agents/tokenizer.h"
#include "agents/torch/torchjobs.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <optional>

namespace sovereign::agentcli {

namespace agent = sovereign::agent;

namespace {

std::atomic<int> g_stopSignal{0};

extern "C" void onStopSignal(int signal) {
    g_stopSignal.store(signal);
}

} // namespace

int infoCommand(const QStringList &args) {
    QCommandLineParser parser;
    parser.setApplicationDescription("What this node trains with.");
    parser.addOption({"json", "Print one JSON object."});
    parser.addOption({"threads", "Set the compute threads first (default: every core).", "N"});
    if (auto exit = parse(parser, args))
        return *exit;
    int threads = 0;
    if (auto exit = positiveInt(parser, "threads", threads))
        return *exit;
    agent::setComputeThreads(threads);
    const agent::SystemInfo sys = agent::collectSystemInfo();
    const agent::TorchInfo torch = agent::torchInfo();
    const auto meter = agent::EnergyMeter::create();
    QJsonObject blas{{"library", QString::fromStdString(sys.blas.library)},
                     {"vendor", QString::fromStdString(sys.blas.vendor)},
                     {"threads", sys.blas.threads},
                     {"config", QString::fromStdString(sys.blas.config)},
                     {"slow", sys.blas.slow}};
    QJsonArray flags;
    for (const auto &f : sys.simdFlags)
        flags.append(QString::fromStdString(f));
    const QJsonObject info{
        {"cpu", QString::fromStdString(sys.cpuModel)},
        {"logical_cpus", sys.logicalCpus},
        {"simd", QString::fromStdString(sys.simd)},
        {"simd_flags", flags},
        {"blas", blas},
        {"torch_version", QString::fromStdString(torch.version)},
        {"torch_threads", torch.threads},
        {"torch_interop_threads", torch.interopThreads},
        {"torch_parallelism", QString::fromStdString(torch.parallelism)},
        {"energy_source", QString::fromStdString(agent::energySourceKey(meter->source()))},
        {"energy_measured", meter->measured()},
        {"energy_detail", QString::fromStdString(meter->description())}};
    if (parser.isSet("json")) {
        printJson(info);
        return Ok;
    }
    std::printf("CPU:        %s (%d logical CPUs)\n", sys.cpuModel.c_str(), sys.logicalCpus);
    std::printf("SIMD:       %s\n", sys.simd.c_str());
    std::printf("BLAS:       %s, %d threads\n            %s\n", sys.blas.vendor.c_str(),
                sys.blas.threads, sys.blas.library.c_str());
    if (!sys.blas.config.empty())
        std::printf("            %s\n", sys.blas.config.c_str());
    if (sys.blas.slow)
        std::printf("            warning: the reference BLAS is 16-35x slower; install "
                    "libopenblas0-pthread\n");
    std::printf("libtorch:   %s, %d threads (%s), %d inter-op\n", torch.version.c_str(),
                torch.threads, torch.parallelism.c_str(), torch.interopThreads);
    std::printf("Energy:     %s\n", meter->description().c_str());
    return Ok;
}

int runCommand(const QStringList &args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Runs a job spec (docs/agent.md). Prints JSON lines on stdout. SIGTERM, SIGUSR1 or "
        "SIGINT write a checkpoint and exit 75; running the job again resumes it.");
    parser.addPositionalArgument("JOB.yaml", "The job spec.");
    if (auto exit = parse(parser, args))
        return *exit;
    if (parser.positionalArguments().size() != 1)
        return usageError("run: expected one JOB.yaml");
    agent::JobEvents events;
    auto job = agent::readJobSpec(parser.positionalArguments().front().toStdString());
    if (!job) {
        events.send("failed", {{"reason", QString::fromStdString(job.error().toString())}});
        return reportError(job.error());
    }
    struct sigaction action {};
    action.sa_handler = onStopSignal;
    sigemptyset(&action.sa_mask);
    for (int s : {SIGTERM, SIGUSR1, SIGINT})
        sigaction(s, &action, nullptr);
    if (job->kind == agent::JobKind::Quantize || job->kind == agent::JobKind::Infer) {
        auto finished = agent::infer::runInferenceJob(*job, events, g_stopSignal);
        if (!finished) {
            events.send("failed",
                        {{"reason", QString::fromStdString(finished.error().toString())}});
            return reportError(finished.error());
        }
        return *finished ? Ok : Stopped;
    }
    auto outcome = agent::runJob(*job, events, g_stopSignal);
    if (!outcome) {
        events.send("failed", {{"reason", QString::fromStdString(outcome.error().toString())}});
        return reportError(outcome.error());
    }
    return *outcome == agent::JobOutcome::Stopped ? Stopped : Ok;
}

int benchTrainCommand(const QStringList &args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Times training steps (AdamW, gradient clipping) of a model built from config.json with "
        "random weights and tokens; bench/train_vs_torch.py runs it beside python3-torch.");
    parser.addOption({"config", "A Hugging Face config.json.", "FILE"});
    parser.addOption({"batch", "Sequences per step (default 8).", "B"});
    parser.addOption({"seq", "Tokens per sequence (default 256).", "T"});
    parser.addOption({"threads", "Compute threads (default: every core).", "N"});
    parser.addOption({"lora", "LoRA rank on q_proj and v_proj (default: full training).", "R"});
    parser.addOption({"steps", "Timed steps (default 5).", "S"});
    parser.addOption({"warmup", "Untimed steps first (default 2).", "W"});
    if (auto exit = parse(parser, args))
        return *exit;
    if (!parser.isSet("config"))
        return usageError("bench train: --config config.json is required");
    agent::TrainBenchRequest request;
    request.config = parser.value("config").toStdString();
    for (auto [name, target, min] : {std::tuple{"batch", &request.batch, 1},
                                     {"seq", &request.seq, 1},
                                     {"threads", &request.threads, 1},
                                     {"lora", &request.loraR, 1},
                                     {"steps", &request.steps, 1},
                                     {"warmup", &request.warmup, 0}})
        if (auto exit = positiveInt(parser, name, *target, min))
            return *exit;
    auto result = agent::benchTrain(request);
    if (!result)
        return reportError(result.error());
    printJson({{"mode", result->lora ? "lora" : "full"},
               {"tokens_per_s", result->tokensPerS},
               {"steps", result->steps},
               {"seconds", result->seconds},
               {"threads", result->threads},
               {"params", qint64(result->params)},
               {"trainable_params", qint64(result->trainableParams)}});
    return Ok;
}

int tokenizerTrainCommand(const QStringList &args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Trains a SentencePiece tokenizer.model as Llama's was made: BPE, byte fallback, digits "
        "split.");
    parser.addOption({"input", "A UTF-8 text file (repeat for more).", "FILE"});
    parser.addOption({"output", "The tokenizer.model to write.", "FILE"});
    parser.addOption({"vocab-size", "Pieces (default 1000).", "N"});
    parser.addOption({"type", "bpe (default) or unigram.", "TYPE"});
    parser.addOption({"threads", "Threads (default: every core).", "N"});
    if (auto exit = parse(parser, args))
        return *exit;
    agent::TokenizerTrainOptions options;
    for (const QString &input : parser.values("input"))
        options.inputs.push_back(input.toStdString());
    if (options.inputs.empty() || !parser.isSet("output"))
        return usageError("tokenizer train: --input FILE and --output FILE are required");
    options.output = parser.value("output").toStdString();
    if (parser.isSet("type"))
        options.modelType = parser.value("type").toStdString();
    if (auto exit = positiveInt(parser, "vocab-size", options.vocabSize, 260))
        return *exit;
    if (auto exit = positiveInt(parser, "threads", options.threads))
        return *exit;
    auto pieces = agent::trainTokenizer(options);
    if (!pieces)
        return reportError(pieces.error());
    printJson({{"output", QString::fromStdString(options.output)}, {"vocab_size", *pieces}});
    return Ok;
}

int corpusCommand(const QStringList &args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Writes a fortune corpus (Debian's fortunes-min and fortunes for en, fortunes-br for pt) "
        "as DIR/train.txt and DIR/heldout.txt: entries in file order, every tenth held out.");
    parser.addPositionalArgument("fortunes", "The corpus family (only fortunes).");
    parser.addOption({"lang", "en or pt.", "LANG"});
    parser.addOption({"out", "The folder to write.", "DIR"});
    parser.addOption(
        {"fortunes-dir", "Where the fortune files are.", "DIR", "/usr/share/games/fortunes"});
    if (auto exit = parse(parser, args))
        return *exit;
    if (parser.positionalArguments() != QStringList{"fortunes"} || !parser.isSet("lang") ||
        !parser.isSet("out"))
        return usageError("corpus: expected 'corpus fortunes --lang en|pt --out DIR'");
    auto corpus = agent::fortuneCorpus(parser.value("lang").toStdString(),
                                       parser.value("fortunes-dir").toStdString());
    if (!corpus)
        return reportError(corpus.error());
    std::vector<std::string> entries;
    for (const auto &file : corpus->files) {
        auto some = agent::readFortunes(file);
        if (!some)
            return reportError(some.error());
        entries.insert(entries.end(), some->begin(), some->end());
    }
    const agent::CorpusSplit split = agent::splitEveryTenth(entries);
    const QDir out(parser.value("out"));
    if (!QDir().mkpath(out.absolutePath()))
        return reportError({out.absolutePath().toStdString(), 0, 0, "cannot create the folder"});
    for (auto [name, text] :
         {std::pair{"train.txt", &split.train}, {"heldout.txt", &split.heldOut}}) {
        QFile f(out.filePath(name));
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
            f.write(text->data(), qint64(text->size())) != qint64(text->size()))
            return reportError({f.fileName().toStdString(), 0, 0,
                                "cannot write: " + f.errorString().toStdString()});
    }
    QJsonArray files;
    for (const auto &f : corpus->files)
        files.append(QString::fromStdString(f));
    printJson({{"language", QString::fromStdString(corpus->language)},
               {"packages", QString::fromStdString(corpus->package)},
               {"files", files},
               {"train_entries", split.trainEntries},
               {"heldout_entries", split.heldOutEntries},
               {"train_bytes", qint64(split.train.size())},
               {"heldout_bytes", qint64(split.heldOut.size())}});
    return Ok;
}

int forwardCommand(const QStringList &args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Writes the logits of a text (tokens, logits, mean NLL) to a safetensors file, for "
        "checking this engine against another (tests/llama_reference.py).");
    parser.addOption({"model", "A model folder.", "DIR"});
    parser.addOption({"adapter", "A PEFT LoRA adapter folder.", "DIR"});
    parser.addOption({"text", "A UTF-8 text file.", "FILE"});
    parser.addOption({"out", "The .safetensors to write.", "FILE"});
    parser.addOption({"max-tokens", "At most this many tokens (default 256).", "N"});
    parser.addOption({"threads", "Compute threads (default: every core).", "N"});
    if (auto exit = parse(parser, args))
        return *exit;
    if (!parser.isSet("model") || !parser.isSet("text") || !parser.isSet("out"))
        return usageError("forward: --model DIR, --text FILE and --out FILE are required");
    agent::ForwardRequest request;
    request.model = parser.value("model").toStdString();
    request.adapter = parser.value("adapter").toStdString();
    request.textFile = parser.value("text").toStdString();
    request.output = parser.value("out").toStdString();
    int maxTokens = 256;
    if (auto exit = positiveInt(parser, "max-tokens", maxTokens, 2))
        return *exit;
    request.maxTokens = maxTokens;
    if (auto exit = positiveInt(parser, "threads", request.threads))
        return *exit;
    if (auto ok = agent::writeForward(request); !ok)
        return reportError(ok.error());
    return Ok;
}

} // namespace sovereign::agentcli
