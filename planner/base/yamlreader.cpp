#include "planner/base/yamlreader.h"

#include <cmath>
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
    try {
        return YAML::Load(text);
    } catch (const YAML::ParserException &e) {
        return fail(m_file, e.mark.line + 1, e.mark.column + 1, "YAML syntax error: " + e.msg);
    }
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

Result<double> YamlReader::number(const YAML::Node &node, const std::string &key,
                                  Domain domain) const {
    if (!node.IsScalar())
        return failAt(node, key + ": expected " + domainText(domain));
    double v = 0.0;
    if (!YAML::convert<double>::decode(node, v) || !std::isfinite(v))
        return failAt(node,
                      key + ": expected " + domainText(domain) + ", got '" + node.Scalar() + "'");
    if (!inDomain(v, domain)) {
        std::ostringstream os;
        os << key << ": expected " << domainText(domain) << ", got " << v;
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
                                               int years, Domain domain) const {
    if (node.IsSequence()) {
        if (static_cast<int>(node.size()) != years)
            return failAt(node, key + ": expected a number or a list of " + std::to_string(years) +
                                    " numbers (one per year), got a list of " +
                                    std::to_string(node.size()));
        std::vector<double> out;
        out.reserve(years);
        for (std::size_t i = 0; i < node.size(); ++i) {
            auto v = number(node[i], key + "[" + std::to_string(i) + "]", domain);
            if (!v)
                return std::unexpected(v.error());
            out.push_back(*v);
        }
        return out;
    }
    auto v = number(node, key, domain);
    if (!v)
        return std::unexpected(v.error());
    return std::vector<double>(years, *v);
}

} // namespace sovereign
