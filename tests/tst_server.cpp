// `sovereign-agent serve` for real: the agent started as a process on a free
// port, spoken to over HTTP (QNetworkAccessManager, a raw socket where
// httplib's framing matters). Token file, authentication, the OpenAI
// endpoints against `sovereign-agent generate`, server-sent events, limits
// and errors, continuous batching, disconnects, metrics, node facts, jobs and
// SIGTERM. A few white-box checks of agents/serve come first.
#include "agents/infer/model.h"
#include "agents/serve/openai.h"
#include "agents/serve/token.h"
#include "agents/serve/utf8stream.h"

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <memory>
#include <random>
#include <sys/stat.h>

using namespace sovereign::agent;

namespace {

const QString kModel = QStringLiteral(SOVEREIGN_TEST_DATA "/gguf/tiny-q4_0.gguf");
const QString kModelId = "tiny-q4_0.gguf";

/// A running `sovereign-agent serve`.
struct Agent {
    QProcess process;
    QJsonObject listening;
    QString token;
    int port = 0;
    QString url(const QString &path) const {
        return QString("http://127.0.0.1:%1%2").arg(port).arg(path);
    }
    ~Agent() {
        // SIGTERM, so that the agent cleans up after itself (its jobs folder).
        if (process.state() != QProcess::NotRunning) {
            process.terminate();
            if (!process.waitForFinished(15000)) {
                process.kill();
                process.waitForFinished(5000);
            }
        }
    }
};

QByteArray readFile(const QString &path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeFile(const QString &path, const QByteArray &text) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    f.write(text);
}

/// Starts the agent; waits for its listening line. Null when it exits
/// first or stays silent for 30 s (`why` says what it printed).
std::unique_ptr<Agent>
startAgent(const QStringList &extra, QString *why = nullptr,
           const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment()) {
    auto agent = std::make_unique<Agent>();
    agent->process.setProcessEnvironment(env);
    agent->process.start(SOVEREIGN_AGENT_BIN,
                         QStringList{"serve", "--model", kModel, "--port", "0", "--threads", "2"} +
                             extra);
    QElapsedTimer clock;
    clock.start();
    QByteArray out;
    while (clock.elapsed() < 30000 && !out.contains('\n')) {
        if (agent->process.state() == QProcess::NotRunning)
            break;
        agent->process.waitForReadyRead(200);
        out += agent->process.readAllStandardOutput();
    }
    if (!out.contains('\n')) {
        agent->process.waitForFinished(5000);
        if (why)
            *why = QString("exit %1, stdout: %2, stderr: %3")
                       .arg(agent->process.exitCode())
                       .arg(QString::fromUtf8(out),
                            QString::fromUtf8(agent->process.readAllStandardError()));
        return nullptr;
    }
    agent->listening = QJsonDocument::fromJson(out.left(out.indexOf('\n'))).object();
    agent->port = agent->listening.value("port").toInt();
    agent->token =
        QString::fromUtf8(readFile(agent->listening.value("token_file").toString())).trimmed();
    return agent;
}

struct Http {
    int status = 0;
    QByteArray body;
    QByteArray contentType;
    QList<QNetworkReply::RawHeaderPair> headers;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QByteArray header(const QByteArray &name) const {
        for (const auto &[key, value] : headers)
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        return {};
    }
};

QString describe(const Http &r) {
    return QString("HTTP %1: %2").arg(r.status).arg(QString::fromUtf8(r.body.left(2000)));
}

/// One SSE response, read as it arrives: its events' data in order, each
/// with a number from a counter shared by all streams (the order of arrival).
struct Sse {
    QNetworkReply *reply = nullptr;
    QByteArray raw, pending;
    QList<QByteArray> data;
    QList<int> order;
    int status = 0;
    QByteArray contentType;
    bool finished = false;
    bool framingOk = true;
    int doneAt = -1; ///< the arrival number of "[DONE]"
    int content() const { return int(data.size()) - (doneAt >= 0 ? 1 : 0); }
};

/// Text of a completion or chat chunk / response.
QString choiceText(const QJsonObject &o) {
    const QJsonObject choice = o.value("choices").toArray().first().toObject();
    if (choice.contains("text"))
        return choice.value("text").toString();
    if (choice.contains("delta"))
        return choice.value("delta").toObject().value("content").toString();
    return choice.value("message").toObject().value("content").toString();
}

QString finishReason(const QJsonObject &o) {
    return o.value("choices").toArray().first().toObject().value("finish_reason").toString();
}

/// An OpenAI-shaped error: {"error": {"message", "type", "param", "code"}}.
bool isApiError(const QJsonObject &o) {
    const QJsonObject e = o.value("error").toObject();
    return !e.value("message").toString().isEmpty() && e.value("type").isString() &&
           e.contains("param") && (e.value("param").isNull() || e.value("param").isString()) &&
           e.contains("code") && (e.value("code").isNull() || e.value("code").isString());
}

double metricValue(const QByteArray &text, const QString &series) {
    for (const QByteArray &line : text.split('\n'))
        if (line.startsWith(series.toUtf8() + ' '))
            return line.mid(series.size() + 1).toDouble();
    return -1;
}

} // namespace

class TestServer : public QObject {
    Q_OBJECT

  private:
    QTemporaryDir m_dir;
    std::unique_ptr<Agent> m_agent; ///< fast: no step delay
    std::unique_ptr<Agent> m_slow;  ///< 25 ms per decoder step
    QNetworkAccessManager m_nam;
    int m_arrivals = 0;
    std::optional<infer::Model> m_model; ///< for counting prompt tokens

    /// startAgent, and no connection to a port an agent before it had.
    std::unique_ptr<Agent>
    start(const QStringList &extra, QString *why,
          const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment()) {
        m_nam.clearConnectionCache();
        return startAgent(extra, why, env);
    }

    Http send(const Agent &agent, const QByteArray &verb, const QString &path,
              const QByteArray &body = {}, std::optional<QString> token = std::nullopt,
              const QByteArray &contentType = "application/json") {
        QNetworkRequest request{QUrl(agent.url(path))};
        const QString bearer = token.value_or(agent.token);
        if (!bearer.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + bearer.toUtf8());
        if (verb != "GET")
            request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
        QNetworkReply *reply = m_nam.sendCustomRequest(request, verb, body);
        QEventLoop loop;
        connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(60000, &loop, &QEventLoop::quit);
        loop.exec();
        Http r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.body = reply->readAll();
        r.headers = reply->rawHeaderPairs();
        r.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
        r.error = reply->error();
        if (!reply->isFinished())
            reply->abort();
        reply->deleteLater();
        return r;
    }

