#include "agents/serve/nodeinfo.h"

#include "agents/systeminfo.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QSysInfo>

#include <fstream>
#include <sstream>

namespace sovereign::agent::serve {
namespace {

QString readLine(const QString &path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readLine()).trimmed();
}

} // namespace

MemoryInfo readMemoryInfo(const std::string &path) {
    MemoryInfo info;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string key;
        std::uint64_t kib = 0;
        if (!(fields >> key >> kib))
            continue;
        if (key == "MemTotal:")
            info.totalBytes = kib * 1024;
        else if (key == "MemAvailable:")
            info.availableBytes = kib * 1024;
    }
    return info;
}

QJsonArray detectGpus() {
    QJsonArray gpus;
    const QString smi = QStandardPaths::findExecutable("nvidia-smi");
    if (smi.isEmpty())
        return gpus;
    QProcess p;
    p.start(smi, {"--query-gpu=index,name,uuid,memory.total", "--format=csv,noheader,nounits"});
    if (!p.waitForFinished(10000)) {
        p.kill();
        p.waitForFinished();
        return gpus;
    }
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return gpus;
    for (const QByteArray &line : p.readAllStandardOutput().split('\n')) {
        const QStringList f = QString::fromUtf8(line).split(',');
        if (f.size() != 4)
            continue;
        gpus.append(QJsonObject{{"index", f[0].trimmed().toInt()},
                                {"name", f[1].trimmed()},
                                {"uuid", f[2].trimmed()},
                                {"memory_total_mib", f[3].trimmed().toDouble()}});
    }
    return gpus;
}

std::string powerSource(const std::string &root) {
    const QDir dir(QString::fromStdString(root));
    bool online = false, battery = false;
    for (const QString &name : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QString base = dir.filePath(name) + "/";
        const QString type = readLine(base + "type");
        if (type == "Battery") {
            // A device's battery (a mouse's) has scope Device: not ours.
            if (readLine(base + "scope") != "Device")
                battery = true;
        } else if (type == "Mains" || type.startsWith("USB")) {
            if (readLine(base + "online") == "1")
                online = true;
        }
    }
    return online ? "mains" : battery ? "battery" : "unknown";
}

QJsonObject staticNodeFacts() {
    const SystemInfo info = collectSystemInfo();
    QJsonArray flags;
    for (const std::string &f : info.simdFlags)
        flags.append(QString::fromStdString(f));
    return {{"hostname", QSysInfo::machineHostName()},
            {"cpu_model", QString::fromStdString(info.cpuModel)},
            {"logical_cpus", info.logicalCpus},
            {"simd", QString::fromStdString(info.simd)},
            {"simd_flags", flags},
            {"blas", QJsonObject{{"vendor", QString::fromStdString(info.blas.vendor)},
                                 {"library", QString::fromStdString(info.blas.library)},
                                 {"threads", info.blas.threads}}},
            {"memory_total_bytes", double(readMemoryInfo().totalBytes)},
            {"gpus", detectGpus()}};
}

} // namespace sovereign::agent::serve
