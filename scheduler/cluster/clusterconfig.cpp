#include "scheduler/cluster/clusterconfig.h"

#include "planner/base/yamlreader.h"

#include <QFile>

namespace sovereign {

QStringList ClusterConfig::ownedNodeNames() const {
    QStringList out;
    for (int i = 1; i <= ownedNodes; ++i)
        out.append(QString("own%1").arg(i));
    return out;
}

QStringList ClusterConfig::cloudNodeNames() const {
    QStringList out;
    for (int i = 1; i <= cloud.count; ++i)
        out.append(QString("burst%1").arg(i));
    return out;
}

int ClusterConfig::slurmdPort(const QString &node) const {
    return slurmdBasePort + static_cast<int>(allNodeNames().indexOf(node));
}

Result<ClusterConfig> loadClusterConfig(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(path.toStdString(), 0, 0, "cannot open the cluster config");
    const YamlReader r(path.toStdString());
    auto root = r.parse(file.readAll().toStdString());
    if (!root)
        return std::unexpected(root.error());
    if (auto ok = r.checkKeys(*root, "the cluster config",
                              {"schema_version", "name", "ports", "owned", "cloud", "provider",
                               "suspend_time_s", "resume_timeout_s", "rest_user"});
        !ok)
        return std::unexpected(ok.error());
    ClusterConfig c;
    auto integer = [&](const YAML::Node &n, const char *key, int min, int max,
                       int &out) -> Result<void> {
        if (!n)
            return {};
        auto v = r.integer(n, key, min, max);
        if (!v)
            return std::unexpected(v.error());
        out = *v;
        return {};
    };
    const YAML::Node &y = *root;
    if (y["name"]) {
        auto v = r.string(y["name"], "name");
        if (!v)
            return std::unexpected(v.error());
        c.name = QString::fromStdString(*v);
    }
    if (y["rest_user"]) {
        auto v = r.string(y["rest_user"], "rest_user");
        if (!v)
            return std::unexpected(v.error());
        c.restUser = QString::fromStdString(*v);
    }
    if (const YAML::Node ports = y["ports"]) {
        if (auto ok = r.checkKeys(ports, "ports", {"slurmctld", "slurmd_base", "rest"}); !ok)
            return std::unexpected(ok.error());
        for (auto [key, out] : {std::pair{"slurmctld", &c.ctldPort},
                                {"slurmd_base", &c.slurmdBasePort},
                                {"rest", &c.restPort}})
            if (auto ok = integer(ports[key], key, 0, 65535, *out); !ok)
                return std::unexpected(ok.error());
    }
    if (const YAML::Node owned = y["owned"]) {
        if (auto ok = r.checkKeys(owned, "owned", {"count", "cpus", "memory_mb"}); !ok)
            return std::unexpected(ok.error());
        for (auto [key, out, min] : {std::tuple{"count", &c.ownedNodes, 2},
                                     {"cpus", &c.ownedCpus, 1},
                                     {"memory_mb", &c.ownedMemoryMb, 100}})
            if (auto ok = integer(owned[key], key, min, 1 << 20, *out); !ok)
                return std::unexpected(ok.error());
    }
    if (const YAML::Node cloud = y["cloud"]) {
        if (auto ok = r.checkKeys(
                cloud, "cloud",
                {"count", "cpus", "memory_mb", "usd_per_hour", "spinup_seconds", "sovereign"});
            !ok)
            return std::unexpected(ok.error());
        for (auto [key, out, min] : {std::tuple{"count", &c.cloud.count, 0},
                                     {"cpus", &c.cloud.cpus, 1},
                                     {"memory_mb", &c.cloud.memoryMb, 100},
                                     {"spinup_seconds", &c.cloud.spinupSeconds, 0}})
            if (auto ok = integer(cloud[key], key, min, 1 << 20, *out); !ok)
                return std::unexpected(ok.error());
        if (cloud["usd_per_hour"]) {
            auto v = r.number(cloud["usd_per_hour"], "cloud.usd_per_hour", Domain::NonNegative);
            if (!v)
                return std::unexpected(v.error());
            c.cloud.usdPerHour = *v;
        }
        if (cloud["sovereign"]) {
            auto v = r.boolean(cloud["sovereign"], "cloud.sovereign");
            if (!v)
                return std::unexpected(v.error());
            c.cloud.sovereign = *v;
        }
    }
    if (const YAML::Node p = y["provider"]) {
        if (auto ok = r.checkKeys(p, "provider", {"type", "resume_command", "suspend_command"});
            !ok)
            return std::unexpected(ok.error());
        auto type = r.string(p["type"], "provider.type");
        if (!type)
            return std::unexpected(type.error());
        if (*type != "local" && *type != "command")
            return r.failAt(p["type"],
                            "provider.type: expected local or command, got '" + *type + "'");
        c.provider = QString::fromStdString(*type);
        for (auto [key, out] : {std::pair{"resume_command", &c.resumeCommand},
                                {"suspend_command", &c.suspendCommand}}) {
            const YAML::Node cmd = p[key];
            if (!cmd)
                continue;
            if (!cmd.IsSequence() || cmd.size() == 0)
                return r.failAt(cmd,
                                std::string("provider.") + key +
                                    ": expected a list: the program and its arguments (no shell)");
            for (const auto &part : cmd)
                out->append(QString::fromStdString(part.as<std::string>()));
        }
        if (c.provider == "command" && (c.resumeCommand.isEmpty() || c.suspendCommand.isEmpty()))
            return r.failAt(
                p, "provider: a command provider needs resume_command and suspend_command");
    }
    if (auto ok = integer(y["suspend_time_s"], "suspend_time_s", 5, 86400, c.suspendTimeSeconds);
        !ok)
        return std::unexpected(ok.error());
    if (auto ok =
            integer(y["resume_timeout_s"], "resume_timeout_s", 10, 86400, c.resumeTimeoutSeconds);
        !ok)
        return std::unexpected(ok.error());
    return c;
}

} // namespace sovereign
