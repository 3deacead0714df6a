#include "energy/timeseries.h"

#include <QFile>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string_view>

namespace sovereign::energy {

namespace {

// The CSVs are read at every plan and a year of 15-minute rows is 35,000
// lines: the reader works on the raw bytes (one read, no QString, no
// per-row allocation) and parses times and numbers by hand / std::from_chars.

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

bool digits(std::string_view s, std::size_t at, std::size_t n, int &out) {
    if (at + n > s.size())
        return false;
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
        const char c = s[i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    out = v;
    return true;
}

/// YYYY-MM-DD HH:MM[:SS] (a 'T' instead of the space too); invalid QDateTime if not.
QDateTime parseTime(std::string_view s) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    if (s.size() != 16 && s.size() != 19)
        return {};
    if (!digits(s, 0, 4, y) || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
        !digits(s, 8, 2, d) || (s[10] != ' ' && s[10] != 'T') || !digits(s, 11, 2, h) ||
        s[13] != ':' || !digits(s, 14, 2, mi))
        return {};
    if (s.size() == 19 && (s[16] != ':' || !digits(s, 17, 2, sec)))
        return {};
    const QDate date(y, mo, d);
    if (!date.isValid() || h > 23 || mi > 59 || sec > 59)
        return {};
    // UTC spec: the files' times are naive wall-clock times; no zone may move them.
    return QDateTime(date, QTime(h, mi, sec), Qt::UTC);
}

std::string timeText(const QDateTime &t) {
    return t.toString(QStringLiteral("yyyy-MM-dd HH:mm")).toStdString();
}

std::string joinedColumns(const std::vector<std::string_view> &columns) {
    std::string out;
    for (const auto &c : columns) {
        if (!out.empty())
            out += ", ";
        out += '\'';
        out += c;
        out += '\'';
    }
    return out;
}

/// Splits a line at commas into `out` (views into the line); no quoting.
void splitFields(std::string_view line, std::vector<std::string_view> &out) {
    out.clear();
    std::size_t from = 0;
    while (true) {
        const std::size_t comma = line.find(',', from);
        if (comma == std::string_view::npos) {
            out.push_back(trimmed(line.substr(from)));
            return;
        }
        out.push_back(trimmed(line.substr(from, comma - from)));
        from = comma + 1;
    }
}

/// A run of empty values waiting for the next value to interpolate from.
struct PendingGap {
    int firstLine = 0;
    std::size_t firstIndex = 0; ///< index in the series of the first empty value
    int count = 0;
};

} // namespace

Result<QDateTime> parseNaiveTime(const std::string &text) {
    const QDateTime t = parseTime(trimmed(text));
    if (!t.isValid())
        return fail("'" + text +
                    "' is not a time: expected YYYY-MM-DD HH:MM or YYYY-MM-DD HH:MM:SS (naive "
                    "local wall-clock time, a real date, hours 00-23)");
    return t;
}

Result<TimeSeries> readTimeSeriesCsv(const std::string &path, const std::string &column,
                                     int maxGapRows) {
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly))
        return fail(path, 0, 0,
                    "cannot open the file (" + f.errorString().toStdString() +
                        "): expected a CSV with a time column and a '" + column + "' column");
    const QByteArray bytes = f.readAll();
    std::string_view text(bytes.constData(), static_cast<std::size_t>(bytes.size()));
    if (text.starts_with("\xEF\xBB\xBF")) // a UTF-8 byte-order mark, as spreadsheets write
        text.remove_prefix(3);

    TimeSeries out;
    out.file = path;
    out.column = column;

    std::size_t pos = 0;
    int lineNo = 0;
    // Next line without its '\n' (its '\r' is trimmed with the fields); false at the end.
    auto nextLine = [&](std::string_view &line) {
        if (pos >= text.size())
            return false;
        std::size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos)
            nl = text.size();
        line = text.substr(pos, nl - pos);
        pos = nl + 1;
        ++lineNo;
        return true;
    };

    std::string_view line;
    if (!nextLine(line) || trimmed(line).empty())
        return fail(path, 1, 0,
                    "the file is empty: expected a header line naming the columns (time first, "
                    "then '" +
                        column + "')");
    std::vector<std::string_view> fields;
    splitFields(line, fields);
    const std::vector<std::string_view> header = fields;
    const std::size_t fieldCount = header.size();
    std::size_t valueIndex = 0;
    for (std::size_t i = 1; i < header.size() && valueIndex == 0; ++i)
        if (header[i] == column)
            valueIndex = i;
    if (valueIndex == 0)
        return fail(path, 1, 0,
                    "no column '" + column +
                        "' after the time column in the header; the columns are " +
                        joinedColumns(header));

    const std::size_t estimate = text.size() / std::max<std::size_t>(line.size(), 16);
    out.times.reserve(estimate);
    out.values.reserve(estimate);

    PendingGap gap;
    auto gapError = [&](const std::string &why) {
        return fail(path, gap.firstLine, 0,
                    std::to_string(gap.count) + " empty '" + column +
                        "' value(s) from this line (" + timeText(out.times[gap.firstIndex]) + ") " +
                        why);
    };

    while (nextLine(line)) {
        const std::size_t here = pos;
        if (trimmed(line).empty()) {
            // Blank lines are accepted at the end of the file only.
            bool restBlank = true;
            for (std::size_t i = here; i < text.size() && restBlank; ++i)
                restBlank = text[i] == '\n' || text[i] == '\r' || text[i] == ' ' || text[i] == '\t';
            if (restBlank)
                break;
        }
        splitFields(line, fields);
        if (fields.size() != fieldCount)
            return fail(path, lineNo, 0,
                        "expected " + std::to_string(fieldCount) + " comma-separated fields (" +
                            joinedColumns(header) + "), got " + std::to_string(fields.size()));
        const QDateTime t = parseTime(fields[0]);
        if (!t.isValid())
            return fail(path, lineNo, 1,
                        "'" + std::string(fields[0]) +
                            "' is not a time: expected YYYY-MM-DD HH:MM or YYYY-MM-DD HH:MM:SS");
        if (!out.times.empty()) {
            const QDateTime &previous = out.times.back();
            if (t == previous) {
                // The autumn daylight-saving hour happens twice in local time;
                // the files give it once or twice. Keep the first.
                ++out.repeatsDropped;
                continue;
            }
            if (t < previous)
                return fail(path, lineNo, 1,
                            "time " + std::string(fields[0]) + " is not after the previous row's " +
                                timeText(previous) + ": expected the rows in ascending time order");
        }
        const std::string_view cell = fields[valueIndex];
        if (cell.empty()) {
            if (gap.count == 0) {
                gap.firstLine = lineNo;
                gap.firstIndex = out.values.size();
            }
            ++gap.count;
            out.times.push_back(t);
            out.values.push_back(0.0); // filled when the next value arrives
            continue;
        }
        double v = 0.0;
        const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
        if (ec != std::errc() || end != cell.data() + cell.size() || !std::isfinite(v))
            return fail(path, lineNo, 0,
                        "'" + column + "' is '" + std::string(cell) +
                            "': expected a finite number (or an empty cell for a gap)");
        if (gap.count > 0) {
            if (gap.count > maxGapRows)
                return gapError("in a row: at most " + std::to_string(maxGapRows) +
                                " can be filled by interpolation");
            if (gap.firstIndex == 0)
                return gapError("at the start of the file: a gap is filled from the values on "
                                "both sides; expected a value in the first row");
            // Linear in time between the neighbours, so irregular steps are right too.
            const double v0 = out.values[gap.firstIndex - 1];
            const qint64 t0 = out.times[gap.firstIndex - 1].toMSecsSinceEpoch();
            const qint64 t1 = t.toMSecsSinceEpoch();
            for (std::size_t i = gap.firstIndex; i < out.values.size(); ++i) {
                const double w = double(out.times[i].toMSecsSinceEpoch() - t0) / double(t1 - t0);
                out.values[i] = v0 + w * (v - v0);
            }
            out.emptyFilled += gap.count;
            gap = {};
        }
        out.times.push_back(t);
        out.values.push_back(v);
    }

    if (gap.count > 0)
        return gapError("at the end of the file: a gap is filled from the values on both sides; "
                        "expected a value in the last row");
    if (out.times.empty())
        return fail(path, 2, 0, "no data rows after the header: expected one row per time step");
    return out;
}

