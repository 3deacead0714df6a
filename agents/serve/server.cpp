// The HTTP side of `sovereign-agent serve` (cpp-httplib, JSON with Qt):
// routing, the bearer token, the OpenAI endpoints over the Scheduler, SSE,
// metrics, node facts and jobs. agents/serve/README.md documents every
// endpoint with its request and response.
#include "agents/serve/server.h"

#include "agents/infer/kernels.h"
#include "agents/serve/nodeinfo.h"
#include "agents/serve/openai.h"
#include "agents/serve/token.h"

#include <httplib.h>

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <random>
#include <strings.h>

namespace sovereign::agent::serve {
namespace {

using Clock = std::chrono::steady_clock;

std::string compact(const QJsonObject &o) {
    return QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString();
}

void reply(httplib::Response &res, int status, const QJsonObject &body) {
    res.status = status;
    res.set_content(compact(body), "application/json");
}

void replyError(httplib::Response &res, const ApiError &e) {
    reply(res, e.status, errorJson(e));
}

ApiError notFound(const QString &message, const QString &code = "not_found") {
    return {404, message, "invalid_request_error", {}, code};
}

ApiError shuttingDown() {
    return {503, "The server is shutting down.", "server_error", {}, "server_shutting_down"};
}

/// The metrics label of a path: the routes, ids folded, the rest "other".
std::string endpointOf(const std::string &path) {
    static const char *exact[] = {
        "/health",       "/metrics",        "/v1/models", "/v1/node",
        "/v1/heartbeat", "/v1/completions", "/v1/jobs",   "/v1/chat/completions"};
    for (const char *e : exact)
        if (path == e)
            return e;
    if (path.starts_with("/v1/models/"))
        return "/v1/models/{id}";
    if (path.starts_with("/v1/jobs/"))
        return "/v1/jobs/{id}";
    return "other";
}

/// For the log: no control characters, not too long.
std::string printable(const std::string &s) {
    std::string out;
    for (char c : s.substr(0, 200))
        out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
    return s.size() > 200 ? out + "..." : out;
}

double unixNow() {
    return double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
}

thread_local const httplib::Request *t_request = nullptr;
thread_local Clock::time_point t_started;

} // namespace

struct Server::Impl {
    const infer::Model &model;
    Scheduler &scheduler;
    JobRunner &jobs;
    EnergyMeter &meter;
    ServerOptions o;
    httplib::Server http;
    std::atomic<bool> draining{false};
    std::atomic<int> streams{0};
    const Clock::time_point started = Clock::now();
    const qint64 startedUnix = QDateTime::currentSecsSinceEpoch();
    std::mutex countsMutex;
    std::map<std::pair<std::string, int>, std::int64_t> counts;

    Impl(const infer::Model &m, Scheduler &s, JobRunner &j, EnergyMeter &e, ServerOptions options)
        : model(m), scheduler(s), jobs(j), meter(e), o(std::move(options)) {}

    void setUp();
    void handle(const httplib::Request &req, httplib::Response &res,
                const httplib::ContentReader *reader);
    bool readBody(const httplib::Request &req, httplib::Response &res,
                  const httplib::ContentReader &reader, std::string &body);
    bool authorized(const httplib::Request &req) const;
    void log(const httplib::Request &req, const httplib::Response &res);

