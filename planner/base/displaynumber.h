#pragma once

#include <cmath>

namespace sovereign {

/// The value to print with `decimals` decimals: one that rounds to zero is
/// plain 0, so a tiny negative (-1e-9 USD of rounding) never shows as "-0.00".
inline double displayValue(double v, int decimals) {
    return std::abs(v) < 0.5 * std::pow(10.0, -decimals) ? 0.0 : v;
}

} // namespace sovereign
