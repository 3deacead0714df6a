#pragma once

// Comma-separated tables as the energy library reads them (JOBS.csv, job
// traces, GAIA's result files): rows with their line numbers, so every error
// can name file:line.

#include "planner/base/error.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sovereign::energy::csv {

struct CsvRow {
    int line = 0; ///< 1-based line in the file
    std::vector<std::string> fields;
};

/// The header and every non-blank row, with their line numbers; a field may
/// be quoted ("a, b", and "" for a quote); a byte-order mark is skipped.
Result<std::vector<CsvRow>> readCsvRows(const std::string &path);

/// A finite number, the whole text; nothing otherwise.
std::optional<double> parseNumber(const std::string &text);
/// A whole number, the whole text; nothing otherwise.
std::optional<int> parseInteger(const std::string &text);

/// "a, b, c": names listed in an error message.
std::string joined(const std::vector<std::string> &items);

/// Maps header names to field indexes; refuses unknown, repeated and missing columns.
Result<std::map<std::string, std::size_t>> readHeader(const std::string &path, const CsvRow &header,
                                                      const std::vector<std::string> &required,
                                                      const std::vector<std::string> &optional);

} // namespace sovereign::energy::csv
