#include "energy/site.h"

#include "planner/base/yamlreader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cctype>
#include <cmath>
#include <limits>
#include <set>

namespace sovereign::energy {

namespace {

std::string timeText(const QDateTime &t) {
    return t.toString("yyyy-MM-dd HH:mm:ss").toStdString();
}

/// Reads SITE.yaml node by node; every refusal names the spot in the file.
class SiteReader {
  public:
    explicit SiteReader(const std::string &path)
        : m_reader(path), m_dir(QFileInfo(QString::fromStdString(path)).absoluteDir()) {}

    Result<SiteSpec> read(const YAML::Node &root);

  private:
    /// A key the mapping must have; refused at the mapping when it is missing.
    Result<YAML::Node> required(const YAML::Node &map, const std::string &key,
                                const std::string &where, const std::string &expected) const {
        const YAML::Node node = map[key];
        if (!node.IsDefined())
            return m_reader.failAt(map,
                                   where + ": missing key '" + key + "'; expected " + expected);
        return node;
    }

    std::string resolve(const std::string &file) const {
        // Relative to the site file, so a site folder can be moved as a whole.
        return m_dir.filePath(QString::fromStdString(file)).toStdString();
    }

    Result<TimeSeries> seriesRef(const YAML::Node &node, const std::string &key,
                                 const std::vector<std::string> &keys) const;
    Result<void> checkValues(const TimeSeries &series, const std::string &what, double min,
                             bool strict) const;
    Result<Partition> partition(const YAML::Node &node, const std::string &where) const;
    Result<BurstSpec> burst(const YAML::Node &node, const std::string &where) const;

