#pragma once

#include "planner/base/error.h"

#include <QDateTime>

#include <string>
#include <vector>

namespace sovereign::energy {

/// One column of a time-stamped CSV (price, carbon intensity, a power cap),
/// as the file gives it. Times are the files' naive local wall-clock times
/// (no zone), kept as UTC-spec QDateTimes so no conversion ever moves them.
struct TimeSeries {
    std::string file;
    std::string column;
    std::vector<QDateTime> times; ///< ascending, no repeats
    std::vector<double> values;
    int emptyFilled = 0;    ///< empty cells filled by interpolation
    int repeatsDropped = 0; ///< a time given twice (the autumn daylight-saving hour): first kept
};

/// Empty rows in a row a series may have (more is a hole, not a clock change)
/// unless its reader says otherwise (SITE.yaml: max_gap_rows).
constexpr int kDefaultMaxGapRows = 8;

/// Reads `column` of a CSV whose first column is the time
/// (`YYYY-MM-DD HH:MM[:SS]`). Refuses with file:line and what was expected: a
/// row with the wrong number of fields, a bad time, a time out of order, a
/// value that is not a number. An empty value (a gap, e.g. the spring
/// daylight-saving hour the price files leave empty) is filled linearly from
/// its neighbours and counted; more than `maxGapRows` empty in a row is refused.
Result<TimeSeries> readTimeSeriesCsv(const std::string &path, const std::string &column,
                                     int maxGapRows = kDefaultMaxGapRows);

/// One value per slot of `slotMinutes` from `start`, `slotCount` of them: each
/// slot takes the time-weighted mean of the series over the slot, the series
/// holding each value until the next time. Refuses (naming the file) a range
/// the series does not cover.
Result<std::vector<double>> valuesPerSlot(const TimeSeries &series, const QDateTime &start,
                                          int slotMinutes, int slotCount);

/// A time as the CSVs and the CLI write it: YYYY-MM-DD HH:MM[:SS], naive.
Result<QDateTime> parseNaiveTime(const std::string &text);

} // namespace sovereign::energy
