#include "computepool.h"

#include <QThread>
#include <QThreadPool>

#include <algorithm>

namespace sovereign {

namespace {
// Destroyed at exit like Qt's own global pool: its destructor waits for the
// tasks still running.
Q_GLOBAL_STATIC(QThreadPool, g_pool)
} // namespace

QThreadPool *computePool() {
    QThreadPool *pool = g_pool();
    if (pool->objectName().isEmpty()) { // first use
        pool->setObjectName(QStringLiteral("sovereign-compute"));
        pool->setMaxThreadCount(std::max(1, QThread::idealThreadCount()));
    }
    return pool;
}

} // namespace sovereign
