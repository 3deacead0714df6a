// Inference commands: generate, bench generate, convert, model random.
#include "agentcli.h"
#include "agentcommands.h"

#include "agents/infer/bandwidth.h"
#include "agents/infer/decoder.h"
#include "agents/infer/engine.h"
#include "agents/infer/model.h"
#include "agents/llamaconfig.h"
#include "agents/systeminfo.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QTextStream>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <iterator>
#include <map>
#include <random>
#include <thread>

namespace sovereign::agentcli {

namespace infer = sovereign::agent::infer;

namespace {

int defaultThreads() {
    return int(std::max(1u, std::thread::hardware_concurrency()));
}

std::optional<int> weightTypeOption(const QCommandLineParser &parser, const QString &name,
                                    std::optional<infer::WeightType> &out) {
    if (!parser.isSet(name))
        return std::nullopt;
    out = infer::weightTypeFromName(parser.value(name).toStdString());
    if (!out)
        return usageError(QString("--%1: expected f32, f16, q8_0, q4_0 or int8, got '%2'")
                              .arg(name, parser.value(name)));
    return std::nullopt;
}

std::optional<int> floatOption(const QCommandLineParser &parser, const QString &name, float &out,
                               float min, float max) {
    if (!parser.isSet(name))
        return std::nullopt;
    bool ok = false;
    const float v = parser.value(name).toFloat(&ok);
    if (!ok || !(v >= min && v <= max))
        return usageError(QString("--%1: expected a number from %2 to %3, got '%4'")
                              .arg(name)
                              .arg(min)
                              .arg(max)
                              .arg(parser.value(name)));
    out = v;
    return std::nullopt;
}

/// A file's text, or standard input's for "-".
Result<std::string> readText(const QString &path) {
    if (path == "-") {
        std::string text(std::istreambuf_iterator<char>(std::cin), {});
        return text;
    }
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return fail(path.toStdString(), 0, 0, "cannot read: " + f.errorString().toStdString());
    return f.readAll().toStdString();
}

QJsonArray idsJson(const std::vector<int> &ids) {
    QJsonArray a;
    for (int id : ids)
        a.append(id);
    return a;
}

/// Writes `model` as GGUF and says what it wrote in one JSON line.
int writeGguf(const infer::Model &model, const QString &out, const QString &name) {
    if (auto ok = model.writeGguf(out.toStdString(), name.toStdString()); !ok)
        return reportError(ok.error());
    QJsonArray notes;
    for (const auto &n : model.notes())
        notes.append(QString::fromStdString(n));
    printJson({{"output", out},
               {"type", infer::weightTypeName(model.weightType())},
               {"bytes", double(QFileInfo(out).size())},
               {"params", double(model.config().parameterCount())},
               {"notes", notes}});
    return Ok;
}

double seconds(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

} // namespace

int generateCommand(const QStringList &args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Generates text from a prompt (or a batch of prompts, run together) with a Llama model: "
        "a .gguf file, a folder with model.gguf, or a Hugging Face folder.");
    parser.addOption({"model", "The model.", "PATH"});
    parser.addOption({"prompt", "A prompt (repeat for a batch).", "TEXT"});
    parser.addOption(
        {"prompt-file", "A file whose whole text is one prompt; - for stdin.", "FILE"});
    parser.addOption({"batch-file", "A file of prompts, one a line; - for stdin.", "FILE"});
    parser.addOption({"n", "Tokens to generate at most (default 128).", "N"});
    parser.addOption({"temperature", "0 (default): greedy; above: sample.", "T"});
    parser.addOption({"top-k", "Sample among the k likeliest tokens (default: all).", "K"});
    parser.addOption({"top-p", "Sample within probability mass p (default 1).", "P"});
    parser.addOption({"seed", "Sampling seed (default 0).", "S"});
    parser.addOption({"stop", "Stop before this text (repeatable).", "TEXT"});
    parser.addOption({"ignore-eos", "Go on past the end-of-sequence token."});
    parser.addOption({"no-bos", "Do not start the prompt with the BOS token."});
    parser.addOption({"threads", "Compute threads (default: every core).", "N"});
    parser.addOption(
        {"type", "Convert the weights as they load: f32, f16, q8_0, q4_0, int8.", "TYPE"});
    parser.addOption({"tokenizer", "A tokenizer.model instead of the model's.", "FILE"});
    parser.addOption({"context", "Context length (default: the model's).", "N"});
    parser.addOption({"mmap", "Use a GGUF file's weights in place (less memory, slower)."});
    parser.addOption({"json", "One JSON line per prompt: token ids, text, tokens/s."});
    if (auto exit = parse(parser, args))
        return *exit;
    if (!parser.isSet("model"))
        return usageError("generate: --model PATH is required");
    std::vector<std::string> prompts;
    for (const QString &p : parser.values("prompt"))
        prompts.push_back(p.toStdString());
    if (parser.isSet("prompt-file")) {
        auto text = readText(parser.value("prompt-file"));
        if (!text)
            return reportError(text.error());
        prompts.push_back(*text);
    }
    if (parser.isSet("batch-file")) {
        auto text = readText(parser.value("batch-file"));
        if (!text)
            return reportError(text.error());
        for (const QString &line : QString::fromStdString(*text).split('\n'))
            if (!line.trimmed().isEmpty())
                prompts.push_back(line.toStdString());
    }
    if (prompts.empty())
        return usageError("generate: give --prompt TEXT, --prompt-file FILE or --batch-file FILE");
    int maxTokens = 128, threads = defaultThreads(), context = 0, topK = 0, seed = 0;
    infer::SamplingOptions sampling;
    if (auto exit = positiveInt(parser, "n", maxTokens, 0))
        return *exit;
    if (auto exit = positiveInt(parser, "threads", threads))
        return *exit;
    if (auto exit = positiveInt(parser, "context", context, 2))
        return *exit;
    if (auto exit = positiveInt(parser, "top-k", topK, 0))
        return *exit;
    if (auto exit = positiveInt(parser, "seed", seed, 0))
        return *exit;
    if (auto exit = floatOption(parser, "temperature", sampling.temperature, 0, 100))
        return *exit;
    if (auto exit = floatOption(parser, "top-p", sampling.topP, 0, 1))
        return *exit;
    sampling.topK = topK;
    sampling.seed = std::uint64_t(seed);
    infer::LoadOptions load;
    if (auto exit = weightTypeOption(parser, "type", load.convertTo))
        return *exit;
    load.tokenizerPath = parser.value("tokenizer").toStdString();
    load.mapWeights = parser.isSet("mmap");

