// Editing a scenario's YAML one key at a time (what the desktop editor does).
#include "testsupport.h"

#include "planner/scenarioedit.h"

#include <QTest>

using namespace sovereign;

class TstScenarioEdit : public QObject {
    Q_OBJECT
    Catalog m_catalog;
    std::string m_minimal;

    Scenario parse(const std::string &yaml) {
        return test::scenarioFromText(QString::fromStdString(yaml), "edited.yaml", m_catalog);
    }

  private slots:
    void initTestCase() {
        m_catalog = test::builtInCatalog();
        m_minimal = test::readText(SOVEREIGN_TEST_DATA "/minimal.yaml").toStdString();
    }

    void setsAndRemoves_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("param");
        QTest::addColumn<QList<double>>("values");
        QTest::newRow("scalar at the top") << "utilization"
                                           << "utilization" << QList<double>{0.8};
        QTest::newRow("per-year list") << "utilization"
                                       << "utilization" << QList<double>{0.5, 0.6, 0.7};
        QTest::newRow("nested, new section")
            << "accelerator_overrides.price_usd"
            << "accelerator_overrides.price_usd" << QList<double>{25000};
        QTest::newRow("nested, existing section") << "cloud.usd_per_gpu_hour"
                                                  << "cloud.usd_per_gpu_hour" << QList<double>{1.5};
        QTest::newRow("workload field")
            << "workloads.chat.tokens_per_month"
            << "workloads.chat.tokens_per_month" << QList<double>{1e8, 2e8, 4e8};
    }
    void setsAndRemoves() {
        QFETCH(QString, key);
        QFETCH(QString, param);
        QFETCH(QList<double>, values);
        const std::vector<double> v(values.begin(), values.end());
        auto edited = values.size() == 1 ? setScenarioValue(m_minimal, key.toStdString(), v[0])
                                         : setScenarioValue(m_minimal, key.toStdString(), v);
        QVERIFY2(edited, edited ? "" : edited.error().toString().c_str());
        const Scenario s = parse(*edited);
        const Param &p = s.params[s.indexOf(param.toStdString())];
        QCOMPARE(p.origin, std::string("scenario"));
        for (int y = 0; y < s.years; ++y)
            QCOMPARE(p.values[y], v[values.size() == 1 ? 0 : y]);
        // Everything else is as it was.
        const Scenario before = parse(m_minimal);
        QCOMPARE(s.workloads.size(), before.workloads.size());
        QCOMPARE(s.param(P::StaffCostUsd).values, before.param(P::StaffCostUsd).values);
    }

    void numbersAreWrittenShort() {
        auto edited = setScenarioValue(m_minimal, "utilization", 0.1);
        QVERIFY(edited);
        QVERIFY2(edited->find("utilization: 0.1\n") != std::string::npos, edited->c_str());
    }

    void equalListCollapsesToScalar() {
        auto edited = setScenarioValue(m_minimal, "pue", std::vector<double>{1.4, 1.4, 1.4});
        QVERIFY(edited);
        QVERIFY(edited->find("pue: 1.4\n") != std::string::npos);
    }

    void removingFallsBackToTheCatalog() {
        auto set = setScenarioValue(m_minimal, "pue", 1.9);
        QVERIFY(set);
        auto removed = setScenarioValue(*set, "pue", std::monostate{});
        QVERIFY(removed);
        QVERIFY(parse(*removed).param(P::Pue).origin.starts_with("catalog:"));
    }

    void kpiTargetWithGaps() {
        const std::string withKpi = m_minimal + "kpis:\n  - metric: owned_gpus\n    target: 8\n";
        auto edited = setScenarioValue(withKpi, "kpis[0].target",
                                       std::vector<std::optional<double>>{8, std::nullopt, 64});
        QVERIFY(edited);
        const Scenario s = parse(*edited);
        QCOMPARE(s.kpis.size(), std::size_t(1));
        QVERIFY(!s.kpis[0].targets[1]);
        QCOMPARE(*s.kpis[0].targets[2], 64.0);
        QCOMPARE(s.kpis[0].metric, std::string("owned_gpus")); // the rest of the KPI kept
    }

    void uncertaintyRanges() {
        RangeValue tri;
        tri.low = {0.4};
        tri.high = {0.8};
        auto edited = setScenarioValue(m_minimal, "uncertainty.utilization", tri);
        QVERIFY(edited);
        RangeValue normal;
        normal.normal = true;
        normal.sd = {0.2, 0.3, 0.4};
        edited =
            setScenarioValue(*edited, "uncertainty.cloud.egress_tb_per_1000_gpu_hours", normal);
        QVERIFY(edited);
        const Scenario s = parse(*edited);
        const auto &u = s.param(P::Utilization).distribution;
        QVERIFY(u && u->kind == Distribution::Kind::Triangular);
        QCOMPARE(u->low[2], 0.4);
        QCOMPARE(u->high[0], 0.8);
        const auto &e = s.param(P::CloudEgressTbPer1000GpuHours).distribution;
        QVERIFY(e && e->kind == Distribution::Kind::Normal);
        QCOMPARE(e->sd[2], 0.4);
        // Removing the range leaves the value fixed again.
        auto cleared = setScenarioValue(*edited, "uncertainty.utilization", std::monostate{});
        QVERIFY(cleared);
        QVERIFY(!parse(*cleared).param(P::Utilization).distribution);
    }

    void unknownTargetsAreRefused() {
        QVERIFY(!setScenarioValue(m_minimal, "workloads.nope.gpu_hours", 1.0));
        QVERIFY(!setScenarioValue(m_minimal, "kpis[3].target", 1.0));
        QVERIFY(!setScenarioValue("a: [1, 2", "a", 1.0));
    }
};

QTEST_GUILESS_MAIN(TstScenarioEdit)
#include "tst_scenarioedit.moc"
