#include "agents/serve/jobrunner.h"

#include "agents/jobspec.h"
#include "agents/serve/token.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>

#include <cerrno>
#include <condition_variable>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char **environ;

namespace sovereign::agent::serve {

struct JobRunner::Job {
    JobState state;
    pid_t pid = -1;
    bool stopRequested = false;
};

/// What the waiting threads share with the runner (they may outlive it).
struct JobRunner::Shared {
    mutable std::mutex mutex;
    std::condition_variable ended;
    std::map<std::string, std::shared_ptr<Job>> jobs;
    int running = 0;
};

namespace {

double unixNow() {
    return double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;
}

std::string errnoText(int error) {
    return std::strerror(error);
}

bool writeFile(const std::string &path, const std::string &text) {
    const int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0)
        return false;
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            ::close(fd);
            return false;
        }
        done += std::size_t(n);
    }
    return ::close(fd) == 0;
}

} // namespace

JobRunner::JobRunner(std::string folder, std::string executable)
    : m_folder(std::move(folder)), m_executable(std::move(executable)),
      m_shared(std::make_shared<Shared>()) {}

JobRunner::~JobRunner() = default; // waiting threads keep m_shared alive

std::expected<JobState, JobError> JobRunner::submit(const std::string &yaml) {
    if (yaml.find_first_not_of(" \t\r\n") == std::string::npos)
        return std::unexpected(JobError{400, "the body is empty: send a job spec (YAML)"});
    auto id = randomHex(8);
    if (!id)
        return std::unexpected(JobError{500, id.error().message});
    const std::string jobId = "job-" + *id;
    const std::string folder = m_folder + "/" + jobId;
    if (::mkdir(folder.c_str(), 0700) != 0)
        return std::unexpected(JobError{500, "cannot create " + folder + ": " + errnoText(errno)});
    const std::string spec = folder + "/job.yaml";
    if (!writeFile(spec, yaml)) {
        const int error = errno;
        std::error_code ignored;
        std::filesystem::remove_all(folder, ignored);
        return std::unexpected(JobError{500, "cannot write " + spec + ": " + errnoText(error)});
    }
    if (auto job = readJobSpec(spec); !job) {
        std::error_code ignored;
        std::filesystem::remove_all(folder, ignored);
        Error e = job.error();
        e.file = "job.yaml";
        return std::unexpected(JobError{400, "the job spec is refused: " + e.toString()});
    }

    // The child: `AGENT run job.yaml` in the job's folder, stdin from
    // /dev/null, stdout to events.jsonl, stderr to stderr.log, nothing else
    // of ours open (the listening socket, clients' sockets), default signal
    // handling, a process group of its own.
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_addopen(&files, 0, "/dev/null", O_RDONLY, 0);
    const std::string events = folder + "/events.jsonl", errors = folder + "/stderr.log";
    posix_spawn_file_actions_addopen(&files, 1, events.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&files, 2, errors.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addchdir_np(&files, folder.c_str());
    posix_spawn_file_actions_addclosefrom_np(&files, 3);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    for (int s : {SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGUSR1, SIGCHLD})
        sigaddset(&defaults, s);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setpgroup(&attributes, 0);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF |
                                              POSIX_SPAWN_SETPGROUP);
    std::string arg0 = m_executable, run = "run", yamlArg = spec;
    char *argv[] = {arg0.data(), run.data(), yamlArg.data(), nullptr};
    pid_t pid = -1;
    const int spawned = posix_spawn(&pid, m_executable.c_str(), &files, &attributes, argv, environ);
    posix_spawn_file_actions_destroy(&files);
    posix_spawnattr_destroy(&attributes);
    if (spawned != 0)
        return std::unexpected(
            JobError{500, "cannot start " + m_executable + ": " + errnoText(spawned)});

    auto job = std::make_shared<Job>();
    job->pid = pid;
    job->state = {jobId, folder, "running", std::nullopt, std::nullopt, unixNow(), std::nullopt};
    const JobState state = job->state;
    {
        const std::lock_guard lock(m_shared->mutex);
        m_shared->jobs[jobId] = job;
        ++m_shared->running;
    }
    // A thread waits for this child only (waitpid on its pid): it owns what it
    // touches, so it may outlive the runner.
    std::thread([shared = m_shared, job, pid] {
        int status = 0;
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        const std::lock_guard lock(shared->mutex);
        JobState &s = job->state;
        s.ended = unixNow();
        if (WIFEXITED(status)) {
            s.exitCode = WEXITSTATUS(status);
            s.state = *s.exitCode == 0 ? "finished" : *s.exitCode == 75 ? "stopped" : "failed";
        } else if (WIFSIGNALED(status)) {
            s.signal = WTERMSIG(status);
            s.state = job->stopRequested && *s.signal == SIGTERM ? "stopped" : "failed";
        } else {
            s.state = "failed";
        }
        job->pid = -1;
        --shared->running;
        shared->ended.notify_all();
    }).detach();
    return state;
}

std::optional<JobState> JobRunner::state(const std::string &id) const {
    const std::lock_guard lock(m_shared->mutex);
    const auto it = m_shared->jobs.find(id);
    if (it == m_shared->jobs.end())
        return std::nullopt;
    return it->second->state;
}

std::vector<JobState> JobRunner::list() const {
    const std::lock_guard lock(m_shared->mutex);
    std::vector<JobState> all;
    for (const auto &[id, job] : m_shared->jobs)
        all.push_back(job->state);
    return all;
}

QJsonArray JobRunner::events(const std::string &id) const {
    const auto s = state(id);
    if (!s)
        return {};
    QFile f(QString::fromStdString(s->folder + "/events.jsonl"));
    QJsonArray events;
    if (!f.open(QIODevice::ReadOnly))
        return events;
    const QByteArray text = f.readAll();
    const QList<QByteArray> lines = text.split('\n');
    // The last piece has no newline yet unless the file ends with one.
    for (qsizetype i = 0; i + 1 < lines.size(); ++i) {
        const QJsonDocument doc = QJsonDocument::fromJson(lines[i]);
        if (doc.isObject())
            events.append(doc.object());
    }
    return events;
}

std::optional<JobState> JobRunner::stop(const std::string &id) {
    const std::lock_guard lock(m_shared->mutex);
    const auto it = m_shared->jobs.find(id);
    if (it == m_shared->jobs.end())
        return std::nullopt;
    Job &job = *it->second;
    if (job.pid > 0) {
        job.stopRequested = true;
        ::kill(job.pid, SIGTERM);
    }
    return job.state;
}

void JobRunner::stopAll(std::chrono::milliseconds wait) {
    std::unique_lock lock(m_shared->mutex);
    for (auto &[id, job] : m_shared->jobs)
        if (job->pid > 0) {
            job->stopRequested = true;
            ::kill(job->pid, SIGTERM);
        }
    m_shared->ended.wait_for(lock, wait, [&] { return m_shared->running == 0; });
}

int JobRunner::running() const {
    const std::lock_guard lock(m_shared->mutex);
    return m_shared->running;
}

QJsonObject jobJson(const JobState &s) {
    return {{"id", QString::fromStdString(s.id)},
            {"object", "job"},
            {"state", QString::fromStdString(s.state)},
            {"exit_code", s.exitCode ? QJsonValue(*s.exitCode) : QJsonValue()},
            {"signal", s.signal ? QJsonValue(*s.signal) : QJsonValue()},
            {"folder", QString::fromStdString(s.folder)},
            {"created", s.created},
            {"ended", s.ended ? QJsonValue(*s.ended) : QJsonValue()}};
}

} // namespace sovereign::agent::serve