    auto model = infer::Model::load(parser.value("model").toStdString(), load);
    if (!model)
        return reportError(model.error());
    const agent::Tokenizer *tokenizer = model->tokenizer();
    if (!tokenizer)
        return reportError(Error{model->path(), 0, 0,
                                 "the model has no tokenizer; give --tokenizer tokenizer.model"});
    infer::Engine engine(*model, threads);
    infer::Decoder decoder(engine, 256, context);
    const bool json = parser.isSet("json");
    const bool stream = !json && prompts.size() == 1;
    struct Done {
        std::vector<int> prompt, tokens;
        std::string text;
        std::string finish;
        double promptSeconds = 0, generateSeconds = 0;
    };
    std::vector<Done> done(prompts.size());
    std::map<int, std::size_t> index;
    for (std::size_t i = 0; i < prompts.size(); ++i) {
        infer::GenerationRequest request;
        if (!parser.isSet("no-bos") && tokenizer->bosId() >= 0)
            request.prompt.push_back(tokenizer->bosId());
        const auto ids = tokenizer->encode(prompts[i]);
        request.prompt.insert(request.prompt.end(), ids.begin(), ids.end());
        request.maxTokens = maxTokens;
        request.sampling = sampling;
        for (const QString &s : parser.values("stop"))
            request.stop.push_back(s.toStdString());
        request.stopAtEos = !parser.isSet("ignore-eos");
        done[i].prompt = request.prompt;
        if (maxTokens == 0) {
            done[i].finish = "length";
            continue;
        }
        auto id = decoder.add(std::move(request));
        if (!id)
            return reportError(
                Error{model->path(), 0, 0,
                      "prompt " + std::to_string(i + 1) + ": " + id.error().message});
        index[*id] = i;
    }
    decoder.onUpdate = [&](const infer::Sequence &s, const std::string &released) {
        Done &d = done[index[s.id]];
        if (stream && !released.empty()) {
            std::fwrite(released.data(), 1, released.size(), stdout);
            std::fflush(stdout);
        }
        if (s.finish != infer::FinishReason::None) {
            d.tokens = s.tokens;
            d.text = s.text;
            d.finish = infer::finishReasonName(s.finish);
            d.promptSeconds = s.promptSeconds;
            d.generateSeconds = s.generateSeconds;
        }
    };
    const auto start = std::chrono::steady_clock::now();
    while (!decoder.idle())
        if (auto ran = decoder.step(); !ran)
            return reportError(ran.error());
    const double total = seconds(start);
    std::int64_t generated = 0;
    for (std::size_t i = 0; i < done.size(); ++i) {
        const Done &d = done[i];
        generated += std::int64_t(d.tokens.size());
        if (json) {
            QJsonObject o{{"prompt", QString::fromStdString(prompts[i])},
                          {"prompt_tokens", idsJson(d.prompt)},
                          {"tokens", idsJson(d.tokens)},
                          {"text", QString::fromStdString(d.text)},
                          {"finish_reason", QString::fromStdString(d.finish)},
                          {"prompt_seconds", d.promptSeconds},
                          {"generate_seconds", d.generateSeconds},
                          {"tokens_per_s", d.generateSeconds > 0 && d.tokens.size() > 1
                                               ? double(d.tokens.size() - 1) / d.generateSeconds
                                               : 0.0}};
            printJson(o);
        } else if (stream) {
            std::puts("");
        } else {
            std::printf("%s\n", d.text.c_str());
        }
    }
    if (!json)
        std::fprintf(
            stderr,
            "sovereign-agent: %lld tokens in %.2f s (%.1f tokens/s), %d threads, %s weights\n",
            static_cast<long long>(generated), total, total > 0 ? double(generated) / total : 0.0,
            threads, infer::weightTypeName(model->weightType()));
    return Ok;
}

int benchGenerateCommand(const QStringList &args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Times prompt processing and generation (llama-bench's pp and tg tests) at each "
        "precision; prints JSON lines with tokens/s, bytes of weights per token and the "
        "machine's measured read bandwidth.");
    parser.addOption(
        {"model", "The model (.gguf, model.gguf folder or Hugging Face folder).", "PATH"});
    parser.addOption({"threads", "Compute threads (default: every core).", "N"});
    parser.addOption({"types",
                      "Comma-separated precisions to convert to and time "
                      "(default: the model's own).",
                      "LIST"});
    parser.addOption({"p", "Prompt tokens for the pp test (default 128; 0: skip).", "N"});
    parser.addOption({"n", "Generated tokens for the tg test (default 128; 0: skip).", "N"});
    parser.addOption({"r", "Repetitions of each test (default 5).", "N"});
    parser.addOption({"mmap", "Use a GGUF file's weights in place instead of copying them."});
    if (auto exit = parse(parser, args))
        return *exit;
    if (!parser.isSet("model"))
        return usageError("bench generate: --model PATH is required");
    int threads = defaultThreads(), prompt = 128, gen = 128, repetitions = 5;
    if (auto exit = positiveInt(parser, "threads", threads))
        return *exit;
    if (auto exit = positiveInt(parser, "p", prompt, 0))
        return *exit;
    if (auto exit = positiveInt(parser, "n", gen, 0))
        return *exit;
    if (auto exit = positiveInt(parser, "r", repetitions))
        return *exit;
    std::vector<std::optional<infer::WeightType>> types;
    if (parser.isSet("types")) {
        for (const QString &t : parser.value("types").split(',')) {
            const auto type = infer::weightTypeFromName(t.trimmed().toStdString());
            if (!type)
                return usageError("--types: expected f32, f16, q8_0, q4_0 or int8, got '" + t +
                                  "'");
            types.push_back(type);
        }
    } else {
        types.push_back(std::nullopt);
    }
    const std::string path = parser.value("model").toStdString();
    {
        infer::ThreadPool pool(threads);
        const double bandwidth = infer::measureReadBandwidth(pool);
        printJson({{"test", "read_bandwidth"},
                   {"threads", threads},
                   {"gb_per_s", bandwidth / 1e9},
                   {"simd", infer::simdName(infer::bestKernels().simd)}});
    }
    // The bandwidth is measured again next to each test, as the machine's load changes.
    for (const auto &type : types) {
        infer::LoadOptions load;
        load.convertTo = type;
        load.mapWeights = parser.isSet("mmap");
        auto model = infer::Model::load(path, load);
        if (!model)
            return reportError(model.error());
        infer::Engine engine(*model, threads);
        const auto &c = model->config();
        const int context = std::max(prompt, gen) + 1;
        if (context > c.maxPositionEmbeddings)
            return usageError(
                QString("-p/-n: the model's context is %1 tokens").arg(c.maxPositionEmbeddings));
        std::mt19937 random(42);
        std::uniform_int_distribution<int> token(3, c.vocabSize - 1);
        struct Test {
            const char *name;
            int tokens;
        };
        for (const Test test : {Test{"pp", prompt}, Test{"tg", gen}}) {
            if (test.tokens == 0)
                continue;
            std::vector<double> rates;
            for (int r = -1; r < repetitions; ++r) { // r = -1: warm-up, not counted
                infer::KvCache cache(c, context);
                const auto start = std::chrono::steady_clock::now();
                if (test.name[0] == 'p') {
                    std::vector<infer::BatchEntry> batch;
                    for (int p = 0; p < test.tokens; ++p)
                        batch.push_back({&cache, token(random), p, p == test.tokens - 1});
                    if (auto out = engine.forward(batch); !out)
                        return reportError(out.error());
                } else {
                    int next = std::max(0, model->tokenizer() ? model->tokenizer()->bosId() : 1);
                    for (int p = 0; p < (r < 0 ? std::min(test.tokens, 8) : test.tokens); ++p) {
                        const infer::BatchEntry e{&cache, next, p, true};
                        auto out = engine.forward(std::span(&e, 1));
                        if (!out)
                            return reportError(out.error());
                        next = int(std::max_element(out->begin(), out->end()) - out->begin());
                    }
                }
                if (r >= 0)
                    rates.push_back(test.tokens / seconds(start));
            }
            double mean = 0, var = 0;
            for (double x : rates)
                mean += x / double(rates.size());
            for (double x : rates)
                var += (x - mean) * (x - mean) / std::max<double>(1, double(rates.size()) - 1);
            QJsonArray samples;
            for (double x : rates)
                samples.append(x);
            const double bytes = double(model->bytesPerToken());
            printJson({{"test", QString("%1%2").arg(test.name).arg(test.tokens)},
                       {"type", infer::weightTypeName(model->weightType())},
                       {"threads", threads},
                       {"threads_used", test.name[0] == 't' ? engine.activeThreads() : threads},
                       {"tokens_per_s", mean},
                       {"stddev", std::sqrt(var)},
                       {"samples", samples},
                       {"bytes_per_token", bytes},
                       {"weights_gb_per_s", test.name[0] == 't' ? mean * bytes / 1e9 : 0.0},
                       {"params", double(c.parameterCount())},
                       {"simd", infer::simdName(engine.kernels().simd)}});
        }
    }
    return Ok;
}

int convertCommand(const QStringList &args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Writes a model as a GGUF file that llama.cpp and Ollama load, converting its weights "
        "to f32, f16, q8_0 or q4_0 on the way.");
    parser.addOption(
        {"model", "The model (.gguf, model.gguf folder or Hugging Face folder).", "PATH"});
    parser.addOption({"out", "The .gguf file to write.", "FILE"});
    parser.addOption({"type", "f32, f16, q8_0 or q4_0 (default: as loaded).", "TYPE"});
    parser.addOption({"name", "general.name (default: the model path's last part).", "NAME"});
    parser.addOption({"tokenizer", "A tokenizer.model instead of the model's.", "FILE"});
    if (auto exit = parse(parser, args))
        return *exit;
    if (!parser.isSet("model") || !parser.isSet("out"))
        return usageError("convert: --model PATH and --out FILE are required");
    infer::LoadOptions load;
    if (auto exit = weightTypeOption(parser, "type", load.convertTo))
        return *exit;
    load.tokenizerPath = parser.value("tokenizer").toStdString();
    auto model = infer::Model::load(parser.value("model").toStdString(), load);
    if (!model)
        return reportError(model.error());
    const QString name = parser.isSet("name") ? parser.value("name")
                                              : QFileInfo(parser.value("model")).completeBaseName();
    return writeGguf(*model, parser.value("out"), name);
}

