#include "userinput.h"

#include <QLocale>

namespace sovereign {

std::optional<double> parseUserNumber(const QString &text) {
    const QString trimmed = text.trimmed();
    bool ok = false;
    double v = QLocale().toDouble(trimmed, &ok);
    if (!ok)
        v = trimmed.toDouble(&ok);
    return ok ? std::optional<double>(v) : std::nullopt;
}

} // namespace sovereign
