#pragma once

// What the agent's commands share: errors and usage on stderr with their exit
// codes, option parsing, JSON lines on stdout.

#include "agentcommands.h"
#include "planner/base/error.h"

#include <QCommandLineParser>
#include <QJsonObject>

#include <optional>

namespace sovereign::agentcli {

/// Prints "sovereign-agent: file:line: message"; returns Failed.
int reportError(const Error &e);
/// Prints the message; returns Usage.
int usageError(const QString &message);
/// Parses (adding --help); an exit code when the command must stop.
std::optional<int> parse(QCommandLineParser &parser, const QStringList &args);
/// --name as an integer of at least `min` into `out` when set; an exit code on
/// a bad value.
std::optional<int> positiveInt(const QCommandLineParser &parser, const QString &name, int &out,
                               int min = 1);
/// One compact JSON line on stdout, flushed.
void printJson(const QJsonObject &o);

} // namespace sovereign::agentcli