    Http post(const Agent &agent, const QString &path, const QJsonObject &body) {
        return send(agent, "POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact));
    }

    std::shared_ptr<Sse> openStream(const Agent &agent, const QString &path, QJsonObject body) {
        body.insert("stream", true);
        QNetworkRequest request{QUrl(agent.url(path))};
        request.setRawHeader("Authorization", "Bearer " + agent.token.toUtf8());
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        auto sse = std::make_shared<Sse>();
        sse->reply = m_nam.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
        Sse *s = sse.get();
        connect(s->reply, &QNetworkReply::readyRead, this, [this, s] {
            s->status = s->reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            s->contentType = s->reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
            const QByteArray bytes = s->reply->readAll();
            s->raw += bytes;
            s->pending += bytes;
            for (qsizetype end; (end = s->pending.indexOf("\n\n")) >= 0;) {
                const QByteArray block = s->pending.left(end);
                s->pending.remove(0, end + 2);
                if (!block.startsWith("data: ") || block.contains('\n'))
                    s->framingOk = false;
                s->data.append(block.mid(6));
                s->order.append(++m_arrivals);
                if (block == "data: [DONE]")
                    s->doneAt = m_arrivals;
            }
        });
        connect(s->reply, &QNetworkReply::finished, this, [s] {
            s->status = s->reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            s->finished = true;
        });
        return sse;
    }

    /// The stream's text, its last chunk's finish_reason; fails on a bad frame.
    static QString streamText(const Sse &s, QString *finish = nullptr) {
        QString text;
        for (const QByteArray &d : s.data) {
            if (d == "[DONE]")
                break;
            const QJsonObject o = QJsonDocument::fromJson(d).object();
            text += choiceText(o);
            if (finish && !finishReason(o).isEmpty())
                *finish = finishReason(o);
        }
        return text;
    }

    QJsonObject heartbeat(const Agent &agent) { return send(agent, "GET", "/v1/heartbeat").json(); }

    int promptTokens(const QString &text) const {
        return 1 + int(m_model->tokenizer()->encode(text.toStdString()).size()); // BOS + text
    }

  private slots:
    void initTestCase();
    void cleanupTestCase();

    // agents/serve, white-box
    void utf8StreamAddsUpToTheWhole();
    void constantTimeEquals_data();
    void constantTimeEquals();
    void chatTemplate();

    // the token
    void tokenFileIsMade0600();
    void defaultTokenFileUnderXdgConfigHome();
    void tokenFileModes_data();
    void tokenFileModes();
    void authentication_data();
    void authentication();

    // OpenAI
    void listsTheModel();
    void greedyCompletionMatchesGenerate_data();
    void greedyCompletionMatchesGenerate();
    void streamMatchesTheWholeAnswer_data();
    void streamMatchesTheWholeAnswer();
    void streamIncludesUsage();
    void stopSequences_data();
    void stopSequences();
    void refusesBadRequests_data();
    void refusesBadRequests();
    void chunkedBodyOverTheLimit();
    void neverCrashesOnJunk();

    // batching and disconnects
    void concurrentStreamsInterleave();
    void disconnectCancelsTheSequence();

    // for an orchestrator
    void metricsCountAndGrow();
    void nodeFactsAndHeartbeat();
    void jobRunsAndReportsItsEvents();
    void jobStopsOnDelete();
    void sigtermStopsCleanly();
};

void TestServer::initTestCase() {
    QVERIFY(m_dir.isValid());
    auto model = infer::Model::load(kModel.toStdString());
    QVERIFY2(model, model ? "" : model.error().toString().c_str());
    m_model.emplace(std::move(*model));
    QString why;
    m_agent = start({"--token-file", m_dir.filePath("token"), "--max-tokens", "100",
                     "--max-body-bytes", "65536", "--jobs-dir", m_dir.filePath("jobs")},
                    &why);
    QVERIFY2(m_agent, qPrintable(why));
    m_slow = start({"--token-file", m_dir.filePath("token"), "--step-delay-ms", "25", "--jobs-dir",
                    m_dir.filePath("jobs-slow")},
                   &why);
    QVERIFY2(m_slow, qPrintable(why));
}

void TestServer::cleanupTestCase() {
    for (Agent *a : {m_agent.get(), m_slow.get()}) {
        if (!a)
            continue;
        a->process.terminate();
        QVERIFY(a->process.waitForFinished(15000));
        QCOMPARE(a->process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(a->process.exitCode(), 0);
    }
}

void TestServer::utf8StreamAddsUpToTheWhole() {
    // The decoder's released text may hold any bytes (byte-fallback tokens):
    // its pieces, decoded one by one, must add up to the whole text decoded.
    std::mt19937 random(7);
    const unsigned char interesting[] = {0x41, 0x20, 0x80, 0x82, 0xBF, 0xC0, 0xC3, 0xA9,
                                         0xE0, 0xE2, 0xED, 0xA0, 0xEF, 0xBB, 0xBF, 0xF0,
                                         0xF4, 0x90, 0xF5, 0xF8, 0xFF, 0x9F, 0x00};
    for (int t = 0; t < 50000; ++t) {
        std::string whole;
        const int n = int(random() % 14);
        for (int i = 0; i < n; ++i)
            whole +=
                char(random() % 3 ? interesting[random() % sizeof interesting] : random() % 256);
        serve::Utf8Stream stream;
        QString pieces;
        for (std::size_t at = 0; at < whole.size();) {
            const std::size_t size = std::min<std::size_t>(1 + random() % 4, whole.size() - at);
            pieces += stream.push(std::string_view(whole).substr(at, size), false);
            at += size;
        }
        pieces += stream.push({}, true);
        QCOMPARE(pieces, QString::fromStdString(whole));
    }
}

void TestServer::constantTimeEquals_data() {
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<bool>("equal");
    QTest::newRow("same") << "0123abcd"
                          << "0123abcd" << true;
    QTest::newRow("last byte") << "0123abcd"
                               << "0123abce" << false;
    QTest::newRow("first byte") << "0123abcd"
                                << "1123abcd" << false;
    QTest::newRow("prefix") << "0123abcd"
                            << "0123abc" << false;
    QTest::newRow("longer") << "0123abcd"
                            << "0123abcd0" << false;
    QTest::newRow("empty") << ""
                           << "" << true;
    QTest::newRow("empty vs one") << ""
                                  << "0" << false;
}

void TestServer::constantTimeEquals() {
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(bool, equal);
    QCOMPARE(serve::constantTimeEquals(a.toStdString(), b.toStdString()), equal);
}

void TestServer::chatTemplate() {
    QCOMPARE(
        serve::chatPrompt(
            {{"system", "Be brief."}, {"user", "Hi"}, {"assistant", "Hello"}, {"user", "Bye"}}),
        std::string("system: Be brief.\nuser: Hi\nassistant: Hello\nuser: Bye\nassistant:"));
}

void TestServer::tokenFileIsMade0600() {
    const QString path = m_dir.filePath("token");
    struct stat st {};
    QCOMPARE(::stat(qPrintable(path), &st), 0);
    QCOMPARE(int(st.st_mode & 07777), 0600);
    QVERIFY2(QRegularExpression("^[0-9a-f]{64}$").match(m_agent->token).hasMatch(),
             qPrintable(m_agent->token));
    QCOMPARE(m_agent->listening.value("event").toString(), QString("listening"));
    QCOMPARE(m_agent->listening.value("host").toString(), QString("127.0.0.1"));
    QCOMPARE(m_agent->listening.value("model").toString(), kModelId);
    QCOMPARE(m_agent->listening.value("token_file").toString(), path);
    QVERIFY(m_agent->port > 0);
    // The token is never printed.
    QVERIFY(!QJsonDocument(m_agent->listening).toJson().contains(m_agent->token.toUtf8()));
    QVERIFY(!m_agent->process.readAllStandardError().contains(m_agent->token.toUtf8()));
}

void TestServer::defaultTokenFileUnderXdgConfigHome() {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("XDG_CONFIG_HOME", m_dir.filePath("xdg"));
    QString why;
    auto agent = start({}, &why, env);
    QVERIFY2(agent, qPrintable(why));
    const QString path = m_dir.filePath("xdg/sovereign/agent-token");
    QCOMPARE(agent->listening.value("token_file").toString(), path);
    struct stat st {};
    QCOMPARE(::stat(qPrintable(path), &st), 0);
    QCOMPARE(int(st.st_mode & 07777), 0600);
    QCOMPARE(::stat(qPrintable(m_dir.filePath("xdg/sovereign")), &st), 0);
    QCOMPARE(int(st.st_mode & 07777), 0700);
    QCOMPARE(send(*agent, "GET", "/v1/models").status, 200);
    // A second start reads the same token.
    agent->process.terminate();
    QVERIFY(agent->process.waitForFinished(15000));
    QCOMPARE(agent->process.exitCode(), 0);
    auto again = start({}, &why, env);
    QVERIFY2(again, qPrintable(why));
    QCOMPARE(again->token, agent->token);
}

void TestServer::tokenFileModes_data() {
    QTest::addColumn<int>("mode");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("0600") << 0600 << true;
    QTest::newRow("0400") << 0400 << true;
    QTest::newRow("0640 group-readable") << 0640 << false;
    QTest::newRow("0604 world-readable") << 0604 << false;
    QTest::newRow("0644") << 0644 << false;
    QTest::newRow("0620 group-writable") << 0620 << false;
}

void TestServer::tokenFileModes() {
    QFETCH(int, mode);
    QFETCH(bool, accepted);
    const QString path = m_dir.filePath(QString("token-%1").arg(mode, 0, 8));
    writeFile(path, "  my-own-token-42\n");
    QCOMPARE(::chmod(qPrintable(path), mode_t(mode)), 0);
    QString why;
    auto agent = start({"--token-file", path}, &why);
    if (accepted) {
        QVERIFY2(agent, qPrintable(why));
        QCOMPARE(agent->token, QString("my-own-token-42"));
        QCOMPARE(send(*agent, "GET", "/v1/models").status, 200); // trimmed
        // Never chmod-ed by the agent.
        struct stat st {};
        QCOMPARE(::stat(qPrintable(path), &st), 0);
        QCOMPARE(int(st.st_mode & 07777), mode);
    } else {
        QVERIFY(!agent);
        QVERIFY2(why.startsWith("exit 1,"), qPrintable(why));
        QVERIFY2(why.contains("chmod 600"), qPrintable(why));
    }
}

void TestServer::authentication_data() {
    QTest::addColumn<QByteArray>("verb");
    QTest::addColumn<QString>("path");
    for (const auto &[verb, path] : {std::pair<QByteArray, QString>{"GET", "/v1/models"},
                                     {"GET", "/v1/models/" + kModelId},
                                     {"POST", "/v1/completions"},
                                     {"POST", "/v1/chat/completions"},
                                     {"GET", "/v1/node"},
                                     {"GET", "/v1/heartbeat"},
                                     {"GET", "/metrics"},
                                     {"POST", "/v1/jobs"},
                                     {"GET", "/v1/jobs"},
                                     {"GET", "/v1/jobs/job-0"},
                                     {"DELETE", "/v1/jobs/job-0"},
                                     {"GET", "/no/such/path"},
                                     {"POST", "/health"}})
        QTest::newRow(qPrintable(verb + " " + path)) << verb << path;
}

void TestServer::authentication() {
    QFETCH(QByteArray, verb);
    QFETCH(QString, path);
    const QByteArray body = verb == "GET" ? QByteArray() : QByteArray("{}");
    for (const QString &token :
         {QString(""), QString("wrong"), m_agent->token + "0", m_agent->token.left(63)}) {
        const Http r = send(*m_agent, verb, path, body, token);
        QCOMPARE(r.status, 401);
        QVERIFY2(isApiError(r.json()), qPrintable(describe(r)));
        QCOMPARE(r.json().value("error").toObject().value("code").toString(),
                 QString("invalid_api_key"));
        QCOMPARE(r.header("WWW-Authenticate"), QByteArray("Bearer"));
    }
    QVERIFY(send(*m_agent, verb, path, body).status != 401);
    // GET /health asks for no token.
    const Http health = send(*m_agent, "GET", "/health", {}, QString(""));
    QCOMPARE(health.status, 200);
    QCOMPARE(health.json(), QJsonObject({{"status", "ok"}}));
}

void TestServer::listsTheModel() {
    const Http r = send(*m_agent, "GET", "/v1/models");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value("object").toString(), QString("list"));
    const QJsonArray data = r.json().value("data").toArray();
    QCOMPARE(data.size(), 1);
    const QJsonObject model = data.first().toObject();
    QCOMPARE(model.value("id").toString(), kModelId);
    QCOMPARE(model.value("object").toString(), QString("model"));
    QCOMPARE(model.value("owned_by").toString(), QString("sovereign"));
    QVERIFY(model.value("created").toDouble() > 0);
    QCOMPARE(send(*m_agent, "GET", "/v1/models/" + kModelId).json(), model);
    const Http missing = send(*m_agent, "GET", "/v1/models/gpt-4");
    QCOMPARE(missing.status, 404);
    QCOMPARE(missing.json().value("error").toObject().value("code").toString(),
             QString("model_not_found"));
}

void TestServer::greedyCompletionMatchesGenerate_data() {
    QTest::addColumn<QString>("prompt");
    QTest::addColumn<int>("n");
    QTest::newRow("The cat") << "The cat" << 24;
    QTest::newRow("O gato") << "O gato" << 40;
    QTest::newRow("A fortune:") << "A fortune:" << 12;
    QTest::newRow("one token") << "x" << 1;
    QTest::newRow("empty prompt") << "" << 8;
}

void TestServer::greedyCompletionMatchesGenerate() {
    QFETCH(QString, prompt);
    QFETCH(int, n);
    QProcess generate;
    generate.start(SOVEREIGN_AGENT_BIN, {"generate", "--model", kModel, "--prompt", prompt, "-n",
                                         QString::number(n), "--json", "--threads", "2"});
    QVERIFY(generate.waitForFinished(60000));
    QCOMPARE(generate.exitCode(), 0);
    const QJsonObject expected = QJsonDocument::fromJson(generate.readAllStandardOutput()).object();
    const Http r =
        post(*m_agent, "/v1/completions",
             {{"model", kModelId}, {"prompt", prompt}, {"max_tokens", n}, {"temperature", 0}});
    QVERIFY2(r.status == 200, qPrintable(describe(r)));
    const QJsonObject o = r.json();
    QCOMPARE(o.value("object").toString(), QString("text_completion"));
    QVERIFY(o.value("id").toString().startsWith("cmpl-"));
    QCOMPARE(o.value("model").toString(), kModelId);
    QVERIFY(o.value("created").toDouble() > 0);
    QCOMPARE(choiceText(o), expected.value("text").toString());
    const QString finish = expected.value("finish_reason").toString();
    QCOMPARE(finishReason(o), finish == "length" ? QString("length") : QString("stop"));
    const QJsonObject usage = o.value("usage").toObject();
    QCOMPARE(usage.value("prompt_tokens").toInt(),
             expected.value("prompt_tokens").toArray().size());
    QCOMPARE(usage.value("completion_tokens").toInt(), expected.value("tokens").toArray().size());
    QCOMPARE(usage.value("total_tokens").toInt(),
             usage.value("prompt_tokens").toInt() + usage.value("completion_tokens").toInt());
    // The array form of the prompt is the same request.
    const Http array =
        post(*m_agent, "/v1/completions",
             {{"prompt", QJsonArray{prompt}}, {"max_tokens", n}, {"temperature", 0}});
    QCOMPARE(choiceText(array.json()), choiceText(o));
}

void TestServer::streamMatchesTheWholeAnswer_data() {
    QTest::addColumn<QString>("path");
    QTest::addColumn<QJsonObject>("request");
    const QJsonArray chat{QJsonObject{{"role", "system"}, {"content", "You answer."}},
                          QJsonObject{{"role", "user"}, {"content", "Tell me about cats"}}};
    for (int n : {1, 7, 30}) {
        QTest::newRow(qPrintable(QString("completion, %1 tokens").arg(n)))
            << "/v1/completions"
            << QJsonObject{{"prompt", "The cat"}, {"max_tokens", n}, {"temperature", 0}};
        QTest::newRow(qPrintable(QString("chat, %1 tokens").arg(n)))
            << "/v1/chat/completions"
            << QJsonObject{{"messages", chat}, {"max_tokens", n}, {"temperature", 0}};
    }
    QTest::newRow("completion, sampled with a seed")
        << "/v1/completions"
        << QJsonObject{{"prompt", "O gato"}, {"max_tokens", 40}, {"temperature", 1.2},
                       {"top_p", 0.9},       {"top_k", 50},      {"seed", 1234}};
    QTest::newRow("chat, OpenAI's defaults")
        << "/v1/chat/completions" << QJsonObject{{"messages", chat}, {"seed", 5}};
}

void TestServer::streamMatchesTheWholeAnswer() {
    QFETCH(QString, path);
    QFETCH(QJsonObject, request);
    const bool chat = path.contains("chat");
    const Http whole = post(*m_agent, path, request);
    QVERIFY2(whole.status == 200, qPrintable(describe(whole)));
    QCOMPARE(whole.json().value("object").toString(),
             chat ? QString("chat.completion") : QString("text_completion"));
    if (chat)
        QCOMPARE(whole.json()
                     .value("choices")
                     .toArray()
                     .first()
                     .toObject()
                     .value("message")
                     .toObject()
                     .value("role")
                     .toString(),
                 QString("assistant"));
    auto s = openStream(*m_agent, path, request);
    QTRY_VERIFY_WITH_TIMEOUT(s->finished, 60000);
    QCOMPARE(s->status, 200);
    QCOMPARE(s->contentType, QByteArray("text/event-stream"));
    QVERIFY2(s->framingOk, s->raw.constData());
    QVERIFY2(s->pending.isEmpty(), s->pending.constData()); // nothing after the last event
    QVERIFY(s->data.size() >= 2);
    QCOMPARE(s->data.last(), QByteArray("[DONE]"));
    QString finish;
    QCOMPARE(streamText(*s, &finish), choiceText(whole.json()));
    QCOMPARE(finish, finishReason(whole.json()));
    const QString id = QJsonDocument::fromJson(s->data.first()).object().value("id").toString();
    for (qsizetype i = 0; i + 1 < s->data.size(); ++i) {
        const QJsonObject chunk = QJsonDocument::fromJson(s->data[i]).object();
        QCOMPARE(chunk.value("object").toString(),
                 chat ? QString("chat.completion.chunk") : QString("text_completion"));
        QCOMPARE(chunk.value("id").toString(), id);
        QCOMPARE(chunk.value("model").toString(), kModelId);
        const QJsonObject choice = chunk.value("choices").toArray().first().toObject();
        QCOMPARE(choice.value("index").toInt(), 0);
        // finish_reason: null until the last chunk.
        QCOMPARE(choice.value("finish_reason").isNull(), i + 2 < s->data.size());
        if (chat && i == 0)
            QCOMPARE(choice.value("delta").toObject().value("role").toString(),
                     QString("assistant"));
    }
}

void TestServer::streamIncludesUsage() {
    const QJsonObject request{
        {"messages", QJsonArray{QJsonObject{{"role", "user"}, {"content", "Hi"}}}},
        {"max_tokens", 6},
        {"temperature", 0}};
    const QJsonObject whole = post(*m_agent, "/v1/chat/completions", request).json();
    QJsonObject streamed = request;
    streamed.insert("stream_options", QJsonObject{{"include_usage", true}});
    auto s = openStream(*m_agent, "/v1/chat/completions", streamed);
    QTRY_VERIFY_WITH_TIMEOUT(s->finished, 60000);
    QVERIFY(s->data.size() >= 3);
    QCOMPARE(s->data.last(), QByteArray("[DONE]"));
    const QJsonObject usage = QJsonDocument::fromJson(s->data[s->data.size() - 2]).object();
    QCOMPARE(usage.value("choices").toArray().size(), 0);
    QCOMPARE(usage.value("usage").toObject(), whole.value("usage").toObject());
    QCOMPARE(streamText(*s), choiceText(whole));
}

void TestServer::stopSequences_data() {
    QTest::addColumn<bool>("stream");
    QTest::addColumn<bool>("asArray");
    QTest::newRow("string") << false << false;
    QTest::newRow("array") << false << true;
    QTest::newRow("streamed") << true << false;
    QTest::newRow("streamed, array") << true << true;
}

void TestServer::stopSequences() {
    QFETCH(bool, stream);
    QFETCH(bool, asArray);
    const QJsonObject base{
        {"prompt", "The cat"}, {"max_tokens", 60}, {"temperature", 0}, {"ignore_eos", true}};
    const QString full = choiceText(post(*m_agent, "/v1/completions", base).json());
    // A stop sequence of plain ASCII from the middle of the greedy answer.
    QString stop;
    for (qsizetype k = 6; k + 2 < full.size() && stop.isEmpty(); ++k) {
        const QString candidate = full.mid(k, 2);
        if (candidate[0].unicode() > 32 && candidate[0].unicode() < 127 &&
            candidate[1].unicode() > 32 && candidate[1].unicode() < 127)
            stop = candidate;
    }
    QVERIFY2(!stop.isEmpty(), qPrintable(full));
    const QString expected = full.left(full.indexOf(stop));
    QJsonObject request = base;
    request.insert("stop",
                   asArray ? QJsonValue(QJsonArray{"never-there", stop}) : QJsonValue(stop));
    if (stream) {
        auto s = openStream(*m_agent, "/v1/completions", request);
        QTRY_VERIFY_WITH_TIMEOUT(s->finished, 60000);
        QString finish;
        QCOMPARE(streamText(*s, &finish), expected);
        QCOMPARE(finish, QString("stop"));
    } else {
        const Http r = post(*m_agent, "/v1/completions", request);
        QCOMPARE(choiceText(r.json()), expected);
        QCOMPARE(finishReason(r.json()), QString("stop"));
    }
}

void TestServer::refusesBadRequests_data() {
    QTest::addColumn<QByteArray>("verb");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("param"); ///< "-": null
    QTest::addColumn<QString>("code");  ///< "-": null
    const QString c = "/v1/completions", chat = "/v1/chat/completions";
    auto json = [](const QJsonObject &o) {
        return QJsonDocument(o).toJson(QJsonDocument::Compact);
    };
    const QJsonArray hi{QJsonObject{{"role", "user"}, {"content", "hi"}}};
    // This agent: --max-tokens 100, --max-body-bytes 65536, context 128.
    QString longPrompt;
    while (promptTokens(longPrompt) <= 127)
        longPrompt += "word ";
    QString prompt90;
    while (promptTokens(prompt90) < 90)
        prompt90 += "cat ";
    auto row = [&](const char *name, const QByteArray &verb, const QString &path,
                   const QByteArray &body, int status, const QString &param, const QString &code) {
        QTest::newRow(name) << verb << path << body << status << param << code;
    };
    row("max_tokens above --max-tokens", "POST", c, json({{"prompt", "hi"}, {"max_tokens", 101}}),
        400, "max_tokens", "invalid_value");
    row("prompt longer than the context", "POST", c, json({{"prompt", longPrompt}}), 400, "prompt",
        "context_length_exceeded");
    row("chat longer than the context", "POST", chat,
        json({{"messages", QJsonArray{QJsonObject{{"role", "user"}, {"content", longPrompt}}}}}),
        400, "messages", "context_length_exceeded");
    row("prompt + max_tokens beyond the context", "POST", c,
        json({{"prompt", prompt90}, {"max_tokens", 50}}), 400, "max_tokens",
        "context_length_exceeded");
    row("body over --max-body-bytes", "POST", c, json({{"prompt", QString(70000, 'a')}}), 413, "-",
        "request_too_large");
    row("malformed JSON", "POST", c, "{\"prompt\": \"hi\",", 400, "-", "invalid_json");
    row("not an object", "POST", c, "[1, 2]", 400, "-", "invalid_json");
    row("empty body", "POST", c, "", 400, "-", "invalid_json");
    row("n = 2", "POST", c, json({{"prompt", "hi"}, {"n", 2}}), 400, "n", "unsupported_parameter");
    row("chat n = 2", "POST", chat, json({{"messages", hi}, {"n", 2}}), 400, "n",
        "unsupported_parameter");
    row("echo", "POST", c, json({{"prompt", "hi"}, {"echo", true}}), 400, "echo",
        "unsupported_parameter");
    row("logprobs", "POST", c, json({{"prompt", "hi"}, {"logprobs", 2}}), 400, "logprobs",
        "unsupported_parameter");
    row("best_of", "POST", c, json({{"prompt", "hi"}, {"best_of", 3}}), 400, "best_of",
        "unsupported_parameter");
    row("suffix", "POST", c, json({{"prompt", "hi"}, {"suffix", "end"}}), 400, "suffix",
        "unsupported_parameter");
    row("chat logprobs", "POST", chat, json({{"messages", hi}, {"logprobs", true}}), 400,
        "logprobs", "unsupported_parameter");
    row("tools", "POST", chat,
        json({{"messages", hi}, {"tools", QJsonArray{QJsonObject{{"type", "function"}}}}}), 400,
        "tools", "unsupported_parameter");
    row("presence_penalty", "POST", c, json({{"prompt", "hi"}, {"presence_penalty", 0.5}}), 400,
        "presence_penalty", "unsupported_parameter");
    row("temperature of the wrong type", "POST", c,
        json({{"prompt", "hi"}, {"temperature", "hot"}}), 400, "temperature", "invalid_type");
    row("temperature out of range", "POST", c, json({{"prompt", "hi"}, {"temperature", 2.5}}), 400,
        "temperature", "invalid_value");
    row("top_p out of range", "POST", c, json({{"prompt", "hi"}, {"top_p", 1.5}}), 400, "top_p",
        "invalid_value");
    row("top_k negative", "POST", c, json({{"prompt", "hi"}, {"top_k", -1}}), 400, "top_k",
        "invalid_value");
    row("max_tokens 0", "POST", c, json({{"prompt", "hi"}, {"max_tokens", 0}}), 400, "max_tokens",
        "invalid_value");
    row("max_tokens not an integer", "POST", c, json({{"prompt", "hi"}, {"max_tokens", 1.5}}), 400,
        "max_tokens", "invalid_type");
    row("seed not an integer", "POST", c, json({{"prompt", "hi"}, {"seed", "x"}}), 400, "seed",
        "invalid_type");
    row("stream not a boolean", "POST", c, json({{"prompt", "hi"}, {"stream", "yes"}}), 400,
        "stream", "invalid_type");
    row("five stop sequences", "POST", c,
        json({{"prompt", "hi"}, {"stop", QJsonArray{"a", "b", "c", "d", "e"}}}), 400, "stop",
        "invalid_value");
    row("a stop sequence that is a number", "POST", c,
        json({{"prompt", "hi"}, {"stop", QJsonArray{1}}}), 400, "stop[0]", "invalid_type");
    row("no prompt", "POST", c, json({{"max_tokens", 3}}), 400, "prompt",
        "missing_required_parameter");
    row("token ids as the prompt", "POST", c, json({{"prompt", QJsonArray{1, 2, 3}}}), 400,
        "prompt", "invalid_value");
    row("two prompts", "POST", c, json({{"prompt", QJsonArray{"a", "b"}}}), 400, "prompt",
        "invalid_value");
    row("another model", "POST", c, json({{"model", "gpt-4"}, {"prompt", "hi"}}), 404, "model",
        "model_not_found");
    row("model not a string", "POST", c, json({{"model", 4}, {"prompt", "hi"}}), 400, "model",
        "invalid_type");
    row("no messages", "POST", chat, json({{"model", kModelId}}), 400, "messages",
        "missing_required_parameter");
    row("empty messages", "POST", chat, json({{"messages", QJsonArray()}}), 400, "messages",
        "invalid_value");
    row("a role we do not know", "POST", chat,
        json({{"messages", QJsonArray{QJsonObject{{"role", "robot"}, {"content", "x"}}}}}), 400,
        "messages[0].role", "invalid_value");
    row("content not text", "POST", chat,
        json({{"messages", QJsonArray{QJsonObject{{"role", "user"}, {"content", 5}}}}}), 400,
        "messages[0].content", "invalid_type");
    row("a message not an object", "POST", chat, json({{"messages", QJsonArray{"hi"}}}), 400,
        "messages[0]", "invalid_type");
    row("unknown path", "GET", "/v1/engines", "", 404, "-", "not_found");
    row("GET on completions", "GET", c, "", 405, "-", "method_not_allowed");
    row("PUT on chat", "PUT", chat, "{}", 405, "-", "method_not_allowed");
    row("POST on models", "POST", "/v1/models", "{}", 405, "-", "method_not_allowed");
    row("unknown job", "GET", "/v1/jobs/job-nothing", "", 404, "-", "not_found");
    row("an empty job", "POST", "/v1/jobs", "", 400, "-", "invalid_job_spec");
    row("a job spec that is not one", "POST", "/v1/jobs", "kind: [", 400, "-", "invalid_job_spec");
}

void TestServer::refusesBadRequests() {
    QFETCH(QByteArray, verb);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, param);
    QFETCH(QString, code);
    const Http r = send(*m_agent, verb, path, body);
    QVERIFY2(r.status == status, qPrintable(describe(r)));
    QVERIFY2(r.contentType.startsWith("application/json"), r.contentType.constData());
    QVERIFY2(isApiError(r.json()), qPrintable(describe(r)));
    const QJsonObject e = r.json().value("error").toObject();
    if (param == "-")
        QVERIFY2(e.value("param").isNull(), qPrintable(describe(r)));
    else
        QCOMPARE(e.value("param").toString(), param);
    if (code == "-")
        QVERIFY2(e.value("code").isNull(), qPrintable(describe(r)));
    else
        QCOMPARE(e.value("code").toString(), code);
    if (status == 405)
        QVERIFY(!r.header("Allow").isEmpty());
    // The agent is still there.
    QCOMPARE(send(*m_agent, "GET", "/health").status, 200);
}

