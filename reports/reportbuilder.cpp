#include "reports/reportbuilder.h"

#include "planner/base/displaynumber.h"

#include "reports/markdownblocks.h"
#include "reports/readablenumber.h"
#include "reports/reporttext.h"

#include <QFile>
#include <QMap>

#include <algorithm>
#include <cmath>

namespace sovereign {

QString strategyLabel(const std::string &name) {
    if (name == "own")
        return Report::tr("Own");
    if (name == "lease")
        return Report::tr("Lease");
    if (name == "hybrid")
        return Report::tr("Hybrid");
    if (name == "optimal")
        return Report::tr("Optimal");
    if (name == "robust")
        return Report::tr("Robust");
    return QString::fromStdString(name);
}

QString kpiStatusLabel(KpiStatus s) {
    switch (s) {
    case KpiStatus::OnTrack:
        return Report::tr("on track");
    case KpiStatus::AtRisk:
        return Report::tr("at risk");
    case KpiStatus::OffTrack:
        return Report::tr("off track");
    case KpiStatus::NotApplicable:
        return Report::tr("n/a");
    case KpiStatus::NoTarget:
        break;
    }
    return Report::tr("no target");
}

QString yearFieldLabel(const std::string &name) {
    // One entry per field of planner/yearfields.cpp; an unknown name (a field
    // added later) shows as itself rather than not at all.
    static const std::map<std::string, const char *> labels = {
        {"demand_h100_hours", QT_TRANSLATE_NOOP("Report", "Demand (H100-h)")},
        {"sensitive_h100_hours", QT_TRANSLATE_NOOP("Report", "Sensitive demand (H100-h)")},
        {"owned_gpus", QT_TRANSLATE_NOOP("Report", "Owned GPUs")},
        {"new_gpus", QT_TRANSLATE_NOOP("Report", "New GPUs")},
        {"onprem_h100_hours", QT_TRANSLATE_NOOP("Report", "On-prem (H100-h)")},
        {"cloud_gpu_hours", QT_TRANSLATE_NOOP("Report", "Cloud (GPU-h)")},
        {"unmet_h100_hours", QT_TRANSLATE_NOOP("Report", "Unmet (H100-h)")},
        {"sensitive_foreign_cloud_h100_hours",
         QT_TRANSLATE_NOOP("Report", "Sensitive work on a foreign cloud (H100-h)")},
        {"capex_usd", QT_TRANSLATE_NOOP("Report", "Capex (USD)")},
        {"maintenance_usd", QT_TRANSLATE_NOOP("Report", "Maintenance (USD)")},
        {"staff_usd", QT_TRANSLATE_NOOP("Report", "Staff (USD)")},
        {"energy_mwh", QT_TRANSLATE_NOOP("Report", "Energy (MWh)")},
        {"energy_cost_usd", QT_TRANSLATE_NOOP("Report", "Energy cost (USD)")},
        {"cloud_cost_usd", QT_TRANSLATE_NOOP("Report", "Cloud cost (USD)")},
        {"total_cost_usd", QT_TRANSLATE_NOOP("Report", "Total cost (USD)")},
        {"peak_facility_mw", QT_TRANSLATE_NOOP("Report", "Peak MW")},
        {"grid_cap_mw", QT_TRANSLATE_NOOP("Report", "Grid cap MW")},
        {"co2_t", QT_TRANSLATE_NOOP("Report", "CO2 (t)")},
        {"sovereign_share", QT_TRANSLATE_NOOP("Report", "Sovereign share")},
        {"cost_per_h100_hour_usd", QT_TRANSLATE_NOOP("Report", "Cost per H100-hour (USD)")},
        {"cost_per_million_tokens_usd",
         QT_TRANSLATE_NOOP("Report", "Cost per million tokens (USD)")},
        {"kwh_per_million_tokens", QT_TRANSLATE_NOOP("Report", "kWh per million tokens")},
    };
    const auto it = labels.find(name);
    return it == labels.end() ? QString::fromStdString(name) : Report::tr(it->second);
}

namespace {

QString moneyText(double usd, const QLocale &locale) {
    return std::abs(usd) >= 1e6 ? Report::tr("%1 M USD").arg(locale.toString(usd / 1e6, 'f', 1))
                                : Report::tr("%1 k USD").arg(locale.toString(usd / 1e3, 'f', 1));
}

QString constraintLabel(const std::string &c) {
    if (c == "grid")
        return Report::tr("grid");
    if (c == "budget")
        return Report::tr("budget");
    if (c == "sovereignty")
        return Report::tr("sovereignty");
    return QString::fromStdString(c);
}

class Builder {
  public:
    Builder(const Catalog &catalog, const QLocale &locale) : catalog(catalog), locale(locale) {}

