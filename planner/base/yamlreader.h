#pragma once

#include "planner/base/domain.h"
#include "planner/base/error.h"

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <string>
#include <vector>

namespace sovereign {

/// Reads values from one YAML document and turns every problem into an
/// Error carrying the file, the 1-based line and column, and what was expected.
class YamlReader {
  public:
    explicit YamlReader(std::string file) : m_file(std::move(file)) {}

    const std::string &file() const { return m_file; }

    /// Parses text; a syntax error comes back with yaml-cpp's position. An
    /// empty document and a key repeated in a mapping are refused too.
    Result<YAML::Node> parse(const std::string &text) const;

    Error errorAt(const YAML::Node &node, std::string message) const;
    std::unexpected<Error> failAt(const YAML::Node &node, std::string message) const {
        return std::unexpected(errorAt(node, std::move(message)));
    }

    /// Refuses any key of a map that is not in allowed (lists them in the message).
    Result<void> checkKeys(const YAML::Node &map, const std::string &where,
                           const std::vector<std::string> &allowed) const;
    Result<void> expectMap(const YAML::Node &node, const std::string &what) const;

    /// A number in `domain` and, when given, in its plausible range.
    Result<double> number(const YAML::Node &node, const std::string &key, Domain domain,
                          Plausible plausible = {}) const;
    Result<int> integer(const YAML::Node &node, const std::string &key, int min, int max) const;
    Result<bool> boolean(const YAML::Node &node, const std::string &key) const;
    Result<std::string> string(const YAML::Node &node, const std::string &key) const;

    /// A number that varies by year: a scalar (same every year) or a list of
    /// exactly `years` numbers.
    Result<std::vector<double>> series(const YAML::Node &node, const std::string &key, int years,
                                       Domain domain, Plausible plausible = {}) const;

    static std::string domainText(Domain domain);
    /// "a number from 1 to 3", or domainText() when nothing narrows the domain.
    static std::string rangeText(Domain domain, Plausible plausible);
    /// A bound as people write it: 1e7, 0.5, 1e-3.
    static std::string shortNumber(double v);

  private:
    Result<void> checkDuplicateKeys(const YAML::Node &node) const;

    std::string m_file;
};

} // namespace sovereign
