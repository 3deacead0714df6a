#include "userinput.h"

#include <QLocale>

#include <cmath>

namespace sovereign {

std::optional<double> parseUserNumber(const QString &text) {
    const QString trimmed = text.trimmed();
    bool ok = false;
    double v = QLocale().toDouble(trimmed, &ok);
    if (!ok)
        v = trimmed.toDouble(&ok);
    // "inf" and "nan" parse as doubles, but nobody means them as a price or a target.
    return ok && std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
}

} // namespace sovereign
