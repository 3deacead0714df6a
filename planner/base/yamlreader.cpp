#include "planner/base/yamlreader.h"

#include <cmath>
#include <map>
#include <sstream>

namespace sovereign {

namespace {

std::string joined(const std::vector<std::string> &items) {
    std::string out;
    for (const auto &item : items) {
        if (!out.empty())
            out += ", ";
        out += item;
    }
    return out;
}

bool inDomain(double v, Domain domain) {
    switch (domain) {
    case Domain::Any:
        return true;
    case Domain::NonNegative:
        return v >= 0.0;
    case Domain::Positive:
        return v > 0.0;
    case Domain::Fraction:
        return v >= 0.0 && v <= 1.0;
    }
    return false;
}

} // namespace

Result<YAML::Node> YamlReader::parse(const std::string &text) const {
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::ParserException &e) {
        return fail(m_file, e.mark.line + 1, e.mark.column + 1, "YAML syntax error: " + e.msg);
    }
    if (!root.IsDefined() || root.IsNull())
        return fail(m_file, 1, 1,
                    "the file holds no YAML document (it is empty or only comments): expected a "
                    "mapping of key: value pairs");
    if (auto ok = checkDuplicateKeys(root); !ok)
        return std::unexpected(ok.error());
    return root;
}

Result<void> YamlReader::checkDuplicateKeys(const YAML::Node &node) const {
    // yaml-cpp keeps both entries of a repeated key and node["key"] finds the
    // first: a later edit would be ignored without a word.
    if (node.IsMap()) {
        std::map<std::string, YAML::Mark> seen;
        for (auto it = node.begin(); it != node.end(); ++it) {
            if (it->first.IsScalar()) {
                const auto [first, inserted] = seen.emplace(it->first.Scalar(), it->first.Mark());
                if (!inserted)
                    return failAt(it->first, "the key '" + it->first.Scalar() +
                                                 "' appears twice in this mapping (first at line " +
                                                 std::to_string(first->second.line + 1) +
                                                 "); expected each key once");
            }
            if (auto ok = checkDuplicateKeys(it->second); !ok)
                return ok;
        }
    } else if (node.IsSequence()) {
        for (const auto &child : node)
            if (auto ok = checkDuplicateKeys(child); !ok)
                return ok;
    }
    return {};
}

Error YamlReader::errorAt(const YAML::Node &node, std::string message) const {
    // yaml-cpp marks are 0-based; an undefined node has no mark (-1).
    const YAML::Mark mark = node.IsDefined() ? node.Mark() : YAML::Mark::null_mark();
    const int line = mark.line >= 0 ? mark.line + 1 : 0;
    const int column = mark.column >= 0 ? mark.column + 1 : 0;
    return Error{m_file, line, column, std::move(message)};
}

std::string YamlReader::domainText(Domain domain) {
    switch (domain) {
    case Domain::Any:
        return "a number";
    case Domain::NonNegative:
        return "a number >= 0";
    case Domain::Positive:
        return "a number > 0";
    case Domain::Fraction:
        return "a fraction between 0 and 1";
    }
    return "a number";
}

Result<void> YamlReader::expectMap(const YAML::Node &node, const std::string &what) const {
    if (!node.IsMap())
        return failAt(node, what + ": expected a mapping of key: value pairs");
    return {};
}

Result<void> YamlReader::checkKeys(const YAML::Node &map, const std::string &where,
                                   const std::vector<std::string> &allowed) const {
    if (auto ok = expectMap(map, where); !ok)
        return ok;
    for (auto it = map.begin(); it != map.end(); ++it) {
        if (!it->first.IsScalar())
            return failAt(it->first, where + ": keys must be plain words");
        const auto key = it->first.as<std::string>();
        bool known = false;
        for (const auto &a : allowed)
            known = known || a == key;
        if (!known)
            return failAt(it->first, "unknown key '" + key + "' in " + where +
                                         "; expected one of: " + joined(allowed));
    }
    return {};
}

std::string YamlReader::rangeText(Domain domain, Plausible plausible) {
    if (!plausible.bounded() ||
        (domain == Domain::Fraction && plausible.min <= 0 && plausible.max >= 1))
        return domainText(domain);
    return "a number from " + shortNumber(plausible.min) + " to " + shortNumber(plausible.max) +
           (domain == Domain::Positive && plausible.min <= 0 ? ", above 0" : "") +
           " (its plausible range, docs/methodology.md)";
}

std::string YamlReader::shortNumber(double v) {
    // 10000000 as 1e7, 0.001 as 1e-3, 0.5 as 0.5: short enough to read at a glance.
    std::ostringstream os;
    if (v != 0 && (std::abs(v) >= 1e6 || std::abs(v) < 1e-2)) {
        const int exponent = static_cast<int>(std::floor(std::log10(std::abs(v))));
        const double mantissa = v / std::pow(10.0, exponent);
        if (std::abs(mantissa - std::round(mantissa)) < 1e-9)
            os << std::round(mantissa) << "e" << exponent;
        else
            os << mantissa << "e" << exponent;
    } else {
        os << v;
    }
    return os.str();
}

Result<double> YamlReader::number(const YAML::Node &node, const std::string &key, Domain domain,
                                  Plausible plausible) const {
    const std::string expected = rangeText(domain, plausible);
    if (!node.IsScalar())
        return failAt(node, key + ": expected " + expected);
    double v = 0.0;
    if (!YAML::convert<double>::decode(node, v) || !std::isfinite(v))
        return failAt(node, key + ": expected " + expected + ", got '" + node.Scalar() + "'");
    if (!inDomain(v, domain) || v < plausible.min || v > plausible.max) {
        std::ostringstream os;
        os << key << ": expected " << expected << ", got " << node.Scalar();
        return failAt(node, os.str());
    }
    return v;
}

Result<int> YamlReader::integer(const YAML::Node &node, const std::string &key, int min,
                                int max) const {
    int v = 0;
    if (!node.IsScalar() || !YAML::convert<int>::decode(node, v) || v < min || v > max)
        return failAt(node, key + ": expected a whole number from " + std::to_string(min) + " to " +
                                std::to_string(max) +
                                (node.IsScalar() ? ", got '" + node.Scalar() + "'" : ""));
    return v;
}

Result<bool> YamlReader::boolean(const YAML::Node &node, const std::string &key) const {
    bool v = false;
    if (!node.IsScalar() || !YAML::convert<bool>::decode(node, v))
        return failAt(node, key + ": expected true or false");
    return v;
}

Result<std::string> YamlReader::string(const YAML::Node &node, const std::string &key) const {
    if (!node.IsScalar() || node.Scalar().empty())
        return failAt(node, key + ": expected a non-empty text");
    return node.Scalar();
}

Result<std::vector<double>> YamlReader::series(const YAML::Node &node, const std::string &key,
                                               int years, Domain domain,
                                               Plausible plausible) const {
    if (node.IsSequence()) {
        if (static_cast<int>(node.size()) != years)
            return failAt(node, key + ": expected a number or a list of " + std::to_string(years) +
                                    " numbers (one per year), got a list of " +
                                    std::to_string(node.size()));
        std::vector<double> out;
        out.reserve(years);
        for (std::size_t i = 0; i < node.size(); ++i) {
            auto v = number(node[i], key + "[" + std::to_string(i) + "]", domain, plausible);
            if (!v)
                return std::unexpected(v.error());
            out.push_back(*v);
        }
        return out;
    }
    auto v = number(node, key, domain, plausible);
    if (!v)
        return std::unexpected(v.error());
    return std::vector<double>(years, *v);
}

} // namespace sovereign