    QString num(double v, int decimals = 0) const {
        return std::isfinite(v) ? locale.toString(displayValue(v, decimals), 'f', decimals)
                                : Report::tr("none");
    }
    QString musd(double v) const { return num(v / 1e6, 2); }
    QString pct(double v) const { return locale.toString(100.0 * v, 'f', 0) + locale.percent(); }

    void heading(const QString &t, int level = 1) { doc.blocks.append(ReportHeading{t, level}); }
    void paragraph(const QString &t) { doc.blocks.append(ReportParagraph{t}); }

    void summary(const ReportSubject &s) {
        const PlanResult &plan = s.plan;
        heading(Report::tr("Executive summary"));
        paragraph(recommendationText(plan, locale));
        ReportTable t;
        t.caption = Report::tr("Net present value by strategy");
        t.headers = {Report::tr("Strategy"),        Report::tr("NPV (M USD)"),
                     Report::tr("Salvage (M USD)"), Report::tr("Feasible"),
                     Report::tr("Most GPUs owned"), Report::tr("Cloud GPU-hours"),
                     Report::tr("CO2 (t)")};
        for (const auto &st : plan.strategies) {
            double gpus = 0, cloud = 0, co2 = 0;
            for (const auto &y : st.years) {
                gpus = std::max(gpus, y.ownedGpus);
                cloud += y.cloudGpuHours;
                co2 += y.co2T;
            }
            t.rows.append({strategyLabel(st.name), musd(st.npvUsd), musd(st.salvageUsd),
                           st.feasible ? Report::tr("yes") : Report::tr("no"), num(gpus),
                           num(cloud), num(co2)});
            t.rowStatus.append(QString());
        }
        doc.blocks.append(t);
    }

    void yearlyTables(const PlanResult &plan) {
        heading(Report::tr("Year by year"));
        for (const auto &st : plan.strategies) {
            ReportTable t;
            t.caption = strategyLabel(st.name) + QStringLiteral(" — ") + Report::tr("NPV") + " " +
                        musd(st.npvUsd) + " M USD" +
                        (st.feasible ? QString() : " (" + Report::tr("infeasible") + ")");
            t.headers = {Report::tr("Year"),
                         Report::tr("Phase"),
                         Report::tr("Demand (H100-h)"),
                         Report::tr("Owned GPUs"),
                         Report::tr("On-prem (H100-h)"),
                         Report::tr("Cloud (GPU-h)"),
                         Report::tr("Unmet (H100-h)"),
                         Report::tr("Capex (M USD)"),
                         Report::tr("Opex (M USD)"),
                         Report::tr("Total (M USD)"),
                         Report::tr("Peak MW"),
                         Report::tr("Grid cap MW"),
                         Report::tr("CO2 (t)"),
                         Report::tr("Sovereign share")};
            for (const auto &y : st.years) {
                t.rows.append({QString::number(y.year), QString::fromStdString(y.phase),
                               num(y.demandH100Hours), num(y.ownedGpus), num(y.onpremH100Hours),
                               num(y.cloudGpuHours), num(y.unmetH100Hours), musd(y.capexUsd),
                               musd(y.totalCostUsd - y.capexUsd), musd(y.totalCostUsd),
                               num(y.peakFacilityMw, 2), num(y.gridCapMw, 2), num(y.co2T),
                               pct(y.sovereignShare)});
                t.rowStatus.append(QString());
            }
            doc.blocks.append(t);
        }
    }

