#include "planner/yearfields.h"
#include "reports/tablewriters.h"

#include <cmath>
#include <cstdio>

namespace sovereign {

namespace {

QString csvCell(const QString &text) {
    if (text.contains(',') || text.contains('"') || text.contains('\n'))
        return '"' + QString(text).replace('"', "\"\"") + '"';
    return text;
}

QString csvNumber(std::optional<double> v) {
    if (!v || !std::isfinite(*v))
        return QString();
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g",
                  *v == 0.0 ? 0.0 : *v); // no "-0"; C locale: '.' decimals whatever the UI language
    return QString::fromLatin1(buf);
}

} // namespace

QByteArray renderCsv(const std::vector<ReportSubject> &subjects) {
    QStringList header = {"scenario", "strategy", "feasible", "npv_usd", "year", "phase"};
    for (const auto &f : yearFields())
        header.append(f.name);
    QString out = header.join(',') + "\r\n";
    for (const auto &s : subjects)
        for (const auto &st : s.plan.strategies)
            for (const auto &y : st.years) {
                QStringList row = {csvCell(QString::fromStdString(s.plan.scenarioName)),
                                   QString::fromStdString(st.name),
                                   st.feasible ? "true" : "false",
                                   csvNumber(st.npvUsd),
                                   QString::number(y.year),
                                   csvCell(QString::fromStdString(y.phase))};
                for (const auto &f : yearFields())
                    row.append(csvNumber(f.get(y)));
                out += row.join(',') + "\r\n";
            }
    return out.toUtf8();
}

} // namespace sovereign
