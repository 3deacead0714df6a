#include "agents/serve/openai.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <cmath>

namespace sovereign::agent::serve {
namespace {

using Failure = std::unexpected<ApiError>;

Failure invalid(const QString &param, const QString &message,
                const QString &code = "invalid_value") {
    return Failure(ApiError{400, message, "invalid_request_error", param, code});
}

QString typeName(const QJsonValue &v) {
    switch (v.type()) {
    case QJsonValue::Null:
        return "null";
    case QJsonValue::Bool:
        return "a boolean";
    case QJsonValue::Double:
        return "a number";
    case QJsonValue::String:
        return "a string";
    case QJsonValue::Array:
        return "an array";
    case QJsonValue::Object:
        return "an object";
    case QJsonValue::Undefined:
        break;
    }
    return "nothing";
}

Failure wrongType(const QString &param, const QJsonValue &v, const QString &expected) {
    return invalid(param,
                   QString("Invalid type for '%1': expected %2, but got %3.")
                       .arg(param, expected, typeName(v)),
                   "invalid_type");
}

/// A field given (absent and null are "not given").
bool given(const QJsonObject &o, const QString &key) {
    return o.contains(key) && !o.value(key).isNull();
}

std::expected<std::optional<double>, ApiError> number(const QJsonObject &o, const QString &key,
                                                      double min, double max) {
    if (!given(o, key))
        return std::nullopt;
    const QJsonValue v = o.value(key);
    if (!v.isDouble())
        return wrongType(key, v, "a number");
    const double d = v.toDouble();
    if (!(d >= min && d <= max))
        return invalid(
            key,
            QString("Invalid '%1': %2 is outside %3 to %4.").arg(key).arg(d).arg(min).arg(max));
    return d;
}

std::expected<std::optional<std::int64_t>, ApiError>
integer(const QJsonObject &o, const QString &key, double min, double max) {
    if (!given(o, key))
        return std::nullopt;
    const QJsonValue v = o.value(key);
    if (!v.isDouble() || std::floor(v.toDouble()) != v.toDouble())
        return wrongType(key, v, "an integer");
    const double d = v.toDouble();
    if (!(d >= min && d <= max))
        return invalid(key, QString("Invalid '%1': %2 is outside %3 to %4.")
                                .arg(key)
                                .arg(d, 0, 'f', 0)
                                .arg(min, 0, 'f', 0)
                                .arg(max, 0, 'f', 0));
    return std::int64_t(d);
}

std::expected<std::optional<bool>, ApiError> boolean(const QJsonObject &o, const QString &key) {
    if (!given(o, key))
        return std::nullopt;
    const QJsonValue v = o.value(key);
    if (!v.isBool())
        return wrongType(key, v, "a boolean");
    return v.toBool();
}

Failure unsupported(const QString &param, const QString &why) {
    return invalid(param, QString("'%1' is not supported by this server: %2").arg(param, why),
                   "unsupported_parameter");
}

/// Options whose defaults are all we offer: refused when set to anything else.
std::optional<ApiError> checkDefaults(const QJsonObject &o, bool chat) {
    auto isZero = [&](const QString &key) {
        return !given(o, key) || (o.value(key).isDouble() && o.value(key).toDouble() == 0);
    };
    auto isFalse = [&](const QString &key) {
        return !given(o, key) || (o.value(key).isBool() && !o.value(key).toBool());
    };
    auto isEmpty = [&](const QString &key) {
        if (!given(o, key))
            return true;
        const QJsonValue v = o.value(key);
        return (v.isArray() && v.toArray().isEmpty()) || (v.isObject() && v.toObject().isEmpty());
    };
    if (given(o, "n") && !(o.value("n").isDouble() && o.value("n").toDouble() == 1))
        return unsupported("n", "it returns one choice per request (n must be 1)").error();
    if (!isZero("presence_penalty"))
        return unsupported("presence_penalty", "only 0").error();
    if (!isZero("frequency_penalty"))
        return unsupported("frequency_penalty", "only 0").error();
    if (!isEmpty("logit_bias"))
        return unsupported("logit_bias", "only an empty map").error();
    if (chat) {
        if (!isFalse("logprobs"))
            return unsupported("logprobs", "log probabilities are not returned").error();
        if (given(o, "top_logprobs"))
            return unsupported("top_logprobs", "log probabilities are not returned").error();
        if (!isEmpty("tools"))
            return unsupported("tools", "no tool calls").error();
        if (!isEmpty("functions"))
            return unsupported("functions", "no function calls").error();
        if (given(o, "response_format") &&
            o.value("response_format").toObject().value("type").toString() != "text")
            return unsupported("response_format", "only {\"type\": \"text\"}").error();
        if (given(o, "audio"))
            return unsupported("audio", "text only").error();
    } else {
        if (!isFalse("echo"))
            return unsupported("echo", "the prompt is not echoed").error();
        if (given(o, "logprobs"))
            return unsupported("logprobs", "log probabilities are not returned").error();
        if (given(o, "best_of") &&
            !(o.value("best_of").isDouble() && o.value("best_of").toDouble() == 1))
            return unsupported("best_of", "one completion per request (best_of must be 1)").error();
        if (given(o, "suffix") &&
            !(o.value("suffix").isString() && o.value("suffix").toString().isEmpty()))
            return unsupported("suffix", "no insertion").error();
    }
    return std::nullopt;
}

std::expected<QString, ApiError> messageContent(const QJsonValue &v, const QString &param) {
    if (v.isString())
        return v.toString();
    if (!v.isArray())
        return wrongType(param, v, "a string or an array of text parts");
    QString text;
    const QJsonArray parts = v.toArray();
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QString at = QString("%1[%2]").arg(param).arg(i);
        const QJsonObject part = parts[i].toObject();
        if (!parts[i].isObject() || part.value("type").toString() != "text" ||
            !part.value("text").isString())
            return invalid(at, QString("Invalid '%1': only text parts ({\"type\": \"text\", "
                                       "\"text\": \"...\"}) are supported.")
                                   .arg(at));
        text += part.value("text").toString();
    }
    return text;
}

} // namespace

