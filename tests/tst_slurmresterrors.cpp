// How the Slurm REST client maps what a server says into ClusterError kinds,
// against a fake slurmrestd on loopback (TCP) and on a UNIX socket: answers a
// real slurmrestd gives only when something is broken (401, 5xx, garbage, a
// dropped connection). tst_slurmrestclient runs the same client against the
// real slurmrestd.
#include "scheduler/slurm/slurmrestclient.h"

#include <QDateTime>
#include <QLocalServer>
#include <QLocalSocket>
#include <QMutex>
#include <QSemaphore>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace sovereign;

namespace {

/// A one-answer HTTP server in its own thread (the client is synchronous):
/// every connection gets the same canned reply, or none.
class FakeSlurmrestd : public QThread {
  public:
    enum class Mode { Answer, Hangup, Silent };

    FakeSlurmrestd(Mode mode, QByteArray reply, QString socketPath = {})
        : m_mode(mode), m_reply(std::move(reply)), m_socketPath(std::move(socketPath)) {
        start();
        m_ready.acquire();
    }
    ~FakeSlurmrestd() override {
        m_stop = true;
        wait();
    }
    quint16 port() const { return m_port; }
    int requests() const { return m_requests; }
    QByteArray lastRequest() const {
        QMutexLocker lock(&m_mutex);
        return m_last;
    }

  protected:
    void run() override {
        QTcpServer tcp;
        QLocalServer local;
        if (m_socketPath.isEmpty()) {
            tcp.listen(QHostAddress::LocalHost);
            m_port = tcp.serverPort();
        } else {
            local.listen(m_socketPath);
        }
        m_ready.release();
        QList<QIODevice *> open;
        while (!m_stop) {
            QIODevice *peer = nullptr;
            if (m_socketPath.isEmpty() && tcp.waitForNewConnection(50))
                peer = tcp.nextPendingConnection();
            else if (!m_socketPath.isEmpty() && local.waitForNewConnection(50))
                peer = local.nextPendingConnection();
            if (!peer)
                continue;
            serve(peer);
            open.append(peer);
        }
        qDeleteAll(open);
    }

  private:
    void serve(QIODevice *peer) {
        QByteArray request;
        // Headers, then as much body as Content-Length says.
        while (!request.contains("\r\n\r\n") && waitForRead(peer))
            request += peer->readAll();
        const int headerEnd = request.indexOf("\r\n\r\n") + 4;
        qsizetype length = 0;
        for (const QByteArray &line : request.left(headerEnd).split('\n'))
            if (line.toLower().startsWith("content-length:"))
                length = line.mid(15).trimmed().toLongLong();
        while (request.size() - headerEnd < length && waitForRead(peer))
            request += peer->readAll();
        {
            QMutexLocker lock(&m_mutex);
            m_last = request;
        }
        ++m_requests;
        if (m_mode == Mode::Silent)
            return; // keep the connection open, say nothing
        if (m_mode == Mode::Answer) {
            peer->write(m_reply);
            waitForWritten(peer);
        }
        close(peer);
    }
    static bool waitForRead(QIODevice *peer) { return peer->waitForReadyRead(2000); }
    static void waitForWritten(QIODevice *peer) {
        while (peer->bytesToWrite() > 0 && peer->waitForBytesWritten(2000)) {
        }
    }
    static void close(QIODevice *peer) {
        if (auto *t = qobject_cast<QTcpSocket *>(peer))
            t->disconnectFromHost();
        else if (auto *l = qobject_cast<QLocalSocket *>(peer))
            l->disconnectFromServer();
    }

    Mode m_mode;
    QByteArray m_reply;
    QString m_socketPath;
    QSemaphore m_ready;
    std::atomic<bool> m_stop{false};
    std::atomic<quint16> m_port{0};
    std::atomic<int> m_requests{0};
    mutable QMutex m_mutex;
    QByteArray m_last;
};

QByteArray http(int status, const QByteArray &reason, const QByteArray &body,
                const QByteArray &type = "application/json") {
    return "HTTP/1.1 " + QByteArray::number(status) + " " + reason + "\r\nContent-Type: " + type +
           "\r\nContent-Length: " + QByteArray::number(body.size()) +
           "\r\nConnection: close\r\n\r\n" + body;
}

/// A JWT as `scontrol token` makes one, expiring `secondsFromNow` from now
/// (the signature is not checked on our side).
QByteArray jwt(qint64 secondsFromNow) {
    const auto part = [](const QByteArray &json) {
        return json.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    };
    const qint64 exp = QDateTime::currentSecsSinceEpoch() + secondsFromNow;
    return part(R"({"alg":"HS256","typ":"JWT"})") + "." +
           part(QByteArray(R"({"exp":)") + QByteArray::number(exp) + R"(,"sun":"root"})") +
           ".c2lnbmF0dXJl";
}

SlurmRestClient::Options tcpOptions(quint16 port, int attempts = 3,
                                    const QByteArray &token = "secret-token") {
    SlurmRestClient::Options o;
    o.baseUrl = QUrl(QString("http://127.0.0.1:%1").arg(port));
    o.token = token;
    o.timeoutMs = 2000;
    o.maxAttempts = attempts;
    o.backoffMs = 10;
    return o;
}

} // namespace

