// The recommendation's reasons (planner Decision) and the executive summary
// that words them: what to buy, the cash, why cheaper options lose, how
// robust the choice is, KPIs off track, each binding constraint once.
#include "testsupport.h"

#include "planner/planner.h"
#include "planner/tolerances.h"
#include "reports/reportbuilder.h"

#include <QTest>

#include <cmath>

using namespace sovereign;

namespace {

PlanResult planOf(const Scenario &s, int draws = 0) {
    auto plan = planScenario(s, {draws, 1});
    if (!plan)
        qFatal("%s", plan.error().toString().c_str());
    return *plan;
}

/// The scenario at `path` with each "old=>new" edit applied to its text.
Scenario load(const QString &path, const QStringList &edits = {}) {
    QString text = test::readText(path);
    for (const QString &e : edits) {
        const QStringList parts = e.split("=>");
        if (!text.contains(parts[0]))
            qFatal("no '%s' in %s", qPrintable(parts[0]), qPrintable(path));
        text.replace(parts[0], parts[1]);
    }
    return test::scenarioFromText(text, path, test::builtInCatalog());
}

/// The blocks between the executive summary's heading and the next level-1 heading.
QList<ReportBlock> summaryBlocks(const ReportDocument &doc) {
    QList<ReportBlock> out;
    bool inside = false;
    for (const auto &b : doc.blocks) {
        if (const auto *h = std::get_if<ReportHeading>(&b); h && h->level == 1) {
            if (inside)
                break;
            inside = h->text == "Executive summary";
            continue;
        }
        if (inside)
            out.append(b);
    }
    return out;
}

QStringList paragraphs(const QList<ReportBlock> &blocks) {
    QStringList out;
    for (const auto &b : blocks)
        if (const auto *p = std::get_if<ReportParagraph>(&b))
            out.append(p->text);
    return out;
}

const ReportTable *tableStarting(const QList<ReportBlock> &blocks, const QString &caption) {
    for (const auto &b : blocks)
        if (const auto *t = std::get_if<ReportTable>(&b); t && t->caption.startsWith(caption))
            return t;
    return nullptr;
}

double cell(const QString &text) {
    return QLocale::c().toDouble(QString(text).remove(','));
}

const QString kHand = SOVEREIGN_TEST_DATA "/hand.yaml";
const QString kDemo = SOVEREIGN_SOURCE_DIR "/resources/scenarios/demo.yaml";

} // namespace

class TstSummary : public QObject {
    Q_OBJECT

  private slots:
    void handDecision() {
        // tst_handcomputed works these figures out: own is cheaper but
        // infeasible (the 0.0036 MW cap leaves 8,760 H100-hours unmet in 2027),
        // hybrid 76,276.33, optimal 68,663.93 with the grid binding in 2027 at
        // 7,612.40 USD; robust buys what optimal buys (no ranges), so it is
        // no runner-up.
        const PlanResult p = planOf(load(kHand));
        QCOMPARE(p.recommended, std::string("optimal"));
        const Decision &d = p.decision;
        QVERIFY(d.targetReached);
        QCOMPARE(d.cheaperRejected.size(), std::size_t(1));
        QCOMPARE(d.cheaperRejected[0].strategy, std::string("own"));
        QVERIFY(d.cheaperRejected[0].infeasible);
        QVERIFY(std::abs(d.cheaperRejected[0].cheaperByUsd -
                         (p.strategy("optimal")->npvUsd - p.strategy("own")->npvUsd)) < 1e-9);
        const Shortfall &why = p.strategy("own")->shortfalls.at(0);
        QCOMPARE(why.kind, Shortfall::Kind::UnmetDemand);
        QCOMPARE(why.year, 2027);
        QVERIFY(std::abs(why.amount - 8760) < 1e-6);
        QCOMPARE(d.runnerUp, std::string("hybrid"));
        QVERIFY(std::abs(d.runnerUpGapUsd - (76276.33454545453 - 68663.93244177311)) < 1e-3);
        QCOMPARE(d.binding.size(), std::size_t(1));
        QCOMPARE(d.binding[0].constraint, std::string("grid"));
        QCOMPARE(d.binding[0].years, std::vector<int>{2027});
        QCOMPARE(d.binding[0].optimalYears, std::vector<int>{2027});
        QVERIFY(d.binding[0].optimalNpvSavingUsd);
        QVERIFY(std::abs(*d.binding[0].optimalNpvSavingUsd - 7612.402103681441) < 0.1);
        QVERIFY2(QString::fromStdString(p.recommendation)
                     .contains("own is 24.7 k USD cheaper but infeasible; 7.6 k USD below hybrid"),
                 p.recommendation.c_str());
    }

