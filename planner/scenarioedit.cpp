#include "planner/scenarioedit.h"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <regex>

namespace sovereign {

namespace {

/// A number as its shortest round-trip text: yaml-cpp would write 0.1 as 0.10000000000000001.
YAML::Node number(double v) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return YAML::Node(std::string(buf, r.ptr));
}

YAML::Node toNode(const ScenarioValue &value);

YAML::Node toNode(const std::vector<double> &list) {
    return toNode(ScenarioValue(list));
}

YAML::Node toNode(const ScenarioValue &value) {
    YAML::Node n;
    if (const auto *d = std::get_if<double>(&value))
        n = number(*d);
    else if (const auto *list = std::get_if<std::vector<double>>(&value)) {
        bool same = !list->empty();
        for (double v : *list)
            same = same && v == list->front();
        if (same)
            n = number(list->front());
        else {
            n = YAML::Node(YAML::NodeType::Sequence);
            for (double v : *list)
                n.push_back(number(v));
            n.SetStyle(YAML::EmitterStyle::Flow);
        }
    } else if (const auto *gaps = std::get_if<std::vector<std::optional<double>>>(&value)) {
        n = YAML::Node(YAML::NodeType::Sequence);
        for (const auto &v : *gaps)
            n.push_back(v ? number(*v) : YAML::Node(YAML::NodeType::Null));
        n.SetStyle(YAML::EmitterStyle::Flow);
    } else if (const auto *s = std::get_if<std::string>(&value))
        n = *s;
    else if (const auto *b = std::get_if<bool>(&value))
        n = *b;
    else if (const auto *r = std::get_if<RangeValue>(&value)) {
        n = YAML::Node(YAML::NodeType::Map);
        if (r->normal) {
            n["distribution"] = "normal";
            n["sd"] = toNode(r->sd);
        } else {
            n["low"] = toNode(r->low);
            n["high"] = toNode(r->high);
        }
        n.SetStyle(YAML::EmitterStyle::Flow);
    }
    return n;
}

std::string emit(const YAML::Node &root) {
    YAML::Emitter out;
    out.SetIndent(2);
    out << root;
    return std::string(out.c_str()) + "\n";
}

} // namespace

Result<std::string> setScenarioValue(const std::string &yaml, const std::string &path,
                                     const ScenarioValue &value) {
    YAML::Node root;
    try {
        root = YAML::Load(yaml);
    } catch (const YAML::Exception &e) {
        return fail("scenario", e.mark.line + 1, e.mark.column + 1, "YAML syntax error: " + e.msg);
    }
    if (!root.IsMap())
        return fail("scenario: expected a mapping at the top");
    const bool remove = std::holds_alternative<std::monostate>(value);

    static const std::regex workloadKey(R"(workloads\.([A-Za-z0-9_-]+)\.([a-z0-9_]+))");
    static const std::regex kpiKey(R"(kpis\[(\d+)\]\.([a-z_]+))");
    std::smatch m;
    YAML::Node parent = root;
    std::string leaf = path;
    if (std::regex_match(path, m, workloadKey)) {
        YAML::Node list = root["workloads"];
        bool found = false;
        for (std::size_t i = 0; list.IsSequence() && i < list.size(); ++i)
            if (list[i]["name"] && list[i]["name"].as<std::string>() == m[1].str()) {
                parent.reset(list[i]); // reset() rebinds; operator= would overwrite the root

                found = true;
            }
        if (!found)
            return fail(path + ": no workload named '" + m[1].str() + "'");
        leaf = m[2];
    } else if (std::regex_match(path, m, kpiKey)) {
        YAML::Node list = root["kpis"];
        const std::size_t index = std::stoul(m[1]);
        if (!list.IsSequence() || index >= list.size())
            return fail(path + ": no KPI number " + m[1].str());
        parent.reset(list[index]);
        leaf = m[2];
    } else if (const auto dot = path.find('.'); dot != std::string::npos) {
        const std::string head = path.substr(0, dot);
        if (!root[head] || !root[head].IsMap()) {
            if (remove)
                return emit(root);
            root[head] = YAML::Node(YAML::NodeType::Map);
        }
        parent.reset(root[head]);
        leaf = path.substr(dot + 1);
    }
    if (remove)
        parent.remove(leaf);
    else
        parent[leaf] = toNode(value);
    return emit(root);
}

Result<std::string> addScenarioWorkload(const std::string &yaml, const std::string &workloadYaml) {
    try {
        YAML::Node root = YAML::Load(yaml);
        YAML::Node w = YAML::Load(workloadYaml);
        if (!w.IsMap())
            return fail("workload: expected a mapping");
        root["workloads"].push_back(w);
        return emit(root);
    } catch (const YAML::Exception &e) {
        return fail("scenario", e.mark.line + 1, e.mark.column + 1, "YAML syntax error: " + e.msg);
    }
}

} // namespace sovereign
