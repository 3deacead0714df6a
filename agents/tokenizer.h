#pragma once

#include "planner/base/error.h"

#include <memory>
#include <string>
#include <vector>

namespace sovereign::agent {

class TokenizerBackend;

/// A SentencePiece tokenizer, the kind Llama models ship as tokenizer.model.
class Tokenizer {
  public:
    static Result<Tokenizer> load(const std::string &path);

    Tokenizer(Tokenizer &&) noexcept;
    Tokenizer &operator=(Tokenizer &&) noexcept;
    ~Tokenizer();

    std::vector<int> encode(const std::string &text) const;
    std::string decode(const std::vector<int> &ids) const;
    int vocabSize() const;
    int bosId() const; ///< -1 when the model has none
    int eosId() const;
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
