#include "uibench.h"

#include "mainwindow.h"
#include "uncertaintywidget.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <cstdio>

namespace sovereign {

int runUiBench(MainWindow &window, int draws) {
    UncertaintyWidget *mc = window.uncertainty();
    mc->setDraws(draws);
    QElapsedTimer clock, sinceTick;
    qint64 longestStallNs = 0;
    int ticks = 0;
    QTimer ticker;
    ticker.setInterval(1);
    QObject::connect(&ticker, &QTimer::timeout, [&] {
        longestStallNs = std::max(longestStallNs, sinceTick.nsecsElapsed());
        sinceTick.restart();
        ++ticks;
    });
    bool ok = false;
    QEventLoop loop;
    QObject::connect(mc, &UncertaintyWidget::finished, &loop, [&](bool result) {
        ok = result;
        loop.quit();
    });
    clock.start();
    sinceTick.start();
    ticker.start();
    mc->run();
    loop.exec();
    ticker.stop();
    std::printf("bench-ui: monte carlo %d draws on a worker thread: %.1f ms total, %d GUI ticks, "
                "longest GUI-thread stall %.2f ms (target < 50 ms)\n",
                draws, clock.nsecsElapsed() / 1e6, ticks, longestStallNs / 1e6);
    return ok ? 0 : 1;
}

} // namespace sovereign
