#include "agentcli.h"

#include <QJsonDocument>

#include <cstdio>

namespace sovereign::agentcli {

int reportError(const Error &e) {
    std::fprintf(stderr, "sovereign-agent: %s\n", e.toString().c_str());
    return Failed;
}

int usageError(const QString &message) {
    std::fprintf(stderr, "sovereign-agent: %s\n", qPrintable(message));
    return Usage;
}

/// Parses; returns an exit code when the command must stop (usage or --help).
std::optional<int> parse(QCommandLineParser &parser, const QStringList &args) {
    parser.addHelpOption();
    if (!parser.parse(args))
        return usageError(parser.errorText());
    if (parser.isSet("help")) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return Ok;
    }
    return std::nullopt;
}

std::optional<int> positiveInt(const QCommandLineParser &parser, const QString &name, int &out,
                               int min) {
    if (!parser.isSet(name))
        return std::nullopt;
    bool ok = false;
    const int v = parser.value(name).toInt(&ok);
    if (!ok || v < min)
        return usageError(QString("--%1: expected an integer of at least %2, got '%3'")
                              .arg(name)
                              .arg(min)
                              .arg(parser.value(name)));
    out = v;
    return std::nullopt;
}

void printJson(const QJsonObject &o) {
    std::puts(QJsonDocument(o).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

} // namespace sovereign::agentcli