void TestServer::chunkedBodyOverTheLimit() {
    // No Content-Length to check beforehand: the body is cut at the limit.
    QTcpSocket socket;
    socket.connectToHost("127.0.0.1", quint16(m_agent->port));
    QVERIFY(socket.waitForConnected(5000));
    QByteArray request = "POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                         "Bearer " +
                         m_agent->token.toUtf8() +
                         "\r\nContent-Type: application/json\r\nTransfer-Encoding: "
                         "chunked\r\nConnection: close\r\n\r\n";
    const QByteArray piece(10000, 'a');
    for (int i = 0; i < 7; ++i)
        request += QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n";
    request += "0\r\n\r\n";
    socket.write(request);
    QByteArray answer;
    QElapsedTimer clock;
    clock.start();
    while (!answer.contains("\r\n\r\n") && clock.elapsed() < 10000)
        if (socket.waitForReadyRead(500))
            answer += socket.readAll();
    QVERIFY2(answer.startsWith("HTTP/1.1 413"), answer.left(200).constData());
    QCOMPARE(send(*m_agent, "GET", "/health").status, 200);
}

void TestServer::neverCrashesOnJunk() {
    QRandomGenerator random(99);
    const QByteArray valid = R"({"prompt":"The cat","max_tokens":3,"temperature":0,)"
                             R"("stop":["x"],"messages":[{"role":"user","content":"hi"}]})";
    for (int i = 0; i < 150; ++i) {
        QByteArray body = valid;
        const int edits = 1 + int(random.bounded(6));
        for (int e = 0; e < edits; ++e) {
            const int at = int(random.bounded(body.size()));
            switch (random.bounded(3)) {
            case 0:
                body[at] = char(random.bounded(256));
                break;
            case 1:
                body.remove(at, 1 + int(random.bounded(8)));
                break;
            default:
                body.insert(at, "{[\"\\:,0-1e999null"[random.bounded(17)]);
            }
        }
        const QString path = i % 2 ? "/v1/completions" : "/v1/chat/completions";
        const Http r = send(*m_agent, "POST", path, body);
        QVERIFY2(r.status == 200 || (r.status >= 400 && r.status < 500),
                 qPrintable(describe(r) + "\nbody: " + body.toPercentEncoding()));
        if (r.status != 200)
            QVERIFY2(isApiError(r.json()), qPrintable(describe(r)));
    }
    QCOMPARE(send(*m_agent, "GET", "/health").status, 200);
}