    void why(const PlanResult &plan) {
        ReportTable t;
        t.caption = Report::tr("Binding constraints and infeasibilities");
        t.headers = {Report::tr("Strategy"), Report::tr("Year"), Report::tr("Constraint"),
                     Report::tr("Detail")};
        for (const auto &st : plan.strategies) {
            for (const auto &b : st.binding) {
                t.rows.append({strategyLabel(st.name), QString::number(b.year),
                               constraintLabel(b.constraint), bindingText(b, locale)});
                t.rowStatus.append(QString());
            }
            // Infeasibilities worded from the yearly figures (the planner's
            // English reasons stay in the JSON); sensitive work abroad is
            // already a sovereignty row above.
            for (const auto &y : st.years) {
                const double tol = 1e-6 * std::max(1.0, y.demandH100Hours);
                QString text;
                if (y.unmetH100Hours > tol)
                    text =
                        st.name == "optimal"
                            ? Report::tr("%1 sensitive H100-hours cannot be placed: owned capacity "
                                         "is capped and the cloud is not sovereign")
                                  .arg(num(y.unmetH100Hours))
                            : Report::tr("%1 H100-hours of demand unmet")
                                  .arg(num(y.unmetH100Hours));
                else if (y.peakFacilityMw > y.gridCapMw * (1 + 1e-9) + 1e-12)
                    text = Report::tr("the owned fleet draws %1 MW, above the %2 MW grid cap")
                               .arg(num(y.peakFacilityMw, 2), num(y.gridCapMw, 2));
                if (text.isEmpty())
                    continue;
                t.rows.append({strategyLabel(st.name), QString::number(y.year),
                               Report::tr("infeasible"), text});
                t.rowStatus.append(QString());
            }
        }
        heading(Report::tr("Why: what binds"));
        if (t.rows.isEmpty())
            paragraph(
                Report::tr("No constraint binds: every strategy is limited by demand alone."));
        else
            doc.blocks.append(t);
    }

    void kpis(const PlanResult &plan) {
        heading(Report::tr("Roadmap KPIs"));
        if (plan.kpis.empty()) {
            paragraph(Report::tr("The scenario sets no KPI targets."));
            return;
        }
        for (const auto &k : plan.kpis) {
            ReportTable t;
            t.caption = QString::fromStdString(k.name) + " (" + yearFieldLabel(k.metric) + ", " +
                        strategyLabel(k.strategy) + ", " +
                        (k.atLeast ? Report::tr("at least") : Report::tr("at most")) + ")";
            t.headers = {Report::tr("Year"), Report::tr("Phase"), Report::tr("Value"),
                         Report::tr("Target"), Report::tr("Status")};
            for (const auto &y : k.years) {
                const int decimals = std::abs(y.value) < 10 ? 2 : 0;
                t.rows.append({QString::number(y.year), QString::fromStdString(y.phase),
                               y.hasValue ? num(y.value, decimals) : Report::tr("n/a"),
                               y.hasTarget ? num(y.target, decimals) : QString(),
                               kpiStatusLabel(y.status)});
                t.rowStatus.append(QString::fromLatin1(kpiStatusName(y.status)));
            }
            doc.blocks.append(t);
        }
    }

