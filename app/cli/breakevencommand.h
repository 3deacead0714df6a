#pragma once

#include <QStringList>

namespace sovereign::cli {

/// sovereign breakeven SCENARIO.yaml [--sweep utilization|cloud-price] [--json]:
/// own vs lease NPV as one input varies (the desktop Compare view's breakeven).
int runBreakeven(const QStringList &args);

} // namespace sovereign::cli