void TestServer::concurrentStreamsInterleave() {
    // 25 ms a step: 40 tokens take a second, so both must be in the batch
    // together for each to see text before the other's end.
    const QJsonObject request{
        {"prompt", "The cat"}, {"max_tokens", 40}, {"temperature", 0}, {"ignore_eos", true}};
    QJsonObject other = request;
    other.insert("prompt", "O gato");
    auto a = openStream(*m_slow, "/v1/completions", request);
    auto b = openStream(*m_slow, "/v1/completions", other);
    QTRY_VERIFY_WITH_TIMEOUT(a->finished && b->finished, 60000);
    QVERIFY(a->doneAt > 0 && b->doneAt > 0);
    const int firstDone = std::min(a->doneAt, b->doneAt);
    auto before = [&](const Sse &s) {
        return int(
            std::count_if(s.order.begin(), s.order.end(), [&](int at) { return at < firstDone; }));
    };
    QVERIFY2(before(*a) >= 3 && before(*b) >= 3,
             qPrintable(QString("before the first [DONE]: %1 and %2 events of %3 and %4")
                            .arg(before(*a))
                            .arg(before(*b))
                            .arg(a->content())
                            .arg(b->content())));
    // Batched or not, the greedy text is the same as alone.
    const Http alone = post(*m_agent, "/v1/completions", request);
    QCOMPARE(streamText(*a), choiceText(alone.json()));
}

