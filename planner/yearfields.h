#pragma once

#include "planner/planresult.h"

#include <optional>
#include <string>
#include <vector>

namespace sovereign {

/// A YearResult field with its JSON name and unit; the one list the JSON
/// writer, the KPI metrics and the summary table all read.
struct YearField {
    const char *name;
    const char *unit;
    double YearResult::*member = nullptr;                  ///< plain fields
    std::optional<double> YearResult::*optional = nullptr; ///< fields that may be empty

    std::optional<double> get(const YearResult &y) const {
        if (member)
            return y.*member;
        return y.*optional;
    }
};

const std::vector<YearField> &yearFields();

} // namespace sovereign
