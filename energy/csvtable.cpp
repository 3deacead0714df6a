#include "energy/csvtable.h"

#include <QFile>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace sovereign::energy::csv {

namespace {

std::string trimmed(const std::string &s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string::npos)
        return {};
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

/// Splits one line on commas; a field may be quoted ("a, b" and "" for a quote).
bool splitLine(const std::string &text, std::vector<std::string> &out) {
    out.clear();
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == ',') {
            out.push_back(trimmed(field));
            field.clear();
        } else if (c == '"' && trimmed(field).empty()) {
            field.clear();
            quoted = true;
        } else {
            field += c;
        }
    }
    out.push_back(trimmed(field));
    return !quoted;
}

} // namespace

std::string joined(const std::vector<std::string> &items) {
    std::string out;
    for (const auto &item : items)
        out += (out.empty() ? "" : ", ") + item;
    return out;
}

/// The header and every non-blank row, with their line numbers.
Result<std::vector<CsvRow>> readCsvRows(const std::string &path) {
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly))
        return fail(path, 0, 0, "cannot read: " + file.errorString().toStdString());
    std::string text = file.readAll().toStdString();
    if (text.starts_with("\xEF\xBB\xBF")) // a byte-order mark some spreadsheets write
        text.erase(0, 3);
    std::vector<CsvRow> rows;
    std::size_t pos = 0;
    int line = 0;
    while (pos < text.size()) {
        auto end = text.find('\n', pos);
        if (end == std::string::npos)
            end = text.size();
        std::string lineText = text.substr(pos, end - pos);
        pos = end + 1;
        ++line;
        if (!lineText.empty() && lineText.back() == '\r')
            lineText.pop_back();
        if (trimmed(lineText).empty())
            continue;
        CsvRow row;
        row.line = line;
        if (!splitLine(lineText, row.fields))
            return fail(path, line, 0, "a quoted field is not closed; expected a closing \"");
        rows.push_back(std::move(row));
    }
    if (rows.empty())
        return fail(path, 1, 0, "the file is empty; expected a header line and rows");
    return rows;
}

std::optional<double> parseNumber(const std::string &text) {
    double v = 0;
    const char *begin = text.data();
    const char *end = begin + text.size();
    const auto [ptr, ec] = std::from_chars(begin, end, v);
    if (text.empty() || ec != std::errc() || ptr != end || !std::isfinite(v))
        return std::nullopt;
    return v;
}

std::optional<int> parseInteger(const std::string &text) {
    int v = 0;
    const char *begin = text.data();
    const char *end = begin + text.size();
    const auto [ptr, ec] = std::from_chars(begin, end, v);
    if (text.empty() || ec != std::errc() || ptr != end)
        return std::nullopt;
    return v;
}

/// Maps header names to field indexes; refuses unknown, repeated and missing columns.
Result<std::map<std::string, std::size_t>> readHeader(const std::string &path, const CsvRow &header,
                                                      const std::vector<std::string> &required,
                                                      const std::vector<std::string> &optional) {
    std::vector<std::string> known = required;
    known.insert(known.end(), optional.begin(), optional.end());
    std::map<std::string, std::size_t> columns;
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
        const std::string &name = header.fields[i];
        if (std::find(known.begin(), known.end(), name) == known.end())
            return fail(path, header.line, 0,
                        "unknown column '" + name + "'; expected columns from: " + joined(known));
        if (!columns.emplace(name, i).second)
            return fail(path, header.line, 0,
                        "the column '" + name + "' appears twice; expected each column once");
    }
    for (const auto &name : required)
        if (!columns.contains(name))
            return fail(path, header.line, 0,
                        "missing column '" + name + "'; the required columns are " +
                            joined(required));
    return columns;
}

} // namespace sovereign::energy::csv
