#include "planner/catalog.h"

#include "planner/base/yamlreader.h"

#include <QFile>

#include <fstream>
#include <sstream>

namespace sovereign {

namespace {

// Figures every accelerator and every region must carry; the planner reads them.
const std::vector<std::string> kAcceleratorFigures = {"price_usd",
                                                      "tdp_w",
                                                      "memory_gb",
                                                      "bf16_tflops",
                                                      "int8_tops",
                                                      "h100_equiv",
                                                      "cloud_usd_per_gpu_hour"};
const std::vector<std::string> kRegionFigures = {"electricity_usd_per_kwh", "carbon_kg_per_kwh",
                                                 "pue", "dc_capacity_mw"};

class CatalogParser {
  public:
    CatalogParser(const std::string &file, std::map<std::string, Source> &sources)
        : m_reader(file), m_sources(sources) {}

    Result<YAML::Node> open(const std::string &text, const std::string &listKey) {
        auto root = m_reader.parse(text);
        if (!root)
            return root;
        if (auto ok =
                m_reader.checkKeys(*root, "the catalog", {"schema_version", "sources", listKey});
            !ok)
            return std::unexpected(ok.error());
        auto version = m_reader.integer((*root)["schema_version"], "schema_version", 1, 1);
        if (!version)
            return std::unexpected(version.error());
        if (auto ok = readSources((*root)["sources"]); !ok)
            return std::unexpected(ok.error());
        const YAML::Node list = (*root)[listKey];
        if (auto ok = m_reader.expectMap(list, listKey); !ok)
            return std::unexpected(ok.error());
        return list;
    }

    Result<void> readSources(const YAML::Node &node) {
        if (auto ok = m_reader.expectMap(node, "sources"); !ok)
            return ok;
        for (auto it = node.begin(); it != node.end(); ++it) {
            Source s;
            s.id = it->first.as<std::string>();
            const YAML::Node &v = it->second;
            const std::string where = "sources." + s.id;
            if (auto ok =
                    m_reader.checkKeys(v, where, {"publisher", "title", "year", "url", "note"});
                !ok)
                return ok;
            auto publisher = m_reader.string(v["publisher"], where + ".publisher");
            auto title = m_reader.string(v["title"], where + ".title");
            auto year = m_reader.integer(v["year"], where + ".year", 1900, 2100);
            auto url = m_reader.string(v["url"], where + ".url");
            for (const auto *r : {&publisher, &title, &url})
                if (!*r)
                    return std::unexpected(r->error());
            if (!year)
                return std::unexpected(year.error());
            s.publisher = *publisher;
            s.title = *title;
            s.year = *year;
            s.url = *url;
            if (v["note"])
                s.note = v["note"].as<std::string>();
            if (m_sources.count(s.id))
                return m_reader.failAt(it->first, "source id '" + s.id + "' is defined twice");
            m_sources.emplace(s.id, s);
        }
        return {};
    }

    Result<std::pair<double, std::string>> point(const YAML::Node &node, const std::string &key) {
        if (auto ok = m_reader.checkKeys(node, key, {"value", "source"}); !ok)
            return std::unexpected(ok.error());
        auto value = m_reader.number(node["value"], key + ".value", Domain::NonNegative);
        if (!value)
            return std::unexpected(value.error());
        auto source = m_reader.string(node["source"], key + ".source");
        if (!source)
            return std::unexpected(source.error());
        if (!m_sources.count(*source))
            return m_reader.failAt(node["source"],
                                   key + ".source: '" + *source + "' is not defined under sources");
        return std::pair{*value, *source};
    }

    Result<Figure> figure(const YAML::Node &node, const std::string &key) {
        Figure f;
        if (node.IsMap() && node["value"]) {
            auto p = point(node, key);
            if (!p)
                return std::unexpected(p.error());
            f.typical = p->first;
            f.source = p->second;
            return f;
        }
        if (auto ok = m_reader.checkKeys(node, key, {"low", "typical", "high"}); !ok)
            return std::unexpected(ok.error());
        auto low = point(node["low"], key + ".low");
        auto typical = point(node["typical"], key + ".typical");
        auto high = point(node["high"], key + ".high");
        for (const auto *r : {&low, &typical, &high})
            if (!*r)
                return std::unexpected(r->error());
        if (!(low->first <= typical->first && typical->first <= high->first))
            return m_reader.failAt(node, key + ": expected low <= typical <= high");
        f.typical = typical->first;
        f.source = typical->second;
        f.low = low->first;
        f.lowSource = low->second;
        f.high = high->first;
        f.highSource = high->second;
        return f;
    }