    QJsonObject modelJson() const;
    void completion(httplib::Response &res, const std::string &body, bool chat);
    void stream(httplib::Response &res, std::shared_ptr<Channel> channel, bool chat,
                const QString &id, qint64 created, bool includeUsage);
    void metrics(httplib::Response &res);
    void node(httplib::Response &res);
    void heartbeat(httplib::Response &res);
    void jobsRoute(const httplib::Request &req, httplib::Response &res, const std::string &body);
};

void Server::Impl::setUp() {
    const int threads = std::max(4, o.httpThreads);
    http.new_task_queue = [threads] { return new httplib::ThreadPool(std::size_t(threads)); };
    http.set_payload_max_length(o.maxBodyBytes);
    http.set_keep_alive_timeout(5);
    // Every method on every path comes to handle(), which routes by itself:
    // that tells an unknown path (404) from a wrong method (405), and reads
    // bodies within --max-body-bytes (chunked ones too).
    const std::string any = ".*";
    auto plain = [this](const httplib::Request &req, httplib::Response &res) {
        handle(req, res, nullptr);
    };
    auto withBody = [this](const httplib::Request &req, httplib::Response &res,
                           const httplib::ContentReader &reader) { handle(req, res, &reader); };
    http.Get(any, plain);
    http.Options(any, plain);
    http.Post(any, plain);
    http.Put(any, plain);
    http.Patch(any, plain);
    http.Delete(any, plain);
    http.Post(any, withBody);
    http.Put(any, withBody);
    http.Patch(any, withBody);
    http.Delete(any, withBody);
    http.set_pre_routing_handler([](const httplib::Request &req, httplib::Response &) {
        t_request = &req;
        t_started = Clock::now();
        return httplib::Server::HandlerResponse::Unhandled;
    });
    // What httplib answers by itself (a request it cannot read, a body
    // over the limit) in the OpenAI shape too.
    http.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request &,
                                                                   httplib::Response &res) {
        if (!res.body.empty() || res.content_provider_)
            return httplib::Server::HandlerResponse::Unhandled;
        if (res.status == 413)
            replyError(res, {413,
                             "The request body is too large.",
                             "invalid_request_error",
                             {},
                             "request_too_large"});
        else
            replyError(res, {res.status,
                             QString("HTTP %1: the request could not be served.").arg(res.status),
                             res.status >= 500 ? "server_error" : "invalid_request_error",
                             {},
                             {}});
        return httplib::Server::HandlerResponse::Handled;
    }));
    http.set_exception_handler(
        [](const httplib::Request &, httplib::Response &res, std::exception_ptr error) {
            QString what = "unknown";
            try {
                if (error)
                    std::rethrow_exception(error);
            } catch (const std::exception &e) {
                what = QString::fromLocal8Bit(e.what());
            } catch (...) {
            }
            replyError(res, {500, "Internal error: " + what, "server_error", {}, {}});
        });
    http.set_logger(
        [this](const httplib::Request &req, const httplib::Response &res) { log(req, res); });
}

void Server::Impl::log(const httplib::Request &req, const httplib::Response &res) {
    {
        const std::lock_guard lock(countsMutex);
        ++counts[{endpointOf(req.path), res.status}];
    }
    // Never the headers: Authorization holds the token.
    const double ms =
        t_request == &req
            ? std::chrono::duration<double, std::milli>(Clock::now() - t_started).count()
            : 0.0;
    t_request = nullptr;
    std::fprintf(stderr, "sovereign-agent: %s %s %s %d %.1f ms\n",
                 printable(req.remote_addr).c_str(), printable(req.method).c_str(),
                 printable(req.path).c_str(), res.status, ms);
}

bool Server::Impl::readBody(const httplib::Request &req, httplib::Response &res,
                            const httplib::ContentReader &reader, std::string &body) {
    bool tooLarge = false;
    auto receive = [&](const char *data, std::size_t size) {
        if (body.size() + size > o.maxBodyBytes) {
            tooLarge = true;
            return false;
        }
        body.append(data, size);
        return true;
    };
    bool ok = false;
    if (req.is_multipart_form_data())
        ok = reader([](const httplib::MultipartFormData &) { return true; }, receive);
    else
        ok = reader(receive);
    if (!ok || tooLarge) {
        if (tooLarge || res.status == 413)
            replyError(res, {413,
                             QString("The request body is larger than %1 bytes (--max-body-bytes).")
                                 .arg(o.maxBodyBytes),
                             "invalid_request_error",
                             {},
                             "request_too_large"});
        else
            replyError(
                res, {400, "The request body could not be read.", "invalid_request_error", {}, {}});
        return false;
    }
    if (req.is_multipart_form_data()) {
        replyError(res, {415,
                         "Send JSON (or, to /v1/jobs, YAML), not a multipart form.",
                         "invalid_request_error",
                         {},
                         "unsupported_media_type"});
        return false;
    }
    return true;
}