int modelRandomCommand(const QStringList &args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Writes a Llama model of random weights and a made-up vocabulary as GGUF, of the shape "
        "a config.json gives: a model for benchmarks that both this agent and llama.cpp load.");
    parser.addOption({"config", "A Hugging Face config.json.", "FILE"});
    parser.addOption({"out", "The .gguf file to write.", "FILE"});
    parser.addOption({"type", "f32, f16, q8_0 or q4_0 (default f32).", "TYPE"});
    parser.addOption({"seed", "Seed of the weights (default 0).", "S"});
    if (auto exit = parse(parser, args))
        return *exit;
    if (!parser.isSet("config") || !parser.isSet("out"))
        return usageError("model random: --config FILE and --out FILE are required");
    std::optional<infer::WeightType> type;
    if (auto exit = weightTypeOption(parser, "type", type))
        return *exit;
    int seed = 0;
    if (auto exit = positiveInt(parser, "seed", seed, 0))
        return *exit;
    auto config = agent::readLlamaConfig(parser.value("config").toStdString());
    if (!config)
        return reportError(config.error());
    auto model =
        infer::Model::random(*config, std::uint64_t(seed), type.value_or(infer::WeightType::F32));
    if (!model)
        return reportError(model.error());
    return writeGguf(*model, parser.value("out"), "random");
}

} // namespace sovereign::agentcli
