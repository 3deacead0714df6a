#pragma once

#include <QStringList>

namespace sovereign::cli {

/// sovereign report PROJECT.sovereign|SCENARIO.yaml --format pdf|xlsx|csv|html -o FILE
int runReport(const QStringList &args);

} // namespace sovereign::cli