bool Server::Impl::authorized(const httplib::Request &req) const {
    const std::string header = req.get_header_value("Authorization");
    if (header.size() <= 7 || strncasecmp(header.c_str(), "Bearer ", 7) != 0)
        return false;
    std::string token = header.substr(7);
    const auto begin = token.find_first_not_of(' ');
    if (begin == std::string::npos)
        return false;
    token = token.substr(begin, token.find_last_not_of(' ') - begin + 1);
    return constantTimeEquals(token, o.token);
}

void Server::Impl::handle(const httplib::Request &req, httplib::Response &res,
                          const httplib::ContentReader *reader) {
    std::string body;
    if (reader && !readBody(req, res, *reader, body))
        return;
    const std::string &path = req.path;
    const std::string method = req.method == "HEAD" ? "GET" : req.method;
    if (!(method == "GET" && path == "/health") && !authorized(req)) {
        res.set_header("WWW-Authenticate", "Bearer");
        replyError(res, {401,
                         "Missing or incorrect bearer token: send 'Authorization: Bearer TOKEN' "
                         "with the token of the agent's token file.",
                         "invalid_request_error",
                         {},
                         "invalid_api_key"});
        return;
    }
    // Routes and the methods each takes.
    auto allow = [&](std::initializer_list<const char *> methods) {
        std::string list;
        for (const char *m : methods) {
            if (method == m)
                return true;
            list += list.empty() ? m : std::string(", ") + m;
        }
        res.set_header("Allow", list);
        replyError(res,
                   {405,
                    QString("%1 is not allowed on %2; use %3.")
                        .arg(QString::fromStdString(printable(req.method)),
                             QString::fromStdString(printable(path)), QString::fromStdString(list)),
                    "invalid_request_error",
                    {},
                    "method_not_allowed"});
        return false;
    };
    if (path == "/health") {
        if (allow({"GET"}))
            reply(res, draining ? 503 : 200, {{"status", draining ? "draining" : "ok"}});
    } else if (path == "/v1/models") {
        if (allow({"GET"}))
            reply(res, 200, {{"object", "list"}, {"data", QJsonArray{modelJson()}}});
    } else if (path.starts_with("/v1/models/")) {
        if (!allow({"GET"}))
            return;
        if (path.substr(11) == o.modelId)
            reply(res, 200, modelJson());
        else
            replyError(res, notFound(QString("The model '%1' does not exist; this server has '%2'.")
                                         .arg(QString::fromStdString(printable(path.substr(11))),
                                              QString::fromStdString(o.modelId)),
                                     "model_not_found"));
    } else if (path == "/v1/completions" || path == "/v1/chat/completions") {
        if (allow({"POST"}))
            completion(res, body, path == "/v1/chat/completions");
    } else if (path == "/metrics") {
        if (allow({"GET"}))
            metrics(res);
    } else if (path == "/v1/node") {
        if (allow({"GET"}))
            node(res);
    } else if (path == "/v1/heartbeat") {
        if (allow({"GET"}))
            heartbeat(res);
    } else if (path == "/v1/jobs" || path.starts_with("/v1/jobs/")) {
        jobsRoute(req, res, body);
    } else {
        replyError(
            res,
            notFound(QString("Unknown path %1.").arg(QString::fromStdString(printable(path)))));
    }
}

QJsonObject Server::Impl::modelJson() const {
    return {{"id", QString::fromStdString(o.modelId)},
            {"object", "model"},
            {"created", startedUnix},
            {"owned_by", "sovereign"}};
}

