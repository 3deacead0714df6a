#pragma once

#include "planner/base/error.h"
#include "planner/catalog.h"

#include <QCommandLineParser>
#include <QLocale>
#include <QStringList>

#include <optional>
#include <string>

namespace sovereign::cli {

/// Exit codes: 0 success, 1 bad input or failed work, 2 wrong usage.
enum Exit { Ok = 0, Failed = 1, Usage = 2 };

int reportError(const Error &e);
/// Parses a command's arguments; returns an exit code when the command must
/// stop here (a usage error, or --help printed), nothing to go on.
std::optional<int> parseCommand(QCommandLineParser &parser, const QStringList &args);
int usageError(const QString &message);
/// The built-in catalog, or exits the process with its error (a broken build).
const Catalog &catalog();
/// Loads the Qt and Sovereign translations for a locale (no-op for English).
void installTranslations(const QLocale &locale);
/// Writes text to a path or to stdout for "-"; errors name the path.
Result<void> writeOutput(const QString &path, const QByteArray &data);

} // namespace sovereign::cli
