#pragma once

// The OpenAI API's request bodies for /v1/completions and
// /v1/chat/completions, read and checked, and its error shape.

#include "agents/infer/decoder.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

namespace sovereign::agent::serve {

/// An error as the OpenAI API reports one: HTTP status and
/// {"error": {"message", "type", "param", "code"}}.
struct ApiError {
    int status = 400;
    QString message;
    QString type = "invalid_request_error";
    QString param; ///< the request field at fault; empty: null
    QString code;  ///< empty: null
};
QJsonObject errorJson(const ApiError &error);

struct ChatMessage {
    QString role; ///< system, user or assistant ("developer" reads as system)
    QString content;
};

struct CompletionRequest {
    bool chat = false;
    QString model;                     ///< empty when not given
    std::string prompt;                ///< completions: the prompt
    std::vector<ChatMessage> messages; ///< chat
    std::optional<int> maxTokens;      ///< max_tokens (chat: or max_completion_tokens)
    float temperature = 1;             ///< OpenAI's default
    float topP = 1;
    int topK = 0; ///< extension: 0 keeps every token
    std::optional<std::uint64_t> seed;
    std::vector<std::string> stop; ///< up to 4
    bool stream = false;
    bool includeUsage = false; ///< stream_options.include_usage
    bool ignoreEos = false;    ///< extension: go on past the end-of-sequence token
};

/// Reads a request body. Wrong JSON, wrong types and values, and options
/// this server does not offer (n other than 1, echo, logprobs, best_of,
/// suffix, penalties, logit_bias, tools, a response_format other than text)
/// are 400 errors naming the field.
std::expected<CompletionRequest, ApiError> parseCompletionRequest(const QByteArray &body,
                                                                  bool chat);

/// The plain chat template: every message as "<role>: <content>\n", then
/// "assistant:". The model's reply ends where it starts the next user turn
/// (chatStop) or at its end-of-sequence token.
std::string chatPrompt(const std::vector<ChatMessage> &messages);
inline constexpr const char *chatStop = "\nuser:";

/// OpenAI's finish_reason: "stop" (end of sequence or a stop sequence) or
/// "length" (max_tokens or the context).
QString openAiFinishReason(infer::FinishReason reason);

} // namespace sovereign::agent::serve
