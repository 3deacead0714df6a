#include "reports/reportdocument.h"

namespace sovereign {

QColor strategyColor(const QString &strategy) {
    // Okabe-Ito palette: distinguishable with colour-vision deficiencies.
    if (strategy == "own")
        return QColor(0x00, 0x72, 0xB2);
    if (strategy == "lease")
        return QColor(0xE6, 0x9F, 0x00);
    if (strategy == "hybrid")
        return QColor(0x00, 0x9E, 0x73);
    if (strategy == "optimal")
        return QColor(0xCC, 0x79, 0xA7);
    return QColor(0x56, 0x56, 0x56);
}

QColor statusColor(const QString &status) {
    if (status == "on-track")
        return QColor(0x1B, 0x8A, 0x3C);
    if (status == "at-risk")
        return QColor(0xD9, 0x8C, 0x00);
    if (status == "off-track")
        return QColor(0xC0, 0x1F, 0x2F);
    return QColor(0x80, 0x80, 0x80);
}

} // namespace sovereign
