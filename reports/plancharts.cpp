#include "reports/plancharts.h"

#include "reports/plantext.h"
#include "reports/reporttext.h"

#include <algorithm>
#include <cmath>

namespace sovereign {

ReportChart tornadoChart(const PlanResult &plan, const QLocale &locale) {
    ReportChart c;
    c.kind = ReportChart::Kind::Tornado;
    c.title = Report::tr("Tornado: optimal plan NPV with one input at its low and high end");
    c.yLabel = Report::tr("NPV (USD)");
    const StrategyResult &opt = plan.strategies[3];
    c.baseline = opt.npvUsd;
    c.baselineLabel = Report::tr("plan NPV %1").arg(moneyText(opt.npvUsd, locale));
    ChartSeries low{Report::tr("input at its low end"), {}, QColor(0x56, 0xB4, 0xE9)};
    ChartSeries high{Report::tr("input at its high end"), {}, QColor(0xD5, 0x5E, 0x00)};
    if (plan.monteCarlo)
        for (const auto &b : plan.monteCarlo->strategies[3].tornado) {
            c.categories.append(inputLabel(b.key));
            low.values.append(b.npvAtLow);
            high.values.append(b.npvAtHigh);
        }
    c.series = {low, high};
    return c;
}

std::pair<double, double> npvDrawRange(const MonteCarloResult &mc) {
    double lo = INFINITY, hi = -INFINITY;
    for (const auto &s : mc.strategies)
        for (double v : s.npvDraws) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    if (!(hi > lo))
        hi = lo + 1;
    return {lo, hi};
}

ReportChart npvHistogram(const MonteCarloResult &mc, int bins, const QLocale &locale) {
    const auto [lo, hi] = npvDrawRange(mc);
    ReportChart c;
    c.kind = ReportChart::Kind::Bars;
    c.title = Report::tr("Distribution of NPV across draws (bins in M USD)");
    c.yLabel = Report::tr("share of draws");
    const double width = (hi - lo) / bins;
    for (int b = 0; b < bins; ++b)
        c.categories.append(locale.toString((lo + (b + 0.5) * width) / 1e6, 'f', 1));
    for (const auto &s : mc.strategies) {
        ChartSeries series{strategyLabel(s.name), QList<double>(bins, 0.0),
                           strategyColor(QString::fromStdString(s.name))};
        for (double v : s.npvDraws)
            series.values[std::clamp(static_cast<int>((v - lo) / width), 0, bins - 1)] +=
                1.0 / s.npvDraws.size();
        c.series.append(series);
    }
    return c;
}

namespace {

ReportChart yearChart(ReportChart::Kind kind, const QString &title, const QString &yLabel,
                      const QStringList &years) {
    ReportChart c;
    c.kind = kind;
    c.title = title;
    c.yLabel = yLabel;
    c.categories = years;
    return c;
}

} // namespace

QList<ReportChart> planCharts(const PlanResult &plan, const QLocale &locale) {
    Q_UNUSED(locale);
    QStringList years;
    for (int y : plan.calendarYears)
        years.append(QString::number(y));
    QList<ReportChart> charts;

    ReportChart cumulative =
        // Spending as it falls due, not what the table ranks (NPV: discounted,
        // net of salvage): the title says so, so the two never seem to disagree.
        yearChart(ReportChart::Kind::Line,
                  Report::tr("Cumulative spending, nominal (not discounted, before salvage; "
                             "strategies rank by NPV)"),
                  Report::tr("USD"), years);
    ReportChart co2 =
        yearChart(ReportChart::Kind::Bars, Report::tr("CO2 emissions"), Report::tr("t CO2"), years);
    ReportChart share =
        yearChart(ReportChart::Kind::Line, Report::tr("Sovereign share of served compute"),
                  Report::tr("share"), years);
    for (const auto &st : plan.strategies) {
        const QColor color = strategyColor(QString::fromStdString(st.name));
        ChartSeries cum{strategyLabel(st.name), {}, color}, c{cum}, sh{cum};
        double sum = 0;
        for (const auto &y : st.years) {
            sum += y.totalCostUsd;
            cum.values.append(sum);
            c.values.append(y.co2T);
            sh.values.append(y.sovereignShare);
        }
        cumulative.series.append(cum);
        co2.series.append(c);
        share.series.append(sh);
    }
    const StrategyResult *shown =
        plan.strategy(plan.recommended.empty() ? "optimal" : plan.recommended);
    const QString who = strategyLabel(shown->name);
    ReportChart stack = yearChart(ReportChart::Kind::StackedBars,
                                  Report::tr("Yearly cost, %1").arg(who), Report::tr("USD"), years);
    ChartSeries capex{Report::tr("Capex"), {}, QColor(0x00, 0x72, 0xB2)};
    ChartSeries maint{Report::tr("Maintenance"), {}, QColor(0x56, 0xB4, 0xE9)};
    ChartSeries staff{Report::tr("Staff"), {}, QColor(0x00, 0x9E, 0x73)};
    ChartSeries energy{Report::tr("Energy"), {}, QColor(0xE6, 0x9F, 0x00)};
    ChartSeries cloud{Report::tr("Cloud"), {}, QColor(0xCC, 0x79, 0xA7)};
    ReportChart power =
        yearChart(ReportChart::Kind::Bars, Report::tr("Facility power, %1").arg(who),
                  Report::tr("MW"), years);
    ChartSeries mw{Report::tr("Peak facility MW"), {}, QColor(0x00, 0x72, 0xB2)};
    ChartSeries cap{Report::tr("Grid cap"), {}, QColor(0xC0, 0x1F, 0x2F)};
    ReportChart hours =
        yearChart(ReportChart::Kind::StackedBars, Report::tr("Where compute runs, %1").arg(who),
                  Report::tr("GPU-hours"), years);
    ChartSeries onprem{Report::tr("On-prem (H100-h)"), {}, QColor(0x00, 0x9E, 0x73)};
    ChartSeries cloudHours{Report::tr("Cloud (GPU-h)"), {}, QColor(0xE6, 0x9F, 0x00)};
    for (const auto &y : shown->years) {
        capex.values.append(y.capexUsd);
        maint.values.append(y.maintenanceUsd);
        staff.values.append(y.staffUsd);
        energy.values.append(y.energyCostUsd);
        cloud.values.append(y.cloudCostUsd);
        mw.values.append(y.peakFacilityMw);
        cap.values.append(y.gridCapMw);
        onprem.values.append(y.onpremH100Hours);
        cloudHours.values.append(y.cloudGpuHours);
    }
    stack.series = {capex, maint, staff, energy, cloud};
    power.series = {mw};
    power.limit = cap;
    hours.series = {onprem, cloudHours};
    charts << cumulative << stack << power << co2 << share << hours;
    return charts;
}

} // namespace sovereign