    /// Holds whatever the scenario: every cheaper strategy is listed once,
    /// with the planner's own verdict, and nothing dearer is.
    void decisionInvariants_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QStringList>("edits");
        QTest::newRow("hand") << kHand << QStringList{};
        QTest::newRow("hand, cheap sovereign cloud")
            << kHand
            << QStringList{"usd_per_gpu_hour: 3.0=>usd_per_gpu_hour: 0.5",
                           "sovereign: false=>sovereign: true"};
        QTest::newRow("hand, tight budget")
            << kHand
            << QStringList{"discount_rate: 0.1=>discount_rate: 0.1\ncapex_budget_usd: 15000"};
        QTest::newRow("demo (robust, ranges)") << kDemo << QStringList{};
    }

    void decisionInvariants() {
        QFETCH(QString, path);
        QFETCH(QStringList, edits);
        const PlanResult p = planOf(load(path, edits));
        const StrategyResult *best = p.strategy(p.recommended);
        QVERIFY(best && best->feasible);
        int cheaper = 0;
        for (const auto &st : p.strategies)
            cheaper += st.npvUsd < best->npvUsd ? 1 : 0;
        QCOMPARE(static_cast<int>(p.decision.cheaperRejected.size()), cheaper);
        double previous = INFINITY;
        for (const auto &r : p.decision.cheaperRejected) {
            const StrategyResult *st = p.strategy(r.strategy);
            QCOMPARE(r.infeasible, !st->feasible);
            if (!r.infeasible) // a feasible cheaper strategy loses on robustness alone
                QVERIFY(st->futuresHeldShare < p.robustTargetShare);
            else
                QVERIFY(!st->shortfalls.empty());
            QVERIFY(r.cheaperByUsd <= previous); // cheapest first
            previous = r.cheaperByUsd;
        }
        if (!p.decision.runnerUp.empty())
            QVERIFY(p.decision.runnerUpGapUsd >= kSamePlanUsd);
        for (const auto &b : p.decision.binding) {
            QVERIFY(std::is_sorted(b.years.begin(), b.years.end()));
            QVERIFY(!b.years.empty() || b.optimalNpvSavingUsd);
        }
    }

    void demoRejectsOnRobustness() {
        // The case: optimal is cheaper but holds in about half the
        // futures; the summary says so with the share and the target.
        const PlanResult p = planOf(load(kDemo));
        QCOMPARE(p.recommended, std::string("robust"));
        const auto it =
            std::find_if(p.decision.cheaperRejected.begin(), p.decision.cheaperRejected.end(),
                         [](const auto &r) { return r.strategy == "optimal"; });
        QVERIFY(it != p.decision.cheaperRejected.end());
        QVERIFY(!it->infeasible);
        const QString text = rejectionText(p, *it, QLocale::c());
        QVERIFY2(text.startsWith("Optimal is ") &&
                     text.contains(QString("holds in only %1 of the 200 sampled futures, below "
                                           "the 95\u00a0% target")
                                       .arg(percentText(it->heldShare, QLocale::c()))),
                 qPrintable(text));
        // Sovereignty binds the optimal plan, not the robust one: listed once.
        QCOMPARE(p.decision.binding.size(), std::size_t(1));
        QCOMPARE(p.decision.binding[0].constraint, std::string("sovereignty"));
        QVERIFY(p.decision.binding[0].years.empty());
        QCOMPARE(p.decision.binding[0].optimalYears.size(), std::size_t(5));
    }

    void summaryWordsTheDecision() {
        const Scenario s = load(kDemo);
        const PlanResult p = planOf(s, 300);
        const ReportDocument doc = buildReport({{s, p}}, test::builtInCatalog(), QLocale::c());
        const QList<ReportBlock> blocks = summaryBlocks(doc);
        const StrategyResult *best = p.strategy(p.recommended);

        // What to buy and the cash: a row per year and a total that adds up.
        const ReportTable *buy = tableStarting(blocks, "What to buy");
        QVERIFY(buy);
        QCOMPARE(buy->rows.size(), qsizetype(best->years.size() + 1));
        double bought = 0, cash = 0;
        for (std::size_t y = 0; y < best->years.size(); ++y) {
            QCOMPARE(cell(buy->rows[y][2]), std::round(best->years[y].newGpus));
            QVERIFY(std::abs(cell(buy->rows[y][6]) - best->years[y].totalCostUsd / 1e6) < 0.006);
            bought += best->years[y].newGpus;
            cash += best->years[y].totalCostUsd;
        }
        QCOMPARE(buy->rows.last()[0], QString("Total"));
        QCOMPARE(cell(buy->rows.last()[2]), std::round(bought));
        QVERIFY(std::abs(cell(buy->rows.last()[6]) - cash / 1e6) < 0.006);

        // Each cheaper option has its sentence; an infeasible one says why.
        const QStringList text = paragraphs(blocks);
        for (const auto &r : p.decision.cheaperRejected) {
            const QString who = strategyLabel(r.strategy);
            const auto line = std::find_if(text.begin(), text.end(), [&](const QString &t) {
                return t.startsWith(who + " is ");
            });
            QVERIFY2(line != text.end(), qPrintable(who));
            if (r.infeasible) {
                const Shortfall &first = p.strategy(r.strategy)->shortfalls.front();
                QVERIFY2(line->contains(QString::number(first.year) + ": " +
                                        shortfallText(first, QLocale::c())),
                         qPrintable(*line));
            }
        }
        // Robustness, with the Monte Carlo's percentiles of the choice.
        QVERIFY(std::any_of(text.begin(), text.end(), [&](const QString &t) {
            return t.startsWith("Its purchases hold") && t.contains("of 200 sampled futures");
        }));
        QVERIFY(std::any_of(text.begin(), text.end(), [](const QString &t) {
            return t.startsWith("Across 300 Monte Carlo draws its NPV is ");
        }));
        // Every KPI off track is named with its years, and only those.
        for (const auto &k : p.kpis) {
            std::vector<int> off;
            for (const auto &y : k.years)
                if (y.status == KpiStatus::OffTrack)
                    off.push_back(y.year);
            const QString start = QString::fromStdString(k.name) + " (";
            const auto line = std::find_if(text.begin(), text.end(),
                                           [&](const QString &t) { return t.startsWith(start); });
            if (off.empty()) {
                QVERIFY(line == text.end() || !line->contains("off track"));
                continue;
            }
            QVERIFY2(line != text.end(), qPrintable(start));
            QVERIFY2(line->contains("off track in " + yearsText(off)), qPrintable(*line));
        }
        // Each constraint once, however many years it binds.
        const ReportTable *costs = tableStarting(blocks, "Each constraint once");
        QVERIFY(costs);
        QCOMPARE(costs->rows.size(), qsizetype(p.decision.binding.size()));
        QCOMPARE(costs->rows[0][0], QString("sovereignty"));
        QCOMPARE(costs->rows[0][2], QString("2026\u20132030"));
        QCOMPARE(costs->rows[0][3],
                 moneyText(*p.decision.binding[0].optimalNpvSavingUsd, QLocale::c()));
    }

    void yearsRunTogether_data() {
        QTest::addColumn<QList<int>>("years");
        QTest::addColumn<QString>("text");
        QTest::newRow("none") << QList<int>{} << "";
        QTest::newRow("one") << QList<int>{2027} << "2027";
        QTest::newRow("a run") << QList<int>{2026, 2027, 2028} << "2026\u20132028";
        QTest::newRow("runs and gaps")
            << QList<int>{2026, 2028, 2029, 2031} << "2026, 2028\u20132029, 2031";
    }

    void yearsRunTogether() {
        QFETCH(QList<int>, years);
        QFETCH(QString, text);
        QCOMPARE(yearsText(std::vector<int>(years.begin(), years.end())), text);
    }
};

QTEST_GUILESS_MAIN(TstSummary)
#include "tst_summary.moc"
