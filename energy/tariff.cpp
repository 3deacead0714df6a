#include "energy/tariff.h"

#include "energy/csvtable.h"

#include "planner/base/yamlreader.h"

#include <QFile>

#include <cstdint>
#include <string_view>

namespace sovereign::energy {

namespace {

constexpr int minutesPerDay = 24 * 60;

// The off-peak hours are written in three forms, and only these are read:
//
//   "HH:MM-HH:MM"  a range within the day. When the end is not after the
//                  start it wraps past midnight. The file gives one range per
//                  *kind* of day, not per night, so the wrapped part is read
//                  as belonging to the same day: weekdays "22:00-06:00" makes
//                  00:00-06:00 and 22:00-24:00 of every Monday..Friday
//                  off-peak. Consequences of that reading: Monday 00:00-06:00
//                  is off-peak (as it would be if Sunday night ran on), but
//                  Saturday 00:00-06:00 is *not* (Friday's night is not
//                  carried into Saturday, whose own rule starts at 14:00).
//                  That is the simplest reading faithful to the words; the
//                  alternative (each night belongs to the day it starts on)
//                  differs only in those two early mornings.
//   "from HH:MM"   from that time to midnight. Saturday "from 14:00" is
//                  quoted as running on to Sunday 06:00 or 08:00 (the sources
//                  disagree, see the YAML); Sunday is off-peak all day
//                  anyway, so stopping at midnight loses nothing.
//   "all day"      the whole day.
//
// public_holidays "all day" cannot be applied without a list of Kenyan public
// holidays, which the file does not give: it is accepted and ignored, so a
// holiday is billed as the weekday (or weekend day) it falls on.

bool twoDigits(std::string_view s, std::size_t at, int &out) {
    if (at + 2 > s.size() || s[at] < '0' || s[at] > '9' || s[at + 1] < '0' || s[at + 1] > '9')
        return false;
    out = (s[at] - '0') * 10 + (s[at + 1] - '0');
    return true;
}

/// "HH:MM" starting at `at` as minutes of the day; 24:00 only where allowed.
bool clockMinutes(std::string_view s, std::size_t at, bool allow24, int &minutes) {
    int h = 0, m = 0;
    if (!twoDigits(s, at, h) || at + 2 >= s.size() || s[at + 2] != ':' ||
        !twoDigits(s, at + 3, m) || m > 59)
        return false;
    if (h > 23 && !(allow24 && h == 24 && m == 0))
        return false;
    minutes = h * 60 + m;
    return true;
}

/// Off-peak [start, end) ranges of one day, or false when the text is none of the forms.
bool parseOffPeak(std::string_view s, std::vector<std::pair<int, int>> &ranges) {
    ranges.clear();
    int a = 0, b = 0;
    if (s == "all day") {
        ranges.emplace_back(0, minutesPerDay);
        return true;
    }
    if (s.size() == 10 && s.starts_with("from ") && clockMinutes(s, 5, false, a)) {
        ranges.emplace_back(a, minutesPerDay);
        return true;
    }
    if (s.size() == 11 && s[5] == '-' && clockMinutes(s, 0, false, a) &&
        clockMinutes(s, 6, true, b)) {
        if (b > a) {
            ranges.emplace_back(a, b);
        } else { // wraps past midnight: both ends of the same day (see above)
            if (b > 0)
                ranges.emplace_back(0, b);
            ranges.emplace_back(a, minutesPerDay);
        }
        return true;
    }
    return false;
}

} // namespace

Result<TouTariff> readTouTariff(const std::string &path, const std::string &category, int period) {
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly))
        return fail(path, 0, 0,
                    "cannot open the file (" + f.errorString().toStdString() +
                        "): expected a time-of-use tariff YAML");
    const QByteArray bytes = f.readAll();
    const YamlReader yaml(path);
    auto parsed = yaml.parse(bytes.toStdString());
    if (!parsed)
        return std::unexpected(parsed.error());
    const YAML::Node root = *parsed;
    if (auto ok = yaml.expectMap(root, "the tariff file"); !ok)
        return std::unexpected(ok.error());

    TouTariff out;
    out.file = path;
    out.category = category;
    const YAML::Node currency = root["currency"];
    if (!currency)
        return yaml.failAt(root,
                           "currency: missing; expected the currency of the charges (e.g. KES)");
    auto cur = yaml.string(currency, "currency");
    if (!cur)
        return std::unexpected(cur.error());
    out.currency = *cur;

    // Charges of the category for the period.
    const YAML::Node categories = root["categories"];
    if (!categories)
        return yaml.failAt(root, "categories: missing; expected a mapping of tariff categories");
    if (auto ok = yaml.expectMap(categories, "categories"); !ok)
        return std::unexpected(ok.error());
    const YAML::Node cat = categories[category];
    if (!cat) {
        std::vector<std::string> known;
        for (auto it = categories.begin(); it != categories.end(); ++it)
            known.push_back(it->first.Scalar());
        return yaml.failAt(categories,
                           "categories." + category +
                               ": no such category; expected one of: " + csv::joined(known));
    }
    if (auto ok = yaml.expectMap(cat, "categories." + category); !ok)
        return std::unexpected(ok.error());
    for (const char *which : {"normal", "tou"}) {
        const std::string key = "categories." + category + "." + which;
        const YAML::Node list = cat[which];
        if (!list)
            return yaml.failAt(cat, key + ": missing; expected a list of charges per kWh, one "
                                          "per tariff period");
        if (!list.IsSequence() || list.size() == 0)
            return yaml.failAt(list, key + ": expected a list of charges per kWh, one per "
                                           "tariff period");
        const int periods = static_cast<int>(list.size());
        if (period < 0 || period >= periods)
            return yaml.failAt(list, key + ": no tariff period " + std::to_string(period) +
                                         "; expected a period from 0 to " +
                                         std::to_string(periods - 1));
        const std::string itemKey = key + "[" + std::to_string(period) + "]";
        auto v = yaml.number(list[period], itemKey, Domain::NonNegative);
        if (!v)
            return std::unexpected(v.error());
        (std::string_view(which) == "normal" ? out.normalPerKwh : out.offPeakPerKwh) = *v;
    }

    // The off-peak hours, per kind of day.
    const YAML::Node rule = root["tou_rule"];
    if (!rule)
        return yaml.failAt(root, "tou_rule: missing; expected the time-of-use rule with "
                                 "off_peak_periods");
    if (auto ok = yaml.expectMap(rule, "tou_rule"); !ok)
        return std::unexpected(ok.error());
    const YAML::Node periods = rule["off_peak_periods"];
    if (!periods)
        return yaml.failAt(rule, "tou_rule.off_peak_periods: missing; expected weekdays, "
                                 "saturday and sunday hours");
    if (auto ok = yaml.checkKeys(periods, "tou_rule.off_peak_periods",
                                 {"weekdays", "saturday", "sunday", "public_holidays"});
        !ok)
        return std::unexpected(ok.error());
    const std::string forms = "expected \"HH:MM-HH:MM\", \"from HH:MM\" or \"all day\"";
    struct Day {
        const char *key;
        int first, last; // 0 Monday .. 6 Sunday
    };
    for (const Day &day : {Day{"weekdays", 0, 4}, Day{"saturday", 5, 5}, Day{"sunday", 6, 6},
                           Day{"public_holidays", -1, -1}}) {
        const std::string key = std::string("tou_rule.off_peak_periods.") + day.key;
        const YAML::Node node = periods[day.key];
        if (!node) {
            if (day.first < 0) // public_holidays is optional (and ignored, see above)
                continue;
            return yaml.failAt(periods, key + ": missing; " + forms);
        }
        auto text = yaml.string(node, key);
        if (!text)
            return std::unexpected(text.error());
        std::vector<std::pair<int, int>> ranges;
        if (!parseOffPeak(*text, ranges))
            return yaml.failAt(node, key + ": '" + *text + "' is not understood; " + forms);
        for (int d = day.first; d >= 0 && d <= day.last; ++d)
            out.offPeak[std::size_t(d)] = ranges;
    }
    return out;
}

