#pragma once

// Jobs an orchestrator hands the agent over HTTP: each a job spec (the YAML
// of `sovereign-agent run`, docs/agent.md) written to a folder of its own
// and run there as a child process, `sovereign-agent run job.yaml`, whose
// JSON-line events go to events.jsonl and its stderr to stderr.log.

#include <QJsonArray>
#include <QJsonObject>

#include <chrono>
#include <expected>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace sovereign::agent::serve {

struct JobState {
    std::string id;
    std::string folder;
    /// running, finished (exit 0), stopped (exit 75, or ended by the SIGTERM
    /// we sent) or failed (another exit code, or another signal).
    std::string state;
    std::optional<int> exitCode;
    std::optional<int> signal; ///< the signal that ended it
    double created = 0;        ///< Unix time
    std::optional<double> ended;
};

struct JobError {
    int status = 400; ///< 400: the spec is refused; 500: it could not start
    std::string message;
};

class JobRunner {
  public:
    /// `folder`: where job folders go; `executable`: the agent to run.
    JobRunner(std::string folder, std::string executable);
    ~JobRunner();
    JobRunner(const JobRunner &) = delete;
    JobRunner &operator=(const JobRunner &) = delete;

    /// Writes the spec to FOLDER/ID/job.yaml, checks it (readJobSpec) and
    /// starts it; its state.
    std::expected<JobState, JobError> submit(const std::string &yaml);
    std::optional<JobState> state(const std::string &id) const;
    std::vector<JobState> list() const;
    /// The JSON lines of events.jsonl so far (a line still being written is
    /// left out).
    QJsonArray events(const std::string &id) const;
    /// SIGTERM to a running job (it checkpoints and exits 75); its state.
    std::optional<JobState> stop(const std::string &id);
    /// SIGTERM to every running job; waits up to `wait` for them to end.
    void stopAll(std::chrono::milliseconds wait);
    int running() const;

    const std::string &folder() const { return m_folder; }

  private:
    struct Job;
    struct Shared;
    std::string m_folder;
    std::string m_executable;
    std::shared_ptr<Shared> m_shared;
};

QJsonObject jobJson(const JobState &state);

} // namespace sovereign::agent::serve
