#include "planner/scenarioloader.h"

#include "planner/base/yamlreader.h"
#include "planner/drawinputs.h"
#include "planner/kpi.h"

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

namespace sovereign {

namespace {

const std::vector<std::string> kTopKeys = {"schema_version",
                                           "name",
                                           "region",
                                           "start_year",
                                           "years",
                                           "discount_rate",
                                           "accelerator",
                                           "accelerator_overrides",
                                           "gpus_per_node",
                                           "server_overhead",
                                           "lifetime_years",
                                           "utilization",
                                           "idle_power_fraction",
                                           "host_power_overhead",
                                           "pue",
                                           "electricity_usd_per_kwh",
                                           "carbon_kg_per_kwh",
                                           "grid_cap_mw",
                                           "maintenance_rate",
                                           "staff_per_100_gpus",
                                           "staff_cost_usd",
                                           "capex_budget_usd",
                                           "hybrid_base_fraction",
                                           "cloud",
                                           "workloads",
                                           "kpis",
                                           "phases",
                                           "uncertainty",
                                           "robust"};

std::string joined(const std::vector<std::string> &items) {
    std::string out;
    for (const auto &i : items)
        out += (out.empty() ? "" : ", ") + i;
    return out;
}

/// Where a parameter's value comes from when the scenario does not set it.
enum class Fallback { Required, Accelerator, Region, Default, Unlimited, AcceleratorH100Equiv };

struct FixedSpec {
    P id;
    Fallback fallback;
    const char *catalogKey; ///< figure name in the accelerator/region/defaults catalog
};

const std::vector<FixedSpec> kFixedSpecs = {
    {P::DiscountRate, Fallback::Required, nullptr},
    {P::PriceUsd, Fallback::Accelerator, "price_usd"},
    {P::TdpW, Fallback::Accelerator, "tdp_w"},
    {P::H100Equiv, Fallback::Accelerator, "h100_equiv"},
    {P::ServerOverhead, Fallback::Default, "server_overhead"},
    {P::Utilization, Fallback::Required, nullptr},
    {P::IdlePowerFraction, Fallback::Required, nullptr},
    {P::HostPowerOverhead, Fallback::Default, "host_power_overhead"},
    {P::Pue, Fallback::Region, "pue"},
    {P::ElectricityUsdPerKwh, Fallback::Region, "electricity_usd_per_kwh"},
    {P::CarbonKgPerKwh, Fallback::Region, "carbon_kg_per_kwh"},
    {P::GridCapMw, Fallback::Unlimited, nullptr},
    {P::MaintenanceRate, Fallback::Required, nullptr},
    {P::StaffPer100Gpus, Fallback::Required, nullptr},
    {P::StaffCostUsd, Fallback::Required, nullptr},
    {P::CapexBudgetUsd, Fallback::Unlimited, nullptr},
    {P::HybridBaseFraction, Fallback::Required, nullptr},
    {P::CloudUsdPerGpuHour, Fallback::Accelerator, "cloud_usd_per_gpu_hour"},
    {P::CloudH100Equiv, Fallback::AcceleratorH100Equiv, "h100_equiv"},
    {P::CloudEgressUsdPerTb, Fallback::Default, "cloud.egress_usd_per_tb"},
    {P::CloudEgressTbPer1000GpuHours, Fallback::Required, nullptr},
};

/// Finds the node for a dotted key ("cloud.usd_per_gpu_hour") in the scenario.
YAML::Node lookup(const YAML::Node &root, const std::string &dotted) {
    const auto dot = dotted.find('.');
    if (dot == std::string::npos)
        return root[dotted];
    const YAML::Node parent = root[dotted.substr(0, dot)];
    if (!parent || !parent.IsMap())
        return YAML::Node(YAML::NodeType::Undefined);
    return parent[dotted.substr(dot + 1)];
}

Distribution catalogRange(const Figure &f, int years) {
    Distribution d;
    d.kind = Distribution::Kind::Triangular;
    d.low.assign(years, *f.low);
    d.mode.assign(years, f.typical);
    d.high.assign(years, *f.high);
    d.origin = "catalog:" + f.lowSource + "/" + f.source + "/" + f.highSource;
    return d;
}

class Loader {
  public:
    Loader(const std::string &file, const Catalog &catalog) : r(file), catalog(catalog) {}

