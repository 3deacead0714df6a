#include "agents/restprobe.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QLocalSocket>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace sovereign {

RestAnswer restGet(const QString &url, const QByteArray &token, int timeoutMs) {
    QNetworkAccessManager nam;
    QNetworkRequest request{QUrl(url)};
    request.setRawHeader("X-SLURM-USER-NAME", "root");
    request.setRawHeader("X-SLURM-USER-TOKEN", token);
    request.setTransferTimeout(timeoutMs);
    QNetworkReply *reply = nam.get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    RestAnswer a;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() == QNetworkReply::OperationCanceledError ||
        reply->error() == QNetworkReply::TimeoutError)
        a.detail = QString("no answer within %1 s (slurmrestd 22.05.8 can stop accepting "
                           "connections; restart it with `sovereign cluster up`)")
                       .arg(timeoutMs / 1000.0);
    else if (status == 0)
        a.detail = reply->errorString();
    else {
        a.ok = status == 200;
        a.detail = QString("HTTP %1").arg(status);
    }
    reply->deleteLater();
    return a;
}

Result<QString> restSocketGet(const QString &socketPath, const QString &path, int timeoutMs) {
    QLocalSocket socket;
    socket.connectToServer(socketPath);
    if (!socket.waitForConnected(timeoutMs))
        return fail(socketPath.toStdString() + ": " + socket.errorString().toStdString());
    socket.write(QString("GET %1 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                     .arg(path)
                     .toUtf8());
    socket.waitForBytesWritten(timeoutMs);
    QByteArray answer;
    QElapsedTimer timer;
    timer.start();
    while (!answer.contains("\r\n") && timer.elapsed() < timeoutMs &&
           socket.waitForReadyRead(timeoutMs))
        answer += socket.readAll();
    if (!answer.contains("\r\n"))
        return fail(socketPath.toStdString() + ": no answer within " +
                    std::to_string(timeoutMs / 1000.0) + " s");
    return QString::fromUtf8(answer.left(answer.indexOf("\r\n")));
}

} // namespace sovereign