void TestServer::disconnectCancelsTheSequence() {
    const QJsonObject start = heartbeat(*m_slow);
    QCOMPARE(start.value("active").toInt(), 0);
    const double tokensBefore = start.value("tokens_generated").toDouble();
    // 100 tokens at 25 ms a step: 2.5 s if nobody stopped it.
    auto s = openStream(*m_slow, "/v1/completions",
                        {{"prompt", "The cat"}, {"max_tokens", 100}, {"ignore_eos", true}});
    QTRY_VERIFY_WITH_TIMEOUT(s->content() >= 1, 30000);
    QCOMPARE(heartbeat(*m_slow).value("active").toInt(), 1);
    QElapsedTimer clock;
    clock.start();
    s->reply->abort();
    QTRY_VERIFY_WITH_TIMEOUT(heartbeat(*m_slow).value("active").toInt() == 0, 5000);
    const qint64 ms = clock.elapsed();
    const double generated = heartbeat(*m_slow).value("tokens_generated").toDouble() - tokensBefore;
    QVERIFY2(ms < 1500 && generated < 95,
             qPrintable(QString("%1 ms to stop, %2 tokens generated").arg(ms).arg(generated)));
    const Http after = post(*m_slow, "/v1/completions", {{"prompt", "The cat"}, {"max_tokens", 3}});
    QVERIFY2(after.status == 200, qPrintable(describe(after)));
    QCOMPARE(after.json().value("usage").toObject().value("completion_tokens").toInt() <= 3, true);
}