    YamlReader m_reader;
    QDir m_dir;
};

Result<TimeSeries> SiteReader::seriesRef(const YAML::Node &node, const std::string &key,
                                         const std::vector<std::string> &keys) const {
    std::vector<std::string> known = keys;
    known.push_back("max_gap_rows");
    if (auto ok = m_reader.checkKeys(node, key, known); !ok)
        return std::unexpected(ok.error());
    auto fileNode = required(node, "file", key, "the CSV file's path, relative to the site file");
    if (!fileNode)
        return std::unexpected(fileNode.error());
    auto file = m_reader.string(*fileNode, key + ".file");
    if (!file)
        return std::unexpected(file.error());
    auto columnNode = required(node, "column", key, "the name of the CSV column to read");
    if (!columnNode)
        return std::unexpected(columnNode.error());
    auto column = m_reader.string(*columnNode, key + ".column");
    if (!column)
        return std::unexpected(column.error());
    // Gaps longer than a DST hour are refused unless the site says how long
    // a gap it accepts (gb_da_2020.csv has holes of 23 and 25 hours).
    int maxGapRows = kDefaultMaxGapRows;
    if (const YAML::Node gap = node["max_gap_rows"]) {
        auto v = m_reader.integer(gap, key + ".max_gap_rows", 0, 100000);
        if (!v)
            return std::unexpected(v.error());
        maxGapRows = int(*v);
    }
    // The CSV's own errors come back with its file:line.
    return readTimeSeriesCsv(resolve(*file), *column, maxGapRows);
}

Result<void> SiteReader::checkValues(const TimeSeries &series, const std::string &what, double min,
                                     bool strict) const {
    for (std::size_t i = 0; i < series.values.size(); ++i) {
        const double v = series.values[i];
        if (strict ? v > min : v >= min)
            continue;
        const std::string time = i < series.times.size() ? timeText(series.times[i]) : "?";
        return fail(series.file, 0, 0,
                    "column '" + series.column + "' at " + time + ": expected " + what +
                        (strict ? " > " : " >= ") + YamlReader::shortNumber(min) + ", got " +
                        YamlReader::shortNumber(v));
    }
    return {};
}

Result<Partition> SiteReader::partition(const YAML::Node &node, const std::string &where) const {
    if (auto ok = m_reader.checkKeys(node, where, {"name", "nodes", "busy_kw", "idle_kw"}); !ok)
        return std::unexpected(ok.error());
    Partition p;
    auto name = required(node, "name", where, "the partition's name");
    if (!name)
        return std::unexpected(name.error());
    auto nameText = m_reader.string(*name, where + ".name");
    if (!nameText)
        return std::unexpected(nameText.error());
    p.name = *nameText;

    auto nodes = required(node, "nodes", where, "the number of nodes (>= 1)");
    if (!nodes)
        return std::unexpected(nodes.error());
    auto nodesValue = m_reader.integer(*nodes, where + ".nodes", 1, 1000000);
    if (!nodesValue)
        return std::unexpected(nodesValue.error());
    p.nodes = *nodesValue;

    auto busy = required(node, "busy_kw", where, "kW per node while running a job (>= 0)");
    if (!busy)
        return std::unexpected(busy.error());
    auto busyKw = m_reader.number(*busy, where + ".busy_kw", Domain::NonNegative);
    if (!busyKw)
        return std::unexpected(busyKw.error());
    p.busyKw = *busyKw;

    auto idle = required(node, "idle_kw", where, "kW per node while idle (>= 0, <= busy_kw)");
    if (!idle)
        return std::unexpected(idle.error());
    auto idleKw = m_reader.number(*idle, where + ".idle_kw", Domain::NonNegative);
    if (!idleKw)
        return std::unexpected(idleKw.error());
    if (*idleKw > p.busyKw)
        return m_reader.failAt(*idle, where + ".idle_kw: expected at most busy_kw (" +
                                          YamlReader::shortNumber(p.busyKw) + "), got " +
                                          idle->Scalar());
    p.idleKw = *idleKw;
    return p;
}

Result<BurstSpec> SiteReader::burst(const YAML::Node &node, const std::string &where) const {
    if (auto ok = m_reader.checkKeys(
            node, where,
            {"name", "usd_per_node_hour", "spinup_min", "max_nodes", "sovereign", "carbon"});
        !ok)
        return std::unexpected(ok.error());
    BurstSpec b;
    auto name = required(node, "name", where, "the provider's name");
    if (!name)
        return std::unexpected(name.error());
    auto nameText = m_reader.string(*name, where + ".name");
    if (!nameText)
        return std::unexpected(nameText.error());
    b.name = *nameText;

    auto price = required(node, "usd_per_node_hour", where, "USD per node-hour (>= 0)");
    if (!price)
        return std::unexpected(price.error());
    auto usd = m_reader.number(*price, where + ".usd_per_node_hour", Domain::NonNegative);
    if (!usd)
        return std::unexpected(usd.error());
    b.usdPerNodeHour = *usd;

    auto spinup = required(node, "spinup_min", where, "minutes until a node is ready (>= 0)");
    if (!spinup)
        return std::unexpected(spinup.error());
    auto minutes = m_reader.integer(*spinup, where + ".spinup_min", 0, 1440);
    if (!minutes)
        return std::unexpected(minutes.error());
    b.spinupMinutes = *minutes;

    auto maxNodes = required(node, "max_nodes", where, "the most nodes it lends (>= 1)");
    if (!maxNodes)
        return std::unexpected(maxNodes.error());
    auto maxValue = m_reader.integer(*maxNodes, where + ".max_nodes", 1, 1000000);
    if (!maxValue)
        return std::unexpected(maxValue.error());
    b.maxNodes = *maxValue;

    auto sovereign = required(node, "sovereign", where, "true or false");
    if (!sovereign)
        return std::unexpected(sovereign.error());
    auto sovereignValue = m_reader.boolean(*sovereign, where + ".sovereign");
    if (!sovereignValue)
        return std::unexpected(sovereignValue.error());
    b.sovereign = *sovereignValue;

    auto carbon = required(node, "carbon", where, "{file, column} of the region's gCO2/kWh");
    if (!carbon)
        return std::unexpected(carbon.error());
    auto series = seriesRef(*carbon, where + ".carbon", {"file", "column"});
    if (!series)
        return std::unexpected(series.error());
    if (auto ok = checkValues(*series, "gCO2/kWh", 0, false); !ok)
        return std::unexpected(ok.error());
    b.carbon = std::move(*series);
    return b;
}

Result<SiteSpec> SiteReader::read(const YAML::Node &root) {
    SiteSpec site;
    site.file = m_reader.file();
    if (auto ok = m_reader.expectMap(root, "SITE.yaml"); !ok)
        return std::unexpected(ok.error());

    // The version first: a file of another schema would fail on its keys with
    // a less helpful message.
    auto version = required(root, "schema_version", "SITE.yaml", "schema_version: 1");
    if (!version)
        return std::unexpected(version.error());
    int versionValue = 0;
    if (!version->IsScalar() || !YAML::convert<int>::decode(*version, versionValue) ||
        versionValue != 1)
        return m_reader.failAt(*version,
                               "schema_version: this build reads schema_version 1, got '" +
                                   (version->IsScalar() ? version->Scalar() : "?") + "'");

    if (auto ok = m_reader.checkKeys(root, "SITE.yaml",
                                     {"schema_version", "partitions", "power_cap_kw", "carbon",
                                      "price", "tariff", "usd_per_currency_unit",
                                      "carbon_price_usd_per_t", "slot_minutes", "burst"});
        !ok)
        return std::unexpected(ok.error());

    // Partitions: at least one, names unique.
    auto partitions =
        required(root, "partitions", "SITE.yaml", "a list of {name, nodes, busy_kw, idle_kw}");
    if (!partitions)
        return std::unexpected(partitions.error());
    if (!partitions->IsSequence() || partitions->size() == 0)
        return m_reader.failAt(*partitions, "partitions: expected a list of at least one "
                                            "{name, nodes, busy_kw, idle_kw}");
    std::set<std::string> names;
    for (std::size_t i = 0; i < partitions->size(); ++i) {
        const YAML::Node node = (*partitions)[i];
        auto p = partition(node, "partitions[" + std::to_string(i) + "]");
        if (!p)
            return std::unexpected(p.error());
        if (!names.insert(p->name).second)
            return m_reader.failAt(node["name"], "partitions[" + std::to_string(i) + "].name: '" +
                                                     p->name +
                                                     "' is used twice; expected unique names");
        site.partitions.push_back(std::move(*p));
    }

    // The power cap: a constant or a series.
    auto cap = required(root, "power_cap_kw", "SITE.yaml", "a number of kW > 0 or {file, column}");
    if (!cap)
        return std::unexpected(cap.error());
    if (cap->IsMap()) {
        auto series = seriesRef(*cap, "power_cap_kw", {"file", "column"});
        if (!series)
            return std::unexpected(series.error());
        if (auto ok = checkValues(*series, "a power cap in kW", 0, true); !ok)
            return std::unexpected(ok.error());
        site.capSeries = std::move(*series);
    } else {
        auto kw = m_reader.number(*cap, "power_cap_kw", Domain::Positive);
        if (!kw)
            return std::unexpected(m_reader.errorAt(
                *cap, "power_cap_kw: expected a number of kW > 0 or "
                      "{file, column}" +
                          (cap->IsScalar() ? ", got '" + cap->Scalar() + "'" : std::string())));
        site.capKw = *kw;
    }

    auto carbon = required(root, "carbon", "SITE.yaml", "{file, column} of the grid's gCO2/kWh");
    if (!carbon)
        return std::unexpected(carbon.error());
    auto carbonSeries = seriesRef(*carbon, "carbon", {"file", "column"});
    if (!carbonSeries)
        return std::unexpected(carbonSeries.error());
    if (auto ok = checkValues(*carbonSeries, "gCO2/kWh", 0, false); !ok)
        return std::unexpected(ok.error());
    site.carbon = std::move(*carbonSeries);

    // Exactly one of price and tariff; its currency decides whether an
    // exchange rate is needed.
    const YAML::Node priceNode = root["price"];
    const YAML::Node tariffNode = root["tariff"];
    if (priceNode.IsDefined() && tariffNode.IsDefined())
        return m_reader.failAt(tariffNode,
                               "tariff: the site already has a price; expected either price "
                               "{file, column, unit} or tariff {file, category, period}, not both");
    if (!priceNode.IsDefined() && !tariffNode.IsDefined())
        return m_reader.failAt(root, "SITE.yaml: missing key 'price' (or 'tariff'); expected "
                                     "price {file, column, unit} or tariff {file, category, "
                                     "period}");
    std::string currency;
    YAML::Node currencyNode; // where the currency was given, for a missing rate
    if (priceNode.IsDefined()) {
        if (auto ok =
                m_reader.checkKeys(priceNode, "price", {"file", "column", "unit", "max_gap_rows"});
            !ok)
            return std::unexpected(ok.error());
        auto unitNode = required(priceNode, "unit", "price", "a unit such as EUR/MWh or USD/kWh");
        if (!unitNode)
            return std::unexpected(unitNode.error());
        const auto unit =
            unitNode->IsScalar() ? parsePriceUnit(unitNode->Scalar()) : std::optional<PriceUnit>();
        if (!unit)
            return m_reader.failAt(*unitNode,
                                   "price.unit: expected a currency code and an energy unit, "
                                   "CUR/MWh or CUR/kWh (EUR/MWh, USD/kWh, KES/kWh...), got '" +
                                       (unitNode->IsScalar() ? unitNode->Scalar() : "?") + "'");
        auto series = seriesRef(priceNode, "price", {"file", "column", "unit"});
        if (!series)
            return std::unexpected(series.error());
        site.price = std::move(*series);
        currency = unit->currency;
        site.priceUnit = currency + (unit->kwhPerUnit == 1.0 ? "/kWh" : "/MWh");
        currencyNode = *unitNode;
    } else {
        if (auto ok = m_reader.checkKeys(tariffNode, "tariff", {"file", "category", "period"}); !ok)
            return std::unexpected(ok.error());
        auto fileNode = required(tariffNode, "file", "tariff", "the tariff file's path");
        if (!fileNode)
            return std::unexpected(fileNode.error());
        auto file = m_reader.string(*fileNode, "tariff.file");
        if (!file)
            return std::unexpected(file.error());
        auto categoryNode =
            required(tariffNode, "category", "tariff", "a category of the tariff file (e.g. CI1)");
        if (!categoryNode)
            return std::unexpected(categoryNode.error());
        auto category = m_reader.string(*categoryNode, "tariff.category");
        if (!category)
            return std::unexpected(category.error());
        auto periodNode =
            required(tariffNode, "period", "tariff", "the tariff period, 0 for the first");
        if (!periodNode)
            return std::unexpected(periodNode.error());
        auto period = m_reader.integer(*periodNode, "tariff.period", 0, 1000);
        if (!period)
            return std::unexpected(period.error());
        auto tariff = readTouTariff(resolve(*file), *category, *period);
        if (!tariff)
            return std::unexpected(tariff.error());
        currency = QString::fromStdString(tariff->currency).toUpper().toStdString();
        site.priceUnit = currency + "/kWh";
        site.tariff = std::move(*tariff);
        currencyNode = tariffNode;
    }

    const YAML::Node rate = root["usd_per_currency_unit"];
    if (currency == "USD") {
        // A rate other than 1 beside a USD price is a mistake in one of them.
        if (rate.IsDefined()) {
            auto v = m_reader.number(rate, "usd_per_currency_unit", Domain::Positive);
            if (!v)
                return std::unexpected(v.error());
            if (*v != 1.0)
                return m_reader.failAt(rate, "usd_per_currency_unit: the price is already in "
                                             "USD; expected 1 or no usd_per_currency_unit, got " +
                                                 rate.Scalar());
        }
        site.usdPerCurrencyUnit = 1.0;
    } else {
        if (!rate.IsDefined())
            return m_reader.failAt(currencyNode, "the price is in " + currency +
                                                     ": expected usd_per_currency_unit (the US "
                                                     "dollars one " +
                                                     currency + " is worth) in SITE.yaml");
        auto v = m_reader.number(rate, "usd_per_currency_unit", Domain::Positive);
        if (!v)
            return std::unexpected(v.error());
        site.usdPerCurrencyUnit = *v;
    }

    // Optional: carbon is not priced unless the site says so.
    if (const YAML::Node node = root["carbon_price_usd_per_t"]; node.IsDefined()) {
        auto v = m_reader.number(node, "carbon_price_usd_per_t", Domain::NonNegative);
        if (!v)
            return std::unexpected(v.error());
        site.carbonPriceUsdPerT = *v;
    }

    auto slot =
        required(root, "slot_minutes", "SITE.yaml", "the slot length in minutes, a divisor of 60");
    if (!slot)
        return std::unexpected(slot.error());
    int minutes = 0;
    if (!slot->IsScalar() || !YAML::convert<int>::decode(*slot, minutes) || minutes < 1 ||
        minutes > 60 || 60 % minutes != 0)
        return m_reader.failAt(*slot, "slot_minutes: expected a divisor of 60 (1, 2, 3, 4, 5, 6, "
                                      "10, 12, 15, 20, 30 or 60), got '" +
                                          (slot->IsScalar() ? slot->Scalar() : "?") + "'");
    site.slotMinutes = minutes;

    if (const YAML::Node bursts = root["burst"]; bursts.IsDefined() && !bursts.IsNull()) {
        if (!bursts.IsSequence())
            return m_reader.failAt(bursts, "burst: expected a list of {name, usd_per_node_hour, "
                                           "spinup_min, max_nodes, sovereign, carbon}");
        for (std::size_t i = 0; i < bursts.size(); ++i) {
            const YAML::Node node = bursts[i];
            const std::string where = "burst[" + std::to_string(i) + "]";
            auto b = burst(node, where);
            if (!b)
                return std::unexpected(b.error());
            // Places are reported by name: a provider may not share one with a
            // partition or another provider.
            if (!names.insert(b->name).second)
                return m_reader.failAt(node["name"], where + ".name: '" + b->name +
                                                         "' is already a partition's or "
                                                         "provider's name; expected unique names");
            site.bursts.push_back(std::move(*b));
        }
    }
    return site;
}

} // namespace

std::optional<PriceUnit> parsePriceUnit(const std::string &text) {
    const auto slash = text.find('/');
    if (slash != 3 || text.size() != 7)
        return std::nullopt;
    PriceUnit unit;
    for (std::size_t i = 0; i < 3; ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (!std::isalpha(c))
            return std::nullopt;
        unit.currency += static_cast<char>(std::toupper(c));
    }
    const std::string energy = text.substr(4);
    if (energy == "MWh")
        unit.kwhPerUnit = 1000.0;
    else if (energy == "kWh")
        unit.kwhPerUnit = 1.0;
    else
        return std::nullopt;
    return unit;
}

Result<SiteSpec> readSite(const std::string &path) {
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly))
        return fail(path, 0, 0, "cannot read: " + file.errorString().toStdString());
    const std::string text = file.readAll().toStdString();
    SiteReader reader(path);
    auto root = YamlReader(path).parse(text);
    if (!root)
        return std::unexpected(root.error());
    return reader.read(*root);
}

