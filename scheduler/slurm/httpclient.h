#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace sovereign {

/// One HTTP exchange, as the Slurm REST client needs it: over TCP, or over a
/// UNIX socket (slurmrestd's rest_auth/local, which Qt 6.4's network stack
/// cannot reach). libcurl does the work; its headers stay in httpclient.cpp.
struct HttpRequest {
    enum class Method { Get, Post, Delete };
    Method method = Method::Get;
    QString url;        ///< e.g. http://127.0.0.1:6820/slurm/v0.0.38/ping
    QString unixSocket; ///< when set, the request goes over this socket (the URL's host is ignored)
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    int timeoutMs = 5000; ///< for the whole exchange, connecting included
};

struct HttpAnswer {
    enum class Failure { None, ConnectionRefused, Timeout, Other };
    Failure failure = Failure::None; ///< a transport failure: no HTTP status then
    int status = 0;                  ///< the HTTP status when there was an answer
    QByteArray body;
    QString transportError; ///< libcurl's words when failure != None
};

/// Synchronous and thread-safe (one handle per call); never uses a proxy,
/// whatever the environment says, since every server we talk to is ours.
HttpAnswer httpExchange(const HttpRequest &request);

} // namespace sovereign
