#pragma once

#include "energy/problem.h"
#include "energy/tariff.h"
#include "energy/timeseries.h"
#include "planner/base/error.h"

#include <QDateTime>

#include <optional>
#include <string>
#include <vector>

namespace sovereign::energy {

/// A series named in SITE.yaml: {file, column} (relative to the site file).
struct SeriesRef {
    TimeSeries series;
};

struct BurstSpec {
    std::string name;
    double usdPerNodeHour = 0;
    int spinupMinutes = 0;
    int maxNodes = 0;
    bool sovereign = false;
    TimeSeries carbon;
};

/// SITE.yaml (schema_version 1; docs/scheduler.md lists the keys).
struct SiteSpec {
    std::string file;
    std::vector<Partition> partitions;
    double capKw = 0; ///< constant cap, when no cap series
    std::optional<TimeSeries> capSeries;
    TimeSeries carbon;                 ///< gCO2/kWh
    std::optional<TimeSeries> price;   ///< in `priceUnit`
    std::optional<TouTariff> tariff;   ///< or a tariff (currency per kWh)
    std::string priceUnit = "USD/kWh"; ///< EUR/MWh, USD/MWh, EUR/kWh, USD/kWh, KES/kWh...
    double usdPerCurrencyUnit = 1.0;
    double carbonPriceUsdPerT = 0;
    int slotMinutes = 15;
    std::vector<BurstSpec> bursts;
};

/// A price unit "CUR/MWh" or "CUR/kWh": a three-letter currency code and the
/// energy the price is for.
struct PriceUnit {
    std::string currency;    ///< upper case, e.g. EUR
    double kwhPerUnit = 1.0; ///< 1000 for MWh, 1 for kWh
};

/// Parses "EUR/MWh", "USD/kWh", "KES/kWh", ...; nothing when the text is not
/// of that form (the energy unit is case-sensitive: MWh or kWh).
std::optional<PriceUnit> parsePriceUnit(const std::string &text);

/// Reads and checks SITE.yaml and every file it names; errors carry
/// file:line:column (or file:line for a CSV row) and what was expected.
Result<SiteSpec> readSite(const std::string &path);

/// The site over `slotCount` slots from `start`: every series averaged onto the
/// slots, prices converted to USD per kWh. Refuses a range a series does not
/// cover, naming the file.
Result<SiteSlots> siteSlots(const SiteSpec &site, const QDateTime &start, int slotCount);

} // namespace sovereign::energy