void TestServer::metricsCountAndGrow() {
    const Http first = send(*m_agent, "GET", "/metrics");
    QCOMPARE(first.status, 200);
    QVERIFY2(first.contentType.startsWith("text/plain"), first.contentType.constData());
    const QStringList names{
        "sovereign_agent_tokens_generated_total", "sovereign_agent_prompt_tokens_total",
        "sovereign_agent_requests_total",         "sovereign_agent_tokens_per_second",
        "sovereign_agent_queue_requests",         "sovereign_agent_active_sequences",
        "sovereign_agent_energy_joules_total",    "sovereign_agent_joules_per_token"};
    for (const QString &name : names) {
        QVERIFY2(first.body.contains("# HELP " + name.toUtf8() + ' '), qPrintable(name));
        QVERIFY2(first.body.contains("# TYPE " + name.toUtf8() + ' '), qPrintable(name));
    }
    const QRegularExpression sourceLabel(
        R"re(sovereign_agent_energy_joules_total\{source="(rapl|nvml|rapl\+nvml|estimated)"\} )re");
    const auto match = sourceLabel.match(QString::fromUtf8(first.body));
    QVERIFY2(match.hasMatch(), first.body.constData());
    const QString source = match.captured(1);
    const QString completions =
        R"(sovereign_agent_requests_total{endpoint="/v1/completions",code="200"})";
    const double tokens = metricValue(first.body, "sovereign_agent_tokens_generated_total");
    const double prompts = metricValue(first.body, "sovereign_agent_prompt_tokens_total");
    const double requests = std::max(0.0, metricValue(first.body, completions));
    const double joules = metricValue(
        first.body, QString("sovereign_agent_energy_joules_total{source=\"%1\"}").arg(source));
    QVERIFY(tokens >= 0 && prompts >= 0 && joules >= 0);
    const Http r = post(*m_agent, "/v1/completions",
                        {{"prompt", "The cat"}, {"max_tokens", 8}, {"ignore_eos", true}});
    QCOMPARE(r.status, 200);
    const Http second = send(*m_agent, "GET", "/metrics");
    QVERIFY(metricValue(second.body, "sovereign_agent_tokens_generated_total") >= tokens + 8);
    QVERIFY(metricValue(second.body, "sovereign_agent_prompt_tokens_total") >= prompts + 3);
    QCOMPARE(metricValue(second.body, completions), requests + 1);
    QVERIFY(metricValue(second.body,
                        R"(sovereign_agent_requests_total{endpoint="/metrics",code="200"})") >= 1);
    QVERIFY(metricValue(second.body, "sovereign_agent_tokens_per_second") > 0);
    QCOMPARE(metricValue(second.body, "sovereign_agent_active_sequences"), 0.0);
    QCOMPARE(metricValue(second.body, "sovereign_agent_queue_requests"), 0.0);
    QVERIFY(
        metricValue(second.body,
                    QString("sovereign_agent_energy_joules_total{source=\"%1\"}").arg(source)) >=
        joules);
    QVERIFY(metricValue(second.body,
                        QString("sovereign_agent_joules_per_token{source=\"%1\"}").arg(source)) >=
            0);
    // Failures are counted under their code.
    send(*m_agent, "GET", "/metrics", {}, QString("wrong"));
    const Http third = send(*m_agent, "GET", "/metrics");
    QVERIFY(metricValue(third.body,
                        R"(sovereign_agent_requests_total{endpoint="/metrics",code="401"})") >= 1);
}

