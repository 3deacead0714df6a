#include "reports/reportbuilder.h"

#include "planner/base/displaynumber.h"

#include "reports/markdownblocks.h"
#include "reports/readablenumber.h"
#include "reports/reporttext.h"

#include <QFile>

#include <algorithm>
#include <cmath>

namespace sovereign {

namespace {

class Builder {
  public:
    Builder(const Catalog &catalog, const QLocale &locale) : catalog(catalog), locale(locale) {}

    QString num(double v, int decimals = 0) const {
        return std::isfinite(v) ? locale.toString(displayValue(v, decimals), 'f', decimals)
                                : Report::tr("none");
    }
    QString musd(double v) const { return num(v / 1e6, 2); }
    QString pct(double v) const { return percentText(v, locale); }

    void heading(const QString &t, int level = 1) { doc.blocks.append(ReportHeading{t, level}); }
    void paragraph(const QString &t) { doc.blocks.append(ReportParagraph{t}); }

    /// What to do and why: the choice, what it buys and when, the cash it
    /// needs, why each cheaper option loses, how robust it is, which KPIs are
    /// off track and what each binding constraint costs (once each).
    void summary(const ReportSubject &s) {
        const PlanResult &plan = s.plan;
        heading(Report::tr("Executive summary"));
        paragraph(recommendationText(plan, locale));
        const StrategyResult *best =
            plan.recommended.empty() ? nullptr : plan.strategy(plan.recommended);
        if (best) {
            purchaseSchedule(*best);
            rejections(plan);
            robustness(plan, *best);
        }
        kpiSummary(plan);
        if (best)
            constraintCosts(plan);
        npvTable(plan);
    }

    void purchaseSchedule(const StrategyResult &best) {
        ReportTable t;
        t.caption = Report::tr("What to buy and the cash it needs, year by year (%1)")
                        .arg(strategyLabel(best.name));
        t.headers = {Report::tr("Year"),
                     Report::tr("Phase"),
                     Report::tr("GPUs bought"),
                     Report::tr("GPUs owned"),
                     Report::tr("Capex (M USD)"),
                     Report::tr("Running costs (M USD)"),
                     Report::tr("Cash needed (M USD)")};
        double bought = 0, capex = 0, running = 0;
        for (const auto &y : best.years) {
            t.rows.append({QString::number(y.year), phaseLabel(y.phase), num(y.newGpus),
                           num(y.ownedGpus), musd(y.capexUsd), musd(y.totalCostUsd - y.capexUsd),
                           musd(y.totalCostUsd)});
            t.rowStatus.append(QString());
            bought += y.newGpus;
            capex += y.capexUsd;
            running += y.totalCostUsd - y.capexUsd;
        }
        t.rows.append({Report::tr("Total"), QString(), num(bought), QString(), musd(capex),
                       musd(running), musd(capex + running)});
        t.rowStatus.append(QString());
        doc.blocks.append(t);
    }

    void rejections(const PlanResult &plan) {
        heading(Report::tr("Why not a cheaper option"), 2);
        const Decision &d = plan.decision;
        if (d.cheaperRejected.empty())
            paragraph(
                Report::tr("No strategy costs less than %1.").arg(strategyLabel(plan.recommended)));
        for (const auto &r : d.cheaperRejected)
            paragraph(rejectionText(plan, r, locale));
        if (!d.runnerUp.empty())
            paragraph(Report::tr("The next feasible option, %1, costs %2 more.")
                          .arg(strategyLabel(d.runnerUp), moneyText(d.runnerUpGapUsd, locale)));
    }

    void robustness(const PlanResult &plan, const StrategyResult &best) {
        heading(Report::tr("How robust the choice is"), 2);
        if (plan.robustFutures == 0) {
            paragraph(Report::tr("No input carries a range, so the plan is judged at the "
                                 "scenario's own figures only. Give uncertain inputs a range "
                                 "to test it against sampled futures."));
        } else {
            paragraph(Report::tr("Its purchases hold (all demand served, no sensitive hour "
                                 "abroad, under the grid cap) in %1 of %2 sampled futures; the "
                                 "target is %3.")
                          .arg(pct(best.futuresHeldShare))
                          .arg(plan.robustFutures)
                          .arg(pct(plan.robustTargetShare)));
        }
        if (!plan.monteCarlo)
            return;
        for (const auto &u : plan.monteCarlo->strategies)
            if (u.name == best.name)
                paragraph(Report::tr("Across %1 Monte Carlo draws its NPV is %2 (P10), %3 (P50) "
                                     "and %4 (P90); the plan is feasible in %5 of the draws.")
                              .arg(locale.toString(plan.monteCarlo->draws),
                                   moneyText(u.npv.p10, locale), moneyText(u.npv.p50, locale),
                                   moneyText(u.npv.p90, locale), pct(u.feasibleShare)));
    }

    void kpiSummary(const PlanResult &plan) {
        heading(Report::tr("KPIs off track"), 2);
        if (plan.kpis.empty()) {
            paragraph(Report::tr("The scenario sets no KPI targets."));
            return;
        }
        bool any = false;
        for (const auto &k : plan.kpis) {
            std::vector<int> off, risk;
            for (const auto &y : k.years) {
                if (y.status == KpiStatus::OffTrack)
                    off.push_back(y.year);
                else if (y.status == KpiStatus::AtRisk)
                    risk.push_back(y.year);
            }
            if (off.empty() && risk.empty())
                continue;
            any = true;
            QString text =
                QString::fromStdString(k.name) + " (" + strategyLabel(k.strategy) + "): ";
            QStringList parts;
            if (!off.empty())
                parts.append(Report::tr("off track in %1").arg(yearsText(off)));
            if (!risk.empty())
                parts.append(Report::tr("at risk in %1").arg(yearsText(risk)));
            paragraph(text + parts.join(QStringLiteral("; ")) + ".");
        }
        if (!any)
            paragraph(Report::tr("Every KPI with a target is on track."));
    }

