#pragma once

// `sovereign-agent serve`: an OpenAI-compatible HTTP server over the CPU
// inference engine, plus the endpoints an orchestrator uses (node facts,
// heartbeat, metrics, jobs). agents/serve/README.md documents the endpoints.

#include "agents/energymeter.h"
#include "agents/infer/model.h"
#include "agents/serve/jobrunner.h"
#include "agents/serve/scheduler.h"

#include <QJsonObject>

#include <cstddef>
#include <memory>
#include <string>

namespace sovereign::agent::serve {

struct ServerOptions {
    std::string host = "127.0.0.1";
    int port = 0;            ///< 0: a free port
    std::string token;       ///< the bearer token every endpoint but GET /health asks for
    std::string modelId;     ///< what /v1/models calls the model
    int maxTokens = 1024;    ///< the most max_tokens a request may ask for
    int maxPromptTokens = 0; ///< the longest prompt; 0: the context less one
    std::size_t maxBodyBytes = 1 << 20;
    int httpThreads = 16;  ///< connections served at once
    QJsonObject nodeFacts; ///< staticNodeFacts() and the like
    std::string version;
};

class Server {
  public:
    Server(const infer::Model &model, Scheduler &scheduler, JobRunner &jobs, EnergyMeter &meter,
           ServerOptions options);
    ~Server();
    Server(const Server &) = delete;
    Server &operator=(const Server &) = delete;

    /// Binds the listening socket; the port (the one picked for port 0).
    Result<int> bind();
    /// Serves until stop(); blocks (run it on a thread of its own).
    bool listen();
    /// From now on generation requests and new jobs are answered 503.
    void drain();
    /// Streaming responses still being written.
    int openStreams() const;
    /// Closes the listening socket; listen() returns once the connections
    /// being served end.
    void stop();

  private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace sovereign::agent::serve
