#pragma once

#include "planner/error.h"

#include <QByteArray>
#include <QString>

namespace sovereign {

struct RestAnswer {
    bool ok = false;
    QString detail; ///< "HTTP 200", or why there was no answer
};

/// GET a slurmrestd URL with a JWT and a timeout: Debian's 22.05.8 slurmrestd
/// can stop accepting connections (fixed in 22.05.9), so a hang must become an answer.
RestAnswer restGet(const QString &url, const QByteArray &token, int timeoutMs);

/// GET a slurmrestd path over its UNIX socket (rest_auth/local: the caller's
/// uid is the identity); returns the HTTP status line or why there is none.
Result<QString> restSocketGet(const QString &socketPath, const QString &path, int timeoutMs);

} // namespace sovereign