    Result<Scenario> load(const std::string &text) {
        auto parsed = r.parse(text);
        if (!parsed)
            return std::unexpected(parsed.error());
        root = *parsed;
        if (!root.IsMap())
            return r.failAt(root, "a scenario: expected a mapping of key: value pairs at the top");
        if (auto ok = r.checkKeys(root, "the scenario", kTopKeys); !ok)
            return std::unexpected(ok.error());
        s.file = r.file();
        s.yamlText = text;

        if (!root["schema_version"])
            return missing("schema_version", "the scenario format version, 1");
        auto version = r.integer(root["schema_version"], "schema_version", 1, 1);
        if (!version)
            return std::unexpected(version.error());
        if (auto ok = header(); !ok)
            return std::unexpected(ok.error());
        if (auto ok = fixedParams(); !ok)
            return std::unexpected(ok.error());
        if (auto ok = workloads(); !ok)
            return std::unexpected(ok.error());
        if (auto ok = phases(); !ok)
            return std::unexpected(ok.error());
        if (auto ok = kpis(); !ok)
            return std::unexpected(ok.error());
        if (auto ok = uncertainty(); !ok)
            return std::unexpected(ok.error());
        if (auto ok = robust(); !ok)
            return std::unexpected(ok.error());
        if (auto ok = demandPlausible(); !ok)
            return std::unexpected(ok.error());
        return s;
    }

  private:
    std::unexpected<Error> missing(const std::string &key, const std::string &what) {
        // Point at the top of the mapping the key belongs in.
        return r.failAt(root, "missing required key '" + key + "': " + what);
    }

    Result<void> header() {
        if (!root["name"])
            return missing("name", "the scenario's title");
        auto name = r.string(root["name"], "name");
        if (!name)
            return std::unexpected(name.error());
        s.name = *name;

        if (root["years"]) {
            auto years = r.integer(root["years"], "years", 1, 30);
            if (!years)
                return std::unexpected(years.error());
            s.years = *years;
        }
        if (!root["start_year"])
            return missing("start_year", "the first calendar year of the plan, e.g. 2026");
        auto start = r.integer(root["start_year"], "start_year", 2000, 2100);
        if (!start)
            return std::unexpected(start.error());
        s.startYear = *start;

        if (!root["region"])
            return missing("region",
                           "an ISO 3166-1 alpha-2 code, one of: " + joined(catalog.regionIds()));
        auto region = r.string(root["region"], "region");
        if (!region)
            return std::unexpected(region.error());
        if (!catalog.region(*region))
            return r.failAt(root["region"], "region: unknown region '" + *region +
                                                "'; expected an ISO 3166-1 alpha-2 code, one of: " +
                                                joined(catalog.regionIds()));
        s.region = *region;

        if (!root["accelerator"])
            return missing("accelerator", "one of: " + joined(catalog.acceleratorIds()));
        auto acc = r.string(root["accelerator"], "accelerator");
        if (!acc)
            return std::unexpected(acc.error());
        if (!catalog.accelerator(*acc))
            return r.failAt(root["accelerator"],
                            "accelerator: unknown accelerator '" + *acc +
                                "'; expected one of: " + joined(catalog.acceleratorIds()));
        s.accelerator = *acc;

        if (root["accelerator_overrides"])
            if (auto ok = r.checkKeys(root["accelerator_overrides"], "accelerator_overrides",
                                      {"price_usd", "tdp_w", "h100_equiv"});
                !ok)
                return ok;
        if (!root["cloud"])
            return missing("cloud", "a mapping with usd_per_gpu_hour, h100_equiv, "
                                    "egress_usd_per_tb, egress_tb_per_1000_gpu_hours, sovereign");
        if (auto ok = r.checkKeys(root["cloud"], "cloud",
                                  {"usd_per_gpu_hour", "h100_equiv", "egress_usd_per_tb",
                                   "egress_tb_per_1000_gpu_hours", "sovereign"});
            !ok)
            return ok;
        if (!root["cloud"]["sovereign"])
            return r.failAt(root["cloud"], "cloud: missing key 'sovereign' (true when the cloud "
                                           "runs under national jurisdiction)");
        auto sov = r.boolean(root["cloud"]["sovereign"], "cloud.sovereign");
        if (!sov)
            return std::unexpected(sov.error());
        s.cloudSovereign = *sov;

        auto intFromDefault = [&](const char *key, int min, int max, int &out) -> Result<void> {
            if (root[key]) {
                auto v = r.integer(root[key], key, min, max);
                if (!v)
                    return std::unexpected(v.error());
                out = *v;
                return {};
            }
            const Figure *f = catalog.defaultFigure(key);
            if (!f)
                return missing(key, "no sourced default exists");
            out = static_cast<int>(f->typical);
            return {};
        };
        if (auto ok = intFromDefault("gpus_per_node", 1, 64, s.gpusPerNode); !ok)
            return ok;
        return intFromDefault("lifetime_years", 1, 20, s.lifetimeYears);
    }

