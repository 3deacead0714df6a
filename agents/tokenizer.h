#pragma once

#include "planner/base/error.h"

#include <memory>
#include <string>
#include <vector>

namespace sovereign::agent {

class TokenizerBackend;

/// SentencePiece's piece types, with its numbers (GGUF's token_type uses the
/// same ones).
enum class PieceType {
    Normal = 1,
    Unknown = 2,
    Control = 3,
    UserDefined = 4,
    Unused = 5,
    Byte = 6
};

/// A SentencePiece vocabulary as GGUF carries it (tokenizer.ggml.*).
struct Vocabulary {
    struct Piece {
        std::string text;
        float score = 0;
        PieceType type = PieceType::Normal;
    };
    std::vector<Piece> pieces;
    int unkId = 0, bosId = 1, eosId = 2, padId = -1;
    bool addSpacePrefix = true;          ///< "hello" is encoded as "▁hello"
    bool removeExtraWhitespaces = false; ///< Llama's tokenizers keep them
    bool unigram = false;                ///< false: BPE, Llama's kind
};

/// A SentencePiece tokenizer, the kind Llama models ship as tokenizer.model.
class Tokenizer {
  public:
    static Result<Tokenizer> load(const std::string &path);
    /// A tokenizer from a vocabulary (pieces, scores and types, as a GGUF
    /// file has them); `name` stands for its path in messages.
    static Result<Tokenizer> fromVocabulary(const Vocabulary &vocabulary, const std::string &name);
    /// From a serialized SentencePiece ModelProto (a tokenizer.model's bytes).
    static Result<Tokenizer> fromSerialized(const std::string &model, const std::string &name);

    Tokenizer(Tokenizer &&) noexcept;
    Tokenizer &operator=(Tokenizer &&) noexcept;
    ~Tokenizer();

    std::vector<int> encode(const std::string &text) const;
    std::string decode(const std::vector<int> &ids) const;
    int vocabSize() const;
    int bosId() const; ///< -1 when the model has none
    int eosId() const;
    int unkId() const;
    /// Every piece with its score and type.
    Vocabulary vocabulary() const;
    /// The model as a serialized ModelProto (what tokenizer.model holds).
    std::string serialized() const;
    const std::string &path() const { return m_path; }

  private:
    Tokenizer() = default;
    std::string m_path;
    std::unique_ptr<TokenizerBackend> m_backend;
};

struct TokenizerTrainOptions {
    std::vector<std::string> inputs; ///< UTF-8 text files
    std::string output;              ///< the tokenizer.model to write
    int vocabSize = 1000;
    std::string modelType = "bpe"; ///< bpe (Llama's) or unigram
    int threads = 0;               ///< 0: every core
};

/// Trains a SentencePiece model the way Llama's was made (BPE, byte fallback so
/// no text is out of vocabulary, digits split, full character coverage) and
/// writes it atomically. Returns the vocabulary size written.
Result<int> trainTokenizer(const TokenizerTrainOptions &options);

} // namespace sovereign::agent
