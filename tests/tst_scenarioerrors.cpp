// Bad scenarios are refused with file:line:column and what was expected.
// Each fixture in tests/data/bad/ is tests/data/minimal.yaml with one defect.
#include "testsupport.h"

#include <QTest>

using namespace sovereign;

class TstScenarioErrors : public QObject {
    Q_OBJECT
    Catalog m_catalog;

  private slots:
    void initTestCase() { m_catalog = test::builtInCatalog(); }

    void minimalScenarioLoads() {
        auto s = loadScenarioFile(SOVEREIGN_TEST_DATA "/minimal.yaml", m_catalog);
        QVERIFY2(s, s ? "" : s.error().toString().c_str());
        QCOMPARE(s->years, 3);
        // Catalog values fill what the scenario leaves out, with their origin.
        QVERIFY(s->param(P::PriceUsd).origin.starts_with("catalog:"));
        QVERIFY(s->param(P::PriceUsd).distribution.has_value());
        QVERIFY(std::isinf(s->value(P::GridCapMw, 0)));
    }

    void refused_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("message");
        QTest::newRow("syntax error: unclosed list")
            << "syntax_error.yaml" << 9 << 20 << "YAML syntax error";
        QTest::newRow("unknown key (typo)")
            << "unknown_key.yaml" << 11 << 1
            << "unknown key 'maintenence_rate' in the scenario; expected one of:";
        QTest::newRow("negative price") << "negative_price.yaml" << 8 << 14
                                        << "accelerator_overrides.price_usd: expected a number "
                                           "from 0 to 1e7 (its plausible range, "
                                           "docs/methodology.md), got -30000";
        QTest::newRow("per-year list of the wrong length")
            << "list_wrong_length.yaml" << 8 << 14
            << "utilization: expected a number or a list of 3 numbers (one per year), got a list "
               "of 2";
        QTest::newRow("unknown accelerator")
            << "unknown_accelerator.yaml" << 6 << 14
            << "unknown accelerator 'tpu-v9'; expected one of: a100, cpu_node, h100";
        QTest::newRow("unknown region")
            << "unknown_region.yaml" << 3 << 9
            << "unknown region 'XX'; expected an ISO 3166-1 alpha-2 code";
        QTest::newRow("missing required key")
            << "missing_required.yaml" << 1 << 1 << "missing required key 'staff_cost_usd'";
        QTest::newRow("unknown workload kind")
            << "bad_workload_kind.yaml" << 19 << 11
            << "workloads[0].kind: expected finetune, inference or training, got 'pretraining'";
        QTest::newRow("key of another workload kind")
            << "workload_wrong_key.yaml" << 22 << 5
            << "unknown key 'gpu_hours' in workloads[0] (inference)";
        QTest::newRow("discount rate given per year")
            << "discount_rate_list.yaml" << 7 << 16 << "discount_rate: expected a single number";
        QTest::newRow("uncertainty range excludes the value")
            << "uncertainty_outside.yaml" << 23 << 16
            << "uncertainty.utilization: expected low <= value <= high in year 2026";
        QTest::newRow("unknown KPI metric") << "unknown_kpi_metric.yaml" << 23 << 13
                                            << "kpis[0].metric: unknown metric 'happiness'";
        QTest::newRow("text where a number belongs")
            << "not_a_number.yaml" << 8 << 14
            << "utilization: expected a fraction between 0 and 1, got 'lots'";
        QTest::newRow("no schema version")
            << "no_schema_version.yaml" << 1 << 1 << "missing required key 'schema_version'";
        QTest::newRow("fraction above one")
            << "fraction_above_one.yaml" << 8 << 14
            << "utilization: expected a fraction between 0 and 1, got 1.4";
        // Values that once reached the solver and aborted it (CLP asserts, exit 134)
        // or overflowed to null: each number has a plausible range.
        QTest::newRow("price of 1e30 USD")
            << "price_absurd.yaml" << 8 << 14
            << "accelerator_overrides.price_usd: expected a number from 0 to 1e7";
        QTest::newRow("h100_equiv of 1e-32")
            << "h100_equiv_tiny.yaml" << 8 << 15
            << "accelerator_overrides.h100_equiv: expected a number from 1e-3 to 100";
        QTest::newRow("maintenance rate of 2.5e26")
            << "maintenance_absurd.yaml" << 10 << 19
            << "maintenance_rate: expected a number from 0 to 1 (its plausible range";
        QTest::newRow("carbon of 1e308 kg/kWh")
            << "carbon_absurd.yaml" << 9 << 20
            << "carbon_kg_per_kwh: expected a number from 0 to 2";
        QTest::newRow("3e100 GPU-hours")
            << "gpu_hours_absurd.yaml" << 24 << 16
            << "workloads[1].gpu_hours: expected a number from 0 to 1e11";
        QTest::newRow("workloads together beyond any fleet")
            << "demand_total_absurd.yaml" << 18 << 3
            << "workloads: together they ask for 1.2e+11 H100-hours in 2026; expected at most";
        QTest::newRow("a key given twice names both lines")
            << "duplicate_key.yaml" << 10 << 1
            << "the key 'idle_power_fraction' appears twice in this mapping (first at line 9)";
        QTest::newRow("empty file") << "empty.yaml" << 1 << 1
                                    << "the file holds no YAML document (it is empty or only "
                                       "comments)";
        QTest::newRow("only comments")
            << "comment_only.yaml" << 1 << 1 << "the file holds no YAML document";
        QTest::newRow("workload without a name")
            << "workload_without_name.yaml" << 22 << 5 << "workloads[1]: missing key 'name'";
    }

    void refused() {
        QFETCH(QString, file);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, message);
        const std::string path = SOVEREIGN_TEST_DATA "/bad/" + file.toStdString();
        auto s = loadScenarioFile(path, m_catalog);
        QVERIFY2(!s, "the bad scenario was accepted");
        const Error &e = s.error();
        QCOMPARE(QString::fromStdString(e.file), QString::fromStdString(path));
        QVERIFY2(QString::fromStdString(e.message).contains(message),
                 qPrintable("message was: " + QString::fromStdString(e.message)));
        QCOMPARE(e.line, line);
        QCOMPARE(e.column, column);
        // The formatted error leads with file:line:column, as compilers do.
        QVERIFY(e.toString().starts_with(path + ":" + std::to_string(line) + ":" +
                                         std::to_string(column) + ": "));
    }

    void missingFileIsNamed() {
        auto s = loadScenarioFile("/nonexistent/plan.yaml", m_catalog);
        QVERIFY(!s);
        QCOMPARE(s.error().toString(),
                 std::string("/nonexistent/plan.yaml: cannot open the scenario file"));
    }
};

QTEST_GUILESS_MAIN(TstScenarioErrors)
#include "tst_scenarioerrors.moc"