    void monteCarlo(const PlanResult &plan) {
        if (!plan.monteCarlo)
            return;
        const MonteCarloResult &mc = *plan.monteCarlo;
        heading(Report::tr("Uncertainty (Monte Carlo)"));
        paragraph(
            Report::tr("%1 draws (seed %2) over %3 uncertain inputs. Probability that owning beats "
                       "leasing: %4. Probability that the optimal fleet has to send sensitive work "
                       "to a foreign cloud: %5.")
                .arg(locale.toString(mc.draws))
                .arg(mc.seed)
                .arg(mc.uncertainKeys.size())
                .arg(pct(mc.probOwnBeatsLease))
                .arg(pct(mc.probOptimalSensitiveShortfall)));
        ReportTable t;
        t.caption = Report::tr("NPV percentiles (M USD)");
        t.headers = {Report::tr("Strategy"),      "P10", "P50", "P90", Report::tr("Mean"),
                     Report::tr("Feasible draws")};
        for (const auto &s : mc.strategies) {
            t.rows.append({strategyLabel(s.name), musd(s.npv.p10), musd(s.npv.p50), musd(s.npv.p90),
                           musd(s.npv.mean), pct(s.feasibleShare)});
            t.rowStatus.append(QString());
        }
        doc.blocks.append(t);
        doc.blocks.append(npvHistogram(mc, 12, locale));
        const auto &opt = mc.strategies[3];
        if (!opt.tornado.empty()) {
            doc.blocks.append(tornadoChart(plan, locale));
            ReportTable tor;
            tor.caption =
                Report::tr("Tornado: optimal plan NPV with one input at its low and high end");
            tor.headers = {Report::tr("Input"),
                           Report::tr("Low"),
                           Report::tr("High"),
                           Report::tr("NPV at low (M USD)"),
                           Report::tr("NPV at high (M USD)"),
                           Report::tr("Swing (M USD)")};
            for (const auto &b : opt.tornado) {
                tor.rows.append({QString::fromStdString(b.key), readableNumber(b.lowInput, locale),
                                 readableNumber(b.highInput, locale), musd(b.npvAtLow),
                                 musd(b.npvAtHigh), musd(b.swing())});
                tor.rowStatus.append(QString());
            }
            doc.blocks.append(tor);
        }
    }

    void assumptions(const Scenario &s) {
        heading(Report::tr("Assumptions and sources"));
        ReportTable t;
        t.caption = Report::tr("Inputs (per-year values separated by '/')");
        t.headers = {Report::tr("Input"), Report::tr("Value"), Report::tr("Source")};
        std::vector<std::string> used;
        t.rows.append({"region", regionName(s.region), Report::tr("scenario")});
        t.rows.append({"accelerator", acceleratorName(s.accelerator), Report::tr("scenario")});
        t.rows.append({"gpus_per_node", QString::number(s.gpusPerNode), QString()});
        t.rows.append({"lifetime_years", QString::number(s.lifetimeYears), QString()});
        t.rows.append({"cloud.sovereign", s.cloudSovereign ? Report::tr("yes") : Report::tr("no"),
                       Report::tr("scenario")});
        for (int i = 0; i < 5; ++i)
            t.rowStatus.append(QString());
        for (const auto &p : s.params) {
            if (p.origin == "unused")
                continue;
            QStringList values;
            bool allSame = true;
            for (double v : p.values)
                allSame = allSame && v == p.values.front();
            for (std::size_t y = 0; y < (allSame ? 1 : p.values.size()); ++y)
                values.append(std::isfinite(p.values[y]) ? readableNumber(p.values[y], locale)
                                                         : Report::tr("no limit"));
            QString origin = QString::fromStdString(p.origin);
            const auto colon = p.origin.find(':');
            if (colon != std::string::npos) {
                const std::string id = p.origin.substr(colon + 1);
                if (const Source *src = catalog.source(id)) {
                    origin = QString::fromStdString(src->publisher + ", " + src->title + " (" +
                                                    std::to_string(src->year) + ")");
                    used.push_back(id);
                }
            }
            if (p.distribution)
                origin += " — " + Report::tr("varies in the Monte Carlo");
            t.rows.append({QString::fromStdString(p.key), values.join(" / "), origin});
            t.rowStatus.append(QString());
        }
        doc.blocks.append(t);
        if (!used.empty()) {
            ReportTable src;
            src.caption = Report::tr("Sources");
            src.headers = {Report::tr("Id"), Report::tr("Publisher"), Report::tr("Title"),
                           Report::tr("Year"), Report::tr("URL")};
            std::sort(used.begin(), used.end());
            used.erase(std::unique(used.begin(), used.end()), used.end());
            for (const auto &id : used) {
                const Source *s2 = catalog.source(id);
                src.rows.append({QString::fromStdString(id), QString::fromStdString(s2->publisher),
                                 QString::fromStdString(s2->title), QString::number(s2->year),
                                 QString::fromStdString(s2->url)});
                src.rowStatus.append(QString());
            }
            doc.blocks.append(src);
        }
    }