    Result<void> fixedParams() {
        const CatalogEntry *acc = catalog.accelerator(s.accelerator);
        const CatalogEntry *reg = catalog.region(s.region);
        s.params.resize(kFixedParams);
        for (const auto &spec : kFixedSpecs) {
            const ParamInfo &info = paramInfo(spec.id);
            Param &p = s.param(spec.id);
            p.key = info.key;
            p.domain = info.domain;
            p.plausible = info.plausible;
            const YAML::Node node = lookup(root, info.key);
            if (node) {
                if (!info.perYear && !node.IsScalar())
                    return r.failAt(node, std::string(info.key) + ": expected a single number "
                                                                  "(it does not vary by year)");
                auto v = r.series(node, info.key, s.years, info.domain, info.plausible);
                if (!v)
                    return std::unexpected(v.error());
                p.values = *v;
                p.origin = "scenario";
                continue;
            }
            const Figure *f = nullptr;
            std::string originKind;
            switch (spec.fallback) {
            case Fallback::Required:
                return missing(info.key, "expected " +
                                             YamlReader::rangeText(info.domain, info.plausible) +
                                             (info.perYear ? " or a list of one per year" : ""));
            case Fallback::Unlimited:
                p.values.assign(s.years, kUnlimited);
                p.origin = "unlimited";
                p.optionalCap = true;
                continue;
            case Fallback::Accelerator:
            case Fallback::AcceleratorH100Equiv:
                f = acc->figure(spec.catalogKey);
                originKind = "catalog";
                break;
            case Fallback::Region:
                f = reg->figure(spec.catalogKey);
                originKind = "catalog";
                break;
            case Fallback::Default:
                f = catalog.defaultFigure(spec.catalogKey);
                originKind = "default";
                break;
            }
            if (!f)
                return missing(info.key, "the catalog has no figure for it");
            p.values.assign(s.years, f->typical);
            p.origin = originKind + ":" + f->source;
            if (f->isRange())
                p.distribution = catalogRange(*f, s.years);
        }
        if (root["grid_cap_mw"])
            s.param(P::GridCapMw).optionalCap = true;
        if (root["capex_budget_usd"])
            s.param(P::CapexBudgetUsd).optionalCap = true;
        return {};
    }

