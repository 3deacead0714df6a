#pragma once

#include <QCoreApplication>

/// Translation context of report text ("Report"), shared by every format so a
/// report's words come from one place in the .ts files. Outside any namespace
/// so lupdate and the runtime agree on the context name.
class Report {
    Q_DECLARE_TR_FUNCTIONS(Report)
};
