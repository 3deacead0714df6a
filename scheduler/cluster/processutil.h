#pragma once

#include "planner/base/error.h"

#include <QString>
#include <QStringList>

namespace sovereign {

struct RunResult {
    int exitCode = -1;
    QString out, err;
};

/// A program's full path, searched in PATH and then the system folders.
QString systemProgram(const QString &name);

/// Runs a program with argv (never a shell) and waits; the error names the program.
Result<RunResult> runProgram(const QString &program, const QStringList &args, int timeoutMs = 30000,
                             const QStringList &extraEnv = {});

/// The pid in a pid file, or 0.
qint64 readPidFile(const QString &path);
/// Whether pid is alive and its executable's name is `name` (pid files can be stale).
bool processAlive(qint64 pid, const QString &name);
/// SIGTERM, then SIGKILL after timeoutMs; true when it is gone.
bool stopProcess(qint64 pid, const QString &name, int timeoutMs = 10000);
/// A TCP port on 127.0.0.1 that nothing listens on now.
int freeLoopbackPort();
/// Whether 127.0.0.1:port can be bound now.
bool loopbackPortFree(int port);

} // namespace sovereign
