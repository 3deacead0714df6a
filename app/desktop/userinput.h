#pragma once

#include <QString>

#include <optional>

namespace sovereign {

/// A number a person typed: in the application's locale ("0,5" in French) or
/// with a '.' decimal point whatever the locale; nothing for anything else,
/// infinities and NaN included.
std::optional<double> parseUserNumber(const QString &text);

} // namespace sovereign