Q_DECLARE_METATYPE(ClusterError::Kind)
Q_DECLARE_METATYPE(FakeSlurmrestd::Mode)

class TstSlurmRestErrors : public QObject {
    Q_OBJECT

  private slots:
    void pingErrorKinds_data() {
        QTest::addColumn<FakeSlurmrestd::Mode>("mode");
        QTest::addColumn<QByteArray>("reply");
        QTest::addColumn<ClusterError::Kind>("kind");
        QTest::addColumn<int>("httpStatus");
        QTest::addColumn<int>("slurmCode");
        QTest::addColumn<int>("attempts"); // 3 allowed: transient failures use all of them
        QTest::addColumn<QString>("messageHas");
        QTest::addColumn<QByteArray>("token");
        using M = FakeSlurmrestd::Mode;
        using K = ClusterError::Kind;
        const QByteArray plain = "secret-token";
        // What slurmrestd 22.05.8 answers both when slurmctld refused the
        // token and when slurmctld is unreachable (seen with a real one).
        const QByteArray unspecified =
            http(500, "Internal Server Error",
                 R"({"errors":[{"description":"slurmctld config is unable to load",)"
                 R"("error_number":-1,"error":"Unspecified error",)"
                 R"("source":"slurm_load_ctl_conf"}]})");

        QTest::newRow("401 bad or expired token")
            << M::Answer << http(401, "Unauthorized", "Authentication failure", "text/plain")
            << K::Unauthorized << 401 << 0 << 1 << "Authentication failure" << plain;
        QTest::newRow("403 forbidden") << M::Answer << http(403, "Forbidden", "", "text/plain")
                                       << K::Unauthorized << 403 << 0 << 1 << "" << plain;
        QTest::newRow("500 with Slurm's errors array")
            << M::Answer
            << http(500, "Internal Server Error",
                    R"({"errors":[{"error":"Unable to contact slurm controller",)"
                    R"("error_code":1007,"description":"ping failed"}]})")
            << K::Rejected << 500 << 1007 << 1 << "Unable to contact slurm controller (ping failed)"
            << plain;
        QTest::newRow("200 with an errors array, error_number")
            << M::Answer << http(200, "OK", R"({"errors":[{"error":"nope","error_number":2017}]})")
            << K::Rejected << 200 << 2017 << 1 << "nope" << plain;
        QTest::newRow("502 without errors is transient")
            << M::Answer << http(502, "Bad Gateway", "upstream down", "text/plain") << K::Network
            << 502 << 0 << 3 << "upstream down" << plain;
        QTest::newRow("404 plain text is rejected")
            << M::Answer << http(404, "Not Found", "Unable to find path", "text/plain")
            << K::Rejected << 404 << 0 << 1 << "Unable to find path" << plain;
        QTest::newRow("200 that is not JSON")
            << M::Answer << http(200, "OK", "<html>surprise</html>", "text/html") << K::Protocol
            << 200 << 0 << 1 << "" << plain;
        QTest::newRow("200 JSON without pings")
            << M::Answer << http(200, "OK", R"({"meta":{}})") << K::Protocol << 200 << 0 << 1
            << "no pings" << plain;
        QTest::newRow("connection dropped without an answer")
            << M::Hangup << QByteArray() << K::Network << 0 << 0 << 3 << "" << plain;
        QTest::newRow("unspecified error with a token that is no JWT")
            << M::Answer << unspecified << K::Unauthorized << 500 << -1 << 1
            << "the token is not a JWT" << plain;
        QTest::newRow("unspecified error with an expired token")
            << M::Answer << unspecified << K::Unauthorized << 500 << -1 << 1 << "expired at"
            << jwt(-60);
        QTest::newRow("unspecified error with a live token is transient")
            << M::Answer << unspecified << K::Network << 500 << -1 << 3
            << "unreachable, or it refused the token" << jwt(3600);
    }

    void pingErrorKinds() {
        QFETCH(FakeSlurmrestd::Mode, mode);
        QFETCH(QByteArray, reply);
        QFETCH(ClusterError::Kind, kind);
        QFETCH(int, httpStatus);
        QFETCH(int, slurmCode);
        QFETCH(int, attempts);
        QFETCH(QString, messageHas);
        QFETCH(QByteArray, token);
        FakeSlurmrestd server(mode, reply);
        auto ping = SlurmRestClient(tcpOptions(server.port(), 3, token)).ping();
        QVERIFY(!ping);
        const ClusterError &e = ping.error();
        QVERIFY2(e.kind == kind, qPrintable(e.toString()));
        QCOMPARE(e.httpStatus, httpStatus);
        QCOMPARE(e.slurmErrorCode, slurmCode);
        QCOMPARE(e.attempts, attempts);
        QCOMPARE(server.requests(), attempts); // what was retried really went out again
        QVERIFY2(e.message.contains(messageHas), qPrintable(e.message));
        QCOMPARE(e.transient(), attempts > 1);
    }

