#include "scheduler/cluster/processutil.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QThread>

#include <arpa/inet.h>
#include <csignal>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace sovereign {

QString systemProgram(const QString &name) {
    if (name.contains('/'))
        return name;
    // Slurm runs ResumeProgram with an empty PATH: look in the system folders too.
    const QString found = QStandardPaths::findExecutable(name);
    if (!found.isEmpty())
        return found;
    const QString inSystem =
        QStandardPaths::findExecutable(name, {"/usr/sbin", "/usr/bin", "/sbin", "/bin"});
    return inSystem.isEmpty() ? name : inSystem;
}

Result<RunResult> runProgram(const QString &name, const QStringList &args, int timeoutMs,
                             const QStringList &extraEnv) {
    const QString program = systemProgram(name);
    QProcess p;
    QStringList env = QProcess::systemEnvironment();
    env += extraEnv;
    p.setEnvironment(env);
    p.start(program, args);
    if (!p.waitForStarted(5000))
        return fail(program.toStdString() + ": cannot start (" + p.errorString().toStdString() +
                    ")");
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(2000);
        return fail(program.toStdString() + ": no answer within " +
                    std::to_string(timeoutMs / 1000) + " s");
    }
    return RunResult{p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
                     QString::fromUtf8(p.readAllStandardError())};
}

qint64 readPidFile(const QString &path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    return f.readAll().trimmed().toLongLong();
}

bool processAlive(qint64 pid, const QString &name) {
    if (pid <= 0 || ::kill(static_cast<pid_t>(pid), 0) != 0)
        return false;
    // A pid file can outlive its process and the pid be reused: check the name.
    QFile comm(QString("/proc/%1/comm").arg(pid));
    if (!comm.open(QIODevice::ReadOnly))
        return false;
    return QString::fromUtf8(comm.readAll()).trimmed() == name.left(15);
}

bool stopProcess(qint64 pid, const QString &name, int timeoutMs) {
    if (!processAlive(pid, name))
        return true;
    ::kill(static_cast<pid_t>(pid), SIGTERM);
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        if (!processAlive(pid, name))
            return true;
        QThread::msleep(100);
    }
    ::kill(static_cast<pid_t>(pid), SIGKILL);
    QThread::msleep(200);
    return !processAlive(pid, name);
}

namespace {
/// Binds 127.0.0.1:port (0 = any) and returns the bound port, or 0.
int bindLoopback(int wanted) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return 0;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(wanted));
    int port = 0;
    socklen_t len = sizeof addr;
    if (::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len) == 0)
        port = ntohs(addr.sin_port);
    ::close(fd);
    return port;
}
} // namespace

int freeLoopbackPort() {
    return bindLoopback(0);
}

bool loopbackPortFree(int port) {
    return bindLoopback(port) == port;
}

} // namespace sovereign