    void constraintCosts(const PlanResult &plan) {
        heading(Report::tr("What the binding constraints cost"), 2);
        const Decision &d = plan.decision;
        if (d.binding.empty()) {
            paragraph(Report::tr("No constraint binds: demand alone sizes the plans."));
            return;
        }
        // What a constraint costs is measured by re-solving the optimal plan
        // without it; the recommended plan's own years are shown beside it.
        const bool bestIsOptimal = plan.recommended == kStrategyNames[3];
        ReportTable t;
        t.caption = Report::tr("Each constraint once: where it binds and what lifting it saves");
        t.headers = {Report::tr("Constraint"),
                     Report::tr("Binds the %1 plan in").arg(strategyLabel(plan.recommended))};
        if (!bestIsOptimal)
            t.headers.append(Report::tr("Binds the optimal plan in"));
        t.headers.append(Report::tr("Lifting it lowers the optimal NPV by"));
        for (const auto &b : d.binding) {
            QStringList row = {constraintLabel(b.constraint),
                               b.years.empty() ? Report::tr("no year") : yearsText(b.years)};
            if (!bestIsOptimal)
                row.append(b.optimalNpvSavingUsd ? yearsText(b.optimalYears)
                                                 : Report::tr("no year"));
            row.append(b.optimalNpvSavingUsd ? moneyText(*b.optimalNpvSavingUsd, locale)
                                             : Report::tr("nothing: it does not bind the "
                                                          "optimal plan"));
            t.rows.append(row);
            t.rowStatus.append(QString());
        }
        doc.blocks.append(t);
    }

    void npvTable(const PlanResult &plan) {
        ReportTable t;
        t.caption = Report::tr("Net present value by strategy");
        t.headers = {Report::tr("Strategy"),         Report::tr("NPV (M USD)"),
                     Report::tr("Salvage (M USD)"),  Report::tr("Feasible"),
                     Report::tr("Holds in futures"), Report::tr("Most GPUs owned"),
                     Report::tr("Cloud GPU-hours"),  Report::tr("CO2 (t)")};
        for (const auto &st : plan.strategies) {
            double gpus = 0, cloud = 0, co2 = 0;
            for (const auto &y : st.years) {
                gpus = std::max(gpus, y.ownedGpus);
                cloud += y.cloudGpuHours;
                co2 += y.co2T;
            }
            t.rows.append({strategyLabel(st.name), musd(st.npvUsd), musd(st.salvageUsd),
                           st.feasible ? Report::tr("yes") : Report::tr("no"),
                           plan.robustFutures > 0 ? pct(st.futuresHeldShare) : Report::tr("n/a"),
                           num(gpus), num(cloud), num(co2)});
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
                t.rows.append({QString::number(y.year), phaseLabel(y.phase), num(y.demandH100Hours),
                               num(y.ownedGpus), num(y.onpremH100Hours), num(y.cloudGpuHours),
                               num(y.unmetH100Hours), musd(y.capexUsd),
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
        const auto row = [&](const StrategyResult &st, const QString &years, const QString &what,
                             const QString &detail) {
            t.rows.append({strategyLabel(st.name), years, what, detail});
            t.rowStatus.append(QString());
        };
        for (const auto &st : plan.strategies) {
            for (const auto &b : st.binding)
                row(st, QString::number(b.year), constraintLabel(b.constraint),
                    bindingText(b, locale));
            // A constraint's cost is one figure for the whole plan: one row.
            for (const auto &c : st.constraintCosts)
                row(st, yearsText(c.years), constraintLabel(c.constraint),
                    constraintCostText(c, locale));
            // The planner's verdicts; sensitive work abroad is a sovereignty row above.
            for (const auto &f : st.shortfalls)
                if (f.kind != Shortfall::Kind::SensitiveAbroad)
                    row(st, QString::number(f.year), Report::tr("infeasible"),
                        shortfallText(f, locale));
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
                t.rows.append({QString::number(y.year), phaseLabel(y.phase),
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
                tor.rows.append({inputLabel(b.key), readableNumber(b.lowInput, locale),
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
        t.rows.append({inputLabel("region"), regionName(s.region), Report::tr("scenario")});
        t.rows.append(
            {inputLabel("accelerator"), acceleratorName(s.accelerator), Report::tr("scenario")});
        t.rows.append({inputLabel("gpus_per_node"), QString::number(s.gpusPerNode), QString()});
        t.rows.append({inputLabel("lifetime_years"), QString::number(s.lifetimeYears), QString()});
        t.rows.append({inputLabel("cloud.sovereign"),
                       s.cloudSovereign ? Report::tr("yes") : Report::tr("no"),
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
            t.rows.append({inputLabel(p.key), values.join(" / "), origin});
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
        paragraph(Report::tr(
            "'Robust' buys one schedule chosen against a few hundred sampled futures at once (a "
            "sample-average MILP), minimising expected NPV while demand and sovereignty hold in "
            "the target share of them. Every strategy is then tested on the same futures; the "
            "recommendation is the cheapest feasible strategy that holds in the target share "
            "(or, when none does, the one that holds in the most)."));
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
        t.headers = {Report::tr("Scenario"), Report::tr("Recommended")};
        for (const char *name : kStrategyNames)
            t.headers.append(strategyLabel(name));
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
