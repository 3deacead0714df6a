#pragma once

#include "planner/base/error.h"

#include <QDateTime>

#include <string>
#include <vector>

namespace sovereign::energy {

/// A time-of-use tariff: a normal energy charge and a cheaper off-peak one
/// in given hours of each day of the week (the form of Kenya Power's
/// commercial & industrial ToU tariff, resources/energy/kenya_epra_ci_tou_2023.yaml).
struct TouTariff {
    std::string file;
    std::string currency; ///< e.g. KES
    std::string category; ///< e.g. CI1
    double normalPerKwh = 0;
    double offPeakPerKwh = 0;
    /// For each day (0 Monday .. 6 Sunday), per minute of the day: off-peak?
    /// Stored as [start, end) minute ranges.
    std::vector<std::vector<std::pair<int, int>>> offPeak =
        std::vector<std::vector<std::pair<int, int>>>(7);
};

/// Reads a tariff file of that form for one category and tariff period
/// (`period` indexes the categories' lists, 0 = the first year). Refuses an
/// unknown category, a period out of range, and off-peak hours it cannot read,
/// naming the file and key.
Result<TouTariff> readTouTariff(const std::string &path, const std::string &category, int period);

/// The charge (currency per kWh) in each slot from `start`: off-peak when the
/// slot's start minute is in an off-peak range of its weekday.
std::vector<double> tariffPerSlot(const TouTariff &tariff, const QDateTime &start, int slotMinutes,
                                  int slotCount);

} // namespace sovereign::energy
