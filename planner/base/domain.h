#pragma once

namespace sovereign {

/// What a number may be; checked when it is read so the error names the spot.
enum class Domain { Any, NonNegative, Positive, Fraction };

} // namespace sovereign