std::vector<double> tariffPerSlot(const TouTariff &tariff, const QDateTime &start, int slotMinutes,
                                  int slotCount) {
    std::vector<double> out;
    if (!start.isValid() || slotMinutes <= 0 || slotCount <= 0 || tariff.offPeak.size() != 7)
        return out;
    out.reserve(std::size_t(slotCount));
    // Work on the wall clock: the start's date and time as written, whatever its spec.
    const std::int64_t startMinute =
        QDateTime(start.date(), QTime(start.time().hour(), start.time().minute()), Qt::UTC)
            .toSecsSinceEpoch() /
        60;
    const std::int64_t mondayIndex = 3; // 1970-01-01, day 0 of the epoch, was a Thursday
    for (int s = 0; s < slotCount; ++s) {
        const std::int64_t minute = startMinute + std::int64_t(s) * slotMinutes;
        std::int64_t day = minute / minutesPerDay;
        std::int64_t ofDay = minute % minutesPerDay;
        if (ofDay < 0) {
            ofDay += minutesPerDay;
            --day;
        }
        const std::size_t weekday = std::size_t((((day + mondayIndex) % 7) + 7) % 7);
        bool offPeak = false;
        for (const auto &[from, to] : tariff.offPeak[weekday])
            offPeak = offPeak || (ofDay >= from && ofDay < to);
        out.push_back(offPeak ? tariff.offPeakPerKwh : tariff.normalPerKwh);
    }
    return out;
}

} // namespace sovereign::energy
