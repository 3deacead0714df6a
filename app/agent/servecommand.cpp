// `sovereign-agent serve`: the OpenAI-compatible server over the CPU
// inference engine (agents/serve/README.md documents it).
#include "agentcli.h"
#include "agentcommands.h"

#include "agents/energymeter.h"
#include "agents/gguf.h"
#include "agents/infer/engine.h"
#include "agents/infer/kernels.h"
#include "agents/infer/model.h"
#include "agents/serve/jobrunner.h"
#include "agents/serve/nodeinfo.h"
#include "agents/serve/scheduler.h"
#include "agents/serve/server.h"
#include "agents/serve/token.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <thread>
#include <unistd.h>

namespace sovereign::agentcli {

namespace infer = sovereign::agent::infer;
namespace serve = sovereign::agent::serve;

namespace {

/// The GGUF file a model path names, if it names one.
QString ggufOf(const QString &path) {
    const QFileInfo info(path);
    if (info.isDir())
        return QFileInfo::exists(path + "/model.gguf") ? path + "/model.gguf" : QString();
    return path.endsWith(".gguf") ? path : QString();
}

bool loopback(const std::string &host) {
    return host == "127.0.0.1" || host == "localhost" || host == "::1" || host.starts_with("127.");
}

template <class Done> void waitUntil(Done done, std::chrono::milliseconds limit) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (!done() && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
}

} // namespace

int serveCommand(const QStringList &args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Serves a model over HTTP with the OpenAI API (/v1/completions, /v1/chat/completions, "
        "/v1/models; streaming too) and the endpoints an orchestrator uses (/health, "
        "/v1/heartbeat, /v1/node, /metrics, /v1/jobs). Every endpoint but /health wants "
        "'Authorization: Bearer TOKEN', the token of --token-file. Prints one JSON line "
        "{\"event\": \"listening\", ...} on stdout once it listens; SIGTERM or SIGINT stop it.");
    parser.addOption({"model",
                      "The model: a .gguf file, a folder with model.gguf, or a Hugging "
                      "Face folder.",
                      "PATH"});
    parser.addOption({"host", "The address to listen on (default 127.0.0.1).", "HOST"});
    parser.addOption({"port", "The port (default 0: a free one, printed).", "N"});
    parser.addOption({"token-file",
                      "The bearer token's file, made (0600) when missing "
                      "(default $XDG_CONFIG_HOME or ~/.config, "
                      "/sovereign/agent-token).",
                      "FILE"});
    parser.addOption({"threads", "Compute threads (default: every core).", "N"});
    parser.addOption(
        {"type", "Convert the weights as they load: f32, f16, q8_0, q4_0, int8.", "TYPE"});
    parser.addOption({"tokenizer", "A tokenizer.model instead of the model's.", "FILE"});
    parser.addOption({"parallel", "Sequences generated at once (default 4).", "N"});
    parser.addOption({"max-tokens", "The most tokens a request may ask for (default 1024).", "N"});
    parser.addOption({"max-prompt-tokens",
                      "The longest prompt in tokens (default: the context "
                      "less one).",
                      "N"});
    parser.addOption({"max-body-bytes", "The largest request body (default 1048576).", "N"});
    parser.addOption({"context", "Context length (default: the model's).", "N"});
    parser.addOption({"jobs-dir",
                      "Where POST /v1/jobs puts job folders (default: a new "
                      "folder under the temporary directory).",
                      "DIR"});
    parser.addOption({"step-delay-ms",
                      "Pause after each decoder step: a slow model, for tests "
                      "(default 0).",
                      "MS"});
    if (auto exit = parse(parser, args))
        return *exit;
    if (!parser.isSet("model"))
        return usageError("serve: --model PATH is required");
    int port = 0, threads = int(std::max(1u, std::thread::hardware_concurrency()));
    int parallel = 4, maxTokens = 1024, maxPromptTokens = 0, maxBody = 1 << 20, context = 0;
    int stepDelay = 0;
    for (auto [name, target, min] : {std::tuple{"port", &port, 0},
                                     {"threads", &threads, 1},
                                     {"parallel", &parallel, 1},
                                     {"max-tokens", &maxTokens, 1},
                                     {"max-prompt-tokens", &maxPromptTokens, 1},
                                     {"max-body-bytes", &maxBody, 1},
                                     {"context", &context, 2},
                                     {"step-delay-ms", &stepDelay, 0}})
        if (auto exit = positiveInt(parser, name, *target, min))
            return *exit;
    if (port > 65535)
        return usageError("--port: expected 0 to 65535");
    infer::LoadOptions load;
    if (parser.isSet("type")) {
        load.convertTo = infer::weightTypeFromName(parser.value("type").toStdString());
        if (!load.convertTo)
            return usageError("--type: expected f32, f16, q8_0, q4_0 or int8, got '" +
                              parser.value("type") + "'");
    }
    load.tokenizerPath = parser.value("tokenizer").toStdString();
    const std::string host =
        parser.isSet("host") ? parser.value("host").toStdString() : std::string("127.0.0.1");

    // The token first: a refused token file stops us before any work.
    const std::string tokenPath = parser.isSet("token-file")
                                      ? parser.value("token-file").toStdString()
                                      : serve::defaultTokenPath();
    auto token = serve::loadOrCreateToken(tokenPath);
    if (!token)
        return reportError(token.error());
    const QString tokenFile = QFileInfo(QString::fromStdString(tokenPath)).absoluteFilePath();
    if (token->created)
        std::fprintf(stderr, "sovereign-agent: made a new token in %s (mode 0600)\n",
                     qPrintable(tokenFile));

    const QString modelPath = parser.value("model");
    auto model = infer::Model::load(modelPath.toStdString(), load);
    if (!model)
        return reportError(model.error());
    if (!model->tokenizer())
        return reportError(Error{model->path(), 0, 0,
                                 "the model has no tokenizer; give --tokenizer tokenizer.model"});
    if (const QString gguf = ggufOf(modelPath); !gguf.isEmpty())
        if (auto file = agent::gguf::File::open(gguf.toStdString());
            file && file->find("tokenizer.chat_template"))
            std::fprintf(stderr,
                         "sovereign-agent: note: the model's tokenizer.chat_template (Jinja) is "
                         "not interpreted; chat uses the plain template \"ROLE: CONTENT\\n\" per "
                         "message, then \"assistant:\"\n");
    const std::string modelId = QFileInfo(QDir::cleanPath(modelPath)).fileName().toStdString();

    std::string jobsDir;
    if (parser.isSet("jobs-dir")) {
        if (!QDir().mkpath(parser.value("jobs-dir")))
            return reportError(Error{parser.value("jobs-dir").toStdString(), 0, 0,
                                     "cannot create the jobs folder"});
        jobsDir = QFileInfo(parser.value("jobs-dir")).absoluteFilePath().toStdString();
    } else {
        std::string pattern = QDir::tempPath().toStdString() + "/sovereign-agent-jobs-XXXXXX";
        if (!::mkdtemp(pattern.data()))
            return reportError(
                Error{pattern, 0, 0,
                      std::string("cannot create the jobs folder: ") + std::strerror(errno)});
        jobsDir = pattern;
    }
    std::error_code error;
    const std::string self = std::filesystem::read_symlink("/proc/self/exe", error).string();
    if (error)
        return reportError(Error{"/proc/self/exe", 0, 0, "cannot find our own executable"});

    QJsonObject facts = serve::staticNodeFacts();

    // SIGTERM and SIGINT reach this thread only, through sigtimedwait below:
    // every thread started from here on inherits them blocked.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGTERM);
    sigaddset(&stopSignals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

    infer::Engine engine(*model, threads);
    serve::Scheduler scheduler(engine, {parallel, 256, context, stepDelay});
    serve::JobRunner jobs(jobsDir, self);
    auto meter = agent::EnergyMeter::create();
    facts.insert("inference",
                 QJsonObject{{"simd", infer::simdName(infer::bestKernels().simd)},
                             {"threads", engine.threads()},
                             {"model", QString::fromStdString(modelId)},
                             {"weight_type", infer::weightTypeName(model->weightType())},
                             {"parameters", double(model->config().parameterCount())},
                             {"context", scheduler.contextSize()},
                             {"parallel", parallel},
                             {"chat_template", "plain"}});
    facts.insert("jobs_dir", QString::fromStdString(jobsDir));

    serve::ServerOptions options;
    options.host = host;
    options.port = port;
    options.token = token->token;
    options.modelId = modelId;
    options.maxTokens = maxTokens;
    options.maxPromptTokens = maxPromptTokens;
    options.maxBodyBytes = std::size_t(maxBody);
    options.httpThreads = std::max(16, 4 * parallel);
    options.nodeFacts = facts;
    options.version = QCoreApplication::applicationVersion().toStdString();
    serve::Server server(*model, scheduler, jobs, *meter, options);
    auto bound = server.bind();
    if (!bound)
        return reportError(bound.error());
    if (!loopback(host))
        std::fprintf(stderr,
                     "sovereign-agent: warning: listening on %s, beyond this machine; the bearer "
                     "token travels in clear text (no TLS)\n",
                     host.c_str());
    std::fprintf(stderr,
                 "sovereign-agent: serving %s (%s, %d threads, %d at once) on %s:%d; "
                 "jobs in %s\n",
                 modelId.c_str(), infer::weightTypeName(model->weightType()), engine.threads(),
                 parallel, host.c_str(), *bound, jobsDir.c_str());
    printJson({{"event", "listening"},
               {"host", QString::fromStdString(host)},
               {"port", *bound},
               {"model", QString::fromStdString(modelId)},
               {"token_file", tokenFile}});

    std::atomic<bool> listenerDone{false};
    bool listened = false;
    std::thread listener([&] {
        listened = server.listen();
        listenerDone = true;
    });
    int stopSignal = 0;
    while (!listenerDone) {
        const timespec second{1, 0};
        const int s = sigtimedwait(&stopSignals, nullptr, &second);
        if (s > 0) {
            stopSignal = s;
            break;
        }
        meter->joules(); // RAPL counters wrap: read them every few seconds
    }
    if (stopSignal == 0) {
        listener.join();
        scheduler.stop();
        std::fprintf(stderr, "sovereign-agent: the server stopped by itself (%s)\n",
                     listened ? "done" : "failed");
        return Failed;
    }
    std::fprintf(stderr, "sovereign-agent: %s: stopping\n", strsignal(stopSignal));
    // Take no new work; let what runs finish for a moment, then cancel it.
    server.drain();
    auto busy = [&] {
        const auto s = scheduler.stats();
        return s.active + s.queued > 0;
    };
    waitUntil([&] { return !busy(); }, std::chrono::milliseconds(3000));
    scheduler.cancelAll();
    waitUntil([&] { return !busy() && server.openStreams() == 0; },
              std::chrono::milliseconds(2000));
    if (jobs.running() > 0) {
        std::fprintf(stderr, "sovereign-agent: stopping %d jobs (SIGTERM)\n", jobs.running());
        jobs.stopAll(std::chrono::milliseconds(3000));
    }
    server.stop();
    waitUntil([&] { return listenerDone.load(); }, std::chrono::milliseconds(2000));
    if (!listenerDone) {
        // Idle keep-alive connections hold the server's threads a few seconds
        // more; nothing is left to answer them.
        if (!parser.isSet("jobs-dir"))
            ::rmdir(jobsDir.c_str());
        std::fprintf(stderr, "sovereign-agent: stopped\n");
        std::fflush(nullptr);
        std::_Exit(Ok);
    }
    listener.join();
    scheduler.stop();
    if (!parser.isSet("jobs-dir"))
        ::rmdir(jobsDir.c_str()); // ours, and empty unless jobs ran
    std::fprintf(stderr, "sovereign-agent: stopped\n");
    return Ok;
}

} // namespace sovereign::agentcli