void TestServer::nodeFactsAndHeartbeat() {
    const Http r = send(*m_agent, "GET", "/v1/node");
    QCOMPARE(r.status, 200);
    const QJsonObject n = r.json();
    QVERIFY2(!n.value("cpu_model").toString().isEmpty(), r.body.constData());
    QVERIFY(n.value("logical_cpus").toInt() >= 1);
    QVERIFY(!n.value("simd").toString().isEmpty());
    QVERIFY(n.value("simd_flags").isArray());
    QVERIFY(n.value("blas").toObject().contains("vendor"));
    const double total = n.value("memory_total_bytes").toDouble();
    const double available = n.value("memory_available_bytes").toDouble();
    QVERIFY(total > 0 && available > 0 && available <= total);
    QVERIFY(n.value("gpus").isArray());
    QVERIFY(
        QStringList({"mains", "battery", "unknown"}).contains(n.value("power_source").toString()));
    const QJsonObject inference = n.value("inference").toObject();
    QVERIFY(QStringList({"scalar", "avx2", "avx512-vnni"})
                .contains(inference.value("simd").toString()));
    QCOMPARE(inference.value("model").toString(), kModelId);
    QCOMPARE(inference.value("weight_type").toString(), QString("q4_0"));
    QCOMPARE(inference.value("context").toInt(), 128);
    QCOMPARE(inference.value("threads").toInt(), 2);
    QVERIFY(!n.value("energy").toObject().value("source").toString().isEmpty());

    const QJsonObject h = heartbeat(*m_agent);
    QCOMPARE(h.value("status").toString(), QString("ok"));
    QVERIFY(h.value("uptime_s").toDouble() > 0);
    QCOMPARE(h.value("active").toInt(), 0);
    QCOMPARE(h.value("queued").toInt(), 0);
    QVERIFY(h.value("tokens_generated").toDouble() >= 0);
    QVERIFY(h.contains("jobs_running"));
}

