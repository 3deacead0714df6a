// The shipped catalogs: the required accelerators and regions, every figure
// with a full source, ranges ordered; a broken catalog is refused with a line.
#include "testsupport.h"

#include <QTest>

#include <set>

using namespace sovereign;

class TstCatalog : public QObject {
    Q_OBJECT
    Catalog m_catalog;

  private slots:
    void initTestCase() { m_catalog = test::builtInCatalog(); }

    void requiredAccelerators_data() {
        QTest::addColumn<QString>("id");
        for (const char *id : {"h100", "h200", "a100", "l40s", "mi300x", "rtx4090", "cpu_node"})
            QTest::newRow(id) << id;
    }
    void requiredAccelerators() {
        QFETCH(QString, id);
        const CatalogEntry *a = m_catalog.accelerator(id.toStdString());
        QVERIFY(a);
        QVERIFY(a->figure("h100_equiv")->typical > 0);
        QVERIFY(a->figure("tdp_w")->typical > 0);
    }

    void h100IsTheReference() {
        QCOMPARE(m_catalog.accelerator("h100")->figure("h100_equiv")->typical, 1.0);
    }

    void regionsSpanTheWorld() {
        QVERIFY(m_catalog.regions().size() >= 10);
        for (const char *id : {"KE", "IN", "BR", "US"})
            QVERIFY2(m_catalog.region(id), id);
        std::set<std::string> continents;
        for (const auto &[id, r] : m_catalog.regions()) {
            QCOMPARE(id.size(), std::size_t(2)); // ISO 3166-1 alpha-2
            continents.insert(r.labels.at("continent"));
        }
        for (const char *c : {"Africa", "Asia", "Latin America", "Europe", "North America"})
            QVERIFY2(continents.count(c), c);
    }

    void everyFigureIsSourced() {
        auto check = [&](const Figure &f, const std::string &where) {
            std::vector<std::string> ids = {f.source};
            if (f.isRange()) {
                ids.push_back(f.lowSource);
                ids.push_back(f.highSource);
                QVERIFY2(*f.low <= f.typical && f.typical <= *f.high, where.c_str());
            }
            for (const auto &id : ids) {
                const Source *s = m_catalog.source(id);
                QVERIFY2(s, (where + ": " + id).c_str());
                QVERIFY(!s->publisher.empty() && !s->title.empty() && s->year > 1990);
                QVERIFY2(s->url.starts_with("http"), (where + ": " + s->url).c_str());
            }
        };
        for (const auto &[id, e] : m_catalog.accelerators())
            for (const auto &[k, f] : e.figures)
                check(f, id + "." + k);
        for (const auto &[id, e] : m_catalog.regions())
            for (const auto &[k, f] : e.figures)
                check(f, id + "." + k);
        for (const auto &[k, f] : m_catalog.defaults())
            check(f, "defaults." + k);
    }

    void undefinedSourceIsRefused() {
        const std::string acc = R"(schema_version: 1
sources:
  s1: {publisher: P, title: T, year: 2024, url: https://example.org}
accelerators:
  x:
    name: X
    kind: gpu
    vendor: V
    price_usd: {value: 1, source: s1}
    tdp_w: {value: 1, source: s1}
    memory_gb: {value: 1, source: s1}
    bf16_tflops: {value: 1, source: s1}
    int8_tops: {value: 1, source: s1}
    h100_equiv: {value: 1, source: s2}
    cloud_usd_per_gpu_hour: {value: 1, source: s1}
)";
        auto c = Catalog::fromText(acc, "", "");
        QVERIFY(!c);
        QCOMPARE(c.error().file, std::string("accelerators.yaml"));
        QCOMPARE(c.error().line, 14);
        QVERIFY(c.error().message.find("'s2' is not defined under sources") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TstCatalog)
#include "tst_catalog.moc"