Result<SiteSlots> siteSlots(const SiteSpec &site, const QDateTime &start, int slotCount) {
    if (slotCount < 1)
        return fail(site.file, 0, 0,
                    "the horizon has " + std::to_string(slotCount) + " slots; expected at least 1");
    if (!start.isValid())
        return fail(site.file, 0, 0, "the horizon's start is not a valid time");
    SiteSlots out;
    out.slotHours = site.slotMinutes / 60.0;
    out.slotCount = slotCount;
    out.carbonPriceUsdPerT = site.carbonPriceUsdPerT;
    out.partitions = site.partitions;

    if (site.price) {
        const auto unit = parsePriceUnit(site.priceUnit);
        if (!unit)
            return fail(site.file, 0, 0,
                        "price unit '" + site.priceUnit + "': expected CUR/MWh or CUR/kWh");
        auto values = valuesPerSlot(*site.price, start, site.slotMinutes, slotCount);
        if (!values)
            return std::unexpected(values.error());
        // currency per MWh or kWh -> USD per kWh
        const double factor = site.usdPerCurrencyUnit / unit->kwhPerUnit;
        for (double &v : *values)
            v *= factor;
        out.priceUsdPerKwh = std::move(*values);
    } else if (site.tariff) {
        out.priceUsdPerKwh = tariffPerSlot(*site.tariff, start, site.slotMinutes, slotCount);
        for (double &v : out.priceUsdPerKwh)
            v *= site.usdPerCurrencyUnit;
    } else {
        return fail(site.file, 0, 0, "the site has neither a price nor a tariff");
    }

    auto carbon = valuesPerSlot(site.carbon, start, site.slotMinutes, slotCount);
    if (!carbon)
        return std::unexpected(carbon.error());
    out.carbonGPerKwh = std::move(*carbon);

    if (site.capSeries) {
        auto cap = valuesPerSlot(*site.capSeries, start, site.slotMinutes, slotCount);
        if (!cap)
            return std::unexpected(cap.error());
        out.capKw = std::move(*cap);
    } else {
        out.capKw.assign(slotCount,
                         site.capKw > 0 ? site.capKw : std::numeric_limits<double>::infinity());
    }

    for (const auto &b : site.bursts) {
        BurstProvider p;
        p.name = b.name;
        p.usdPerNodeHour = b.usdPerNodeHour;
        // Ready at the first slot boundary after the spin-up: 20 min on 15-min slotCount -> 2.
        p.spinupSlots = (b.spinupMinutes + site.slotMinutes - 1) / site.slotMinutes;
        p.maxNodes = b.maxNodes;
        p.sovereign = b.sovereign;
        auto carbonSlots = valuesPerSlot(b.carbon, start, site.slotMinutes, slotCount);
        if (!carbonSlots)
            return std::unexpected(carbonSlots.error());
        p.carbonGPerKwh = std::move(*carbonSlots);
        out.bursts.push_back(std::move(p));
    }
    return out;
}

} // namespace sovereign::energy