void TestServer::jobRunsAndReportsItsEvents() {
    writeFile(m_dir.filePath("prompts.txt"), "The cat\n\nO gato\n");
    const QByteArray yaml = "schema_version: 1\nkind: infer\nmodel: " + kModel.toUtf8() +
                            "\ndata: {prompts: " + m_dir.filePath("prompts.txt").toUtf8() +
                            "}\noutput: answers.jsonl\nmax_tokens: 8\nthreads: 1\n";
    const Http created = send(*m_agent, "POST", "/v1/jobs", yaml, std::nullopt, "application/yaml");
    QVERIFY2(created.status == 201, qPrintable(describe(created)));
    const QString id = created.json().value("id").toString();
    QVERIFY(id.startsWith("job-"));
    QCOMPARE(created.json().value("state").toString(), QString("running"));
    QJsonObject job;
    QTRY_VERIFY_WITH_TIMEOUT(
        (job = send(*m_agent, "GET", "/v1/jobs/" + id).json()).value("state").toString() !=
            "running",
        60000);
    QVERIFY2(job.value("state").toString() == "finished", QJsonDocument(job).toJson().constData());
    QCOMPARE(job.value("exit_code").toInt(), 0);
    QStringList events;
    for (const QJsonValue &e : job.value("events").toArray())
        events << e.toObject().value("event").toString();
    QVERIFY2(events.contains("started") && events.last() == "finished",
             qPrintable(events.join(',')));
    const QJsonObject finished = job.value("events").toArray().last().toObject();
    QCOMPARE(finished.value("answered_now").toInt(), 2);
    // The job ran in its folder.
    const QString folder = job.value("folder").toString();
    QVERIFY(folder.startsWith(m_dir.filePath("jobs") + "/"));
    QCOMPARE(readFile(folder + "/answers.jsonl").trimmed().split('\n').size(), 2);
    QCOMPARE(readFile(folder + "/job.yaml"), yaml);
    // Listed; a DELETE of a finished job changes nothing.
    bool listed = false;
    for (const QJsonValue &j : send(*m_agent, "GET", "/v1/jobs").json().value("data").toArray())
        listed = listed || j.toObject().value("id").toString() == id;
    QVERIFY(listed);
    const Http deleted = send(*m_agent, "DELETE", "/v1/jobs/" + id);
    QCOMPARE(deleted.status, 200);
    QCOMPARE(deleted.json().value("state").toString(), QString("finished"));
}

void TestServer::jobStopsOnDelete() {
    // Enough prompts to run for a long while; stopped once it has started.
    QByteArray prompts;
    for (int i = 0; i < 20000; ++i)
        prompts += "Prompt number " + QByteArray::number(i) + " about cats\n";
    writeFile(m_dir.filePath("many.txt"), prompts);
    const QByteArray yaml = "schema_version: 1\nkind: infer\nmodel: " + kModel.toUtf8() +
                            "\ndata: {prompts: " + m_dir.filePath("many.txt").toUtf8() +
                            "}\noutput: answers.jsonl\nmax_tokens: 64\nthreads: 1\n";
    const Http created = send(*m_agent, "POST", "/v1/jobs", yaml);
    QVERIFY2(created.status == 201, qPrintable(describe(created)));
    const QString id = created.json().value("id").toString();
    QTRY_VERIFY_WITH_TIMEOUT(
        send(*m_agent, "GET", "/v1/jobs/" + id).json().value("events").toArray().size() >= 1,
        30000);
    const Http stop = send(*m_agent, "DELETE", "/v1/jobs/" + id);
    QVERIFY2(stop.status == 202, qPrintable(describe(stop)));
    QJsonObject job;
    QTRY_VERIFY_WITH_TIMEOUT(
        (job = send(*m_agent, "GET", "/v1/jobs/" + id).json()).value("state").toString() !=
            "running",
        30000);
    QVERIFY2(job.value("state").toString() == "stopped", QJsonDocument(job).toJson().constData());
    QCOMPARE(job.value("exit_code").toInt(), 75);
}

void TestServer::sigtermStopsCleanly() {
    QString why;
    auto agent = start({"--token-file", m_dir.filePath("token"), "--step-delay-ms", "40",
                        "--jobs-dir", m_dir.filePath("jobs-term")},
                       &why);
    QVERIFY2(agent, qPrintable(why));
    // 120 tokens at 40 ms: longer than the agent waits before it cancels.
    auto s = openStream(*agent, "/v1/completions",
                        {{"prompt", "The cat"}, {"max_tokens", 120}, {"ignore_eos", true}});
    QTRY_VERIFY_WITH_TIMEOUT(s->content() >= 1, 30000);
    QElapsedTimer clock;
    clock.start();
    agent->process.terminate();
    QTest::qWait(300);
    // Draining: no new work.
    const Http late = post(*agent, "/v1/completions", {{"prompt", "hi"}});
    QVERIFY2(late.status == 503,
             qPrintable(describe(late) +
                        QString(" error %1, port %2\n").arg(late.error).arg(agent->port) +
                        QString::fromUtf8(agent->process.readAllStandardError())));
    QCOMPARE(late.json().value("error").toObject().value("code").toString(),
             QString("server_shutting_down"));
    const Http health = send(*agent, "GET", "/health", {}, QString(""));
    QCOMPARE(health.status, 503);
    QCOMPARE(health.json().value("status").toString(), QString("draining"));
    QTRY_VERIFY_WITH_TIMEOUT(s->finished, 15000);
    QVERIFY(agent->process.waitForFinished(15000));
    QCOMPARE(agent->process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(agent->process.exitCode(), 0);
    QVERIFY2(clock.elapsed() < 10000, qPrintable(QString::number(clock.elapsed())));
    // The stream ended with an error event (cancelled) or its [DONE].
    const QByteArray last = s->data.isEmpty() ? QByteArray() : s->data.last();
    QVERIFY2(last == "[DONE]" || QJsonDocument::fromJson(last)
                                         .object()
                                         .value("error")
                                         .toObject()
                                         .value("code")
                                         .toString() == "server_shutting_down",
             last.constData());
}

QTEST_GUILESS_MAIN(TestServer)
#include "tst_server.moc"