    void methodology() {
        heading(Report::tr("Methodology"));
        paragraph(Report::tr(
            "Demand is converted to H100-equivalent GPU-hours. 'Own' buys whole nodes to cover "
            "demand within the grid cap and the capex budget; 'lease' rents everything; 'hybrid' "
            "owns enough for sensitive work plus a share of the rest and bursts the remainder; "
            "'optimal' chooses nodes per year and cloud hours with a mixed-integer program "
            "(COIN-OR "
            "CBC) that minimises net present value under demand, grid, budget, utilization and "
            "sovereignty constraints. A plan is feasible when no demand is unmet and no sensitive "
            "work runs on a foreign cloud. Costs: capex, maintenance, staff, energy (idle and busy "
            "power times PUE) and cloud with egress; salvage credits hardware still in service at "
            "the horizon."));
        // The full contract, docs/methodology.md compiled in as a resource, so
        // the report carries it instead of pointing into the source tree.
        QFile file(QStringLiteral(":/docs/methodology.md"));
        if (!file.open(QIODevice::ReadOnly))
            return;
        heading(Report::tr("Appendix: methodology (in English)"));
        for (auto &block : markdownBlocks(QString::fromUtf8(file.readAll())))
            doc.blocks.append(std::move(block));
    }

    QString regionName(const std::string &id) const {
        const CatalogEntry *e = catalog.region(id);
        return e && !e->name.empty() ? QString::fromStdString(e->name + " (" + id + ")")
                                     : QString::fromStdString(id);
    }
    QString acceleratorName(const std::string &id) const {
        const CatalogEntry *e = catalog.accelerator(id);
        return e && !e->name.empty() ? QString::fromStdString(e->name) : QString::fromStdString(id);
    }