Result<std::vector<double>> valuesPerSlot(const TimeSeries &series, const QDateTime &start,
                                          int slotMinutes, int slotCount) {
    if (!start.isValid())
        return fail(series.file, 0, 0, "the first slot's start time is not a valid time");
    if (slotMinutes <= 0 || slotCount < 0)
        return fail(series.file, 0, 0,
                    "slots of " + std::to_string(slotMinutes) + " minutes, " +
                        std::to_string(slotCount) +
                        " of them: expected a slot length above 0 and a "
                        "count of 0 or more");
    std::vector<double> out;
    if (slotCount == 0)
        return out;
    const std::size_t n = series.times.size();
    if (n == 0 || series.values.size() != n)
        return fail(series.file, 0, 0, "'" + series.column + "' holds no values");

    const qint64 slotMs = qint64(slotMinutes) * 60'000;
    // Compare in UTC milliseconds: a QDateTime with another spec is compared as the same instant.
    const qint64 a0 = start.toMSecsSinceEpoch();
    const qint64 rangeEnd = a0 + slotMs * slotCount;
    const qint64 first = series.times.front().toMSecsSinceEpoch();
    const qint64 last = series.times.back().toMSecsSinceEpoch();

    // The last row holds for one median step (the file's own rhythm); known
    // only when needed, since finding it reads every time.
    qint64 coverEnd = last;
    if ((rangeEnd > last || a0 < first) && n > 1) {
        std::vector<qint64> steps;
        steps.reserve(n - 1);
        qint64 previous = first;
        for (std::size_t i = 1; i < n; ++i) {
            const qint64 t = series.times[i].toMSecsSinceEpoch();
            steps.push_back(t - previous);
            previous = t;
        }
        auto mid = steps.begin() + std::ptrdiff_t(steps.size() / 2);
        std::nth_element(steps.begin(), mid, steps.end());
        coverEnd = last + *mid;
    }
    auto covered = [&]() {
        return series.times.front().toString(QStringLiteral("yyyy-MM-dd HH:mm")).toStdString() +
               " to " +
               QDateTime::fromMSecsSinceEpoch(coverEnd, Qt::UTC)
                   .toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                   .toStdString();
    };
    if (a0 < first)
        return fail(series.file, 0, 0,
                    "'" + series.column + "' does not cover " + timeText(start) +
                        ": expected slots within the series, which covers " + covered());
    if (rangeEnd > coverEnd)
        return fail(series.file, 0, 0,
                    "'" + series.column + "' does not cover " +
                        timeText(QDateTime::fromMSecsSinceEpoch(coverEnd, Qt::UTC)) +
                        " onwards: expected slots within the series, which covers " + covered() +
                        " (the last row holds for one median step)");

    // The row in force at the start: the last time <= start.
    const qint64 startMs = a0;
    auto it =
        std::upper_bound(series.times.begin(), series.times.end(), startMs,
                         [](qint64 ms, const QDateTime &t) { return ms < t.toMSecsSinceEpoch(); });
    std::size_t i = std::size_t(it - series.times.begin()) - 1;
    auto segmentEnd = [&](std::size_t k) {
        return k + 1 < n ? series.times[k + 1].toMSecsSinceEpoch() : coverEnd;
    };

    out.reserve(std::size_t(slotCount));
    qint64 segStart = series.times[i].toMSecsSinceEpoch();
    qint64 segEnd = segmentEnd(i);
    for (int s = 0; s < slotCount; ++s) {
        const qint64 a = a0 + slotMs * s;
        const qint64 b = a + slotMs;
        double sum = 0.0;
        while (true) {
            const qint64 lo = std::max(a, segStart);
            const qint64 hi = std::min(b, segEnd);
            if (hi > lo)
                sum += series.values[i] * double(hi - lo);
            if (segEnd >= b || i + 1 >= n)
                break;
            ++i;
            segStart = segEnd;
            segEnd = segmentEnd(i);
        }
        out.push_back(sum / double(slotMs));
    }
    return out;
}

} // namespace sovereign::energy
