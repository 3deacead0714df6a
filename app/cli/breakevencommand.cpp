#include "breakevencommand.h"

#include "clicommon.h"

#include "planner/breakeven.h"
#include "planner/scenarioloader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace sovereign::cli {

int runBreakeven(const QStringList &args) {
    QCommandLineParser parser;
    parser.setApplicationDescription("Own vs lease NPV as utilization or the cloud price varies.");
    parser.addHelpOption();
    parser.addPositionalArgument("scenario", "Scenario YAML file.");
    parser.addOption(
        {"sweep", "utilization (0.1-1.0, default) or cloud-price (0.5-10 USD/GPU-h).", "INPUT"});
    parser.addOption({"points", "Number of points (default 41).", "N"});
    parser.addOption({"json", "Print JSON instead of a table."});
    if (auto stop = parseCommand(parser, args))
        return *stop;
    const QStringList pos = parser.positionalArguments();
    if (pos.size() != 1)
        return usageError("breakeven: expected one scenario file");
    const QString sweep = parser.isSet("sweep") ? parser.value("sweep") : QString("utilization");
    if (sweep != "utilization" && sweep != "cloud-price")
        return usageError("breakeven: --sweep expects utilization or cloud-price, got '" + sweep +
                          "'");
    bool ok = true;
    const int points = parser.isSet("points") ? parser.value("points").toInt(&ok) : 41;
    if (!ok || points < 2 || points > 10000)
        return usageError("breakeven: --points expects a whole number from 2 to 10000");
    auto scenario = loadScenarioFile(pos[0].toStdString(), catalog());
    if (!scenario)
        return reportError(scenario.error());
    const BreakevenCurve curve =
        breakeven(*scenario,
                  sweep == "utilization" ? BreakevenCurve::Input::Utilization
                                         : BreakevenCurve::Input::CloudPrice,
                  points);
    if (parser.isSet("json")) {
        QJsonArray rows;
        for (std::size_t i = 0; i < curve.x.size(); ++i)
            rows.append(QJsonObject{{"x", curve.x[i]},
                                    {"own_npv_usd", curve.ownNpvUsd[i]},
                                    {"lease_npv_usd", curve.leaseNpvUsd[i]}});
        const QJsonObject root{
            {"sweep", sweep},
            {"points", rows},
            {"crossing", curve.crossing ? QJsonValue(*curve.crossing) : QJsonValue()}};
        std::fputs(QJsonDocument(root).toJson().constData(), stdout);
        return Ok;
    }
    std::printf("%14s %16s %16s\n", sweep.toUtf8().constData(), "own NPV M USD", "lease NPV M USD");
    for (std::size_t i = 0; i < curve.x.size(); ++i)
        std::printf("%14.3f %16.3f %16.3f\n", curve.x[i], curve.ownNpvUsd[i] / 1e6,
                    curve.leaseNpvUsd[i] / 1e6);
    if (curve.crossing)
        std::printf("owning breaks even with leasing at %s = %.3f\n", sweep.toUtf8().constData(),
                    *curve.crossing);
    else
        std::printf("own and lease do not cross in this range\n");
    return Ok;
}

} // namespace sovereign::cli