void Server::Impl::completion(httplib::Response &res, const std::string &body, bool chat) {
    if (draining)
        return replyError(res, shuttingDown());
    auto request = parseCompletionRequest(QByteArray::fromStdString(body), chat);
    if (!request)
        return replyError(res, request.error());
    if (!request->model.isEmpty() && request->model.toStdString() != o.modelId)
        return replyError(res, {404,
                                QString("The model '%1' does not exist; this server has '%2'.")
                                    .arg(request->model, QString::fromStdString(o.modelId)),
                                "invalid_request_error", "model", "model_not_found"});
    const Tokenizer &tokenizer = *model.tokenizer();
    infer::GenerationRequest g;
    // BOS, then the text: as `sovereign-agent generate` does.
    if (tokenizer.bosId() >= 0)
        g.prompt.push_back(tokenizer.bosId());
    const auto ids = tokenizer.encode(chat ? chatPrompt(request->messages) : request->prompt);
    g.prompt.insert(g.prompt.end(), ids.begin(), ids.end());
    const int promptTokens = int(g.prompt.size());
    const int context = scheduler.contextSize();
    const int promptLimit =
        o.maxPromptTokens > 0 ? std::min(o.maxPromptTokens, context - 1) : context - 1;
    if (promptTokens > promptLimit)
        return replyError(res, {400,
                                QString("This model's maximum context length is %1 tokens and "
                                        "prompts may have at most %2; your prompt has %3 tokens.")
                                    .arg(context)
                                    .arg(promptLimit)
                                    .arg(promptTokens),
                                "invalid_request_error", chat ? "messages" : "prompt",
                                "context_length_exceeded"});
    if (request->maxTokens) {
        const QString param = "max_tokens";
        if (*request->maxTokens > o.maxTokens)
            return replyError(res, {400,
                                    QString("max_tokens is %1; this server allows at most %2 "
                                            "(--max-tokens).")
                                        .arg(*request->maxTokens)
                                        .arg(o.maxTokens),
                                    "invalid_request_error", param, "invalid_value"});
        if (promptTokens + *request->maxTokens > context)
            return replyError(
                res, {400,
                      QString("This model's maximum context length is %1 tokens. However, you "
                              "requested %2 tokens (%3 in the prompt, %4 for the completion).")
                          .arg(context)
                          .arg(promptTokens + *request->maxTokens)
                          .arg(promptTokens)
                          .arg(*request->maxTokens),
                      "invalid_request_error", param, "context_length_exceeded"});
        g.maxTokens = *request->maxTokens;
    } else {
        // OpenAI's defaults: 16 for completions, what the context leaves for chat.
        g.maxTokens = std::min(chat ? o.maxTokens : 16, context - promptTokens);
    }
    g.sampling.temperature = request->temperature;
    g.sampling.topP = request->topP;
    g.sampling.topK = request->topK;
    if (request->seed) {
        g.sampling.seed = *request->seed;
    } else {
        std::random_device random;
        g.sampling.seed = (std::uint64_t(random()) << 32) ^ random();
    }
    g.stop = request->stop;
    if (chat)
        g.stop.emplace_back(chatStop);
    g.stopAtEos = !request->ignoreEos;

    auto channel = scheduler.submit(std::move(g));
    auto idHex = randomHex(12);
    const QString id = QString(chat ? "chatcmpl-" : "cmpl-") +
                       QString::fromStdString(idHex ? *idHex : std::string("0"));
    const qint64 created = QDateTime::currentSecsSinceEpoch();
    if (request->stream)
        return stream(res, channel, chat, id, created, request->includeUsage);

    QString text;
    while (!channel->wait(std::chrono::milliseconds(1000), text)) {
    }
    const Completion done = channel->completion();
    if (!done.error.empty())
        return replyError(res, {500,
                                "Generation failed: " + QString::fromStdString(done.error),
                                "server_error",
                                {},
                                {}});
    if (done.finish == infer::FinishReason::Cancelled)
        return replyError(res, shuttingDown());
    QJsonObject choice{{"index", 0},
                       {"logprobs", QJsonValue()},
                       {"finish_reason", openAiFinishReason(done.finish)}};
    if (chat) {
        // "assistant:" ends the prompt: the reply's first space is the
        // template's, not the model's answer.
        if (text.startsWith(' '))
            text.remove(0, 1);
        choice.insert("message", QJsonObject{{"role", "assistant"}, {"content", text}});
    } else {
        choice.insert("text", text);
    }
    reply(res, 200,
          {{"id", id},
           {"object", chat ? "chat.completion" : "text_completion"},
           {"created", created},
           {"model", QString::fromStdString(o.modelId)},
           {"choices", QJsonArray{choice}},
           {"usage", QJsonObject{{"prompt_tokens", done.promptTokens},
                                 {"completion_tokens", done.completionTokens},
                                 {"total_tokens", done.promptTokens + done.completionTokens}}}});
}

