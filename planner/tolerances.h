#pragma once

namespace sovereign {

/// The planner's tolerances: one owner, so reports and views never re-derive
/// a verdict with a number of their own (docs/methodology.md, "Feasibility").

/// H100-hours below which unmet demand, or sensitive work on a foreign cloud,
/// counts as none: 36 H100-seconds a year. Absolute, so no amount of other
/// work can hide a sensitive hour abroad; far above the rounding of sums of
/// up to kMaxDemandH100HoursPerYear (1e11 x 1e-16 = 1e-5 hours).
inline constexpr double kHoursTolerance = 0.01;

/// Relative slack on the grid cap (MW) before a fleet counts as over it.
inline constexpr double kGridCapRelativeTolerance = 1e-9;

/// USD of NPV below which lifting a constraint "saves" nothing: solver
/// noise, not a binding constraint.
inline constexpr double kBindingMinimumUsd = 100.0;

/// USD of NPV within which two strategies are the same plan for the
/// recommendation (robust buys what optimal buys when nothing is uncertain).
inline constexpr double kSamePlanUsd = 0.5;

} // namespace sovereign