    const Catalog &catalog;
    QLocale locale;
    ReportDocument doc;
};

} // namespace

QString bindingText(const BindingNote &note, const QLocale &locale) {
    switch (note.kind) {
    case BindingNote::Kind::CapCutPurchase:
        if (note.constraint == "grid")
            return Report::tr("the %1 MW grid cap allows %2 nodes in service; more were needed")
                .arg(locale.toString(note.limit, 'f', 2), locale.toString(note.amount, 'f', 0));
        return Report::tr("the capex budget of %1 buys %2 nodes; more were needed")
            .arg(moneyText(note.limit, locale), locale.toString(note.amount, 'f', 0));
    case BindingNote::Kind::FleetOverCap:
        return Report::tr("nodes bought earlier draw more than the %1 MW grid cap")
            .arg(locale.toString(note.limit, 'f', 2));
    case BindingNote::Kind::SensitiveAbroad:
        return Report::tr("%1 sensitive H100-hours on a foreign cloud")
            .arg(locale.toString(note.amount, 'f', 0));
    case BindingNote::Kind::LiftingSaves:
        return Report::tr("lifting this constraint would lower NPV by %1")
            .arg(moneyText(note.amount, locale));
    }
    return QString::fromStdString(note.detail);
}

QString recommendationText(const PlanResult &plan, const QLocale &locale) {
    auto money = [&](double usd) { return moneyText(usd, locale); };
    const StrategyResult *best =
        plan.recommended.empty() ? nullptr : plan.strategy(plan.recommended);
    if (!best) {
        const StrategyResult &opt = plan.strategies[3];
        return Report::tr("No strategy is feasible. %1")
            .arg(opt.infeasibleReasons.empty()
                     ? QString()
                     : QString::fromStdString(opt.infeasibleReasons.front()));
    }
    // The choice is the planner's (cost weighed against robustness); this only
    // puts it, and the figures behind it, into words.
    auto percent = [&](double share) {
        return locale.toString(100 * share, 'f', 0) + QStringLiteral("\u00a0%");
    };
    double gpus = 0;
    for (const auto &y : best->years)
        gpus = std::max(gpus, y.ownedGpus);
    QString text =
        Report::tr("Recommended: %1, NPV %2").arg(strategyLabel(best->name), money(best->npvUsd));
    if (plan.robustFutures > 0) {
        text += Report::tr(", holds in %1 of %2 sampled futures")
                    .arg(percent(best->futuresHeldShare))
                    .arg(plan.robustFutures);
        if (best->futuresHeldShare < plan.robustTargetShare)
            text += Report::tr(" (no strategy reaches the %1 target)")
                        .arg(percent(plan.robustTargetShare));
    }
    for (const auto &st : plan.strategies)
        if (&st != best && st.feasible && st.npvUsd < best->npvUsd)
            text += Report::tr("; %1 is %2 cheaper but holds in only %3")
                        .arg(strategyLabel(st.name), money(best->npvUsd - st.npvUsd),
                             percent(st.futuresHeldShare));
    const StrategyResult *next = nullptr;
    for (const auto &st : plan.strategies)
        if (&st != best && st.feasible && st.npvUsd >= best->npvUsd &&
            (!next || st.npvUsd < next->npvUsd))
            next = &st;
    if (next)
        text += Report::tr(", %1 below %2")
                    .arg(money(next->npvUsd - best->npvUsd), strategyLabel(next->name));
    text += Report::tr("; owns up to %1 GPUs").arg(locale.toString(gpus, 'f', 0));
    QMap<QString, QStringList> years;
    QStringList order;
    for (const auto &b : best->binding) {
        const QString c = QString::fromStdString(b.constraint);
        if (!years.contains(c))
            order.append(c);
        if (!years[c].contains(QString::number(b.year)))
            years[c].append(QString::number(b.year));
    }
    for (const QString &c : order) {
        const QString name = c == "grid"     ? Report::tr("the grid cap")
                             : c == "budget" ? Report::tr("the capex budget")
                                             : Report::tr("sovereignty");
        text += Report::tr("; %1 binds in %2").arg(name, years[c].join(", "));
    }
    return text + ".";
}

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
            c.categories.append(QString::fromStdString(b.key));
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

ReportDocument buildReport(const std::vector<ReportSubject> &subjects, const Catalog &catalog,
                           const QLocale &locale) {
    Builder b(catalog, locale);
    b.doc.language = locale.bcp47Name();
    if (subjects.size() == 1) {
        b.doc.title = Report::tr("AI compute plan: %1")
                          .arg(QString::fromStdString(subjects[0].plan.scenarioName));
    } else {
        b.doc.title = Report::tr("Comparison of %1 AI compute scenarios").arg(subjects.size());
        b.heading(Report::tr("Scenarios side by side"));
        ReportTable t;
        t.caption = Report::tr("NPV by scenario and strategy (M USD; * = infeasible)");
        t.headers = {Report::tr("Scenario"), Report::tr("Recommended"), Report::tr("Own"),
                     Report::tr("Lease"),    Report::tr("Hybrid"),      Report::tr("Optimal")};
        for (const auto &s : subjects) {
            QStringList row = {QString::fromStdString(s.plan.scenarioName),
                               s.plan.recommended.empty() ? Report::tr("none")
                                                          : strategyLabel(s.plan.recommended)};
            for (const auto &st : s.plan.strategies)
                row.append(b.musd(st.npvUsd) + (st.feasible ? "" : " *"));
            t.rows.append(row);
            t.rowStatus.append(QString());
        }
        b.doc.blocks.append(t);
    }
    b.doc.subtitle = Report::tr("Sovereign KPI report");
    for (const auto &s : subjects) {
        if (subjects.size() > 1)
            b.heading(QString::fromStdString(s.plan.scenarioName));
        b.paragraph(Report::tr("Region %1, accelerator %2, %3 to %4.")
                        .arg(b.regionName(s.plan.region), b.acceleratorName(s.plan.accelerator))
                        .arg(s.plan.startYear)
                        .arg(s.plan.startYear + s.plan.years - 1));
        b.summary(s);
        b.heading(Report::tr("Charts"));
        for (const auto &c : planCharts(s.plan, locale))
            b.doc.blocks.append(c);
        b.kpis(s.plan);
        b.why(s.plan);
        b.yearlyTables(s.plan);
        b.monteCarlo(s.plan);
        b.assumptions(s.scenario);
    }
    b.methodology();
    return b.doc;
}

} // namespace sovereign