void Server::Impl::stream(httplib::Response &res, std::shared_ptr<Channel> channel, bool chat,
                          const QString &id, qint64 created, bool includeUsage) {
    struct State {
        std::shared_ptr<Channel> channel;
        bool chat = false, includeUsage = false;
        QJsonObject head; ///< id, object, created, model
        bool roleSent = false;
        bool textStarted = false;
    };
    auto state = std::make_shared<State>();
    state->channel = std::move(channel);
    state->chat = chat;
    state->includeUsage = includeUsage;
    state->head = {{"id", id},
                   {"object", chat ? "chat.completion.chunk" : "text_completion"},
                   {"created", created},
                   {"model", QString::fromStdString(o.modelId)}};
    ++streams;
    res.status = 200;
    res.set_header("Cache-Control", "no-cache");
    res.set_header("X-Accel-Buffering", "no");
    // One stream, one connection: node-fetch 2 (under the openai v4 client
    // on Node 18) takes the end of a chunked response on a kept-alive socket
    // for a "Premature close" (node-fetch issue 1767); closed, it is sure.
    res.set_header("Connection", "close");
    auto send = [](httplib::DataSink &sink, const std::string &data) {
        const std::string event = "data: " + data + "\n\n";
        return sink.write(event.data(), event.size());
    };
    auto chunk = [state](const QJsonObject &delta, const QString &text, const QJsonValue &finish) {
        QJsonObject choice{{"index", 0}, {"logprobs", QJsonValue()}, {"finish_reason", finish}};
        if (state->chat)
            choice.insert("delta", delta);
        else
            choice.insert("text", text);
        QJsonObject o = state->head;
        o.insert("choices", QJsonArray{choice});
        return compact(o);
    };
    res.set_chunked_content_provider(
        "text/event-stream",
        [state, send, chunk](std::size_t, httplib::DataSink &sink) {
            Channel &channel = *state->channel;
            if (state->chat && !state->roleSent) {
                state->roleSent = true;
                if (!send(sink,
                          chunk({{"role", "assistant"}, {"content", ""}}, {}, QJsonValue()))) {
                    channel.cancel();
                    return false;
                }
                return true;
            }
            QString text;
            const bool finished = channel.wait(std::chrono::milliseconds(100), text);
            if (state->chat && !state->textStarted && !text.isEmpty()) {
                if (text.startsWith(' '))
                    text.remove(0, 1); // the template's space: see completion()
                state->textStarted = true;
            }
            if (!text.isEmpty() && !send(sink, chunk({{"content", text}}, text, QJsonValue()))) {
                channel.cancel();
                return false;
            }
            if (!finished) {
                // Nothing new: is the client still there?
                if (text.isEmpty() && !sink.is_writable()) {
                    channel.cancel();
                    return false;
                }
                return true;
            }
            const Completion done = channel.completion();
            if (!done.error.empty() || done.finish == infer::FinishReason::Cancelled) {
                const ApiError e =
                    done.error.empty()
                        ? shuttingDown()
                        : ApiError{500,
                                   "Generation failed: " + QString::fromStdString(done.error),
                                   "server_error",
                                   {},
                                   {}};
                send(sink, compact(errorJson(e)));
                sink.done();
                return true;
            }
            bool ok = send(sink, chunk({}, QString(""), openAiFinishReason(done.finish)));
            if (ok && state->includeUsage) {
                QJsonObject o = state->head;
                o.insert("choices", QJsonArray());
                o.insert("usage",
                         QJsonObject{{"prompt_tokens", done.promptTokens},
                                     {"completion_tokens", done.completionTokens},
                                     {"total_tokens", done.promptTokens + done.completionTokens}});
                ok = send(sink, compact(o));
            }
            if (ok)
                ok = sink.write("data: [DONE]\n\n", 14);
            if (ok)
                sink.done();
            return ok;
        },
        [this, state](bool success) {
            if (!success)
                state->channel->cancel();
            --streams;
        });
}

