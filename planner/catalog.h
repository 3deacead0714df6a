#pragma once

#include "planner/base/error.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sovereign {

/// Where a published figure comes from.
struct Source {
    std::string id;
    std::string publisher;
    std::string title;
    int year = 0;
    std::string url;
    std::string note;

    /// "Publisher, Title (Year), URL".
    std::string citation() const;
};

/// One catalog figure: a sourced value, or a low / typical / high range with a
/// source for each point (the Monte Carlo draws from it as a triangular law).
struct Figure {
    double typical = 0.0;
    std::string source; ///< source id of the typical value
    std::optional<double> low, high;
    std::string lowSource, highSource;

    bool isRange() const { return low.has_value(); }
};

/// A catalog entry: an accelerator or a region, with its named figures.
struct CatalogEntry {
    std::string id;
    std::string name;
    std::map<std::string, std::string> labels; ///< kind, vendor, continent...
    std::map<std::string, Figure> figures;

    const Figure *figure(const std::string &key) const;
};

/// The accelerators, regions and scenario defaults shipped in resources/data,
/// each figure with its source. Read once; immutable afterwards.
class Catalog {
  public:
    /// The catalog compiled into the program (resources/data/*.yaml).
    static Result<Catalog> builtIn();
    /// A catalog read from a folder holding accelerators.yaml, regions.yaml, defaults.yaml.
    static Result<Catalog> fromDirectory(const std::string &dir);
    /// A catalog from the three documents' text; names are used in errors.
    static Result<Catalog> fromText(const std::string &acceleratorsText,
                                    const std::string &regionsText, const std::string &defaultsText,
                                    const std::string &acceleratorsName = "accelerators.yaml",
                                    const std::string &regionsName = "regions.yaml",
                                    const std::string &defaultsName = "defaults.yaml");

    const CatalogEntry *accelerator(const std::string &id) const;
    const CatalogEntry *region(const std::string &id) const;
    /// A scenario default (e.g. "server_overhead"), or nullptr.
    const Figure *defaultFigure(const std::string &key) const;
    const Source *source(const std::string &id) const;

    const std::map<std::string, CatalogEntry> &accelerators() const { return m_accelerators; }
    const std::map<std::string, CatalogEntry> &regions() const { return m_regions; }
    const std::map<std::string, Figure> &defaults() const { return m_defaults; }
    const std::map<std::string, Source> &sources() const { return m_sources; }

    std::vector<std::string> acceleratorIds() const;
    std::vector<std::string> regionIds() const;

  private:
    std::map<std::string, CatalogEntry> m_accelerators;
    std::map<std::string, CatalogEntry> m_regions;
    std::map<std::string, Figure> m_defaults;
    std::map<std::string, Source> m_sources; ///< ids are unique across the three files
};

} // namespace sovereign