    Result<std::map<std::string, CatalogEntry>>
    entries(const YAML::Node &list, const std::string &listKey,
            const std::vector<std::string> &labelKeys, const std::vector<std::string> &figureKeys) {
        std::map<std::string, CatalogEntry> out;
        for (auto it = list.begin(); it != list.end(); ++it) {
            CatalogEntry e;
            e.id = it->first.as<std::string>();
            const std::string where = listKey + "." + e.id;
            std::vector<std::string> allowed = {"name"};
            allowed.insert(allowed.end(), labelKeys.begin(), labelKeys.end());
            allowed.insert(allowed.end(), figureKeys.begin(), figureKeys.end());
            if (auto ok = m_reader.checkKeys(it->second, where, allowed); !ok)
                return std::unexpected(ok.error());
            auto name = m_reader.string(it->second["name"], where + ".name");
            if (!name)
                return std::unexpected(name.error());
            e.name = *name;
            for (const auto &label : labelKeys) {
                auto v = m_reader.string(it->second[label], where + "." + label);
                if (!v)
                    return std::unexpected(v.error());
                e.labels[label] = *v;
            }
            for (const auto &key : figureKeys) {
                const YAML::Node fnode = it->second[key];
                if (!fnode)
                    return m_reader.failAt(it->second, where + ": missing figure '" + key + "'");
                auto f = figure(fnode, where + "." + key);
                if (!f)
                    return std::unexpected(f.error());
                e.figures[key] = *f;
            }
            out.emplace(e.id, std::move(e));
        }
        return out;
    }

    YamlReader &reader() { return m_reader; }

  private:
    YamlReader m_reader;
    std::map<std::string, Source> &m_sources;
};

Result<std::string> readQtFile(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(path.toStdString(), 0, 0, "cannot read: " + file.errorString().toStdString());
    return file.readAll().toStdString();
}

} // namespace

std::string Source::citation() const {
    std::ostringstream os;
    os << publisher << ", " << title << " (" << year << "), " << url;
    return os.str();
}

const Figure *CatalogEntry::figure(const std::string &key) const {
    auto it = figures.find(key);
    return it == figures.end() ? nullptr : &it->second;
}

Result<Catalog> Catalog::builtIn() {
    auto acc = readQtFile(":/sovereign/data/accelerators.yaml");
    auto reg = readQtFile(":/sovereign/data/regions.yaml");
    auto def = readQtFile(":/sovereign/data/defaults.yaml");
    for (const auto *r : {&acc, &reg, &def})
        if (!*r)
            return std::unexpected(r->error());
    return fromText(*acc, *reg, *def, "resources/data/accelerators.yaml",
                    "resources/data/regions.yaml", "resources/data/defaults.yaml");
}

Result<Catalog> Catalog::fromDirectory(const std::string &dir) {
    auto slurp = [&](const std::string &name) -> Result<std::string> {
        std::ifstream in(dir + "/" + name);
        if (!in)
            return fail(dir + "/" + name, 0, 0, "cannot read the file");
        std::ostringstream os;
        os << in.rdbuf();
        return os.str();
    };
    auto acc = slurp("accelerators.yaml");
    auto reg = slurp("regions.yaml");
    auto def = slurp("defaults.yaml");
    for (const auto *r : {&acc, &reg, &def})
        if (!*r)
            return std::unexpected(r->error());
    return fromText(*acc, *reg, *def, dir + "/accelerators.yaml", dir + "/regions.yaml",
                    dir + "/defaults.yaml");
}

Result<Catalog> Catalog::fromText(const std::string &acceleratorsText,
                                  const std::string &regionsText, const std::string &defaultsText,
                                  const std::string &acceleratorsName,
                                  const std::string &regionsName, const std::string &defaultsName) {
    Catalog c;
    {
        CatalogParser p(acceleratorsName, c.m_sources);
        auto list = p.open(acceleratorsText, "accelerators");
        if (!list)
            return std::unexpected(list.error());
        auto entries = p.entries(*list, "accelerators", {"kind", "vendor"}, kAcceleratorFigures);
        if (!entries)
            return std::unexpected(entries.error());
        c.m_accelerators = std::move(*entries);
    }
    {
        CatalogParser p(regionsName, c.m_sources);
        auto list = p.open(regionsText, "regions");
        if (!list)
            return std::unexpected(list.error());
        auto entries = p.entries(*list, "regions", {"continent"}, kRegionFigures);
        if (!entries)
            return std::unexpected(entries.error());
        c.m_regions = std::move(*entries);
    }
    {
        CatalogParser p(defaultsName, c.m_sources);
        auto list = p.open(defaultsText, "defaults");
        if (!list)
            return std::unexpected(list.error());
        for (auto it = list->begin(); it != list->end(); ++it) {
            const auto key = it->first.as<std::string>();
            auto f = p.figure(it->second, "defaults." + key);
            if (!f)
                return std::unexpected(f.error());
            c.m_defaults[key] = *f;
        }
    }
    return c;
}

const CatalogEntry *Catalog::accelerator(const std::string &id) const {
    auto it = m_accelerators.find(id);
    return it == m_accelerators.end() ? nullptr : &it->second;
}

const CatalogEntry *Catalog::region(const std::string &id) const {
    auto it = m_regions.find(id);
    return it == m_regions.end() ? nullptr : &it->second;
}

const Figure *Catalog::defaultFigure(const std::string &key) const {
    auto it = m_defaults.find(key);
    return it == m_defaults.end() ? nullptr : &it->second;
}

const Source *Catalog::source(const std::string &id) const {
    auto it = m_sources.find(id);
    return it == m_sources.end() ? nullptr : &it->second;
}

std::vector<std::string> Catalog::acceleratorIds() const {
    std::vector<std::string> ids;
    for (const auto &[id, e] : m_accelerators)
        ids.push_back(id);
    return ids;
}

std::vector<std::string> Catalog::regionIds() const {
    std::vector<std::string> ids;
    for (const auto &[id, e] : m_regions)
        ids.push_back(id);
    return ids;
}

} // namespace sovereign