    void requestCarriesPathAndToken() {
        FakeSlurmrestd server(FakeSlurmrestd::Mode::Answer,
                              http(200, "OK", R"({"pings":[{"hostname":"x","ping":"UP"}]})"));
        auto ping = SlurmRestClient(tcpOptions(server.port())).ping();
        QVERIFY2(ping, ping ? "" : qPrintable(ping.error().toString()));
        QCOMPARE(*ping, QString("UP"));
        const QByteArray request = server.lastRequest();
        QVERIFY2(request.startsWith("GET /slurm/v0.0.38/ping HTTP/1.1\r\n"), request.constData());
        QVERIFY(request.contains("\r\nX-SLURM-USER-NAME: root\r\n"));
        QVERIFY(request.contains("\r\nX-SLURM-USER-TOKEN: secret-token\r\n"));
    }

    void submissionAcceptedDespiteANote() {
        // A held submission comes back with its job id and an "error" that is a note.
        FakeSlurmrestd server(
            FakeSlurmrestd::Mode::Answer,
            http(200, "OK", R"({"job_id":42,"errors":[{"error":"Job is in held state"}]})"));
        JobSpec job;
        job.script = "#!/bin/sh\ntrue\n";
        job.hold = true;
        auto id = SlurmRestClient(tcpOptions(server.port())).submit(job);
        QVERIFY2(id, id ? "" : qPrintable(id.error().toString()));
        QCOMPARE(*id, qint64(42));
        const QByteArray request = server.lastRequest();
        QVERIFY(request.startsWith("POST /slurm/v0.0.38/job/submit HTTP/1.1\r\n"));
        QVERIFY(request.contains(R"("hold":true)"));
    }

    void submissionIsNeverResent_data() {
        QTest::addColumn<FakeSlurmrestd::Mode>("mode");
        QTest::addColumn<QByteArray>("reply");
        QTest::addColumn<ClusterError::Kind>("kind");
        QTest::newRow("503 without errors")
            << FakeSlurmrestd::Mode::Answer << http(503, "Unavailable", "busy", "text/plain")
            << ClusterError::Kind::Network;
        QTest::newRow("dropped connection")
            << FakeSlurmrestd::Mode::Hangup << QByteArray() << ClusterError::Kind::Network;
        QTest::newRow("no answer in time")
            << FakeSlurmrestd::Mode::Silent << QByteArray() << ClusterError::Kind::Timeout;
    }

    void submissionIsNeverResent() {
        // The first request may have been accepted: resending could run the job twice.
        QFETCH(FakeSlurmrestd::Mode, mode);
        QFETCH(QByteArray, reply);
        QFETCH(ClusterError::Kind, kind);
        FakeSlurmrestd server(mode, reply);
        SlurmRestClient::Options o = tcpOptions(server.port(), 4);
        o.timeoutMs = 500;
        JobSpec job;
        job.script = "#!/bin/sh\ntrue\n";
        auto id = SlurmRestClient(o).submit(job);
        QVERIFY(!id);
        QVERIFY2(id.error().kind == kind, qPrintable(id.error().toString()));
        QCOMPARE(id.error().attempts, 1);
        QCOMPARE(server.requests(), 1);
    }

    void unixSocketCarriesNoToken() {
        QTemporaryDir dir;
        const QString socket = dir.filePath("slurmrestd.sock");
        FakeSlurmrestd server(FakeSlurmrestd::Mode::Answer,
                              http(200, "OK", R"({"pings":[{"hostname":"x","ping":"UP"}]})"),
                              socket);
        SlurmRestClient::Options o;
        o.unixSocket = socket;
        o.baseUrl = QUrl("http://127.0.0.1:1"); // unused: the socket wins
        auto ping = SlurmRestClient(o).ping();
        QVERIFY2(ping, ping ? "" : qPrintable(ping.error().toString()));
        QCOMPARE(*ping, QString("UP"));
        const QByteArray request = server.lastRequest();
        QVERIFY(request.startsWith("GET /slurm/v0.0.38/ping HTTP/1.1\r\n"));
        QVERIFY(
            !request.contains("X-SLURM-USER-TOKEN")); // rest_auth/local: the uid is the identity
    }

    void missingUnixSocketIsRefusedAndNamed() {
        QTemporaryDir dir;
        SlurmRestClient::Options o;
        o.unixSocket = dir.filePath("nobody-here.sock");
        o.maxAttempts = 2;
        o.backoffMs = 10;
        auto ping = SlurmRestClient(o).ping();
        QVERIFY(!ping);
        QVERIFY2(ping.error().kind == ClusterError::Kind::ConnectionRefused,
                 qPrintable(ping.error().toString()));
        QVERIFY2(ping.error().message.contains(o.unixSocket), qPrintable(ping.error().message));
        QCOMPARE(ping.error().attempts, 2);
    }
};

QTEST_GUILESS_MAIN(TstSlurmRestErrors)
#include "tst_slurmresterrors.moc"
