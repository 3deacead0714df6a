#include "scheduler/slurm/httpclient.h"

#include <curl/curl.h>

#include <memory>
#include <mutex>

namespace sovereign {

namespace {

size_t appendBody(char *data, size_t size, size_t count, void *target) {
    static_cast<QByteArray *>(target)->append(data, static_cast<qsizetype>(size * count));
    return size * count;
}

struct CurlDeleter {
    void operator()(CURL *h) const { curl_easy_cleanup(h); }
    void operator()(curl_slist *l) const { curl_slist_free_all(l); }
};

} // namespace

HttpAnswer httpExchange(const HttpRequest &request) {
    // curl_global_init is not safe to race from several threads.
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });

    HttpAnswer answer;
    std::unique_ptr<CURL, CurlDeleter> handle(curl_easy_init());
    if (!handle) {
        answer.failure = HttpAnswer::Failure::Other;
        answer.transportError = "libcurl could not start a transfer";
        return answer;
    }
    CURL *h = handle.get();
    const QByteArray url = request.url.toUtf8();
    const QByteArray socket = request.unixSocket.toLocal8Bit();
    curl_easy_setopt(h, CURLOPT_URL, url.constData());
    if (!socket.isEmpty())
        curl_easy_setopt(h, CURLOPT_UNIX_SOCKET_PATH, socket.constData());
    curl_easy_setopt(h, CURLOPT_PROXY, ""); // an empty proxy overrides http_proxy & co.
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeoutMs));
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, appendBody);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &answer.body);
    char why[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, why);

    curl_slist *list = nullptr;
    for (const auto &[name, value] : request.headers)
        list = curl_slist_append(list, (name + ": " + value).constData());
    // slurmrestd does not answer "Expect: 100-continue"; send bodies at once.
    list = curl_slist_append(list, "Expect:");
    std::unique_ptr<curl_slist, CurlDeleter> headers(list);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);

    switch (request.method) {
    case HttpRequest::Method::Get:
        break;
    case HttpRequest::Method::Post:
        curl_easy_setopt(h, CURLOPT_POST, 1L);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.constData());
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
        break;
    case HttpRequest::Method::Delete:
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "DELETE");
        break;
    }

    const CURLcode code = curl_easy_perform(h);
    if (code != CURLE_OK) {
        answer.failure = code == CURLE_COULDNT_CONNECT      ? HttpAnswer::Failure::ConnectionRefused
                         : code == CURLE_OPERATION_TIMEDOUT ? HttpAnswer::Failure::Timeout
                                                            : HttpAnswer::Failure::Other;
        answer.transportError = QString::fromUtf8(why[0] ? why : curl_easy_strerror(code));
        answer.body.clear();
        return answer;
    }
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    answer.status = static_cast<int>(status);
    return answer;
}

} // namespace sovereign
