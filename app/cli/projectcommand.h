#pragma once

#include <QStringList>

namespace sovereign::cli {

/// sovereign project new|import|export|list|remove ...
int runProject(const QStringList &args);

} // namespace sovereign::cli