QJsonObject errorJson(const ApiError &e) {
    return {{"error", QJsonObject{{"message", e.message},
                                  {"type", e.type},
                                  {"param", e.param.isEmpty() ? QJsonValue() : QJsonValue(e.param)},
                                  {"code", e.code.isEmpty() ? QJsonValue() : QJsonValue(e.code)}}}};
}

std::expected<CompletionRequest, ApiError> parseCompletionRequest(const QByteArray &body,
                                                                  bool chat) {
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Failure(ApiError{400,
                                QString("We could not parse the JSON body of your request: %1 "
                                        "at offset %2.")
                                    .arg(parseError.errorString())
                                    .arg(parseError.offset),
                                "invalid_request_error",
                                {},
                                "invalid_json"});
    if (!doc.isObject())
        return Failure(ApiError{400,
                                "The request body must be a JSON object.",
                                "invalid_request_error",
                                {},
                                "invalid_json"});
    const QJsonObject o = doc.object();
    CompletionRequest r;
    r.chat = chat;

    if (given(o, "model")) {
        if (!o.value("model").isString())
            return wrongType("model", o.value("model"), "a string");
        r.model = o.value("model").toString();
    }
    if (chat) {
        const QJsonValue messages = o.value("messages");
        if (!given(o, "messages"))
            return invalid("messages", "Missing required parameter: 'messages'.",
                           "missing_required_parameter");
        if (!messages.isArray())
            return wrongType("messages", messages, "an array");
        if (messages.toArray().isEmpty())
            return invalid("messages", "'messages' must hold at least one message.");
        const QJsonArray list = messages.toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QString at = QString("messages[%1]").arg(i);
            if (!list[i].isObject())
                return wrongType(at, list[i], "an object");
            const QJsonObject m = list[i].toObject();
            const QJsonValue role = m.value("role");
            if (!role.isString())
                return wrongType(at + ".role", role, "a string");
            QString name = role.toString();
            if (name == "developer")
                name = "system";
            if (name != "system" && name != "user" && name != "assistant")
                return invalid(at + ".role",
                               QString("Invalid '%1.role': '%2'; expected system, user or "
                                       "assistant.")
                                   .arg(at, role.toString()));
            auto content = messageContent(m.value("content"), at + ".content");
            if (!content)
                return std::unexpected(content.error());
            r.messages.push_back({name, *content});
        }
    } else {
        const QJsonValue prompt = o.value("prompt");
        if (!given(o, "prompt"))
            return invalid("prompt", "Missing required parameter: 'prompt'.",
                           "missing_required_parameter");
        if (prompt.isString()) {
            r.prompt = prompt.toString().toStdString();
        } else if (prompt.isArray() && prompt.toArray().size() == 1 &&
                   prompt.toArray().first().isString()) {
            r.prompt = prompt.toArray().first().toString().toStdString();
        } else if (prompt.isArray()) {
            return invalid("prompt", "'prompt' must be a string or an array of one string: this "
                                     "server takes one text prompt per request.");
        } else {
            return wrongType("prompt", prompt, "a string or an array of one string");
        }
    }
    if (auto e = checkDefaults(o, chat))
        return Failure(*e);

    const QString maxKey =
        chat && given(o, "max_completion_tokens") ? "max_completion_tokens" : "max_tokens";
    auto maxTokens = integer(o, maxKey, 1, 1e9);
    if (!maxTokens)
        return std::unexpected(maxTokens.error());
    if (*maxTokens)
        r.maxTokens = int(**maxTokens);
    auto temperature = number(o, "temperature", 0, 2);
    if (!temperature)
        return std::unexpected(temperature.error());
    r.temperature = float(temperature->value_or(1.0));
    auto topP = number(o, "top_p", 0, 1);
    if (!topP)
        return std::unexpected(topP.error());
    r.topP = float(topP->value_or(1.0));
    auto topK = integer(o, "top_k", 0, 1e9);
    if (!topK)
        return std::unexpected(topK.error());
    r.topK = int(topK->value_or(0));
    // Any 64-bit seed, signed or not (numbers are doubles in JSON: close enough).
    auto seed = number(o, "seed", -9.2e18, 1.8e19);
    if (!seed)
        return std::unexpected(seed.error());
    if (*seed) {
        const double d = **seed;
        if (std::floor(d) != d)
            return wrongType("seed", o.value("seed"), "an integer");
        r.seed = d < 0 ? std::uint64_t(std::int64_t(d)) : std::uint64_t(d);
    }
    auto stream = boolean(o, "stream");
    if (!stream)
        return std::unexpected(stream.error());
    r.stream = stream->value_or(false);
    auto ignoreEos = boolean(o, "ignore_eos");
    if (!ignoreEos)
        return std::unexpected(ignoreEos.error());
    r.ignoreEos = ignoreEos->value_or(false);
    if (given(o, "stream_options")) {
        const QJsonValue options = o.value("stream_options");
        if (!options.isObject())
            return wrongType("stream_options", options, "an object");
        const QJsonValue usage = options.toObject().value("include_usage");
        if (!usage.isNull() && !usage.isUndefined() && !usage.isBool())
            return wrongType("stream_options.include_usage", usage, "a boolean");
        r.includeUsage = usage.toBool(false);
    }
    if (given(o, "stop")) {
        const QJsonValue stop = o.value("stop");
        if (stop.isString()) {
            r.stop.push_back(stop.toString().toStdString());
        } else if (stop.isArray()) {
            const QJsonArray list = stop.toArray();
            if (list.size() > 4)
                return invalid(
                    "stop",
                    QString("'stop' holds %1 sequences; at most 4 are allowed.").arg(list.size()));
            for (qsizetype i = 0; i < list.size(); ++i) {
                if (!list[i].isString())
                    return wrongType(QString("stop[%1]").arg(i), list[i], "a string");
                r.stop.push_back(list[i].toString().toStdString());
            }
        } else {
            return wrongType("stop", stop, "a string or an array of strings");
        }
    }
    return r;
}

std::string chatPrompt(const std::vector<ChatMessage> &messages) {
    std::string text;
    for (const ChatMessage &m : messages)
        text += m.role.toStdString() + ": " + m.content.toStdString() + "\n";
    return text + "assistant:";
}

QString openAiFinishReason(infer::FinishReason reason) {
    switch (reason) {
    case infer::FinishReason::Length:
    case infer::FinishReason::Context:
        return "length";
    case infer::FinishReason::Stop:
    case infer::FinishReason::Eos:
    case infer::FinishReason::None:
    case infer::FinishReason::Cancelled:
        break;
    }
    return "stop";
}

} // namespace sovereign::agent::serve