    Result<void> workloads() {
        const YAML::Node list = root["workloads"];
        if (!list)
            return missing("workloads", "a list of workloads (finetune, inference or training)");
        if (!list.IsSequence() || list.size() == 0)
            return r.failAt(list, "workloads: expected a non-empty list");
        static const std::regex namePattern("[A-Za-z0-9_-]+");
        for (std::size_t i = 0; i < list.size(); ++i) {
            const YAML::Node w = list[i];
            const std::string where = "workloads[" + std::to_string(i) + "]";
            if (auto ok = r.expectMap(w, where); !ok)
                return ok;
            Workload wl;
            if (!w["name"])
                return r.failAt(w, where + ": missing key 'name' (letters, digits, '_' or '-')");
            auto name = r.string(w["name"], where + ".name");
            if (!name)
                return std::unexpected(name.error());
            if (!std::regex_match(*name, namePattern))
                return r.failAt(w["name"], where + ".name: expected letters, digits, '_' or '-'");
            for (const auto &other : s.workloads)
                if (other.name == *name)
                    return r.failAt(w["name"], where + ".name: '" + *name + "' is used twice");
            wl.name = *name;
            if (!w["kind"])
                return r.failAt(w,
                                where + ": missing key 'kind' (finetune, inference or training)");
            auto kind = r.string(w["kind"], where + ".kind");
            if (!kind)
                return std::unexpected(kind.error());
            std::vector<std::pair<W, bool>> fields; // field, required
            if (*kind == "finetune") {
                wl.kind = Workload::Kind::Finetune;
                fields = {{W::RunsPerYear, true}, {W::GpuHoursPerRun, true}};
            } else if (*kind == "inference") {
                wl.kind = Workload::Kind::Inference;
                fields = {{W::TokensPerMonth, true},
                          {W::TokensPerGpuSecond, true},
                          {W::EdgeCpuShare, false}};
            } else if (*kind == "training") {
                wl.kind = Workload::Kind::Training;
                fields = {{W::GpuHours, true}};
            } else {
                return r.failAt(w["kind"], where +
                                               ".kind: expected finetune, inference or "
                                               "training, got '" +
                                               *kind + "'");
            }
            std::vector<std::string> allowed = {"name", "kind", "sensitive"};
            for (const auto &[f, req] : fields)
                allowed.push_back(workloadFieldKey(f));
            if (auto ok = r.checkKeys(w, where + " (" + *kind + ")", allowed); !ok)
                return ok;
            if (w["sensitive"]) {
                auto sens = r.boolean(w["sensitive"], where + ".sensitive");
                if (!sens)
                    return std::unexpected(sens.error());
                wl.sensitive = *sens;
            }
            wl.firstParam = static_cast<int>(s.params.size());
            for (int f = 0; f < kWorkloadParams; ++f) {
                Param p;
                p.key = "workloads." + wl.name + "." + workloadFieldKey(static_cast<W>(f));
                p.domain = workloadFieldDomain(static_cast<W>(f));
                p.plausible = workloadFieldPlausible(static_cast<W>(f));
                p.values.assign(s.years, 0.0);
                p.origin = "unused";
                s.params.push_back(p);
            }
            for (const auto &[f, req] : fields) {
                Param &p = s.params[wl.firstParam + static_cast<int>(f)];
                const YAML::Node node = w[workloadFieldKey(f)];
                if (!node) {
                    if (req)
                        return r.failAt(w, where + ": a " + *kind + " workload needs '" +
                                               workloadFieldKey(f) + "'");
                    p.origin = "default:zero";
                    continue;
                }
                auto v = r.series(node, where + "." + workloadFieldKey(f), s.years, p.domain,
                                  p.plausible);
                if (!v)
                    return std::unexpected(v.error());
                p.values = *v;
                p.origin = "scenario";
            }
            s.workloads.push_back(wl);
        }
        return {};
    }

    /// robust: {feasible_share: 0.95, futures: 200, seed: 1}, every key optional.
    Result<void> robust() {
        const YAML::Node map = root["robust"];
        if (!map)
            return {};
        if (auto ok = r.checkKeys(map, "robust", {"feasible_share", "futures", "seed"}); !ok)
            return ok;
        if (map["feasible_share"]) {
            // Below one half a "robust" plan fails in most futures.
            auto v = r.number(map["feasible_share"], "robust.feasible_share", Domain::Fraction,
                              {0.5, 1});
            if (!v)
                return std::unexpected(v.error());
            s.robustShare = *v;
        }
        if (map["futures"]) {
            auto v = r.integer(map["futures"], "robust.futures", 10, 1000);
            if (!v)
                return std::unexpected(v.error());
            s.robustFutures = *v;
        }
        if (map["seed"]) {
            auto v = r.integer(map["seed"], "robust.seed", 0, 2147483647);
            if (!v)
                return std::unexpected(v.error());
            s.robustSeed = *v;
        }
        return {};
    }

    /// Each workload's figures are in range; together they must be too.
    Result<void> demandPlausible() {
        const DrawInputs in = baseInputs(s);
        const Demand demand = computeDemand(s, in);
        for (int y = 0; y < s.years; ++y) {
            const double total = demand.total(0, y);
            if (!(total <= kMaxDemandH100HoursPerYear)) {
                std::ostringstream os;
                os.precision(6);
                os << "workloads: together they ask for " << total << " H100-hours in "
                   << s.startYear + y << "; expected at most " << kMaxDemandH100HoursPerYear
                   << " (about 11 million H100s busy all year; check the units of "
                      "gpu_hours, runs_per_year and tokens_per_month)";
                return r.failAt(root["workloads"], os.str());
            }
        }
        return {};
    }