void Server::Impl::metrics(httplib::Response &res) {
    const SchedulerStats s = scheduler.stats();
    const double joules = meter.joules();
    const std::string source = energySourceKey(meter.source());
    std::string out;
    char line[512];
    auto metric = [&](const char *name, const char *type, const char *help) {
        std::snprintf(line, sizeof line, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
        out += line;
    };
    auto value = [&](const char *name, const std::string &labels, double v) {
        std::snprintf(line, sizeof line, "%s%s %.17g\n", name, labels.c_str(), v);
        out += line;
    };
    metric("sovereign_agent_tokens_generated_total", "counter",
           "Tokens generated since the agent started.");
    value("sovereign_agent_tokens_generated_total", "", double(s.generatedTokens));
    metric("sovereign_agent_prompt_tokens_total", "counter",
           "Prompt tokens processed since the agent started.");
    value("sovereign_agent_prompt_tokens_total", "", double(s.promptTokens));
    metric("sovereign_agent_requests_total", "counter",
           "HTTP requests answered, by endpoint and status code.");
    {
        const std::lock_guard lock(countsMutex);
        for (const auto &[key, count] : counts)
            value("sovereign_agent_requests_total",
                  "{endpoint=\"" + key.first + "\",code=\"" + std::to_string(key.second) + "\"}",
                  double(count));
    }
    metric("sovereign_agent_tokens_per_second", "gauge",
           "Tokens generated per second over the last minute.");
    value("sovereign_agent_tokens_per_second", "", s.tokensPerSecond);
    metric("sovereign_agent_queue_requests", "gauge",
           "Generation requests waiting for a place in the batch.");
    value("sovereign_agent_queue_requests", "", s.queued);
    metric("sovereign_agent_active_sequences", "gauge", "Sequences being generated.");
    value("sovereign_agent_active_sequences", "", s.active);
    const std::string label = "{source=\"" + source + "\"}";
    metric("sovereign_agent_energy_joules_total", "counter",
           "Energy since the agent started (source=\"estimated\": CPU time x TDP, not a "
           "measurement).");
    value("sovereign_agent_energy_joules_total", label, joules);
    metric("sovereign_agent_joules_per_token", "gauge",
           "Energy since the start over the tokens generated since the start (idle time "
           "included).");
    value("sovereign_agent_joules_per_token", label,
          s.generatedTokens > 0 ? joules / double(s.generatedTokens) : 0.0);
    res.status = 200;
    res.set_content(out, "text/plain; version=0.0.4; charset=utf-8");
}

void Server::Impl::node(httplib::Response &res) {
    QJsonObject facts = o.nodeFacts;
    facts.insert("memory_available_bytes", double(readMemoryInfo().availableBytes));
    facts.insert("power_source", QString::fromStdString(powerSource()));
    facts.insert("energy",
                 QJsonObject{{"source", QString::fromStdString(energySourceKey(meter.source()))},
                             {"measured", meter.measured()},
                             {"description", QString::fromStdString(meter.description())},
                             {"joules", meter.joules()}});
    facts.insert("version", QString::fromStdString(o.version));
    reply(res, 200, facts);
}

void Server::Impl::heartbeat(httplib::Response &res) {
    const SchedulerStats s = scheduler.stats();
    reply(res, 200,
          {{"object", "heartbeat"},
           {"status", draining ? "draining" : "ok"},
           {"uptime_s", std::chrono::duration<double>(Clock::now() - started).count()},
           {"active", s.active},
           {"queued", s.queued},
           {"tokens_generated", double(s.generatedTokens)},
           {"prompt_tokens", double(s.promptTokens)},
           {"tokens_per_second", s.tokensPerSecond},
           {"jobs_running", jobs.running()},
           {"time", unixNow()}});
}

void Server::Impl::jobsRoute(const httplib::Request &req, httplib::Response &res,
                             const std::string &body) {
    const std::string method = req.method == "HEAD" ? "GET" : req.method;
    auto notAllowed = [&](const char *allowed) {
        res.set_header("Allow", allowed);
        replyError(res, {405,
                         QString("%1 is not allowed here; use %2.")
                             .arg(QString::fromStdString(printable(req.method)), allowed),
                         "invalid_request_error",
                         {},
                         "method_not_allowed"});
    };
    if (req.path == "/v1/jobs") {
        if (method == "GET") {
            QJsonArray data;
            for (const JobState &s : jobs.list())
                data.append(jobJson(s));
            return reply(res, 200, {{"object", "list"}, {"data", data}});
        }
        if (method != "POST")
            return notAllowed("GET, POST");
        if (draining)
            return replyError(res, shuttingDown());
        auto job = jobs.submit(body);
        if (!job)
            return replyError(res,
                              {job.error().status,
                               QString::fromStdString(job.error().message),
                               job.error().status >= 500 ? "server_error" : "invalid_request_error",
                               {},
                               job.error().status >= 500 ? "" : "invalid_job_spec"});
        res.set_header("Location", "/v1/jobs/" + job->id);
        return reply(res, 201, jobJson(*job));
    }
    const std::string id = req.path.substr(9);
    if (method != "GET" && method != "DELETE")
        return notAllowed("GET, DELETE");
    const auto state = method == "GET" ? jobs.state(id) : jobs.stop(id);
    if (!state)
        return replyError(
            res,
            notFound(QString("There is no job '%1'.").arg(QString::fromStdString(printable(id)))));
    QJsonObject o = jobJson(*state);
    if (method == "GET")
        o.insert("events", jobs.events(id));
    reply(res, method == "DELETE" && state->state == "running" ? 202 : 200, o);
}

Server::Server(const infer::Model &model, Scheduler &scheduler, JobRunner &jobs, EnergyMeter &meter,
               ServerOptions options)
    : d(std::make_unique<Impl>(model, scheduler, jobs, meter, std::move(options))) {
    d->setUp();
}

Server::~Server() = default;

Result<int> Server::bind() {
    if (d->o.port == 0) {
        const int port = d->http.bind_to_any_port(d->o.host);
        if (port <= 0)
            return fail("cannot listen on " + d->o.host + " (a free port)");
        return port;
    }
    if (!d->http.bind_to_port(d->o.host, d->o.port))
        return fail("cannot listen on " + d->o.host + ":" + std::to_string(d->o.port) +
                    " (in use, or not an address of this machine)");
    return d->o.port;
}

bool Server::listen() {
    return d->http.listen_after_bind();
}

void Server::drain() {
    d->draining = true;
}

int Server::openStreams() const {
    return d->streams;
}

void Server::stop() {
    d->http.stop();
}

} // namespace sovereign::agent::serve
