#pragma once

#include <limits>

namespace sovereign {

/// What a number may be; checked when it is read so the error names the spot.
enum class Domain { Any, NonNegative, Positive, Fraction };

/// Where a number is plausible for what it measures, within its Domain: a
/// value outside is refused as a typo or a unit mix-up, and the solver never
/// sees figures it cannot handle (docs/methodology.md, "Plausible ranges").
struct Plausible {
    double min = -std::numeric_limits<double>::infinity();
    double max = std::numeric_limits<double>::infinity();
    bool bounded() const {
        return min > -std::numeric_limits<double>::infinity() ||
               max < std::numeric_limits<double>::infinity();
    }
};

} // namespace sovereign