    Result<void> phases() {
        s.phases = defaultPhases(s.years);
        const YAML::Node node = root["phases"];
        if (!node)
            return {};
        if (!node.IsSequence() || static_cast<int>(node.size()) != s.years)
            return r.failAt(node, "phases: expected a list of " + std::to_string(s.years) +
                                      " names, one per year");
        for (int y = 0; y < s.years; ++y) {
            auto name = r.string(node[y], "phases[" + std::to_string(y) + "]");
            if (!name)
                return std::unexpected(name.error());
            s.phases[y] = *name;
        }
        return {};
    }

    Result<void> kpis() {
        const YAML::Node list = root["kpis"];
        if (!list)
            return {};
        if (!list.IsSequence())
            return r.failAt(list, "kpis: expected a list of KPI targets");
        for (std::size_t i = 0; i < list.size(); ++i) {
            const YAML::Node k = list[i];
            const std::string where = "kpis[" + std::to_string(i) + "]";
            if (auto ok = r.checkKeys(
                    k, where, {"name", "metric", "strategy", "direction", "tolerance", "target"});
                !ok)
                return ok;
            KpiTarget t;
            if (!k["metric"])
                return r.failAt(k,
                                where + ": missing key 'metric', one of: " + joined(kpiMetrics()));
            auto metric = r.string(k["metric"], where + ".metric");
            if (!metric)
                return std::unexpected(metric.error());
            const auto &metrics = kpiMetrics();
            if (std::find(metrics.begin(), metrics.end(), *metric) == metrics.end())
                return r.failAt(k["metric"], where + ".metric: unknown metric '" + *metric +
                                                 "'; expected one of: " + joined(metrics));
            t.metric = *metric;
            t.name = t.metric;
            if (k["name"]) {
                auto name = r.string(k["name"], where + ".name");
                if (!name)
                    return std::unexpected(name.error());
                t.name = *name;
            }
            if (k["strategy"]) {
                auto st = r.string(k["strategy"], where + ".strategy");
                if (!st)
                    return std::unexpected(st.error());
                if (*st != "own" && *st != "lease" && *st != "hybrid" && *st != "optimal")
                    return r.failAt(k["strategy"], where +
                                                       ".strategy: expected own, lease, "
                                                       "hybrid or optimal, got '" +
                                                       *st + "'");
                t.strategy = *st;
            }
            if (k["direction"]) {
                auto dir = r.string(k["direction"], where + ".direction");
                if (!dir)
                    return std::unexpected(dir.error());
                if (*dir != "at_least" && *dir != "at_most")
                    return r.failAt(k["direction"], where +
                                                        ".direction: expected at_least or "
                                                        "at_most, got '" +
                                                        *dir + "'");
                t.atLeast = *dir == "at_least";
            }
            if (k["tolerance"]) {
                auto tol = r.number(k["tolerance"], where + ".tolerance", Domain::Fraction);
                if (!tol)
                    return std::unexpected(tol.error());
                t.tolerance = *tol;
            }
            const YAML::Node target = k["target"];
            if (!target)
                return r.failAt(k, where + ": missing key 'target' (a number or a list of " +
                                       std::to_string(s.years) + ", null for no target)");
            if (target.IsSequence()) {
                if (static_cast<int>(target.size()) != s.years)
                    return r.failAt(target, where + ".target: expected a number or a list of " +
                                                std::to_string(s.years) +
                                                " numbers (one per year), got a list of " +
                                                std::to_string(target.size()));
                for (int y = 0; y < s.years; ++y) {
                    if (target[y].IsNull()) {
                        t.targets.emplace_back();
                        continue;
                    }
                    auto v = r.number(target[y], where + ".target[" + std::to_string(y) + "]",
                                      Domain::Any);
                    if (!v)
                        return std::unexpected(v.error());
                    t.targets.emplace_back(*v);
                }
            } else if (target.IsNull()) {
                t.targets.assign(s.years, std::nullopt); // tracked, with no target yet
            } else {
                auto v = r.number(target, where + ".target", Domain::Any);
                if (!v)
                    return std::unexpected(v.error());
                t.targets.assign(s.years, *v);
            }
            s.kpis.push_back(t);
        }
        return {};
    }

