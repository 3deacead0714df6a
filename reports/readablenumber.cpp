#include "reports/readablenumber.h"

#include <algorithm>
#include <cmath>

namespace sovereign {

QString readableNumber(double v, const QLocale &locale) {
    if (std::isnan(v))
        return QString();
    if (std::isinf(v))
        return v > 0 ? QStringLiteral("∞") : QStringLiteral("-∞");
    if (v == 0)
        return QStringLiteral("0");
    // Six significant digits: enough for every catalog figure (0.070492 kg/kWh,
    // 33,810 USD) without the float noise of a computed one.
    const int magnitude = static_cast<int>(std::floor(std::log10(std::abs(v))));
    const int decimals = std::clamp(5 - magnitude, 0, 12);
    QString text = locale.toString(v, 'f', decimals);
    if (decimals > 0) {
        const QString point = locale.decimalPoint();
        const QString zero = locale.zeroDigit();
        while (text.endsWith(zero))
            text.chop(zero.size());
        if (text.endsWith(point))
            text.chop(point.size());
    }
    return text;
}

} // namespace sovereign
