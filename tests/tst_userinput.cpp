// Numbers people type into the desktop app.
#include "userinput.h"

#include <QTest>

using namespace sovereign;

class TstUserInput : public QObject {
    Q_OBJECT
  private slots:
    void parse_data() {
        QTest::addColumn<QString>("locale");
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("accepted");
        QTest::addColumn<double>("value");
        QTest::newRow("English decimal") << "en"
                                         << "0.5" << true << 0.5;
        QTest::newRow("French decimal comma") << "fr"
                                              << "0,5" << true << 0.5;
        QTest::newRow("dot accepted in French too") << "fr"
                                                    << "1.25" << true << 1.25;
        QTest::newRow("surrounding spaces") << "en"
                                            << "  42 " << true << 42.0;
        QTest::newRow("empty is not zero") << "en"
                                           << "" << false << 0.0;
        QTest::newRow("text refused") << "pt"
                                      << "muito" << false << 0.0;
        QTest::newRow("infinity refused") << "en"
                                          << "inf" << false << 0.0;
        QTest::newRow("not-a-number refused") << "fr"
                                              << "nan" << false << 0.0;
    }
    void parse() {
        QFETCH(QString, locale);
        QFETCH(QString, text);
        QFETCH(bool, accepted);
        QFETCH(double, value);
        QLocale::setDefault(QLocale(locale));
        const auto v = parseUserNumber(text);
        QCOMPARE(v.has_value(), accepted);
        if (accepted)
            QCOMPARE(*v, value);
        QLocale::setDefault(QLocale::c());
    }
};

QTEST_GUILESS_MAIN(TstUserInput)
#include "tst_userinput.moc"