    Result<void> uncertainty() {
        const YAML::Node map = root["uncertainty"];
        if (!map)
            return {};
        if (auto ok = r.expectMap(map, "uncertainty"); !ok)
            return ok;
        for (auto it = map.begin(); it != map.end(); ++it) {
            const auto key = it->first.as<std::string>();
            const int index = s.indexOf(key);
            if (index < 0 || s.params[index].origin == "unused") {
                std::vector<std::string> keys;
                for (const auto &p : s.params)
                    if (p.origin != "unused" && p.origin != "unlimited")
                        keys.push_back(p.key);
                return r.failAt(it->first, "uncertainty: unknown key '" + key +
                                               "'; expected one of: " + joined(keys));
            }
            Param &p = s.params[index];
            if (p.origin == "unlimited")
                return r.failAt(it->first, "uncertainty." + key +
                                               ": the scenario sets no value for it to vary");
            const YAML::Node d = it->second;
            const std::string where = "uncertainty." + key;
            if (auto ok = r.checkKeys(d, where, {"distribution", "low", "high", "sd"}); !ok)
                return ok;
            std::string kind = "triangular";
            if (d["distribution"]) {
                auto k = r.string(d["distribution"], where + ".distribution");
                if (!k)
                    return std::unexpected(k.error());
                kind = *k;
            }
            Distribution dist;
            dist.origin = "scenario";
            if (kind == "triangular") {
                if (!d["low"] || !d["high"] || d["sd"])
                    return r.failAt(d, where + ": a triangular range needs 'low' and 'high' (its "
                                               "mode is the scenario's value) and no 'sd'");
                auto low = r.series(d["low"], where + ".low", s.years, p.domain, p.plausible);
                auto high = r.series(d["high"], where + ".high", s.years, p.domain, p.plausible);
                if (!low)
                    return std::unexpected(low.error());
                if (!high)
                    return std::unexpected(high.error());
                for (int y = 0; y < s.years; ++y)
                    if (!((*low)[y] <= p.values[y] && p.values[y] <= (*high)[y]))
                        return r.failAt(d, where + ": expected low <= value <= high in year " +
                                               std::to_string(s.startYear + y));
                dist.kind = Distribution::Kind::Triangular;
                dist.low = *low;
                dist.mode = p.values;
                dist.high = *high;
            } else if (kind == "normal") {
                if (!d["sd"] || d["low"] || d["high"])
                    return r.failAt(d, where + ": a normal range needs 'sd' (its mean is the "
                                               "scenario's value) and no 'low'/'high'");
                // A spread wider than the plausible range says a unit is wrong.
                Plausible spread{0, p.plausible.max - std::max(0.0, p.plausible.min)};
                auto sd = r.series(d["sd"], where + ".sd", s.years, Domain::NonNegative, spread);
                if (!sd)
                    return std::unexpected(sd.error());
                dist.kind = Distribution::Kind::Normal;
                dist.mean = p.values;
                dist.sd = *sd;
            } else {
                return r.failAt(d["distribution"], where +
                                                       ".distribution: expected triangular "
                                                       "or normal, got '" +
                                                       kind + "'");
            }
            p.distribution = dist;
        }
        return {};
    }

    YamlReader r;
    const Catalog &catalog;
    YAML::Node root;
    Scenario s;
};

} // namespace

Result<Scenario> loadScenarioText(const std::string &yaml, const std::string &fileName,
                                  const Catalog &catalog) {
    Loader loader(fileName, catalog);
    try {
        return loader.load(yaml);
    } catch (const YAML::Exception &e) {
        // yaml-cpp throws on conversions we did not foresee; keep its position.
        return fail(fileName, e.mark.line + 1, e.mark.column + 1, e.msg);
    }
}

Result<Scenario> loadScenarioFile(const std::string &path, const Catalog &catalog) {
    std::ifstream in(path);
    if (!in)
        return fail(path, 0, 0, "cannot open the scenario file");
    std::ostringstream os;
    os << in.rdbuf();
    return loadScenarioText(os.str(), path, catalog);
}

} // namespace sovereign
