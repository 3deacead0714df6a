#pragma once

#include <QJsonObject>

#include <cstdio>
#include <mutex>
#include <string>

namespace sovereign::agent {

/// The JSON lines a job prints on stdout, one object per line with an
/// "event" key: started, progress, checkpoint, metric, finished, failed
/// (docs/agent.md lists their fields). Lines are flushed at once so a
/// supervisor (Slurm, sovereignd) sees them as they happen.
class JobEvents {
  public:
    explicit JobEvents(std::FILE *out = stdout) : m_out(out) {}

    void send(const char *event, QJsonObject fields = {});

  private:
    std::FILE *m_out;
    std::mutex m_mutex;
};

} // namespace sovereign::agent
