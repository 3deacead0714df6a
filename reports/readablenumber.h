#pragma once

#include <QLocale>
#include <QString>

namespace sovereign {

/// A number as a person reads it in a report: the locale's digit grouping and
/// decimal sign, about six significant digits with trailing zeros dropped,
/// never scientific notation (2e+08 becomes "200,000,000", 0.070492 stays).
/// Infinite values read "∞"; NaN is empty.
QString readableNumber(double v, const QLocale &locale);

} // namespace sovereign
