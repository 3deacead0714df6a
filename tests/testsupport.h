#pragma once
// Helpers shared by the planner test suites: they stop the suite with the
// library's own error text, so a broken fixture says what is wrong with it.

#include "planner/catalog.h"
#include "planner/scenarioloader.h"

#include <QFile>
#include <QString>
#include <QtGlobal>

namespace sovereign::test {

inline Catalog builtInCatalog() {
    auto c = Catalog::builtIn();
    if (!c)
        qFatal("built-in catalog: %s", c.error().toString().c_str());
    return *c;
}

inline QString readText(const QString &path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return QString::fromUtf8(f.readAll());
}

/// A scenario from YAML text; `name` is what errors call the file.
inline Scenario scenarioFromText(const QString &yaml, const QString &name, const Catalog &catalog) {
    auto s = loadScenarioText(yaml.toStdString(), name.toStdString(), catalog);
    if (!s)
        qFatal("%s", s.error().toString().c_str());
    return *s;
}

} // namespace sovereign::test
